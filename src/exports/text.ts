/**
 * Small helpers the writers share: exact money, safe text, account labels, file names.
 */
import { toDecimalString } from "../i18n/mod.ts";
import type { ExportAccount } from "./types.ts";

/** Minor units (integer text) as a decimal string with two places: "-123456" → "-1234.56". */
export const money = (minor: string | bigint): string => toDecimalString(BigInt(minor), 2);

/** Minor units negated, as a decimal string. */
export const negated = (minor: string | bigint): string => toDecimalString(-BigInt(minor), 2);

// Characters XML 1.0 cannot carry (and no text format wants): C0 controls but tab, LF, CR; U+FFFE/U+FFFF.
// deno-lint-ignore no-control-regex
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text without control characters (tab and line breaks kept) and without lone surrogates. */
export function clean(text: string | null | undefined): string {
  return (text ?? "").toWellFormed().replace(INVALID, "");
}

/** {@link clean} text on one line: tabs and line breaks become single spaces, ends trimmed. */
export function oneLine(text: string | null | undefined): string {
  return clean(text).replace(/[\t\r\n\u2028\u2029]+/g, " ").trim();
}

/**
 * Text a spreadsheet must not run as a formula: a leading =, +, -, @, tab or carriage return
 * gets an apostrophe in front (OWASP's advice for CSV injection).
 */
export function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** "Operating …4821", "First Bank …1234", "credit_card". */
export function accountLabel(a: Pick<ExportAccount, "institution" | "name" | "type" | "number_last4">): string {
  return [a.name || a.institution || a.type, a.number_last4 ? `…${a.number_last4}` : ""].filter(Boolean).join(" ");
}

/** A safe file-name part: lower-case ASCII words joined by hyphens. */
export function slug(text: string, fallback = "client"): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "") || fallback;
}

/** "2025-03-14" → "03/14/2025" (QuickBooks). */
export const usDate = (iso: string): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/** "2025-03-14" → "20250314" (OFX). */
export const compactDate = (iso: string): string => iso.replaceAll("-", "");
