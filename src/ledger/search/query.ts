/**
 * The search box language: free text in websearch syntax (words, "quoted phrases", OR,
 * -exclude) plus field operators. {@link parseSearchQuery} never throws: anything that is not
 * a well-formed operator stays free text, and every value it returns is data for SQL
 * parameters, never SQL.
 *
 * Operators (several are ANDed):
 * - `amount:>100`, `>=`, `<`, `<=`, `amount:25.00` (exact), `amount:10..50` (range). A value
 *   without a sign compares the size of the amount, money in or out (`amount:>100` finds
 *   -250.00 and 250.00); a signed value compares the signed amount (`amount:-25.00`,
 *   `amount:>-10`, `amount:-50..-10`).
 * - `date:2025-03` (a month), `date:2025-03-14` (a day), `date:2025` (a year),
 *   `date:2025-01..2025-03` (a range of those; either end may be left open: `date:2025-01..`).
 * - `category:"Office expense"`, `category:office` (case- and accent-insensitive part of the
 *   name), `category:18` or `category:24b` (Schedule C line; `24` also finds 24a and 24b).
 * - `account:4821` (last four digits) or `account:operating` (part of the name or institution).
 * - `is:uncategorized`, `is:review`, `is:split`, `tag:reimbursable`.
 */

/** A comparison on the amount, in minor units. */
export type AmountOperator =
  | { kind: "amount"; op: ">" | ">=" | "<" | "<=" | "="; value: bigint; signed: boolean }
  | { kind: "amount_range"; min: bigint; max: bigint; signed: boolean };

/** One parsed operator. */
export type SearchOperator =
  | AmountOperator
  | { kind: "date"; from: string | null; to: string | null }
  | { kind: "category"; value: string }
  | { kind: "account"; value: string }
  | { kind: "is"; value: "uncategorized" | "review" | "split" }
  | { kind: "tag"; value: string };

/** What {@link parseSearchQuery} returns. */
export interface ParsedSearch {
  /** The free text (websearch syntax) without the operators, whitespace collapsed. */
  text: string;
  /** The free text for `websearch_to_tsquery`, without {@link prefix}. */
  websearch: string;
  /** The last plain word, matched as a prefix (`word:*`) while the user types; null when none. */
  prefix: string | null;
  /** Plain words only (no quotes, OR or exclusions): the input of the fuzzy fallback. */
  plainWords: string[] | null;
  operators: SearchOperator[];
}

/** Longest query accepted (the API schema refuses longer ones; this guards direct callers). */
export const MAX_QUERY_LENGTH = 500;
/** Operators honoured per query; further ones stay free text. */
export const MAX_OPERATORS = 20;

const OPERATOR = /^(amount|date|category|account|is|tag):(.+)$/i;

/** Splits on whitespace, keeping `"quoted phrases"` and `key:"quoted values"` whole. */
function tokenize(q: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < q.length) {
    while (i < q.length && /\s/.test(q[i])) i++;
    if (i >= q.length) break;
    let token = "";
    while (i < q.length && !/\s/.test(q[i])) {
      if (q[i] === '"') {
        const close = q.indexOf('"', i + 1);
        const end = close === -1 ? q.length : close + 1;
        token += q.slice(i, end);
        i = end;
      } else {
        token += q[i++];
      }
    }
    out.push(token);
  }
  return out;
}

/** `"Office expense"` → `Office expense` (an unclosed quote is tolerated). */
const unquote = (v: string) =>
  (v.startsWith('"') ? v.slice(1, v.length > 1 && v.endsWith('"') ? -1 : undefined) : v).trim();

/** Parses `25`, `25.5`, `-25.00`, `+1,250.00` into minor units; null when it is not money. */
export function parseMoney(text: string): { value: bigint; signed: boolean } | null {
  const m = /^([+-])?(\d{1,3}(?:,\d{3})+|\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const units = BigInt(m[2].replaceAll(",", "")) * 100n + BigInt((m[3] ?? "").padEnd(2, "0") || "0");
  return { value: m[1] === "-" ? -units : units, signed: m[1] !== undefined };
}

const isRealDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** `2025` → the year; `2025-03` → first and last day of March; `2025-03-14` → that day; else null. */
export function parseDatePart(text: string): { first: string; last: string } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 1900 || y > 2999) return null;
  if (m[2] === undefined) return { first: iso(y, 1, 1), last: iso(y, 12, 31) };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] !== undefined) {
    const d = Number(m[3]);
    return isRealDate(y, mo, d) ? { first: iso(y, mo, d), last: iso(y, mo, d) } : null;
  }
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { first: iso(y, mo, 1), last: iso(y, mo, lastDay) };
}

