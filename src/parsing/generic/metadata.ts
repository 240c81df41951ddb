/**
 * Statement facts outside the table: the institution, the account number (last 4 digits), the
 * account type and the currency.
 */
import { CURRENCY_CODES, CURRENCY_SYMBOLS, type DecimalSeparator } from "../amounts.ts";
import { fold } from "../dates.ts";
import type { AccountType, Line } from "../types.ts";
import { cellsOf, lineHeight } from "./cells.ts";

const INSTITUTION_WORDS =
  /\b(bank|bancorp|banco|banca|banque|credit union|card services|card|financial|finance|sparkasse|volksbank|raiffeisen\w*|postbank|commerzbank|caisse|caja|caixa|credit|trust|savings|federal|capital|express|chase|citi\w*|wells fargo|santander|bbva|bnp|societe generale|lcl|hsbc|barclays|lloyds|natwest|n\.a\.|ag|s\.a\.)\b/;
const NOT_INSTITUTION =
  /statement|kontoauszug|abrechnung|extracto|releve|account summary|summary|resumen|ubersicht|synthese|page|seite|pagina|member fdic|customer service|@|www\.|\.com|\.example|tel|phone/;

/**
 * The institution: the most prominent name-like text at the top of page 1 or in the repeated page
 * header, preferring one that reads like a bank ("… Bank", "Sparkasse …", "Banco …", "… Card Services").
 */
export function findInstitution(lines: Line[], furniture: Line[], pageHeight: number): string | null {
  let best: { text: string; score: number } | null = null;
  const candidates = [...furniture.filter((l) => l.page === 1), ...lines.filter((l) => l.page === 1).slice(0, 25)];
  for (const line of candidates) {
    if (/\d{2}/.test(line.text)) continue;
    for (const cell of cellsOf(line)) {
      for (const part of cell.text.split(/\s+[·|•–—]\s+|\s{2,}/)) {
        const text = part.trim().replace(/[,;:]$/, "");
        const f = fold(text);
        if (text.length < 3 || text.length > 60 || /\d{2}/.test(text) || NOT_INSTITUTION.test(f)) continue;
        if (!/[a-z]/.test(f) || text.split(/\s+/).length > 7) continue;
        const top = pageHeight > 0 ? line.y / pageHeight : 0.5;
        const score = (INSTITUTION_WORDS.test(f) ? 20 : 0) + lineHeight(line) + top * 8;
        if (!best || score > best.score) best = { text, score };
      }
    }
  }
  return best?.text ?? null;
}

const ACCOUNT_LABEL =
  /\b(?:account|acct|card|konto|kontonummer|kartennummer|cuenta|tarjeta|compte|carte|numero de cuenta|numero de compte|n[°º] de compte|account number|account no)\b[^0-9*xX•]{0,30}?([*xX•#.][*xX•#.\s-]*\d{4}\b|\d[\d\s*xX•.-]{2,}\d)/;
const ENDING =
  /\b(?:ending in|ending|endet auf|endend auf|terminada en|termina en|se terminant par|finissant par)\s*:?\s*[*xX•.]*\s*(\d{4})\b/;
const IBAN = /\bIBAN\b[:\s]*([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{2,4}){3,8})/;

/** The account number's last 4 digits ("****4821", "Account ending in 4821", an IBAN's last 4 digits). */
export function findAccountNumber(lines: Line[]): string | null {
  for (const line of lines) {
    const f = fold(line.text);
    const m = ENDING.exec(f) ?? ACCOUNT_LABEL.exec(f);
    if (m) {
      const digits = m[1].replace(/\D/g, "");
      if (digits.length >= 4) return digits.slice(-4);
    }
    const iban = IBAN.exec(line.text);
    if (iban) return iban[1].replace(/\D/g, "").slice(-4);
  }
  return null;
}

const CARD =
  /\b(credit card|card ending|card number|card account|minimum payment|payment due|credit limit|available credit|kreditkarte|kreditkartenabrechnung|kreditrahmen|mindestbetrag|tarjeta de credito|limite de credito|pago minimo|carte de credit|paiement minimum|plafond)\b/;
const CARD_WEAK =
  /\b(visa|mastercard|master card|american express|discover card|new balance|previous balance|purchases|cash advances?)\b/g;
const SAVINGS = /\b(savings account|savings statement|savings|sparkonto|sparbuch|tagesgeld|ahorro|epargne|livret)\b/;
const CHECKING =
  /\b(checking|current account|girokonto|kontokorrent|cuenta corriente|cuenta a la vista|compte courant|compte de depot|compte cheques?)\b/;

/** The account type from the words of the statement (not its transactions). */
export function findAccountType(texts: string[], flowColumns: boolean): AccountType {
  const text = fold(texts.join("\n"));
  if (CARD.test(text)) return "credit_card";
  // No outright words: a card network with card-style balances and purchases.
  const cardish = new Set(text.match(CARD_WEAK) ?? []);
  if (cardish.size >= 3 && cardish.has("new balance")) return "credit_card";
  const count = (re: RegExp) => text.match(new RegExp(re.source, "g"))?.length ?? 0;
  const savings = count(SAVINGS);
  const checking = count(CHECKING);
  if (savings > checking) return "savings";
  if (checking > 0) return "checking";
  if (flowColumns || /\b(deposits?|withdrawals?)\b/.test(text)) return "checking";
  return "other";
}

const EURO_AREA = "AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MC MT NL PT SI SK".split(" ");
const IBAN_CURRENCY: Record<string, string> = {
  ...Object.fromEntries(EURO_AREA.map((c) => [c, "EUR"])),
  GB: "GBP",
  CH: "CHF",
  LI: "CHF",
};

const CURRENCY_LINE = /\b(?:currency|wahrung|divisa|moneda|devise|monnaie)\s*:?\s*([A-Z]{3})\b/i;

/**
 * The currency: a "Currency: EUR" line, else the codes and symbols printed most, else a guess from
 * the decimal comma (EUR) or point (USD) — flagged by `guessed`.
 */
export function findCurrency(texts: string[], sep: DecimalSeparator): { code: string; guessed: boolean } {
  const counts = new Map<string, number>();
  const add = (code: string, n = 1) => counts.set(code, (counts.get(code) ?? 0) + n);
  for (const t of texts) {
    const line = CURRENCY_LINE.exec(fold(t));
    if (line && CURRENCY_CODES.includes(line[1].toUpperCase())) add(line[1].toUpperCase(), 1000);
    for (const code of CURRENCY_CODES) {
      const n = t.match(new RegExp(`\\b${code}\\b`, "g"))?.length ?? 0;
      if (n) add(code, 3 * n);
    }
    for (const sym of ["€", "£", "$"]) {
      const n = t.split(sym).length - 1;
      if (n) add(CURRENCY_SYMBOLS[sym], n);
    }
  }
  for (const t of texts) {
    const iban = /\bIBAN\b[:\s]*([A-Z]{2})\d{2}/.exec(t);
    if (iban) add(IBAN_CURRENCY[iban[1]] ?? "", 2);
  }
  counts.delete("");
  let best: string | null = null;
  for (const [code, n] of counts) if (!best || n > counts.get(best)!) best = code;
  if (best) return { code: best, guessed: false };
  if (texts.some((t) => /\bsort ?code\b/i.test(t))) return { code: "GBP", guessed: true };
  return { code: sep === "," ? "EUR" : "USD", guessed: true };
}
