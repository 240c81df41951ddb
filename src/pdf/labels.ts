/** The fixed texts of generated PDFs, from the message catalogue of a locale. */
import { createI18n } from "../i18n/mod.ts";
import type { Chrome } from "./render.ts";
import type { PdfLabels } from "./types.ts";

/** Labels for `locale`, with any overrides applied. */
export function pdfLabels(locale: string, overrides: Partial<PdfLabels> = {}): PdfLabels {
  const { t } = createI18n(locale);
  return {
    page: t("pdf.page"),
    generated: t("pdf.generated"),
    warnings: t("pdf.warnings"),
    continued: t("pdf.continued"),
    noRows: t("pdf.no_rows"),
    currency: t("pdf.currency"),
    ...overrides,
  };
}

/** Fills {name} placeholders. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name) => name in params ? String(params[name]) : m);
}

/** A valid locale tag for Intl, or "en". */
export function safeLocale(locale: string | undefined): string {
  try {
    return Intl.getCanonicalLocales(locale || "en")[0] ?? "en";
  } catch {
    return "en";
  }
}

/** "Dec 2, 2026, 10:15 UTC"-style date and time of generation. */
export function generatedDate(locale: string, when: Date | string | undefined): string {
  let date = when === undefined ? new Date() : new Date(when);
  if (Number.isNaN(date.getTime())) date = new Date();
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(date) + " UTC";
}

/**
 * What every page's footer says ("Generated …", "Page n of m") and the file's creation date,
 * for a document generated at `when` (now when it is missing or not a date).
 */
export function footerChrome(
  locale: string,
  labels: PdfLabels,
  when: Date | string | undefined,
): Pick<Chrome, "footer" | "pageLabel" | "locale" | "created"> {
  let created = when === undefined ? new Date() : new Date(when);
  if (Number.isNaN(created.getTime())) created = new Date();
  return {
    footer: fill(labels.generated, { date: generatedDate(locale, created) }),
    pageLabel: (n, m) => fill(labels.page, { n, m }),
    locale,
    created,
  };
}
