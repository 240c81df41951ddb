/**
 * Exact decimal money for imports: a value is an integer number of minor units (`units`, a bigint)
 * at a `scale` (digits after the decimal point). Most currencies use scale 2 (cents); a file that
 * carries more digits (e.g. a 3-decimal dinar) keeps them. No floating point anywhere.
 */

/** An exact decimal: `units / 10^scale`. */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** The largest number of fractional digits accepted (after dropping trailing zeros). */
export const MAX_SCALE = 4;

const TEN = 10n;

/** `d` at a larger (or equal) scale. */
export function rescale(d: Decimal, scale: number): Decimal {
  if (scale < d.scale) throw new RangeError(`Cannot rescale ${d.scale} down to ${scale}`);
  return { units: d.units * TEN ** BigInt(scale - d.scale), scale };
}

/** The scale to print a set of values with: at least 2, at most what the values carry. */
export function commonScale(values: Iterable<Decimal>, min = 2): number {
  let scale = min;
  for (const v of values) scale = Math.max(scale, v.scale);
  return scale;
}

/** Sum of `values` at `scale` (at least each value's scale). */
export function sum(values: Iterable<Decimal>, scale: number): Decimal {
  let units = 0n;
  for (const v of values) units += rescale(v, scale).units;
  return { units, scale };
}

/** `a + b` at the larger scale. */
export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale).units + rescale(b, scale).units, scale };
}

/** `-d`. */
export function negate(d: Decimal): Decimal {
  return { units: -d.units, scale: d.scale };
}

/** `|d|`. */
export function abs(d: Decimal): Decimal {
  return d.units < 0n ? negate(d) : d;
}

/** Exact equality regardless of scale. */
export function equals(a: Decimal, b: Decimal): boolean {
  const scale = Math.max(a.scale, b.scale);
  return rescale(a, scale).units === rescale(b, scale).units;
}

/** A decimal string such as "-1234.50" (no grouping), printed with at least `minScale` digits. */
export function formatDecimal(d: Decimal, minScale = 2): string {
  const v = d.scale < minScale ? rescale(d, minScale) : d;
  const negative = v.units < 0n;
  const digits = (negative ? -v.units : v.units).toString().padStart(v.scale + 1, "0");
  const whole = digits.slice(0, digits.length - v.scale);
  const frac = v.scale > 0 ? "." + digits.slice(digits.length - v.scale) : "";
  return (negative ? "-" : "") + whole + frac;
}

/** Builds a decimal from integer and fraction digit strings, dropping trailing zeros past scale 2. */
function fromDigits(negative: boolean, whole: string, frac: string): Decimal | null {
  let f = frac;
  while (f.length > 2 && f.endsWith("0")) f = f.slice(0, -1);
  if (f.length > MAX_SCALE) return null;
  const units = BigInt((whole || "0") + f);
  return { units: negative ? -units : units, scale: f.length };
}

/**
 * A plain decimal as OFX writes it: optional sign, digits, one "." or "," as the decimal point,
 * no grouping ("-12.50", "+3", "1234,5", ".75"). Returns null when it is not one.
 */
export function parsePlainDecimal(raw: string): Decimal | null {
  const m = /^([+-]?)(\d*)(?:[.,](\d*))?$/.exec(raw.trim());
  if (!m || (m[2] === "" && !m[3])) return null;
  return fromDigits(m[1] === "-", m[2], m[3] ?? "");
}

/** Currency marks that may surround an amount, with their ISO code when unambiguous. */
const CURRENCY_MARKS: Record<string, string | null> = {
  "€": "EUR",
  "£": "GBP",
  "¥": "JPY",
  "₹": "INR",
  "₩": "KRW",
  "₺": "TRY",
  "₪": "ILS",
  "₽": "RUB",
  "₱": "PHP",
  "฿": "THB",
  "₫": "VND",
  "₴": "UAH",
  "₦": "NGN",
  "$": null,
  "US$": "USD",
  "C$": "CAD",
  "CA$": "CAD",
  "A$": "AUD",
  "AU$": "AUD",
  "NZ$": "NZD",
  "R$": "BRL",
  "MX$": "MXN",
  "Fr.": "CHF",
  "kr": null,
  "kr.": null,
  "zł": "PLN",
  "Kč": "CZK",
};

