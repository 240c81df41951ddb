/**
 * The QuickBooks Desktop IIF export: tab-separated, CRLF. First the accounts (`!ACCNT`): the
 * client's bank accounts (BANK) and cards (CCARD), and the category chart (INC, EXP, EQUITY,
 * OCASSET for transfers), sub-categories as "Parent:Child". Then one `TRNS` line per
 * transaction on its bank or card account, one `SPL` line per category it goes to — several
 * for a split transaction — with the opposite amounts, and `ENDTRNS`.
 *
 * IIF has no quoting: tabs and line breaks in text become spaces, double quotes become single
 * quotes, and colons in names (QuickBooks' sub-account separator) become hyphens.
 */
import { buildChart, type ChartAccount } from "./chart.ts";
import { money, negated, oneLine, usDate } from "./text.ts";
import type { ExportContext, ExportRow, ExportWriter } from "./types.ts";

/** A field of an IIF line. */
export const iifField = (text: string, max = 4095): string =>
  Array.from(oneLine(text).replace(/"/g, "'")).slice(0, max).join("").trim();

const line = (fields: string[]) => fields.join("\t") + "\r\n";

const part = (text: string) => iifField(text).replace(/:/g, "-");
const accountName = (a: ChartAccount) => a.names.map(part).join(":");

const TYPES: Record<string, string> = {
  Income: "INC",
  Expenses: "EXP",
  Equity: "EQUITY",
  Assets: "OCASSET",
  Liabilities: "OCLIAB",
};

const HEAD = ["TRNSID", "TRNSTYPE", "DATE", "ACCNT", "NAME", "AMOUNT", "DOCNUM", "MEMO", "CLEAR"];

/** The transaction type QuickBooks shows: checks and deposits on bank accounts, charges and refunds on cards. */
function transactionType(card: boolean, amount: bigint): string {
  if (card) return amount < 0n ? "CREDIT CARD" : "CCARD REFUND";
  return amount < 0n ? "CHECK" : "DEPOSIT";
}

function transaction(row: ExportRow, ctx: ExportContext, chart: ReturnType<typeof buildChart>): string {
  const account = ctx.accounts.get(row.account_id);
  const card = account?.type === "credit_card";
  const type = transactionType(card, BigInt(row.amount));
  const date = usDate(row.date);
  const name = iifField(row.payee, 41);
  const memo = iifField([oneLine(row.description), oneLine(row.memo)].filter(Boolean).join(" — "));
  const parts = row.splits.length
    ? row.splits.map((s) => ({ category: s.category_id, amount: s.amount, memo: iifField(s.memo) || memo }))
    : [{ category: row.category_id, amount: row.amount, memo }];
  let out = line([
    "TRNS",
    "",
    type,
    date,
    accountName(chart.account(row.account_id)),
    name,
    money(row.amount),
    "",
    memo,
    "N",
  ]);
  for (const p of parts) {
    out += line([
      "SPL",
      "",
      type,
      date,
      accountName(chart.category(p.category)),
      name,
      negated(p.amount),
      "",
      p.memo,
      "N",
    ]);
  }
  return out + line(["ENDTRNS"]);
}

/** The IIF export. */
export const writeIif: ExportWriter = async function* (ctx: ExportContext) {
  const chart = buildChart([...ctx.accounts.values()], ctx.categories, ctx.labels.uncategorized, accountName);
  let head = line(["!ACCNT", "NAME", "ACCNTTYPE"]);
  for (const a of chart.all) {
    const type = a.kind === "bank" ? "BANK" : a.kind === "card" ? "CCARD" : TYPES[a.root];
    head += line(["ACCNT", accountName(a), type]);
  }
  head += line(["!TRNS", ...HEAD]) + line(["!SPL", ...HEAD.map((h) => (h === "TRNSID" ? "SPLID" : h))]) +
    line(["!ENDTRNS"]);
  yield head;
  for await (const batch of ctx.rows()) {
    let out = "";
    for (const row of batch) out += transaction(row, ctx, chart);
    yield out;
  }
};
