/**
 * Printed dates for statement parsers: find date tokens in text ("01/05", "05.01.2025",
 * "2025-01-05", "Jan 05", "05 Jan", "5 janv.", "05. Jan.", "January 5, 2025", "5 de enero de 2025",
 * "1er janvier 2025"), infer a document's day/month order from all its tokens together, and
 * resolve tokens to ISO dates, taking a missing year from the statement period (Dec→Jan aware).
 */

/** The order of numeric date parts. */
export type DateOrder = "MDY" | "DMY" | "YMD";

/** A date as printed, before its order and year are settled. */
export interface DateToken {
  text: string;
  kind: "numeric" | "named";
  /** Numeric: the parts in printed order ([1, 5] for "01/05", [2025, 1, 5] for ISO). */
  parts: number[];
  /** Numeric: the separator ("/", ".", "-"). */
  sep: string;
  /** Numeric: the first part has four digits (year first). */
  yearFirst: boolean;
  /** Named: month 1-12, day, and year (null when not printed). */
  month: number;
  day: number;
  year: number | null;
}

const MONTHS: Record<string, number> = {};
const addMonths = (names: string[][]) => names.forEach((ns, i) => ns.forEach((n) => (MONTHS[n] = i + 1)));
addMonths([
  ["january", "jan", "januar", "janner", "jan", "enero", "ene", "janvier", "janv"],
  ["february", "feb", "februar", "febrero", "fevrier", "fevr", "fev"],
  ["march", "mar", "marz", "maerz", "mrz", "marzo", "mars"],
  ["april", "apr", "abril", "abr", "avril", "avr"],
  ["may", "mai", "mayo"],
  ["june", "jun", "juni", "junio", "juin"],
  ["july", "jul", "juli", "julio", "juillet", "juil"],
  ["august", "aug", "agosto", "ago", "aout"],
  ["september", "sep", "sept", "septiembre", "setiembre", "septembre"],
  ["october", "oct", "oktober", "okt", "octubre", "octobre"],
  ["november", "nov", "noviembre", "novembre"],
  ["december", "dec", "dezember", "dez", "diciembre", "dic", "decembre"],
]);

/** Lower-cases and strips accents without changing the length (so indexes stay valid). */
export function fold(text: string): string {
  let out = "";
  for (const ch of text) {
    const f = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    out += f.length === ch.length ? f : ch;
  }
  return out;
}

/** The month (1-12) named by a word such as "Jan", "janv.", "März", "diciembre"; null otherwise. */
export function monthFromName(word: string): number | null {
  return MONTHS[fold(word).replace(/\.$/, "")] ?? null;
}

const MONTH = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join("|");
const NUMERIC = String
  .raw`(?<![\d./])(?:(?<iy>\d{4})(?<is>[./-])(?<im>\d{1,2})\k<is>(?<id>\d{1,2})|(?<a>\d{1,2})(?<s>[./-])(?<b>\d{1,2})(?:\k<s>(?<c>\d{4}|\d{2}))?\.?)(?![\d/]|[.,]\d)`;
const NAMED_MD = String
  .raw`\b(?<m1>${MONTH})(?![a-z])\.?\s*(?<d1>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?<y1>\d{4}))?(?![\d.,]?\d)`;
const NAMED_DM =
  String.raw`(?<![\d.,])(?<d2>\d{1,2})(?:er|st|nd|rd|th)?\.?(?:\s*|-|\s+de\s+)(?<m2>${MONTH})(?![a-z])\.?` +
  String.raw`(?:(?:\s+de\s+|\s+|,\s*|-)(?<y2>\d{4})|[\s-]?(?<y3>\d{2}))?(?![\d.,]?\d)`;
const DATE_RE = new RegExp(`${NUMERIC}|${NAMED_MD}|${NAMED_DM}`, "g");

function tokenFrom(m: RegExpMatchArray, text: string): DateToken | null {
  const g = m.groups!;
  const base = { text, parts: [] as number[], sep: "", yearFirst: false, month: 0, day: 0, year: null };
  if (g.iy) {
    const parts = [Number(g.iy), Number(g.im), Number(g.id)];
    if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31) return null;
    return { ...base, kind: "numeric", parts, sep: g.is, yearFirst: true };
  }
  if (g.a) {
    const parts = [Number(g.a), Number(g.b)];
    if (g.c) parts.push(Number(g.c));
    const [a, b] = parts;
    if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12)) return null;
    return { ...base, kind: "numeric", parts, sep: g.s };
  }
  const month = MONTHS[(g.m1 ?? g.m2)!];
  const day = Number(g.d1 ?? g.d2);
  if (!month || day < 1 || day > 31) return null;
  const y = g.y1 ?? g.y2 ?? g.y3;
  return { ...base, kind: "named", month, day, year: y ? fullYear(y) : null };
}

