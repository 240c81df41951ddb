/**
 * The shapes reports share with their exports. Every report can be flattened into a
 * {@link ReportDocument}: one or more tables of typed cells, which the CSV, XLSX and PDF
 * writers render without knowing which report they came from.
 */

/** How a column's cells are written: money as decimal strings ("-1234.56"), dates as "YYYY-MM-DD". */
export type ColumnType = "text" | "date" | "money" | "integer" | "percent";

/** One column of a {@link ReportTable}. */
export interface TableColumn {
  /** Key of the cell in each row. */
  key: string;
  /** Header text (already translated). */
  label: string;
  type: ColumnType;
}

/** A cell: text, a decimal string for money, "YYYY-MM-DD" for dates, a number for integers and percents. */
export type Cell = string | number | null;

/** A table of a report. */
export interface ReportTable {
  /** Heading of the table (already translated), e.g. "Part II · Expenses". */
  title: string;
  columns: TableColumn[];
  rows: Record<string, Cell>[];
  /** A totals row (same keys as the rows), or undefined. */
  totals?: Record<string, Cell>;
  /**
   * Drill-down links for the page, parallel to `rows`: column key → URL of the transactions
   * behind that figure. Exports ignore them.
   */
  links?: Record<string, string>[];
}

/** A report ready for export: who it is for, the period, warnings and its tables. */
export interface ReportDocument {
  /** Report id, e.g. "schedule-c" (file names). */
  report: string;
  /** Report title (already translated), e.g. "Schedule C worksheet". */
  title: string;
  firmName: string;
  clientName: string;
  /** The period in words (already translated), e.g. "Calendar year 2025 (2025-01-01 – 2025-12-31)". */
  periodLabel: string;
  /** ISO currency code of the money cells. */
  currency: string;
  /** When the report was computed (ISO timestamp). */
  generatedAt: string;
  /** Warnings shown above the tables (already translated), e.g. "12 transactions are uncategorized". */
  warnings: string[];
  tables: ReportTable[];
}
