/**
 * Statements of a chosen page count for the parse benchmark, from the fixture generator: the
 * `large_520` layout (US checking, signed amounts, running balance, zebra rows, repeated headers
 * and footers) with about 25 random transactions per page.
 */
import { FIXTURES, generateStatement, randomTransactions } from "../../tests/fixtures/statements.ts";
import type { Truth } from "../../tests/fixtures/statements.ts";

/** A generated statement. */
export interface BenchStatement {
  pdf: Uint8Array;
  truth: Truth;
  pages: number;
}

const BASE = FIXTURES.find((f) => f.name === "large_520")!.spec;
const PER_PAGE = 25;

/** Generates a statement of exactly `pages` pages; `seed` changes every row (and so the file's SHA-256). */
export async function statementOfPages(pages: number, seed: number): Promise<BenchStatement> {
  const { start, end } = BASE.period;
  const opening = BASE.balances.opening;
  let count = pages * PER_PAGE;
  for (let attempt = 0; attempt < 8; attempt++) {
    const transactions = randomTransactions(seed, count, "checking", { start, end, opening });
    const { pdf, truth } = await generateStatement({ ...BASE, transactions });
    if (truth.pages === pages) return { pdf, truth, pages };
    // Rows per page vary with wrapped descriptions: move by the observed density, at least a row.
    const step = Math.round((pages - truth.pages) * (count / truth.pages));
    count = Math.max(1, count + (step || Math.sign(pages - truth.pages)));
  }
  throw new Error(`Cannot generate a statement of exactly ${pages} pages`);
}