/** A two-digit year in the 2000s (below 70) or 1900s; four digits as printed. */
export function fullYear(y: string | number): number {
  const n = Number(y);
  if (String(y).length > 2) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/** Every date token in `text`, with its position. */
export function findDateTokens(text: string): { index: number; text: string; token: DateToken }[] {
  const folded = fold(text);
  const out: { index: number; text: string; token: DateToken }[] = [];
  for (const m of folded.matchAll(DATE_RE)) {
    const raw = text.slice(m.index, m.index + m[0].length);
    const token = tokenFrom(m, raw);
    if (token) out.push({ index: m.index!, text: raw, token });
  }
  return out;
}

/** `text` parsed as exactly one date token (trailing "," allowed), or null. */
export function parseDateToken(text: string): DateToken | null {
  const t = text.trim().replace(/,$/, "");
  const found = findDateTokens(t);
  if (found.length !== 1 || found[0].index !== 0) return null;
  const rest = t.slice(found[0].text.length).trim();
  return rest === "" || rest === "." ? found[0].token : null;
}

/** The day/month order of a document's numeric dates and how it was decided. */
export interface DateOrderGuess {
  order: "MDY" | "DMY";
  /** `values`: a part above 12 showed it; `separator`: "." (DD.MM); `fit`: the period fits; `assumed`: fallback. */
  basis: "values" | "separator" | "fit" | "assumed";
  /** Tokens that contradict the chosen order. */
  conflicts: number;
}

/** Options for {@link inferDateOrder}. */
export interface OrderOptions {
  /** Order to assume when nothing decides (default "MDY"). */
  fallback?: "MDY" | "DMY";
  /** Scores an order (higher fits better, e.g. dates within the statement period); consulted on a tie. */
  score?: (order: "MDY" | "DMY") => number;
}

/** Infers MM/DD versus DD/MM from all numeric tokens together (year-first tokens are self-describing). */
export function inferDateOrder(tokens: DateToken[], opts: OrderOptions = {}): DateOrderGuess {
  let dmy = 0;
  let mdy = 0;
  let dots = 0;
  let numeric = 0;
  for (const t of tokens) {
    if (t.kind !== "numeric" || t.yearFirst) continue;
    numeric++;
    if (t.parts[0] > 12) dmy++;
    if (t.parts[1] > 12) mdy++;
    if (t.sep === ".") dots++;
  }
  if (dmy !== mdy) {
    const order = dmy > mdy ? "DMY" : "MDY";
    return { order, basis: "values", conflicts: Math.min(dmy, mdy) };
  }
  if (numeric > 0 && dots * 2 > numeric) return { order: "DMY", basis: "separator", conflicts: 0 };
  if (opts.score) {
    const a = opts.score("MDY");
    const b = opts.score("DMY");
    if (a !== b) return { order: a > b ? "MDY" : "DMY", basis: "fit", conflicts: 0 };
  }
  return { order: opts.fallback ?? "MDY", basis: "assumed", conflicts: 0 };
}

/** Builds "YYYY-MM-DD" when the date exists, else null. */
export function isoDate(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2200 || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The statement period (ISO dates) that a date without a year falls into or beside. */
export interface YearContext {
  start?: string | null;
  end?: string | null;
}

const DAY = 86_400_000;
const time = (iso: string) => Date.parse(iso + "T00:00:00Z");

/**
 * The year for a month/day printed without one: the candidate closest to the period (inside it
 * when possible), so "12/28" in a Dec 15 – Jan 14 statement is the December before.
 */
export function inferYear(month: number, day: number, ctx: YearContext): number | null {
  const start = ctx.start ?? ctx.end;
  const end = ctx.end ?? ctx.start;
  if (!start || !end) return null;
  const years = new Set([
    Number(start.slice(0, 4)) - 1,
    Number(start.slice(0, 4)),
    Number(end.slice(0, 4)),
    Number(end.slice(0, 4)) + 1,
  ]);
  let best: number | null = null;
  let bestDist = Infinity;
  for (const y of years) {
    const iso = isoDate(y, month, day) ?? (month === 2 && day === 29 ? isoDate(y, 2, 28) : null);
    if (!iso) continue;
    const t = time(iso);
    const dist = t < time(start) ? time(start) - t : t > time(end) ? t - time(end) : 0;
    if (dist < bestDist) {
      bestDist = dist;
      best = y;
    }
  }
  return best;
}

/** The month and day (and year if printed) of a token under `order`. */
export function dateParts(token: DateToken, order: "MDY" | "DMY"): { y: number | null; m: number; d: number } {
  if (token.kind === "named") return { y: token.year, m: token.month, d: token.day };
  if (token.yearFirst) return { y: token.parts[0], m: token.parts[1], d: token.parts[2] };
  const [a, b, c] = token.parts;
  const [m, d] = order === "MDY" ? [a, b] : [b, a];
  return { y: c === undefined ? null : fullYear(token.text.split(/[./-]/)[2]), m, d };
}

/** Resolves a token to "YYYY-MM-DD": its own year, else one inferred from `ctx`; null if impossible. */
export function resolveDate(token: DateToken, order: "MDY" | "DMY", ctx: YearContext = {}): string | null {
  const { y, m, d } = dateParts(token, order);
  const year = y ?? inferYear(m, d, ctx);
  if (year === null) return null;
  return isoDate(year, m, d);
}

/** Days from `a` to `b` (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((time(b) - time(a)) / DAY);
}
