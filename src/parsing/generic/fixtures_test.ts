/**
 * Every statement fixture through extraction and the generic parser, compared field by field with
 * its truth; prints a per-fixture accuracy table. The target is 100% on every fixture.
 */
import { assertEquals } from "../../../tests/support/assert.ts";
import { type Fixture, FIXTURES, generateStatement, type Truth } from "../../../tests/fixtures/statements.ts";
import { extractPdf } from "../extract/pdf.ts";
import type { ParsedStatement } from "../types.ts";
import { genericParser } from "./mod.ts";

interface Score {
  name: string;
  fields: number;
  right: number;
  rows: string;
  misses: string[];
}

/** Compares every field of the truth with the parse. */
function score(name: string, got: ParsedStatement, truth: Truth): Score {
  const s: Score = { name, fields: 0, right: 0, rows: "", misses: [] };
  const check = (field: string, actual: unknown, expected: unknown) => {
    s.fields++;
    if (JSON.stringify(actual) === JSON.stringify(expected)) s.right++;
    else s.misses.push(`${field}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
  };
  check("institution", got.institution, truth.institution);
  check("account.number", got.account.number, truth.account.number);
  check("account.type", got.account.type, truth.account.type);
  check("account.currency", got.account.currency, truth.account.currency);
  check("period.start", got.period.start, truth.period.start);
  check("period.end", got.period.end, truth.period.end);
  check("balances.opening", got.balances.opening, truth.balances.opening);
  check("balances.closing", got.balances.closing, truth.balances.closing);
  for (const [k, v] of Object.entries(truth.totals ?? {})) check(`totals.${k}`, got.totals?.[k as "fees"], v);
  const n = Math.max(got.transactions.length, truth.transactions.length);
  for (let i = 0; i < n; i++) {
    const g = got.transactions[i];
    const t = truth.transactions[i];
    for (const f of ["date", "posted_date", "description", "amount", "balance"] as const) {
      check(`tx[${i}].${f}`, g?.[f], t?.[f]);
    }
  }
  s.rows = `${got.transactions.length}/${truth.transactions.length}`;
  return s;
}

const scores: Score[] = [];

for (const fixture of FIXTURES as Fixture[]) {
  Deno.test(`generic parser reads fixture ${fixture.name} exactly`, async () => {
    const { pdf, truth } = await generateStatement(fixture.spec, { password: fixture.password });
    const doc = await extractPdf(pdf, { password: fixture.password });
    assertEquals(genericParser.detect(doc) > 0, true, "detect() should claim the statement");
    const s = score(fixture.name, genericParser.parse(doc), truth);
    scores.push(s);
    assertEquals(s.misses.slice(0, 20), [], `${fixture.name} (${fixture.covers})`);
  });
}

Deno.test("generic parser fixture accuracy table", () => {
  const pad = (t: string | number, n: number) => String(t).padEnd(n);
  const lines = scores.map((s) =>
    `${pad(s.name, 28)} ${pad(s.rows, 9)} ${pad(`${s.right}/${s.fields}`, 11)} ${
      (100 * s.right / Math.max(1, s.fields)).toFixed(2)
    }%`
  );
  const right = scores.reduce((a, s) => a + s.right, 0);
  const fields = scores.reduce((a, s) => a + s.fields, 0);
  console.log(
    [
      "",
      `${pad("fixture", 28)} ${pad("rows", 9)} ${pad("fields", 11)} accuracy`,
      ...lines,
      `${pad("ALL", 28)} ${pad("", 9)} ${pad(`${right}/${fields}`, 11)} ${
        (100 * right / Math.max(1, fields)).toFixed(2)
      }%`,
    ].join("\n"),
  );
});
