/**
 * The Schedule C (Form 1040) worksheet of a client for a period: income lines of Part I and
 * expense lines of Part II with their totals, the derived lines (7 gross income, 28 total
 * expenses, 29 tentative profit, 31 net profit), and what needs attention before the numbers
 * can be trusted (uncategorized money, transactions and documents marked for review).
 *
 * Expenses count their business share (business-use %); income counts whole. Transfers, owner
 * draws and contributions and personal spending are left out and reported beside the lines.
 */
import { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { toDecimalString } from "../i18n/mod.ts";
import { mainCurrency, partsQuery, reportCategories } from "./ledger_parts.ts";
import { type Period, PeriodJson } from "./period.ts";

const money = z.string().describe("Decimal string, e.g. 1234.56");

/** One line of the worksheet. */
export const ScheduleCLine = z.object({
  part: z.enum(["I", "II"]),
  line: z.string().describe('Form line number: "1", "8", "16a", "27a", "30"…'),
  name: z.string(),
  total: money.describe("Income: money received; expenses: money spent (business share), refunds netted"),
  count: z.number().int().describe("Transaction parts behind the total"),
}).meta({ id: "ScheduleCLine" });
export type ScheduleCLine = z.infer<typeof ScheduleCLine>;

/** The worksheet (GET /api/v1/clients/:id/reports/schedule-c). */
export const ScheduleC = z.object({
  client_id: z.uuid(),
  period: PeriodJson,
  currency: z.string(),
  lines: z.array(ScheduleCLine),
  gross_receipts: money.describe("Line 1"),
  returns_and_allowances: money.describe("Line 2"),
  other_income: money.describe("Line 6"),
  gross_income: money.describe("Line 7 (1 − 2 + 6; no cost of goods sold)"),
  total_expenses: money.describe("Line 28 (lines 8 to 27a)"),
  tentative_profit: money.describe("Line 29 (7 − 28)"),
  business_use_of_home: money.describe("Line 30"),
  net_profit: money.describe("Line 31 (29 − 30)"),
  uncategorized_total: money.describe("Net of uncategorized money (in minus out)"),
  uncategorized_count: z.number().int(),
  review_count: z.number().int().describe("Transactions in the period marked for review"),
  documents_needing_review: z.number().int().describe("The client's documents waiting for review or input"),
  excluded: z.object({
    transfer: money,
    owner: money,
    personal: money,
  }).describe("Net amounts left out of the worksheet, by kind"),
  other_currency_count: z.number().int().describe("Transactions in other currencies, not included"),
}).meta({ id: "ScheduleC" });
export type ScheduleC = z.infer<typeof ScheduleC>;

/** Line order on the form: 1, 2, 6, 8 … 27a, 30. */
export function lineOrder(line: string): number {
  const m = /^(\d+)([a-z]?)$/.exec(line);
  return m ? Number(m[1]) * 10 + (m[2] ? m[2].charCodeAt(0) - 96 : 0) : 10_000;
}

interface Sum {
  category_id: string | null;
  n: number;
  amount: string;
  business_amount: string;
}

/** Computes the worksheet. */
export async function getScheduleC(tx: Tx, clientId: string, period: Period): Promise<ScheduleC> {
  const { currency, otherCurrencyCount } = await mainCurrency(tx, clientId, period);
  const [sums, categories, [counts]] = await Promise.all([
    tx<Sum[]>`
      with parts as (${partsQuery(tx, clientId, period)})
      select category_id, count(*)::int as n, sum(amount)::text as amount, sum(business_amount)::text as business_amount
        from parts where currency = ${currency} group by category_id`,
    reportCategories(tx),
    tx<{ review: number; documents: number }[]>`
      select (select count(*)::int from transactions
               where client_id = ${clientId} and needs_review
                 and date between ${period.from}::date and ${period.to}::date) as review,
             (select count(*)::int from documents
               where client_id = ${clientId}
                 and status in ('needs_review', 'needs_password', 'needs_mapping')) as documents`,
  ]);

  // Line → [name, total in minor units (income received / expense spent), parts].
  const lines = new Map<string, { part: "I" | "II"; name: string; total: bigint; count: number }>();
  for (const c of categories.values()) {
    if (c.line && !c.parent_id && (c.kind === "income" || c.kind === "expense") && !lines.has(c.line)) {
      lines.set(c.line, { part: c.kind === "income" ? "I" : "II", name: c.name, total: 0n, count: 0 });
    }
  }
  let uncategorized = 0n;
  let uncategorizedCount = 0;
  const excluded = { transfer: 0n, owner: 0n, personal: 0n };
  for (const s of sums) {
    const c = s.category_id ? categories.get(s.category_id) : undefined;
    const kind = c?.kind ?? "uncategorized";
    if (kind === "uncategorized" || ((kind === "income" || kind === "expense") && !c?.line)) {
      uncategorized += BigInt(s.amount);
      uncategorizedCount += s.n;
    } else if (kind === "transfer" || kind === "owner" || kind === "personal") {
      excluded[kind] += BigInt(s.amount);
    } else {
      const line = lines.get(c!.line!) ??
        { part: kind === "income" ? "I" as const : "II" as const, name: c!.name, total: 0n, count: 0 };
      // Income lines add money in; line 2 (returns) and expense lines add money out.
      const spent = kind === "expense" || c!.line === "2";
      line.total += spent ? -BigInt(kind === "expense" ? s.business_amount : s.amount) : BigInt(s.amount);
      line.count += s.n;
      lines.set(c!.line!, line);
    }
  }
  const total = (line: string) => lines.get(line)?.total ?? 0n;
  const grossIncome = total("1") - total("2") + total("6");
  let expenses = 0n;
  for (const [line, l] of lines) if (l.part === "II" && line !== "30") expenses += l.total;
  const tentative = grossIncome - expenses;
  const dec = (v: bigint) => toDecimalString(v, 2);
  return {
    client_id: clientId,
    period,
    currency,
    lines: [...lines.entries()]
      .sort(([a], [b]) => lineOrder(a) - lineOrder(b))
      .map(([line, l]) => ({ part: l.part, line, name: l.name, total: dec(l.total), count: l.count })),
    gross_receipts: dec(total("1")),
    returns_and_allowances: dec(total("2")),
    other_income: dec(total("6")),
    gross_income: dec(grossIncome),
    total_expenses: dec(expenses),
    tentative_profit: dec(tentative),
    business_use_of_home: dec(total("30")),
    net_profit: dec(tentative - total("30")),
    uncategorized_total: dec(uncategorized),
    uncategorized_count: uncategorizedCount,
    review_count: counts.review,
    documents_needing_review: counts.documents,
    excluded: { transfer: dec(excluded.transfer), owner: dec(excluded.owner), personal: dec(excluded.personal) },
    other_currency_count: otherCurrencyCount,
  };
}
