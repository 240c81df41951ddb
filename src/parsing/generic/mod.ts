/**
 * The generic statement parser: reads layouts it has never seen by finding the transaction table
 * from its header words (English, German, Spanish, French), reading rows by column bands, and
 * inferring the number and date formats, the year and the signs from the whole document.
 * Named parsers outrank it when they recognise a layout.
 */
import { formatMinor, inferDecimalSeparator } from "../amounts.ts";
import {
  type DateToken,
  daysBetween,
  findDateTokens,
  inferDateOrder,
  resolveDate,
  type YearContext,
} from "../dates.ts";
import {
  DocumentError,
  type ExtractedDocument,
  type ParsedStatement,
  type StatementParser,
  type StatementTransaction,
} from "../types.ts";
import { findAccountNumber, findAccountType, findCurrency, findInstitution } from "./metadata.ts";
import { readTables } from "./rows.ts";
import { balanceValue, settleSigns } from "./signs.ts";
import { findBalances, findPeriod, findTotals, labelledValues } from "./summary.ts";
import { findHeaders } from "./table.ts";

/** The layout-independent parser. */
export const genericParser: StatementParser = {
  id: "generic",
  name: "Generic statement layout",
  detect: (doc: ExtractedDocument) => (findHeaders(doc.lines).length > 0 ? 0.3 : 0),
  parse: parseGeneric,
};

