/**
 * The document model of the PDF writer: styled text runs and the blocks a document is made of.
 * Markdown, HTML and plain text are converted into blocks ({@link Block}); reports are drawn
 * from their tables directly.
 */

/** A piece of text in one style. A "\n" inside `text` is a line break. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Monospaced, spaces kept as written. */
  code?: boolean;
}

/** One block of a document, laid out top to bottom. */
export type Block =
  | { type: "heading"; level: 1 | 2 | 3 | 4; runs: Run[] }
  | { type: "paragraph"; runs: Run[] }
  | {
    type: "list";
    ordered: boolean;
    items: Run[][];
    /** Nesting depth (0 = top level); each level indents further. */
    depth?: number;
    /** Number of the first item of an ordered list (default 1). */
    start?: number;
  }
  | {
    type: "table";
    header: string[];
    rows: string[][];
    align?: ("left" | "right")[];
    /** Bold rows under a rule: totals. */
    foot?: string[][];
    /** How many columns each cell spans (HTML colspan), for the header, the rows and the foot. */
    spans?: { header?: number[]; rows?: (number[] | undefined)[]; foot?: (number[] | undefined)[] };
  }
  | { type: "rule" }
  | { type: "pagebreak" };

/** Texts the writer puts on every page; callers fill them from i18n. */
export interface PdfLabels {
  /** Footer page number, with {n} and {m}: "Page {n} of {m}". */
  page: string;
  /** Footer date, with {date}: "Generated {date}". */
  generated: string;
  /** Heading of a report's warnings box. */
  warnings: string;
  /** Shown under a table heading when a table is repeated on the next page, with {title}. */
  continued: string;
  /** A report table without rows. */
  noRows: string;
  /** A line under a report's title, with {currency}: "Amounts in {currency}". */
  currency: string;
}

/** Options shared by the document writers. */
export interface PdfOptions {
  /** BCP 47 locale for dates, numbers and the default labels (default "en"). */
  locale?: string;
  /** Overrides of the default (catalogue) labels. */
  labels?: Partial<PdfLabels>;
  /** The generation date in the footer (default now). */
  generatedAt?: Date | string;
  /** Document author in the file's metadata, e.g. the firm's name. */
  author?: string;
}
