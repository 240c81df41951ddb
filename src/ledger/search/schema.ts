/**
 * The query of a transaction list, shared by the API (`GET /api/v1/clients/:id/transactions`)
 * and the page (`/clients/:id/transactions`), so a page URL and an API URL mean the same thing.
 */
import { z } from "zod";
import { ValidationError } from "../../errors.ts";
import { MAX_QUERY_LENGTH, parseDatePart, parseMoney } from "./query.ts";

/** Orders a list can have; `relevance` needs words to search for. */
export const SORTS = ["date_desc", "date_asc", "amount_desc", "amount_asc", "relevance"] as const;
/** One of {@link SORTS}. */
export type Sort = typeof SORTS[number];

const day = z.string().refine((v) => parseDatePart(v)?.first === v, "Use a date like 2025-03-14");
const money = z.string().refine((v) => parseMoney(v) !== null, "Use an amount like -25.00 or 1250");
const flag = z.enum(["true", "false", "1", "0", "on", "off", "yes", "no"]).transform((v) =>
  ["true", "1", "on", "yes"].includes(v)
);

/** Query parameters of a transaction list (see each field's description). */
export const TransactionQuerySchema = z.object({
  q: z.string().max(MAX_QUERY_LENGTH, `At most ${MAX_QUERY_LENGTH} characters`).optional()
    .describe(
      'Search: words (prefix match on the last one), "phrases", OR, -exclude, and operators amount:>100, ' +
        'amount:-25.00, amount:10..50, date:2025-03, date:2025-01..2025-03, category:"Office expense", ' +
        "category:18, account:4821, is:uncategorized, is:review, is:split, tag:name",
    ),
  account: z.uuid().optional().describe("Only this account"),
  from: day.optional().describe("On or after this date (YYYY-MM-DD)"),
  to: day.optional().describe("On or before this date (YYYY-MM-DD)"),
  min: money.optional().describe("Signed amount at least this (decimal; -100 includes -50.00 and 20.00)"),
  max: money.optional().describe("Signed amount at most this (decimal; max=0 lists money out)"),
  category: z.union([z.uuid(), z.literal("none")]).optional()
    .describe('A category id, or "none" for transactions without a category'),
  uncategorized: flag.optional()
    .describe('true: no category or the "Uncategorized" category; false: the others'),
  review: flag.optional().describe("true: marked for review; false: not marked"),
  document: z.uuid().optional().describe("Only transactions from this document"),
  tag: z.string().trim().min(1).max(100).optional().describe("Only transactions with this tag"),
  sort: z.enum(SORTS).default("date_desc").describe("Order; relevance needs words in q"),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe("Page size, 1 to 500"),
  totals: flag.optional().describe(
    "false: leave out the totals (faster for broad searches; GET …/transactions/totals gives them on their own)",
  ),
  cursor: z.string().max(1000).optional().describe("next_cursor of the previous page, with the same query"),
}).superRefine((v, ctx) => {
  if (v.from && v.to && v.from > v.to) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "Must be on or after from" });
  }
  if (v.min && v.max && parseMoney(v.min)!.value > parseMoney(v.max)!.value) {
    ctx.addIssue({ code: "custom", path: ["max"], message: "Must be at least min" });
  }
});

/** A validated transaction query. */
export type TransactionQuery = z.output<typeof TransactionQuerySchema>;

/**
 * Validates query parameters (empty values count as absent, as a submitted form sends them).
 * Throws a 422 {@link ValidationError} that lists each bad field.
 */
export function parseTransactionQuery(raw: Record<string, string | undefined>): TransactionQuery {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = TransactionQuerySchema.safeParse(present);
  if (!result.success) {
    throw new ValidationError(
      "Some search parameters are not valid",
      result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}
