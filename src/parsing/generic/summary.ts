/**
 * Labelled figures outside the table: the statement period, opening and closing balances, and
 * printed totals (deposits, withdrawals, payments, purchases, fees) from summary boxes — as
 * "Label  1,234.56" on one line, or a row of labels over a row of values.
 */
import { type Amount, type DecimalSeparator, parseAmount } from "../amounts.ts";
import { type DateToken, findDateTokens } from "../dates.ts";
import type { Line, PrintedTotals } from "../types.ts";
import { cellsOf, lineHeight, overlap } from "./cells.ts";
import { signedByWords } from "./line.ts";
import { CLOSING_LABELS, DATED_BALANCE_LABELS, norm, OPENING_LABELS } from "./vocab.ts";

/** The two dates of the period line, unresolved. */
export interface PeriodTokens {
  start: DateToken;
  end: DateToken;
}

const PERIOD_WORDS =
  /\b(period|periode|zeitraum|periodo|statement|billing|cycle|opening closing|from|du|del|vom|desde|entre|between|abrechnungszeitraum)\b/;
const BETWEEN = /^\s*(?:-|–|—|to|through|thru|till|until|bis|al|a|au|hasta|y|et|and)\s*$/i;

/** The statement period: two dates on one line, joined by "to", "-", "bis", "al", "au"… */
export function findPeriod(lines: Line[]): PeriodTokens | null {
  let best: { p: PeriodTokens; score: number } | null = null;
  for (const line of lines) {
    const found = findDateTokens(line.text);
    for (let i = 0; i + 1 < found.length; i++) {
      const a = found[i];
      const b = found[i + 1];
      const gap = line.text.slice(a.index + a.text.length, b.index);
      if (!BETWEEN.test(gap)) continue;
      const f = norm(line.text.slice(0, a.index));
      const score = (PERIOD_WORDS.test(f) ? 10 : 0) + (a.token.year !== null || a.token.parts.length === 3 ? 2 : 0);
      if (!best || score > best.score) best = { p: { start: a.token, end: b.token }, score };
    }
  }
  return best?.p ?? null;
}

/** A label and the money printed after it. */
interface Labelled {
  label: string;
  value: Amount;
  line: Line;
}

/** The last amount in `text` (1-3 trailing words) and the text before it, for a label and value in one item. */
function trailingAmount(text: string, sep: DecimalSeparator): { label: string; value: Amount } | null {
  const words = text.trim().split(/\s+/);
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const value = parseAmount(words.slice(-n).join(" "), sep);
    if (value) return { label: words.slice(0, -n).join(" "), value };
  }
  return null;
}

/**
 * Every "label value" pair of the lines: a text cell followed by a money cell on its line, or
 * one cell ending in an amount; and rows of labels over rows of values (horizontal summaries).
 */
export function labelledValues(lines: Line[], sep: DecimalSeparator): Labelled[] {
  const out: Labelled[] = [];
  lines.forEach((line, li) => {
    const cells = cellsOf(line);
    const isMoney = cells.map((c) => !!parseAmount(c.text, sep));
    cells.forEach((c, i) => {
      if (isMoney[i] || !/[a-zA-Z\u00c0-\u024f]/.test(c.text)) return;
      const j = isMoney.indexOf(true, i + 1);
      const nextText = cells.slice(i + 1).findIndex((o, k) => !isMoney[i + 1 + k] && /[a-z]/i.test(o.text));
      if (j > i && (nextText < 0 || i + 1 + nextText > j)) {
        out.push({ label: c.text, value: parseAmount(cells[j].text, sep)!, line });
        return;
      }
      const inCell = trailingAmount(c.text, sep);
      if (inCell) out.push({ ...inCell, line });
    });
    // Labels over values: this line has no money, the next line has money under the labels.
    const next = lines[li + 1];
    if (isMoney.some(Boolean) || !next || next.page !== line.page) return;
    if (line.y - next.y > 2.5 * lineHeight(line)) return;
    const values = cellsOf(next).filter((c) => parseAmount(c.text, sep));
    if (values.length < 2 || values.length !== cellsOf(next).length) return;
    for (const v of values) {
      const over = cells.filter((c) => overlap(c, v) > 0 || Math.abs(c.xEnd - v.xEnd) < 6);
      if (over.length === 1) out.push({ label: over[0].text, value: parseAmount(v.text, sep)!, line });
    }
  });
  return out;
}

const startsWith = (l: string, labels: string[]) => labels.some((o) => l === o || l.startsWith(o + " "));

/**
 * Balances as printed (the sign is the caller's, by account type). Labels such as "Kontostand am
 * 31.12.2024" or "Solde au …" are placed by `classify` (from their date), else by order: first
 * opening, last closing.
 */
export function findBalances(
  pairs: Labelled[],
  classify: (label: string) => "opening" | "closing" | null = () => null,
): { opening: Amount | null; closing: Amount | null } {
  let opening: Amount | null = null;
  let closing: Amount | null = null;
  const dated: Labelled[] = [];
  for (const p of pairs) {
    const l = labelText(p.label);
    const value = signedByWords(p.label, p.value);
    if (!opening && startsWith(l, OPENING_LABELS)) opening = value;
    else if (!closing && startsWith(l, CLOSING_LABELS)) closing = value;
    else if (startsWith(l, DATED_BALANCE_LABELS)) dated.push({ ...p, value: value! });
  }
  dated.forEach((p, i) => {
    const kind = classify(p.label) ??
      (i === 0 && dated.length > 1 ? "opening" : i === dated.length - 1 ? "closing" : null);
    if (kind === "opening") opening ??= p.value;
    if (kind === "closing") closing ??= p.value;
  });
  return { opening, closing };
}

/** A label's folded words, without a leading sign or "total" and a trailing count or colon. */
function labelText(label: string): string {
  return norm(label).replace(/^(total|totals|summe|total des|total de)\s+/, "").replace(/\s+\d+$/, "").trim();
}

const TOTALS: [keyof PrintedTotals, RegExp, "bank" | "card" | "any"][] = [
  [
    "deposits",
    /^(deposits( and (other )?(credits|additions))?|deposits credits|credits|money in|gutschriften|eingange|abonos|ingresos|(des )?credits)$/,
    "bank",
  ],
  [
    "withdrawals",
    /^(withdrawals( and (other )?(debits|subtractions))?|withdrawals debits|debits|checks and withdrawals|money out|belastungen|lastschriften|ausgange|cargos|(des )?debits)$/,
    "bank",
  ],
  [
    "payments",
    /^(payments( and (other )?credits)?|payments credits|zahlungen( und gutschriften)?|pagos( y abonos)?|paiements( et credits)?)$/,
    "card",
  ],
  [
    "purchases",
    /^(purchases( and (other )?(charges|adjustments|debits))?|new purchases|(new )?charges|umsatze|compras|achats)$/,
    "card",
  ],
  ["fees", /^(fees( charged)?|service (fees|charges)|entgelte|gebuhren|comisiones|frais)$/, "any"],
];

/** Printed totals by their labels; for a card, payments and purchases, for a bank deposits and withdrawals. */
export function findTotals(pairs: Labelled[], card: boolean): PrintedTotals {
  const totals: PrintedTotals = {};
  for (const p of pairs) {
    const l = labelText(p.label);
    for (const [key, re, kind] of TOTALS) {
      if (kind !== "any" && (kind === "card") !== card) continue;
      if (re.test(l) && totals[key] === undefined) {
        const minor = p.value.minor.toString().padStart(3, "0");
        totals[key] = `${minor.slice(0, -2)}.${minor.slice(-2)}`;
      }
    }
  }
  return totals;
}