function parseAmount(value: string): AmountOperator | null {
  const range = /^([^.]+(?:\.\d{1,2})?)\.\.(.+)$/.exec(value);
  if (range) {
    const [a, b] = [parseMoney(range[1]), parseMoney(range[2])];
    if (!a || !b) return null;
    const signed = a.signed || b.signed;
    const [min, max] = a.value <= b.value ? [a.value, b.value] : [b.value, a.value];
    if (!signed && min < 0n) return null;
    return { kind: "amount_range", min, max, signed };
  }
  const cmp = /^(>=|<=|>|<|=)?(.+)$/.exec(value)!;
  const money = parseMoney(cmp[2]);
  if (!money) return null;
  return { kind: "amount", op: (cmp[1] ?? "=") as ">" | ">=" | "<" | "<=" | "=", ...money };
}

function parseDate(value: string): SearchOperator | null {
  const range = /^(.*)\.\.(.*)$/.exec(value);
  if (!range) {
    const day = parseDatePart(value);
    return day && { kind: "date", from: day.first, to: day.last };
  }
  const a = range[1] ? parseDatePart(range[1]) : undefined;
  const b = range[2] ? parseDatePart(range[2]) : undefined;
  if (a === null || b === null || (!a && !b)) return null;
  const from = a?.first ?? null;
  const to = b?.last ?? null;
  if (from && to && from > to) return { kind: "date", from: b!.first, to: a!.last };
  return { kind: "date", from, to };
}

function parseOperator(token: string): SearchOperator | null {
  const m = OPERATOR.exec(token);
  if (!m) return null;
  const key = m[1].toLowerCase();
  const value = unquote(m[2]);
  if (!value || value.length > 200) return null;
  switch (key) {
    case "amount":
      return parseAmount(value.replace(/^\$/, "").replace(/^([<>]=?|=)\$/, "$1"));
    case "date":
      return parseDate(value);
    case "category":
      return { kind: "category", value };
    case "account":
      return { kind: "account", value };
    case "tag":
      return { kind: "tag", value: value.toLowerCase().replace(/\s+/g, " ") };
    case "is": {
      const v = value.toLowerCase();
      if (v === "uncategorized" || v === "uncategorised") return { kind: "is", value: "uncategorized" };
      if (v === "review" || v === "split") return { kind: "is", value: v };
      return null;
    }
  }
  return null;
}

/** A plain word: not a phrase, not excluded, not OR, has a letter or digit. */
const isPlainWord = (token: string) =>
  !token.includes('"') && !token.startsWith("-") && token.toLowerCase() !== "or" && /[\p{L}\p{N}]/u.test(token);

/** Splits a search box value into free text and operators (see the module doc). Never throws. */
export function parseSearchQuery(q: string): ParsedSearch {
  const input = (q ?? "").slice(0, MAX_QUERY_LENGTH * 4).replace(/\p{Cc}/gu, " ");
  const operators: SearchOperator[] = [];
  const words: string[] = [];
  for (const token of tokenize(input)) {
    const op = operators.length < MAX_OPERATORS ? parseOperator(token) : null;
    if (op) operators.push(op);
    else words.push(token);
  }
  const text = words.join(" ");
  // Prefix matching applies to the last word when it is plain and the quotes are balanced.
  const last = words[words.length - 1];
  const balanced = (text.match(/"/g)?.length ?? 0) % 2 === 0;
  const prefix = last !== undefined && balanced && isPlainWord(last) && !(words.length >= 2 && isOr(words.at(-2)))
    ? last
    : null;
  const plain = words.length > 0 && words.every(isPlainWord) ? words : null;
  return {
    text,
    websearch: prefix === null ? text : words.slice(0, -1).join(" "),
    prefix,
    plainWords: plain,
    operators,
  };
}

const isOr = (w: string | undefined) => w?.toLowerCase() === "or";