const MARK = String.raw`[A-Z]{3}|(?:US|CA|C|AU|A|NZ|R|MX)?\$|[€£¥₹₩₺₪₽₱฿₫₴₦]|Fr\.|kr\.?|zł|Kč`;
const LEAD = new RegExp(String.raw`^(${MARK})(?![A-Za-z])\s*`);
const TRAIL = new RegExp(String.raw`(?<=[\d\s.,])\s*(${MARK})$`);
const MINUS = /^[-\u2212\u2013]|[-\u2212\u2013]$/;

/** The outcome of reading a money cell. */
export type AmountResult =
  | { ok: true; value: Decimal; currency: string | null }
  | { ok: false; reason: string };

const PATTERNS = {
  ".": { grouped: /^(\d{1,3}(?:,\d{3})+)(?:\.(\d*))?$/, plain: /^(\d*)(?:\.(\d*))?$/ },
  ",": { grouped: /^(\d{1,3}(?:\.\d{3})+)(?:,(\d*))?$/, plain: /^(\d*)(?:,(\d*))?$/ },
};

/**
 * Reads an amount cell as a bank export prints it, exactly. `decimal` is the decimal separator;
 * the other of "." and "," (and spaces, apostrophes) may group thousands, in groups of three.
 * Tolerates currency symbols or ISO codes before or after, a leading or trailing minus (also "−"),
 * a leading "+", parentheses for negatives and a "CR"/"DR" suffix (DR negative).
 */
export function parseAmount(raw: string, decimal: "." | ","): AmountResult {
  let s = raw.trim();
  if (s === "") return { ok: false, reason: "empty" };
  let negatives = 0;
  let currency: string | null = null;
  const plainSigned = /^([+-]?)([\d.,]+)$/.exec(s);
  if (plainSigned) return readDigits(plainSigned[2], plainSigned[1] === "-", decimal, null);
  const suffix = /(?<=[\d\s.,])\s*(CR|DR|Cr|Dr|cr|dr)\.?$/.exec(s);
  if (suffix) {
    if (suffix[1].toUpperCase() === "DR") negatives++;
    s = s.slice(0, suffix.index).trim();
  }
  // Signs and currency marks interleave: "-$12.50", "$-12.50", "12,50 €-", "EUR -12,50", "+ 3".
  for (let guard = 0; guard < 6; guard++) {
    const before = s;
    s = s.replace(/^\+\s*/, "");
    if (/^\(.*\)$/.test(s)) {
      negatives++;
      s = s.slice(1, -1).trim();
    }
    const sign = MINUS.exec(s);
    if (sign) {
      negatives++;
      s = (sign.index === 0 ? s.slice(1) : s.slice(0, -1)).trim();
    }
    const lead = LEAD.exec(s);
    if (lead && lead[0].length < s.length) {
      currency = currencyOf(lead[1]) ?? currency;
      s = s.slice(lead[0].length);
    }
    const trail = TRAIL.exec(s);
    if (trail && trail.index > 0) {
      currency = currencyOf(trail[1]) ?? currency;
      s = s.slice(0, trail.index).trim();
    }
    if (s === before) break;
  }
  if (negatives > 1) return { ok: false, reason: "it has more than one minus sign" };
  return readDigits(s, negatives === 1, decimal, currency);
}

/** The numeric core of an amount: digits, grouping and the decimal separator only. */
function readDigits(core: string, negative: boolean, decimal: "." | ",", currency: string | null): AmountResult {
  let s = core;
  const group = decimal === "." ? "," : ".";
  // Spaces and apostrophes group thousands only between digits ("1 234,56", "1'234.56").
  s = s.replace(/(?<=\d)[\s\u00a0\u2007\u2009\u202f'’](?=\d{3}(?!\d))/g, group);
  const { grouped, plain } = PATTERNS[decimal];
  const m = grouped.exec(s) ?? plain.exec(s);
  if (!m || (m[1] === "" && !m[2])) {
    if (s.includes(group)) {
      return { ok: false, reason: `it is not a number with "${decimal}" as the decimal separator` };
    }
    return { ok: false, reason: "it is not a number" };
  }
  const value = fromDigits(negative, m[1].split(group).join(""), m[2] ?? "");
  if (!value) return { ok: false, reason: `it has more than ${MAX_SCALE} decimal places` };
  return { ok: true, value, currency };
}

function currencyOf(mark: string): string | null {
  if (mark in CURRENCY_MARKS) return CURRENCY_MARKS[mark];
  return /^[A-Z]{3}$/.test(mark) ? mark : null;
}
