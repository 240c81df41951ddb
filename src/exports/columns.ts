/**
 * The columns of the CSV and XLSX exports: every field a bookkeeper uses, in one order, with
 * each cell's value as text (CSV) or typed (XLSX: dates, money and numbers stay numbers).
 */
import { accountLabel, clean, money } from "./text.ts";
import type { ExportContext, ExportLabels, ExportRow } from "./types.ts";

/** How a column is written in XLSX. */
export type ColumnKind = "date" | "money" | "integer" | "boolean" | "text";

/** One column: its header key and its value for a row. */
export interface ExportColumn {
  key: keyof ExportLabels;
  kind: ColumnKind;
  /** Width in characters (XLSX). */
  width: number;
  /** The cell as text: dates "YYYY-MM-DD", money "-1234.56", booleans as yes/no words. */
  text(row: ExportRow, ctx: ExportContext): string;
}

/** The splits of a row as one cell: "Office expense -60.00; Supplies -40.00". */
export function splitsText(row: ExportRow, labels: ExportLabels): string {
  return row.splits.map((s) => `${clean(s.category_name) || labels.uncategorized} ${money(s.amount)}`).join("; ");
}

/** The columns, in file order. */
export const COLUMNS: ExportColumn[] = [
  { key: "date", kind: "date", width: 11, text: (r) => r.date },
  { key: "posted_date", kind: "date", width: 11, text: (r) => r.posted_date ?? "" },
  {
    key: "account",
    kind: "text",
    width: 22,
    text: (r, ctx) => {
      const a = ctx.accounts.get(r.account_id);
      return a ? clean(accountLabel(a)) : "";
    },
  },
  { key: "description", kind: "text", width: 40, text: (r) => clean(r.description) },
  { key: "payee", kind: "text", width: 24, text: (r) => clean(r.payee) },
  { key: "category", kind: "text", width: 26, text: (r) => clean(r.category_name) },
  { key: "line", kind: "text", width: 8, text: (r) => r.category_line ?? "" },
  { key: "memo", kind: "text", width: 30, text: (r) => clean(r.memo) },
  { key: "tags", kind: "text", width: 18, text: (r) => r.tags.map(clean).join(", ") },
  { key: "amount", kind: "money", width: 13, text: (r) => money(r.amount) },
  { key: "currency", kind: "text", width: 8, text: (r) => r.currency },
  { key: "business_pct", kind: "integer", width: 10, text: (r) => String(r.business_pct) },
  {
    key: "needs_review",
    kind: "boolean",
    width: 12,
    text: (r, ctx) => r.needs_review ? ctx.labels.yes : ctx.labels.no,
  },
  { key: "splits", kind: "text", width: 36, text: (r, ctx) => splitsText(r, ctx.labels) },
  { key: "document", kind: "text", width: 28, text: (r) => clean(r.document) },
  { key: "id", kind: "text", width: 38, text: (r) => r.id },
];
