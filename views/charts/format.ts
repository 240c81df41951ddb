/**
 * Helpers that turn report data into chart props in the user's locale: month categories
 * from "YYYY-MM" keys and compact money ticks from minor units.
 */
import type { ChartCategory } from "./types.ts";

/** Categories for "YYYY-MM" months: "March 2025" in names, "Mar" on the axis, the year under its first month. */
export function monthCategories(locale: string, months: string[]): ChartCategory[] {
  const long = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  const short = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });
  return months.map((month) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new RangeError(`Cannot label month ${JSON.stringify(month)}: expected YYYY-MM`);
    }
    const date = new Date(`${month}-01T00:00:00Z`);
    return { label: long.format(date), short: short.format(date), group: month.slice(0, 4) };
  });
}

/**
 * A y-axis tick formatter for values in minor units of `currency` ("$1.5K", "-$200"). Ticks
 * are round numbers on the axis, not amounts anyone adds up, so compact rounding is fine.
 */
export function moneyTicks(locale: string, currency: string): (minor: number) => string {
  const digits = new Intl.NumberFormat(locale, { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    notation: "compact",
    maximumFractionDigits: 1,
  });
  return (minor) => format.format(minor / 10 ** digits);
}
