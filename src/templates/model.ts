/**
 * The data a template is rendered against, for one client and period (its shape is
 * fields.ts's MODEL_SCHEMA). Figures come from the reports module (Schedule C worksheet, P&L by
 * category, statement coverage), transactions from the ledger's list, open items from the
 * review queue: a document says exactly what those pages and reports say. Money is formatted
 * for the member's locale, with the exact decimal string beside it (`*_raw`).
 */
import type { ClientRow } from "../clients/clients.ts";
import type { Tx } from "../db/tenant.ts";
import type { I18n, MessageKey } from "../i18n/mod.ts";
import { listTransactions, parseTransactionQuery, type TransactionJson } from "../ledger/transactions.ts";
import { toCents } from "../parsing/money.ts";
import { getReport, type ReportDeps } from "../reports/cached.ts";
import { getStatementCoverage } from "../reports/coverage.ts";
import type { Period } from "../reports/period.ts";
import { getProfitLoss } from "../reports/profit_loss.ts";
import { getScheduleC } from "../reports/schedule_c.ts";
import { countsByClient, listAttentionDocuments } from "../review/queue.ts";
import type { TemplateData } from "./render.ts";

/** Most transactions a document lists (the model says when there were more). */
export const MAX_TRANSACTIONS = 5_000;
const PAGE = 500;

/** What {@link buildTemplateModel} needs. */
export interface ModelInput {
  firm: { name: string };
  client: Pick<ClientRow, "id" | "name" | "entity_type" | "contact_name" | "contact_email" | "fiscal_year_start"> & {
    tax_id_last4: string | null;
  };
  period: Period;
  i18n: I18n;
  /** Serve the reports from the report cache (keyed by the client's ledger version). */
  reports?: ReportDeps;
  today?: Date;
}

/** Builds the template data of a client and period. Call inside withFirm, after checking access. */
export async function buildTemplateModel(tx: Tx, input: ModelInput): Promise<Record<string, TemplateData>> {
  const { client, period, i18n } = input;
  const today = input.today ?? new Date();
  const report = async <T>(name: "schedule-c" | "profit-loss" | "coverage", compute: () => Promise<T>) =>
    input.reports ? (await getReport(input.reports, tx, name, client.id, period, today)).data as T : await compute();
  const scheduleC = await report("schedule-c", () => getScheduleC(tx, client.id, period));
  const profitLoss = await report("profit-loss", () => getProfitLoss(tx, client.id, period));
  const coverage = await report("coverage", () => getStatementCoverage(tx, client.id, period, today));
  const counts = (await countsByClient(tx, [client.id])).get(client.id);
  const documents = await listAttentionDocuments(tx, client.id);
  const { items, truncated, count } = await periodTransactions(tx, client.id, period);

  const currency = scheduleC.currency;
  const money = (decimal: string) => i18n.money(toCents(decimal), currency);
  const uncategorized = i18n.t("templates.uncategorized");
  const month = new Intl.DateTimeFormat(i18n.locale, { month: "long", year: "numeric", timeZone: "UTC" });
  const monthLabel = (m: string) => month.format(new Date(`${m}-01T00:00:00Z`));
  const monthName = new Intl.DateTimeFormat(i18n.locale, { month: "long", timeZone: "UTC" })
    .format(new Date(Date.UTC(2000, client.fiscal_year_start - 1, 1)));
  const gapsByAccount = new Map<string, string[]>();
  for (const gap of coverage.gaps) {
    gapsByAccount.set(gap.account_id, [...gapsByAccount.get(gap.account_id) ?? [], monthLabel(gap.month)]);
  }
  const todayIso = today.toISOString().slice(0, 10);

  return {
    firm: { name: input.firm.name },
    client: {
      name: client.name,
      entity_type: i18n.t(`clients.entity.${client.entity_type}` as MessageKey),
      contact_name: client.contact_name,
      contact_email: client.contact_email,
      fiscal_year_start: monthName,
      tax_id_last4: client.tax_id_last4 ?? "",
    },
    period: {
      label: period.label,
      from: i18n.date(period.from),
      to: i18n.date(period.to),
      from_iso: period.from,
      to_iso: period.to,
    },
    today: i18n.date(todayIso),
    today_iso: todayIso,
    currency,
    totals: {
      income: money(scheduleC.gross_income),
      expenses: money(scheduleC.total_expenses),
      net_profit: money(scheduleC.net_profit),
      uncategorized: money(scheduleC.uncategorized_total),
      income_raw: scheduleC.gross_income,
      expenses_raw: scheduleC.total_expenses,
      net_profit_raw: scheduleC.net_profit,
      uncategorized_raw: scheduleC.uncategorized_total,
      is_loss: toCents(scheduleC.net_profit) < 0n,
    },
    schedule_c: {
      lines: scheduleC.lines.filter((l) => l.count > 0 || toCents(l.total) !== 0n).map((l) => ({
        part: l.part,
        line: l.line,
        name: l.name,
        total: money(l.total),
        total_raw: l.total,
        count: l.count,
      })),
      gross_income: money(scheduleC.gross_income),
      total_expenses: money(scheduleC.total_expenses),
      net_profit: money(scheduleC.net_profit),
    },
    categories: profitLoss.rows.map((r) => ({
      name: r.kind === "uncategorized" ? uncategorized : r.name,
      line: r.line ?? "",
      kind: r.kind,
      total: money(r.total),
      total_raw: r.total,
      count: r.count,
    })),
    transactions: items.map((t) => ({
      date: i18n.date(t.date),
      description: t.description,
      payee: t.payee,
      category: t.category?.name ?? uncategorized,
      account: [t.account.institution, t.account.number_last4 && `…${t.account.number_last4}`]
        .filter(Boolean).join(" "),
      amount: i18n.money(toCents(t.amount), t.currency),
      amount_raw: t.amount,
    })),
    transaction_count: count,
    transactions_truncated: truncated,
    coverage: {
      accounts: coverage.accounts.map((a) => ({
        name: a.name,
        months_missing: gapsByAccount.get(a.id) ?? [],
        has_missing: gapsByAccount.has(a.id),
      })),
      gaps: coverage.gaps.map((g) => ({ account: g.account_name, month: monthLabel(g.month) })),
      has_gaps: coverage.gaps.length > 0,
      gap_count: coverage.gaps.length,
    },
    review: {
      open_count: counts?.total ?? 0,
      uncategorized_count: scheduleC.uncategorized_count,
      needs_review_count: scheduleC.review_count,
      documents: documents.map((d) => ({
        filename: d.filename,
        status: i18n.t(`documents.status.${d.status}` as MessageKey),
      })),
      has_documents: documents.length > 0,
    },
  };
}

/** The period's transactions, oldest first, up to {@link MAX_TRANSACTIONS}; the count comes with the first page. */
async function periodTransactions(tx: Tx, clientId: string, period: Period) {
  const items: TransactionJson[] = [];
  let cursor: string | undefined;
  let count = 0;
  do {
    const totals = cursor ? "false" : undefined;
    const page = await listTransactions(
      tx,
      clientId,
      parseTransactionQuery({
        from: period.from,
        to: period.to,
        sort: "date_asc",
        limit: String(PAGE),
        cursor,
        totals,
      }),
    );
    count = page.totals?.count ?? count;
    items.push(...page.items.slice(0, MAX_TRANSACTIONS - items.length));
    cursor = page.next_cursor ?? undefined;
  } while (cursor && items.length < MAX_TRANSACTIONS);
  return { items, count, truncated: count > items.length };
}
