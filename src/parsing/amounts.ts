/**
 * Printed money for statement parsers: parse an amount token ("1,234.56", "1.234,56 €",
 * "(12.00)", "12.00-", "12.00 CR", "$-5.00", "5,00 S") into exact minor units with the mark
 * that signed it, and infer a document's decimal separator from all its numbers together.
 * Exact integer arithmetic (bigint minor units) throughout: never floats.
 */

/** The decimal separator of a document. */
export type DecimalSeparator = "." | ",";

/**
 * How a printed amount was marked: `minus` ("-12.00", "12.00-"), `plus`, `parens` ("(12.00)"),
 * `DR` (also "D", German "S" for Soll) and `CR` (also "C", German "H" for Haben).
 */
export type SignMark = "minus" | "plus" | "parens" | "DR" | "CR";

/** A parsed amount: the magnitude in minor units, its mark and any currency printed with it. */
export interface Amount {
  /** Magnitude in minor units (always >= 0). */
  minor: bigint;
  mark: SignMark | null;
  /** ISO code from a symbol or code printed with the amount ("$" → "USD"). */
  currency: string | null;
}

/** Options for {@link parseAmount}. */
export interface AmountOptions {
  /** Digits after the decimal separator (2 for most currencies, 0 for JPY). Default 2. */
  decimals?: number;
}

/** Currency symbols and codes that may be printed with an amount. */
export const CURRENCY_SYMBOLS: Record<string, string> = {
  "$": "USD",
  "US$": "USD",
  "€": "EUR",
  "£": "GBP",
  "¥": "JPY",
  "C$": "CAD",
  "CA$": "CAD",
  "A$": "AUD",
  "CHF": "CHF",
  "Fr.": "CHF",
};

/** ISO 4217 codes recognised beside amounts and in statement text. */
export const CURRENCY_CODES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "MXN", "NZD", "SEK", "NOK", "DKK"];

const CUR = `(?:US\\$|CA?\\$|A\\$|[$€£¥]|${CURRENCY_CODES.join("|")}|Fr\\.)`;
const LEAD_CUR = new RegExp(`^${CUR}\\s*`);
const TRAIL_CUR = new RegExp(`\\s*${CUR}$`);
/** Trailing marks: "CR", "DR", "D"/"C"/"S"/"H" after a space or digit, "-", "+". */
const TRAIL_MARK = /(?<=[\d\s])\s*(CR|DR|Cr|Dr|cr|dr|D|C|S|H)\.?$|\s*([-+])$/;

/** Normalises minus lookalikes and odd spaces. */
export function normalizeMoneyText(text: string): string {
  return text.replace(/[\u2212\u2012\u2013\u2014\ufe63\uff0d]/g, "-").replace(/[\u00a0\u2007\u2009\u202f]/g, " ")
    .trim();
}

function markOf(word: string): SignMark {
  const w = word.toUpperCase();
  if (w === "-") return "minus";
  if (w === "+") return "plus";
  if (w === "CR" || w === "C" || w === "H") return "CR";
  return "DR";
}

/** The digits of an amount with `sep` as decimal separator, or null when they do not form one. */
function parseDigits(core: string, sep: DecimalSeparator, decimals: number): bigint | null {
  // Spaces group digits only beside a decimal comma ("1 234,56"); "3 250.00" is a count and an amount.
  const group = sep === "." ? "[,'’]" : "[. '’]";
  const d = sep === "." ? "\\." : ",";
  const frac = decimals > 0 ? `${d}(\\d{${decimals}})` : "";
  const grouped = new RegExp(`^(\\d{1,3}(?:${group}\\d{3})+)${frac}$`);
  const plain = new RegExp(`^(\\d+)${frac}$`);
  const m = grouped.exec(core) ?? plain.exec(core);
  if (!m) return null;
  const int = m[1].replace(/\D/g, "");
  return BigInt(int + (decimals > 0 ? m[2] : ""));
}

/**
 * Parses one printed amount with the document's decimal separator; null when `text` is not
 * exactly an amount (a date, a reference number, a word). Amounts must carry `decimals` digits.
 */