/** Parses any statement with a recognisable transaction table. */
export function parseGeneric(doc: ExtractedDocument): ParsedStatement {
  const warnings: string[] = [];
  const sepGuess = inferDecimalSeparator(doc.lines.flatMap((l) => l.items.map((i) => i.text)));
  const sep = sepGuess.separator;
  const table = readTables(doc.lines, sep);
  if (table.headers === 0) throw new DocumentError("failed", "Cannot parse statement: no transaction table found");

  const metaLines = [...doc.furniture, ...doc.lines.filter((l) => !table.tableLines.has(l))]
    .sort((a, b) => a.page - b.page || b.y - a.y);
  const flowColumns = table.moneyRoles.has("debit") || table.moneyRoles.has("credit");
  const type = findAccountType(metaLines.map((l) => l.text), flowColumns);
  const card = type === "credit_card";
  // Currency words in the table's descriptions ("266.89 EUR" of a foreign purchase) do not count.
  const rowSymbols = table.rows.flatMap((r) => [r.amount, r.debit, r.credit, r.balance])
    .map((a) => a?.currency).filter((c): c is string => !!c);
  const currency = findCurrency([...metaLines.map((l) => l.text), ...rowSymbols], sep);
  if (currency.guessed) warnings.push(`Assumed the currency is ${currency.code}`);
  if (!sepGuess.decided) warnings.push(`Assumed "${sep}" is the decimal separator`);

  // Dates: the order from every numeric date together, the year from the period.
  const periodTokens = findPeriod(metaLines);
  const fallback = sep === "," || ["EUR", "GBP", "AUD", "NZD"].includes(currency.code) ? "DMY" : "MDY";
  const rowTokens = table.rows.flatMap((r) => [r.date, r.posted]).filter((t): t is DateToken => !!t);
  const periodUnder = (order: "MDY" | "DMY"): YearContext => {
    if (!periodTokens) return yearAnchor(metaLines.map((l) => l.text), order);
    const end = resolveDate(periodTokens.end, order);
    const start = resolveDate(periodTokens.start, order, { end });
    return { start: start ?? null, end: end ?? resolveDate(periodTokens.end, order, { start }) };
  };
  const score = (order: "MDY" | "DMY") => {
    const ctx = periodUnder(order);
    if (!ctx.start || !ctx.end) return 0;
    let n = daysBetween(ctx.start, ctx.end) >= 0 && daysBetween(ctx.start, ctx.end) <= 93 ? 1 : 0;
    for (const t of rowTokens) {
      const d = resolveDate(t, order, ctx);
      if (d && daysBetween(ctx.start, d) >= -7 && daysBetween(d, ctx.end) >= -7) n++;
    }
    return n;
  };
  const periodDates = periodTokens ? [periodTokens.start, periodTokens.end] : [];
  const orderGuess = inferDateOrder([...periodDates, ...rowTokens], { fallback, score });
  const order = orderGuess.order;
  if (orderGuess.basis === "assumed" && rowTokens.some((t) => t.kind === "numeric" && !t.yearFirst)) {
    warnings.push(order === "DMY" ? "Assumed DD/MM dates" : "Assumed MM/DD dates");
  }
  if (orderGuess.conflicts > 0) warnings.push(`${orderGuess.conflicts} date(s) do not fit the ${order} order`);
  const ctx = periodUnder(order);
  if (!periodTokens) warnings.push("No statement period found");

  // Balances and totals.
  const pairs = labelledValues(metaLines, sep);
  const printed = findBalances(pairs, (label) => {
    const token = findDateTokens(label)[0]?.token;
    const d = token && ctx.start && ctx.end ? resolveDate(token, order, ctx) : null;
    if (!d) return null;
    return Math.abs(daysBetween(ctx.start!, d)) <= Math.abs(daysBetween(d, ctx.end!)) ? "opening" : "closing";
  });
  const openingAmount = printed.opening ?? table.opening;
  const closingAmount = printed.closing ?? table.closing;
  const opening = openingAmount ? balanceValue(openingAmount, card) : null;
  const closing = closingAmount ? balanceValue(closingAmount, card) : null;
  // Totals also come from the table's own total rows ("Total payments and credits  -$1,000.00").
  const totals = findTotals([...pairs, ...labelledValues(table.totalLines, sep)], card);
  if (table.totalsRow) {
    const fmt = (a: { minor: bigint } | null) => (a ? formatMinor(a.minor) : undefined);
    totals.deposits ??= fmt(table.totalsRow.credit);
    totals.withdrawals ??= fmt(table.totalsRow.debit);
    for (const k of ["deposits", "withdrawals"] as const) if (totals[k] === undefined) delete totals[k];
  }

  // Rows.
  const signs = settleSigns(table.rows, { card, opening, closing });
  warnings.push(...signs.warnings);
  const transactions: StatementTransaction[] = [];
  let unresolved = 0;
  table.rows.forEach((r, i) => {
    const date = r.date ? resolveDate(r.date, order, ctx) : null;
    if (!date) {
      unresolved++;
      return;
    }
    transactions.push({
      date,
      posted_date: r.posted ? resolveDate(r.posted, order, { start: date, end: date }) : null,
      description: r.description,
      amount: formatMinor(signs.amounts[i]),
      balance: r.balance ? formatMinor(balanceValue(r.balance, card)) : null,
      source: { page: r.page, lines: r.lines, y: r.y },
    });
  });
  if (unresolved) warnings.push(`Skipped ${unresolved} row(s) whose date could not be read`);
  const inherited = table.rows.filter((r) => r.inherited).length;
  if (inherited) warnings.push(`${inherited} row(s) printed no date; used the date above`);
  if (table.hasPosted && transactions.some((t) => t.posted_date === null)) {
    warnings.push("Some rows have no posting date");
  }

  return {
    parser: "generic",
    institution: findInstitution(doc.lines, doc.furniture, doc.pageHeight),
    account: { number: findAccountNumber(metaLines), type, currency: currency.code },
    period: { start: ctx.start ?? null, end: ctx.end ?? null },
    balances: {
      opening: opening === null ? null : formatMinor(opening),
      closing: closing === null ? null : formatMinor(closing),
    },
    transactions,
    warnings,
    ...(Object.keys(totals).length ? { totals } : {}),
  };
}

/** Without a period, the latest full date printed outside the table anchors the year. */
function yearAnchor(texts: string[], order: "MDY" | "DMY"): YearContext {
  let latest: string | null = null;
  for (const t of texts) {
    for (const f of findDateTokens(t)) {
      if (f.token.year === null && f.token.parts.length < 3) continue;
      const d = resolveDate(f.token, order);
      if (d && (!latest || d > latest)) latest = d;
    }
  }
  return latest ? { start: null, end: latest } : {};
}
