/**
 * Plain-text accounting journals: beancount and hledger. Both get the same chart of accounts
 * (chart.ts) — Assets:Bank:…, Liabilities:Credit-cards:…, Income:…, Expenses:…, Equity:Owner:…,
 * Assets:Transfers:… — declared before the entries, and one entry per transaction: the bank or
 * card account with the amount, and the category account (one posting per split) with the
 * opposite. Entries are cleared (`*`) unless the transaction needs review (`!`). The
 * transaction id, document, tags, memo and business use go into metadata (beancount) or
 * comment tags (hledger).
 *
 * Account names are ASCII words joined by hyphens (`Office-expense`), valid in both tools.
 * Strings are made safe for each syntax: beancount strings escape `\` and `"`; hledger
 * descriptions cannot hold `;` (it starts a comment), so it becomes `,`, and the payee cannot
 * hold `|` (it separates payee and note), so it becomes `/`; in comments, `[` `]` become
 * parentheses and `date:` gets a space (hledger would read them as dates). Line breaks and tabs
 * become spaces.
 */
import { buildChart, type Chart, type ChartAccount } from "./chart.ts";
import { money, negated, oneLine } from "./text.ts";
import type { ExportContext, ExportRow, ExportWriter } from "./types.ts";

/** One part of an account name: ASCII letters, digits and hyphens, starting with a capital or digit. */
export function accountPart(text: string): string {
  const ascii = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!ascii) return "X";
  return ascii[0].toUpperCase() + ascii.slice(1);
}

/** The full account name: Root:Group:Name. */
export const journalAccount = (a: ChartAccount): string => [a.root, ...a.group, ...a.names].map(accountPart).join(":");

/** A beancount string literal. */
export const beanString = (text: string): string => `"${oneLine(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** An hledger description: payee | note, with `;` and (in the payee) `|` replaced. */
export function hledgerDescription(payee: string, note: string): string {
  const safe = (s: string) => oneLine(s).replace(/;/g, ",");
  const p = safe(payee).replace(/\|/g, "/");
  const n = safe(note);
  // A leading "(" would be read as a transaction code.
  const text = p ? `${p} | ${n}` : n;
  return text.replace(/^\(/, "[");
}

/**
 * A metadata or comment value on one line. hledger reads `[DATE]` and `date:` in comments as
 * posting dates, so brackets become parentheses and those words lose their colon's meaning.
 */
const value = (s: string) => oneLine(s).replace(/\[/g, "(").replace(/\]/g, ")").replace(/\b(date2?):/gi, "$1 :");

interface Posting {
  account: string;
  amount: string;
  memo: string;
}

function postings(row: ExportRow, chart: Chart): Posting[] {
  const own = { account: journalAccount(chart.account(row.account_id)), amount: money(row.amount), memo: "" };
  const parts = row.splits.length
    ? row.splits.map((s) => ({
      account: journalAccount(chart.category(s.category_id)),
      amount: negated(s.amount),
      memo: s.memo,
    }))
    : [{ account: journalAccount(chart.category(row.category_id)), amount: negated(row.amount), memo: "" }];
  return [own, ...parts];
}

/** The pieces of an entry both journals write. */
function entry(row: ExportRow) {
  const payee = oneLine(row.payee);
  const meta: [string, string][] = [["ledgerflow-id", row.id]];
  if (row.posted_date) meta.push(["posted", row.posted_date]);
  if (oneLine(row.memo)) meta.push(["memo", oneLine(row.memo)]);
  if (row.tags.length) meta.push(["tags", oneLine(row.tags.join(", "))]);
  if (row.business_pct !== 100) meta.push(["business-pct", String(row.business_pct)]);
  if (row.document) meta.push(["document", oneLine(row.document)]);
  return { payee, narration: oneLine(row.description), flag: row.needs_review ? "!" : "*", meta };
}

const pad = (account: string) => account.padEnd(60);

function chartOf(ctx: ExportContext): Chart {
  return buildChart([...ctx.accounts.values()], ctx.categories, ctx.labels.uncategorized, journalAccount);
}

/** The beancount journal. */
export const writeBeancount: ExportWriter = async function* (ctx: ExportContext) {
  const chart = chartOf(ctx);
  const first = ctx.spans.map((s) => s.first).sort()[0] ?? ctx.generatedAt.toISOString().slice(0, 10);
  const currencies = [...new Set([...ctx.accounts.values()].map((a) => a.currency))];
  let head = `; ${oneLine(ctx.clientName)}: transactions exported by LedgerFlow on ${ctx.generatedAt.toISOString()}\n` +
    `option "title" ${beanString(ctx.clientName)}\n`;
  for (const c of currencies) head += `option "operating_currency" "${c}"\n`;
  head += "\n";
  for (const a of chart.all) head += `${first} open ${journalAccount(a)}\n`;
  yield head + "\n";
  for await (const batch of ctx.rows()) {
    let out = "";
    for (const row of batch) {
      const e = entry(row);
      out += `${row.date} ${e.flag} ${beanString(e.payee)} ${beanString(e.narration)}\n`;
      for (const [k, v] of e.meta) out += `  ${k}: ${k === "business-pct" ? v : beanString(v)}\n`;
      for (const p of postings(row, chart)) {
        out += `  ${pad(p.account)} ${p.amount.padStart(14)} ${row.currency}\n`;
        if (oneLine(p.memo)) out += `    memo: ${beanString(p.memo)}\n`;
      }
      out += "\n";
    }
    yield out;
  }
};

const HLEDGER_TYPES: Record<string, string> = {
  Assets: "A",
  Liabilities: "L",
  Equity: "E",
  Income: "R",
  Expenses: "X",
};

/** The hledger journal. */
export const writeHledger: ExportWriter = async function* (ctx: ExportContext) {
  const chart = chartOf(ctx);
  const currencies = [...new Set([...ctx.accounts.values()].map((a) => a.currency))];
  let head = `; ${
    oneLine(ctx.clientName)
  }: transactions exported by LedgerFlow on ${ctx.generatedAt.toISOString()}\n\n`;
  for (const c of currencies) head += `commodity ${c}\n`;
  head += "\n";
  for (const a of chart.all) head += `account ${journalAccount(a)}  ; type: ${HLEDGER_TYPES[a.root]}\n`;
  yield head + "\n";
  for await (const batch of ctx.rows()) {
    let out = "";
    for (const row of batch) {
      const e = entry(row);
      out += `${row.date} ${e.flag} ${hledgerDescription(e.payee, e.narration)}\n`;
      for (const [k, v] of e.meta) out += `    ; ${k}: ${value(v)}\n`;
      for (const p of postings(row, chart)) {
        out += `    ${pad(p.account)} ${p.amount.padStart(14)} ${row.currency}`;
        out += oneLine(p.memo) ? `  ; memo: ${value(p.memo)}\n` : "\n";
      }
      out += "\n";
    }
    yield out;
  }
};