export function parseAmount(text: string, sep: DecimalSeparator, opts: AmountOptions = {}): Amount | null {
  const decimals = opts.decimals ?? 2;
  let t = normalizeMoneyText(text).replace(/\s*[*†‡]+$/, "");
  if (!t || t.length > 40) return null;
  let mark: SignMark | null = null;
  let currency: string | null = null;
  const setMark = (m: SignMark) => {
    if (!mark) mark = m;
  };
  const takeCurrency = (s: string) => {
    const code = s.trim();
    currency ??= CURRENCY_SYMBOLS[code] ?? (CURRENCY_CODES.includes(code) ? code : null);
  };
  if (t.startsWith("(") && t.endsWith(")")) {
    setMark("parens");
    t = t.slice(1, -1).trim();
  }
  for (let i = 0; i < 3; i++) {
    const before = t;
    let m = /^([-+])\s*/.exec(t);
    if (m) {
      setMark(markOf(m[1]));
      t = t.slice(m[0].length);
    }
    m = LEAD_CUR.exec(t);
    if (m) {
      takeCurrency(m[0]);
      t = t.slice(m[0].length);
    }
    m = TRAIL_CUR.exec(t);
    if (m && m.index > 0) {
      takeCurrency(m[0]);
      t = t.slice(0, m.index);
    }
    m = TRAIL_MARK.exec(t);
    if (m && m.index > 0) {
      setMark(markOf(m[1] ?? m[2]));
      t = t.slice(0, m.index).trimEnd();
    }
    if (t.startsWith("(") && t.endsWith(")")) {
      setMark("parens");
      t = t.slice(1, -1).trim();
    }
    if (t === before) break;
  }
  const minor = parseDigits(t.trim(), sep, decimals);
  if (minor === null) return null;
  return { minor, mark, currency };
}

/** True when the mark says money out (or a negative number): minus, parentheses or DR. */
export function isNegativeMark(mark: SignMark | null): boolean {
  return mark === "minus" || mark === "parens" || mark === "DR";
}

/** The amount as a signed number of minor units by its printed mark (DR and minus negative). */
export function signedMinor(a: Amount): bigint {
  return isNegativeMark(a.mark) ? -a.minor : a.minor;
}

/** Minor units as a decimal string: -1250n → "-12.50", 5000n → "50.00". */
export function formatMinor(minor: bigint, decimals = 2): string {
  const neg = minor < 0n;
  const abs = (neg ? -minor : minor).toString().padStart(decimals + 1, "0");
  const int = decimals > 0 ? abs.slice(0, -decimals) : abs;
  const frac = decimals > 0 ? "." + abs.slice(-decimals) : "";
  return `${neg ? "-" : ""}${int}${frac}`;
}

/** The evidence for a document's decimal separator. */
export interface SeparatorGuess {
  separator: DecimalSeparator;
  /** False when no number in the document decided it (the default "." was taken). */
  decided: boolean;
  votes: { ".": number; ",": number };
}

/**
 * Infers the decimal separator from every number in `texts` together: "1,234.56" and
 * "1.234,56" are strong evidence, "12.34" / "12,34" weaker ones, "1,234" none (it could be
 * either). Dates such as "05.01.2025" are not numbers. `fallback` breaks a tie.
 */
export function inferDecimalSeparator(texts: Iterable<string>, fallback: DecimalSeparator = "."): SeparatorGuess {
  const votes = { ".": 0, ",": 0 };
  for (const text of texts) {
    const norm = normalizeMoneyText(text);
    for (const m of norm.matchAll(/(?<![\d.,])(?:\d{1,3}(?:[ .,'’]\d{3})+|\d+)[.,]\d+(?![\d.,]*\d)/g)) {
      const w = m[0];
      // "05.01." is a date, and so is "05.01.2025" (excluded by the lookahead above).
      if (norm[m.index + w.length] === "." && /^\d{1,2}\.\d{1,2}$/.test(w)) continue;
      if (/^\d{1,3}(,\d{3})+\.\d{2}$/.test(w)) votes["."] += 3;
      else if (/^\d{1,3}(\.\d{3})+,\d{2}$/.test(w)) votes[","] += 3;
      else if (/^\d{1,3}([ '’]\d{3})+,\d{2}$/.test(w)) votes[","] += 3;
      else if (/^\d{1,3}([ '’]\d{3})+\.\d{2}$/.test(w)) votes["."] += 3;
      // "02.01" may be a date (2 January) as well as money: no vote.
      else if (/^\d{1,2}[.,]\d{2}$/.test(w) && Number(w.slice(0, -3)) <= 31 && Number(w.slice(-2)) <= 12) continue;
      else if (/^\d+\.\d{2}$/.test(w)) votes["."] += 1;
      else if (/^\d+,\d{2}$/.test(w)) votes[","] += 1;
    }
  }
  if (votes["."] === votes[","]) return { separator: fallback, decided: false, votes };
  return { separator: votes["."] > votes[","] ? "." : ",", decided: true, votes };
}
