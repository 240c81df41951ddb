/**
 * Recognising column headers of bank exports in English, German, Spanish and French.
 */
import { fold } from "./dates.ts";

/** What a column can hold. */
export type ColumnRole =
  | "date"
  | "postedDate"
  | "valueDate"
  | "description"
  | "amount"
  | "debit"
  | "credit"
  | "balance"
  | "externalId";

/** Phrases per role, accents removed and lower case; a leading "=" means the whole header must match. */
const PHRASES: Record<ColumnRole, string[]> = {
  date: [
    "date",
    "transaction date",
    "trans date",
    "txn date",
    "date of transaction",
    "booking date",
    "purchase date",
    "datum",
    "buchungstag",
    "buchungsdatum",
    "belegdatum",
    "umsatzdatum",
    "transaktionsdatum",
    "fecha",
    "fecha operacion",
    "fecha de operacion",
    "f operacion",
    "fecha transaccion",
    "date operation",
    "date d operation",
    "date de l operation",
    "date de transaction",
  ],
  postedDate: [
    "posting date",
    "post date",
    "posted date",
    "date posted",
    "settlement date",
    "fecha contable",
    "date comptable",
    "date de comptabilisation",
  ],
  valueDate: [
    "value date",
    "valuta",
    "valutadatum",
    "wertstellung",
    "wertstellungsdatum",
    "fecha valor",
    "f valor",
    "date de valeur",
    "date valeur",
  ],
  description: [
    "description",
    "transaction description",
    "details",
    "transaction details",
    "payee",
    "payee name",
    "=name",
    "merchant",
    "merchant name",
    "memo",
    "narrative",
    "narration",
    "particulars",
    "remarks",
    "counterparty",
    "beneficiary",
    "verwendungszweck",
    "buchungstext",
    "beschreibung",
    "empfanger",
    "empfaenger",
    "zahlungsempfanger",
    "auftraggeber",
    "begunstigter",
    "zahlungspflichtiger",
    "name zahlungsbeteiligter",
    "umsatztext",
    "vorgang",
    "concepto",
    "descripcion",
    "movimiento",
    "beneficiario",
    "detalle",
    "ordenante",
    "libelle",
    "detail",
    "beneficiaire",
    "tiers",
    "nature de l operation",
    "intitule",
  ],
  amount: [
    "amount",
    "transaction amount",
    "=amt",
    "net amount",
    "debit credit",
    "credit debit",
    "betrag",
    "umsatz",
    "importe",
    "monto",
    "cantidad",
    "montant",
  ],
  debit: [
    "debit",
    "debits",
    "debit amount",
    "withdrawal",
    "withdrawals",
    "money out",
    "paid out",
    "=out",
    "soll",
    "belastung",
    "ausgang",
    "ausgaben",
    "cargo",
    "cargos",
    "debe",
    "retiros",
    "retirada",
    "debito",
    "retrait",
    "retraits",
    "sortie",
    "sorties",
    "depenses",
  ],
  credit: [
    "credit",
    "credits",
    "credit amount",
    "deposit",
    "deposits",
    "money in",
    "paid in",
    "=in",
    "haben",
    "gutschrift",
    "eingang",
    "einnahmen",
    "abono",
    "abonos",
    "ingreso",
    "ingresos",
    "haber",
    "credito",
    "depot",
    "depots",
    "entree",
    "entrees",
    "recettes",
  ],
  balance: [
    "balance",
    "running balance",
    "running bal",
    "balance after",
    "saldo",
    "kontostand",
    "saldo nach buchung",
    "solde",
  ],
  externalId: [
    "=id",
    "transaction id",
    "transaction reference",
    "=reference",
    "reference number",
    "=ref",
    "fitid",
    "referenz",
    "referencia",
    "numero de referencia",
    "reference de l operation",
  ],
};

/** Order in which equal matches are resolved (a "Debit Amount" column is a debit, not an amount). */
const PRIORITY: ColumnRole[] = [
  "postedDate",
  "valueDate",
  "date",
  "debit",
  "credit",
  "balance",
  "amount",
  "externalId",
  "description",
];

const CURRENCY_WORDS = /\b(eur|usd|gbp|chf|cad|aud|nzd|jpy|sek|nok|dkk|pln|czk|huf|mxn|ars|cop|clp|pen)\b/g;

/** A header folded for matching: lower case, no accents, no "(EUR)" or punctuation. */
export function normalizeHeader(header: string): string {
  return fold(header)
    .replace(/\(.*?\)|\[.*?\]/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(CURRENCY_WORDS, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The role a header names and how sure we are (3 exact, 2 contained), or null. */
export function headerRole(header: string): { role: ColumnRole; score: number } | null {
  const h = normalizeHeader(header);
  if (!h) return null;
  let best: { role: ColumnRole; score: number } | null = null;
  for (const role of PRIORITY) {
    for (const p of PHRASES[role]) {
      const exactOnly = p.startsWith("=");
      const phrase = exactOnly ? p.slice(1) : p;
      const score = h === phrase ? 3 : !exactOnly && ` ${h} `.includes(` ${phrase} `) ? 2 : 0;
      if (score > (best?.score ?? 0)) best = { role, score };
    }
  }
  return best;
}

/** Number of distinct roles named by the cells of a row: a header row names two or more. */
export function headerRoleCount(cells: string[]): number {
  const roles = new Set<ColumnRole>();
  for (const c of cells) {
    const r = headerRole(c);
    if (r) roles.add(r.role === "postedDate" || r.role === "valueDate" ? "date" : r.role);
  }
  return roles.size;
}
