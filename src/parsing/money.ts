/**
 * Exact money for verification: decimal strings of the result contract ("-1234.56") to bigint
 * cents and back. Never floats. (Reading printed amounts is the parser's job: see amounts.ts.)
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d{1,2}))?$/;

/**
 * "1234.56" → 123456n, "-12.5" → -1250n, "7" → 700n. Throws RangeError for anything else
 * (grouping commas, more than two decimals, blanks), since the contract's amounts are plain decimals.
 */
export function toCents(text: string): bigint {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new RangeError(`Not a decimal amount: "${text}"`);
  const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  return m[1] === "-" ? -cents : cents;
}

/** {@link toCents}, or null for null/undefined/malformed input. */
export function toCentsOrNull(text: string | null | undefined): bigint | null {
  if (text === null || text === undefined) return null;
  try {
    return toCents(text);
  } catch {
    return null;
  }
}

/** 123456n → "1234.56", -5n → "-0.05". */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${frac}`;
}
