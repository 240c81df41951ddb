/**
 * Words the generic parser recognises, in English, German, Spanish and French: column headers,
 * labels of balances and totals, lines that end a table. Everything is matched on folded text
 * (lower case, no accents, punctuation as spaces) — see {@link normWords}.
 */
import { fold } from "../dates.ts";

/** Roles of table columns. The date roles say which of two date columns is which. */
export type Role =
  | "date"
  | "txdate"
  | "postdate"
  | "valuedate"
  | "description"
  | "amount"
  | "debit"
  | "credit"
  | "balance"
  | "other";

export const DATE_ROLES: Role[] = ["date", "txdate", "postdate", "valuedate"];
export const MONEY_ROLES: Role[] = ["amount", "debit", "credit", "balance"];

/** Folded words of `text`: "Date opé." → ["date", "ope"], "Payments/Debits" → ["payments", "debits"]. */
export function normWords(text: string): string[] {
  return fold(text).replace(/[^a-z0-9#]+/g, " ").trim().split(" ").filter(Boolean);
}

/** Folded text as one string of words. */
export const norm = (text: string): string => normWords(text).join(" ");

/** Phrases written compactly: "a|b", "c" → ["a", "b", "c"]. */
function list(...groups: string[]): string[] {
  return groups.flatMap((g) => g.split("|"));
}

const HEADERS: Record<Role, string[]> = {
  date: list("date|dates|datum|fecha|data|dt|date paid|day|tag"),
  txdate: list(
    "trans date|trans dt|tran date|transaction date|txn date|sale date|date of transaction",
    "activity date|purchase date|trans|belegdatum|umsatzdatum|kaufdatum|transaktionsdatum",
    "umsatztag|fecha operacion|fecha de operacion|f operacion|f oper|fecha op|f op",
    "date operation|date ope|date op|date de l operation|date d operation|date de operation",
  ),
  postdate: list(
    "post date|posting date|posted date|posted|date posted|post|posted on|buchungstag",
    "buchungsdatum|buchung|buch tag|gebucht am|fecha contable|f contable|fecha cargo",
    "f cargo|fecha de cargo|date debit|date de debit|date comptable|date de comptabilisation",
  ),
  valuedate: list(
    "valuta|value date|value|wert|wertstellung|valutadatum|fecha valor|f valor|valor",
    "date valeur|valeur|date de valeur",
  ),
  description: list(
    "description|descriptions|transaction description|description of transaction|details",
    "transaction details|payment details|payment type and details|detail|particulars|transaction|transactions|merchant|merchant name",
    "merchant name or transaction description|payee|memo|narrative|activity|name",
    "buchungstext|verwendungszweck|vorgang|erlauterung|erlaeuterung|text|beschreibung",
    "buchungsdetails|auftraggeber empfanger|empfanger|concepto|descripcion|detalle|movimiento",
    "movimientos|libelle|libelle de l operation|operation|operations|nature des operations",
    "nature de l operation|detail des operations|designation",
  ),
  amount: list(
    "amount|amounts|transaction amount|amt|betrag|umsatz|importe|montant|cantidad",
    "amount of transaction",
  ),
  debit: list(
    "withdrawals|withdrawal|debits|debit|withdrawals debits|payments debits|debits withdrawals",
    "withdrawals subtractions|subtractions|money out|paid out|payments|charges|charges debits",
    "checks debits|checks and debits|soll|lastschrift|lastschriften|belastung|belastungen",
    "ausgang|ausgange|cargo|cargos|debito|debitos|debe|retiros|reintegros|sorties",
    "montant debit|debit amount|amount debited|withdrawal amount|betrag soll|umsatz soll|importe cargo",
  ),
  credit: list(
    "deposits|deposit|credits|credit|deposits credits|credits deposits|deposits additions",
    "additions|money in|paid in|receipts|haben|gutschrift|gutschriften|eingang|eingange",
    "abono|abonos|credito|creditos|haber|ingresos|entrees|montant credit|credit amount",
    "amount credited|deposit amount|betrag haben|umsatz haben|importe abono",
  ),
  balance: list(
    "balance|running balance|daily balance|ending daily balance|account balance|saldo",
    "kontostand|solde|balance forward",
  ),
  other: list(
    "category|categories|ref|ref no|reference|reference number|reference no|ref number",
    "check no|check number|check|check #|#|chk no|cheque|cheque no|cheque number|type",
    "transaction type|card|card no|card number|kategorie|referenz|categoria|referencia",
    "categorie|no|nr|n|num|numero|serial no|code|mcc|location|ort|country",
    "pais|pays|exchange rate|foreign currency|original amount|foreign amount",
  ),
};

/** Header words that carry no role (units, fillers): "Amount (USD)", "Importe en EUR". */
export const HEADER_FILLERS = new Set(list("eur|usd|gbp|chf|cad|euro|euros|in|en|de|du"));

/** Phrase (folded words joined by spaces) → role. */
export const HEADER_PHRASES: Map<string, Role> = new Map(
  Object.entries(HEADERS).flatMap(([role, phrases]) => phrases.map((p) => [p, role as Role])),
);

/** The longest header phrase, in words. */
export const MAX_PHRASE_WORDS = 6;

/** Lines that open a table section with a balance (skipped as rows, read as the opening balance). */
export const OPENING_LABELS = list(
  "beginning balance|opening balance|previous balance|balance forward|balance brought forward",
  "brought forward|starting balance|previous statement balance|last statement balance",
  "anfangssaldo|alter saldo|saldo alt|alter kontostand|saldo vormonat|saldo vortrag|vortrag",
  "anfangsbestand|saldo anterior|saldo inicial|saldo a inicio|solde initial|solde precedent",
  "ancien solde|solde de debut|solde d ouverture|solde au debut",
);

/** Labels of the closing balance (they also end a table). */
export const CLOSING_LABELS = list(
  "ending balance|closing balance|new balance|statement balance|balance carried forward",
  "endsaldo|neuer saldo|saldo neu|neuer kontostand|schlusssaldo|endbestand|saldo final",
  "nuevo saldo|saldo actual|saldo al cierre|solde final|nouveau solde|solde de fin",
  "solde a la fin|solde au",
);

/** Balance labels that open or close depending on where (or for which date) they are printed. */
export const DATED_BALANCE_LABELS = list(
  "kontostand am|kontostand vom|kontostand per|saldo am|saldo vom|saldo per|saldo al|saldo a|saldo a fecha",
  "solde crediteur au|solde debiteur au|solde crediteur le|solde debiteur le|solde au|solde le",
  "balance on|balance as of|balance as at|balance at",
);

/** Words that make a printed balance negative ("SOLDE DEBITEUR", "saldo deudor"). */
export const NEGATIVE_BALANCE = /\b(debiteur|deudor|overdrawn|debit balance|sollsaldo)\b/;

/** Lines that end a table: totals. (Balances above also do; a dated row never does.) */
export const TOTAL_LABELS = list(
  "total|totals|subtotal|sub total|summe|gesamt|zwischensumme|totales|suma|subtotal",
  "totaux|sous total|total des operations",
);

/** Lines that end a page of a table that goes on after the page break. */
export const CARRY_LABELS = list(
  "carried forward|continued|continued on next page|ubertrag|uebertrag|fortsetzung",
  "suma y sigue|continua|a reporter|report|suite",
);

/** Section titles that say money out (a single unsigned amount column then means negative). */
export const OUT_SECTION =
  /\b(withdrawals?|debits?|checks? paid|checks|purchases?|charges?|fees?|subtractions?|payments? sent|lastschriften|belastungen|abbuchungen|ausgange|cargos|pagos|compras|adeudos|debits|prelevements|achats|paiements par carte|retraits|depenses)\b/;
/** Section titles that say money in. */
export const IN_SECTION =
  /\b(deposits?|credits?|additions?|payments? received|payments and( other)? credits|refunds?|gutschriften|eingange|abonos|ingresos|creditos|versements|remises|credits|remboursements)\b/;

/** True when folded `text` starts with one of the labels (whole words). */
export function startsWithLabel(text: string, labels: string[]): string | null {
  const t = norm(text);
  let best: string | null = null;
  for (const l of labels) {
    if ((t === l || t.startsWith(l + " ")) && (!best || l.length > best.length)) best = l;
  }
  return best;
}

/** True when folded `text` contains one of the labels (whole words). */
export function containsLabel(text: string, labels: string[]): string | null {
  const t = ` ${norm(text)} `;
  let best: string | null = null;
  for (const l of labels) if (t.includes(` ${l} `) && (!best || l.length > best.length)) best = l;
  return best;
}
