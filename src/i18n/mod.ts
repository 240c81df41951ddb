/**
 * The i18n layer: message lookup with {placeholders}, and Intl formatting of numbers,
 * money and dates for the user's locale. All user-facing text goes through `t`.
 */
import { en, type MessageKey } from "./en.ts";
import { es } from "./es.ts";

export type { MessageKey };

const CATALOGUES: Record<string, Record<MessageKey, string>> = { en, es };

/** Locales with a message catalogue. */
export const SUPPORTED_LOCALES = Object.keys(CATALOGUES);

/** Everything a view needs to speak the user's language. */
export interface I18n {
  locale: string;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  number(value: number): string;
  /** Money from integer minor units (e.g. cents) and an ISO currency code. */
  money(minor: bigint | number, currency: string): string;
  date(value: Date | string): string;
  dateTime(value: Date | string): string;
}

/**
 * Picks the best supported locale from an Accept-Language header; the region is kept for
 * formatting (en-GB formats dates day-first) while messages come from the language.
 */
export function negotiateLocale(acceptLanguage: string | undefined | null): string {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag && x.tag !== "*" && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const language = tag.split("-")[0].toLowerCase();
    if (CATALOGUES[language]) {
      try {
        return Intl.getCanonicalLocales(tag)[0];
      } catch {
        return language;
      }
    }
  }
  return "en";
}

/** Builds the i18n helpers for one locale (unknown languages fall back to English). */
export function createI18n(locale: string): I18n {
  const messages = CATALOGUES[locale.split("-")[0]] ?? en;
  const numberFormat = new Intl.NumberFormat(locale);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  return {
    locale,
    t(key, params) {
      const text: string = messages[key] ?? en[key] ?? key;
      return params ? text.replace(/\{(\w+)\}/g, (m, name) => name in params ? String(params[name]) : m) : text;
    },
    number: (value) => numberFormat.format(value),
    money(minor, currency) {
      let format = moneyFormats.get(currency);
      if (!format) moneyFormats.set(currency, format = new Intl.NumberFormat(locale, { style: "currency", currency }));
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(toDecimalString(BigInt(minor), digits) as Intl.StringNumericLiteral);
    },
    date: (value) => dateFormat.format(typeof value === "string" ? new Date(value) : value),
    dateTime: (value) => dateTimeFormat.format(typeof value === "string" ? new Date(value) : value),
  };
}

/** Integer minor units to an exact decimal string: 123456n, 2 → "1234.56". No floats involved. */
export function toDecimalString(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  const fraction = digits ? `.${abs.slice(abs.length - digits)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}
