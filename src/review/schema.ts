/** The JSON shapes of the review queue (API responses, also the OpenAPI schemas). */
import { z } from "zod";
import { DOCUMENT_STATES } from "../documents/documents.ts";

/** An account as the queue names it. */
export const ReviewAccount = z.object({
  id: z.uuid(),
  name: z.string().describe('Display name, e.g. "Chase …4821"'),
  institution: z.string(),
  number_last4: z.string(),
  type: z.string(),
}).meta({ id: "ReviewAccount" });
export type ReviewAccount = z.infer<typeof ReviewAccount>;

/** A transaction in a suggestion or conflict; money as a decimal string. */
export const ReviewTransaction = z.object({
  id: z.uuid(),
  date: z.string(),
  description: z.string(),
  amount: z.string(),
  currency: z.string(),
  account: ReviewAccount,
  category: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }).nullable(),
  document_id: z.uuid(),
  imported_at: z.string(),
  sources: z.array(z.object({ document_id: z.uuid(), filename: z.string() }))
    .describe("Every document the transaction was seen in"),
}).meta({ id: "ReviewTransaction" });
export type ReviewTransaction = z.infer<typeof ReviewTransaction>;

/** A transfer pair or a duplicate: suggested, confirmed or rejected. */
export const LinkJson = z.object({
  id: z.uuid(),
  client_id: z.uuid(),
  kind: z.enum(["transfer", "duplicate"]),
  status: z.enum(["suggested", "confirmed", "rejected"]),
  score: z.number().describe("0–1: how likely the suggestion is right"),
  reason: z.string(),
  a: ReviewTransaction.describe("Transfer: the money-out side. Duplicate: the earlier import, which a merge keeps"),
  b: ReviewTransaction.describe("Transfer: the money-in side. Duplicate: the later import, which a merge removes"),
  created_at: z.string(),
  decided_at: z.string().nullable(),
}).meta({ id: "TransactionLink" });
export type LinkJson = z.infer<typeof LinkJson>;

/** What confirming a suggestion did. */
export const LinkDecision = z.object({
  link: LinkJson,
  categorized: z.array(z.uuid()).describe("Transfer: the transactions that got the Transfer category"),
  merged: z.object({ kept_id: z.uuid(), removed_id: z.uuid() }).nullable()
    .describe("Duplicate: the transaction kept (with both sources) and the one removed"),
}).meta({ id: "LinkDecision" });
export type LinkDecision = z.infer<typeof LinkDecision>;

/** A document that waits for a person. */
export const ReviewDocument = z.object({
  id: z.uuid(),
  filename: z.string(),
  kind: z.string(),
  status: z.enum(DOCUMENT_STATES),
  reason: z.string().nullable(),
  failed_checks: z.array(z.object({
    name: z.string(),
    detail: z.string(),
    rows: z.array(z.number().int()).describe("Statement rows involved (0-based)"),
  })),
  uploaded_at: z.string(),
}).meta({ id: "ReviewDocument" });
export type ReviewDocument = z.infer<typeof ReviewDocument>;

/** One month of an account: covered by statements (fully or partly) or a gap. */
export const CoverageMonth = z.object({
  month: z.string().describe("YYYY-MM"),
  covered: z.boolean(),
  partial: z.boolean().describe("Covered, but some days of the month are in no statement"),
}).meta({ id: "CoverageMonth" });
export type CoverageMonth = z.infer<typeof CoverageMonth>;

/** A month of an account with no statement. */
export const CoverageGap = z.object({
  account_id: z.uuid(),
  account_name: z.string(),
  month: z.string().describe("YYYY-MM"),
  message: z.string(),
}).meta({ id: "CoverageGap" });
export type CoverageGap = z.infer<typeof CoverageGap>;

/** Statement coverage of a client's accounts. */
export const Coverage = z.object({
  months: z.array(z.string()).describe("Every month of the grid, oldest first (YYYY-MM)"),
  accounts: z.array(ReviewAccount.extend({ months: z.array(CoverageMonth) })),
  gaps: z.array(CoverageGap),
}).meta({ id: "Coverage" });
export type Coverage = z.infer<typeof Coverage>;

/** A transaction where enabled rules that matched it set different categories. */
export const RuleConflict = z.object({
  transaction: ReviewTransaction,
  rules: z.array(z.object({
    id: z.uuid(),
    name: z.string(),
    category: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })),
}).meta({ id: "RuleConflict" });
export type RuleConflict = z.infer<typeof RuleConflict>;

/** Open items per section. */
export const ReviewCounts = z.object({
  documents: z.number().int(),
  uncategorized: z.number().int(),
  transfers: z.number().int(),
  duplicates: z.number().int(),
  gaps: z.number().int(),
  rule_conflicts: z.number().int(),
  total: z.number().int(),
}).meta({ id: "ReviewCounts" });
export type ReviewCounts = z.infer<typeof ReviewCounts>;

/** A client's review queue. */
export const Review = z.object({
  client: z.object({ id: z.uuid(), name: z.string() }),
  counts: ReviewCounts,
  documents: z.array(ReviewDocument),
  uncategorized_count: z.number().int(),
  transfers: z.array(LinkJson),
  duplicates: z.array(LinkJson),
  coverage: Coverage,
  rule_conflicts: z.array(RuleConflict),
}).meta({ id: "Review" });
export type Review = z.infer<typeof Review>;

/** The firm-wide summary: open items per client the member may see. */
export const ReviewSummary = z.object({
  clients: z.array(z.object({ id: z.uuid(), name: z.string(), counts: ReviewCounts })),
  total: z.number().int(),
}).meta({ id: "ReviewSummary" });
export type ReviewSummary = z.infer<typeof ReviewSummary>;

/** What a detection run found. */
export const DetectResult = z.object({
  transfers: z.number().int().describe("New transfer suggestions"),
  duplicates: z.number().int().describe("New duplicate suggestions"),
}).meta({ id: "DetectResult" });
export type DetectResult = z.infer<typeof DetectResult>;
