/**
 * Report cells as text for a locale: money from exact decimal strings through Intl (no float
 * rounding), dates from "YYYY-MM-DD" in UTC, integers and percents. Anything unexpected is
 * shown as it is rather than dropped.
 */
import type { Cell, ColumnType } from "../reports/types.ts";

const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Formats report cells for one locale and currency. */
export class CellFormatter {
  private readonly amount: Intl.NumberFormat;
  private readonly money: Intl.NumberFormat;
  private readonly integer: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly date: Intl.DateTimeFormat;

  constructor(locale: string, currency: string) {
    let money: Intl.NumberFormat;
    try {
      money = new Intl.NumberFormat(locale, { style: "currency", currency, useGrouping: "always" });
    } catch {
      money = new Intl.NumberFormat(locale, {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
        useGrouping: "always",
      });
    }
    const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
    this.money = money;
    // Thousands are always grouped, so that a column reads alike ("1.240,00" above "14.872,91").
    this.amount = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: "always",
    });
    this.integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: "always" });
    this.percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
    this.date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  }

  /**
   * A cell as text. Money in table bodies is a plain amount ("1,234.56"); `symbol` adds the
   * currency ("$1,234.56"), as on totals rows.
   */
  format(value: Cell | undefined, type: ColumnType, symbol = false): string {
    if (value === null || value === undefined || value === "") return "";
    const raw = String(value).trim();
    switch (type) {
      case "money":
        if (!DECIMAL.test(raw)) return raw;
        return (symbol ? this.money : this.amount).format(raw as Intl.StringNumericLiteral);
      case "integer":
        return DECIMAL.test(raw) ? this.integer.format(raw as Intl.StringNumericLiteral) : raw;
      case "percent": {
        const n = Number(raw);
        return raw && Number.isFinite(n) ? this.percent.format(n / 100) : raw;
      }
      case "date": {
        const m = DATE.exec(raw);
        if (!m) return raw;
        const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
        return Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3]) ? raw : this.date.format(d);
      }
      default:
        return raw;
    }
  }
}
