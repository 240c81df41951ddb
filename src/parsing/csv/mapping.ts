/**
 * The CSV mapping: which lines to skip, which columns hold what, how dates and numbers are
 * written. Suggested by `sniffCsv`, confirmed or edited by the user, validated here.
 */
import { z } from "zod";
import { DATE_FORMATS } from "./dates.ts";

const column = z.number().int().min(0).max(999);

/** Validates a mapping (column indexes are 0-based). */
export const CsvMappingSchema = z.object({
  /** Physical lines before the header (or the first data row): a preamble. */
  skipRows: z.number().int().min(0).max(1000),
  /** Whether the first line after `skipRows` is a header. */
  hasHeader: z.boolean(),
  delimiter: z.enum([",", ";", "\t", "|"]),
  /** The transaction date. */
  date: column,
  /** A second, posting date column. */
  postedDate: column.optional(),
  /** Columns joined with " " (empty cells left out) to make the description. */
  description: z.array(column).min(1).max(10),
  /** One signed amount column… */
  amount: column.optional(),
  /** …or a debit column (read as money out) and/or a credit column (money in). */
  debit: column.optional(),
  credit: column.optional(),
  /** Running balance as printed. */
  balance: column.optional(),
  /** The institution's transaction id or reference, kept as `external_id`. */
  externalId: column.optional(),
  dateFormat: z.enum(DATE_FORMATS),
  decimal: z.enum([".", ","]),
  /** Negate every amount (exports that show money out as positive). */
  flipSign: z.boolean(),
  /** Lines at the end to ignore (totals, disclaimers). */
  footerRows: z.number().int().min(0).max(1000).optional(),
}).superRefine((m, ctx) => {
  const hasAmount = m.amount !== undefined;
  const hasSplit = m.debit !== undefined || m.credit !== undefined;
  if (!hasAmount && !hasSplit) {
    ctx.addIssue({ code: "custom", path: ["amount"], message: "Choose an amount column, or debit and credit columns" });
  }
  if (hasAmount && hasSplit) {
    ctx.addIssue({
      code: "custom",
      path: ["amount"],
      message: "Choose either an amount column or debit/credit columns, not both",
    });
  }
  const money = [m.amount, m.debit, m.credit, m.balance].filter((c) => c !== undefined);
  if (new Set(money).size !== money.length) {
    ctx.addIssue({
      code: "custom",
      path: ["amount"],
      message: "Amount, debit, credit and balance must be different columns",
    });
  }
  if (money.includes(m.date)) {
    ctx.addIssue({ code: "custom", path: ["date"], message: "The date column cannot also be a money column" });
  }
});

/** A validated mapping. */
export type CsvMapping = z.infer<typeof CsvMappingSchema>;
