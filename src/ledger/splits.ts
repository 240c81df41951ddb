/**
 * Splits: the parts of one transaction, each with its own category and memo, that add up to
 * exactly its amount. The database enforces the sum at commit (a deferred constraint trigger);
 * {@link parseSplits} checks it first so that people get a 422 naming the difference.
 */
import { z } from "zod";
import type { Tx } from "../db/tenant.ts";
import { ValidationError } from "../errors.ts";
import { fromCents, toCents } from "../parsing/money.ts";

/** Most parts one transaction may be split into. */
export const MAX_SPLITS = 50;

/** One part as sent by a client: amount as a signed decimal string ("-12.50"). */
export const SplitInput = z.object({
  category_id: z.uuid("Choose a category"),
  amount: z.string().trim().regex(/^[+-]?\d{1,12}(?:\.\d{1,2})?$/, 'Use a decimal amount such as "-12.50"'),
  memo: z.string().trim().max(500, "Use at most 500 characters").optional(),
}).strict().meta({ id: "SplitInput" });
export type SplitInput = z.output<typeof SplitInput>;

/** A stored part, canonical: amount as "-12.50". Also the shape in audit rows and undo. */
export interface SplitValue {
  category_id: string;
  amount: string;
  memo: string;
}

/** A part as the API returns it. */
export const SplitJson = z.object({
  id: z.uuid(),
  category_id: z.uuid().nullable(),
  category_name: z.string(),
  amount: z.string(),
  memo: z.string(),
}).meta({ id: "Split" });
export type SplitJson = z.infer<typeof SplitJson>;

/**
 * Validates parts against the transaction amount (minor units) and returns them canonical.
 * At least two parts, none zero, adding up exactly; otherwise a 422 listing what is wrong.
 */
export function parseSplits(parts: SplitInput[], amount: bigint, path = "splits"): SplitValue[] {
  if (parts.length < 2) {
    throw new ValidationError("A split has at least two parts; send splits: null to remove the splits", [
      { path, message: "At least two parts" },
    ]);
  }
  if (parts.length > MAX_SPLITS) {
    throw new ValidationError(`A transaction can be split into at most ${MAX_SPLITS} parts`, [
      { path, message: `At most ${MAX_SPLITS} parts` },
    ]);
  }
  const errors: { path: string; message: string }[] = [];
  let total = 0n;
  const out = parts.map((p, i) => {
    const cents = toCents(p.amount);
    if (cents === 0n) errors.push({ path: `${path}.${i}.amount`, message: "A part cannot be zero" });
    total += cents;
    return { category_id: p.category_id.toLowerCase(), amount: fromCents(cents), memo: p.memo ?? "" };
  });
  if (errors.length) throw new ValidationError("Some parts of the split need attention", errors);
  if (total !== amount) {
    throw new ValidationError(
      `The parts add up to ${fromCents(total)} but the transaction amount is ${fromCents(amount)}`,
      [{ path, message: `Off by ${fromCents(amount - total)}` }],
    );
  }
  return out;
}

/** Whether two lists of parts are the same (order matters). */
export function sameSplits(a: SplitValue[], b: SplitValue[]): boolean {
  return JSON.stringify(a.map(canonical)) === JSON.stringify(b.map(canonical));
}

const canonical = (s: SplitValue) => [s.category_id, s.amount, s.memo];

/** The parts of each of the transactions (empty list when not split), in order. */
export async function loadSplits(tx: Tx, transactionIds: string[]): Promise<Map<string, SplitValue[]>> {
  const out = new Map<string, SplitValue[]>(transactionIds.map((id) => [id, []]));
  if (!transactionIds.length) return out;
  const rows = await tx<(SplitValue & { transaction_id: string; cents: string })[]>`
    select transaction_id, category_id, amount::text as cents, memo
      from transaction_splits where transaction_id = any(${transactionIds}::uuid[])
     order by transaction_id, position, id`;
  for (const r of rows) {
    out.get(r.transaction_id)?.push({ category_id: r.category_id, amount: fromCents(BigInt(r.cents)), memo: r.memo });
  }
  return out;
}

/** The parts of one transaction with their category names, for the API. */
export async function listSplits(tx: Tx, transactionId: string): Promise<SplitJson[]> {
  const rows = await tx<(Omit<SplitJson, "amount"> & { cents: string })[]>`
    select s.id, s.category_id, coalesce(c.name, '') as category_name, s.amount::text as cents, s.memo
      from transaction_splits s left join categories c on c.id = s.category_id
     where s.transaction_id = ${transactionId}
     order by s.position, s.id`;
  return rows.map(({ cents, ...r }) => ({ ...r, amount: fromCents(BigInt(cents)) }));
}

/** Replaces the parts of a transaction (none: not split). The sum is checked by the database at commit. */
export async function replaceSplits(tx: Tx, firmId: string, transactionId: string, parts: SplitValue[]) {
  await tx`delete from transaction_splits where transaction_id = ${transactionId}`;
  if (!parts.length) return;
  const rows = parts.map((p, i) => ({
    firm_id: firmId,
    transaction_id: transactionId,
    category_id: p.category_id,
    amount: toCents(p.amount).toString(),
    memo: p.memo,
    position: i,
  }));
  await tx`insert into transaction_splits ${tx(rows)}`;
}
