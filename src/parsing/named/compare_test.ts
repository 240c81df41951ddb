/**
 * Named parsers against the generic one: on each layout fixture the named parser must read every
 * field exactly and score above the generic parser (else it is not worth keeping), its statement
 * must verify, and no named parser may claim a fixture of the generator (those stay generic).
 * Prints the comparison table (copied into named/mod.ts).
 */
import { assert, assertEquals } from "../../../tests/support/assert.ts";
import { FIXTURES, generateStatement } from "../../../tests/fixtures/statements.ts";
import { extractPdf } from "../extract/pdf.ts";
import { genericParser } from "../generic/mod.ts";
import { chooseParser, getParser } from "../registry.ts";
import type { ExtractedDocument, ParsedStatement, StatementParser } from "../types.ts";
import { verifyStatement } from "../verify.ts";
import { layoutFixtures, type LayoutTruth } from "./layouts.ts";
import { namedParsers } from "./mod.ts";

interface Score {
  right: number;
  fields: number;
  misses: string[];
  status: string;
}

function score(parser: StatementParser, doc: ExtractedDocument, truth: LayoutTruth): Score {
  let got: ParsedStatement;
  try {
    got = parser.parse(doc);
  } catch (error) {
    return { right: 0, fields: 1, misses: [(error as Error).message], status: "error" };
  }
  const s: Score = { right: 0, fields: 0, misses: [], status: verifyStatement(got).status };
  const check = (field: string, actual: unknown, expected: unknown) => {
    s.fields++;
    if (JSON.stringify(actual ?? null) === JSON.stringify(expected ?? null)) s.right++;
    else s.misses.push(`${field}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
  };
  check("institution", got.institution, truth.institution);
  check("account", got.account, truth.account);
  check("period", got.period, truth.period);
  check("balances", got.balances, truth.balances);
  for (const [k, v] of Object.entries(truth.totals ?? {})) check(`totals.${k}`, got.totals?.[k as "fees"], v);
  const n = Math.max(got.transactions.length, truth.transactions.length);
  for (let i = 0; i < n; i++) {
    for (const f of ["date", "posted_date", "description", "amount", "balance"] as const) {
      check(`tx[${i}].${f}`, got.transactions[i]?.[f], truth.transactions[i]?.[f]);
    }
  }
  return s;
}

const table: string[] = [];
const pct = (s: Score) => `${((100 * s.right) / s.fields).toFixed(0)}% (${s.right}/${s.fields}), ${s.status}`;

for (const fixture of layoutFixtures()) {
  const title = fixture.parser
    ? `named parser ${fixture.parser} reads ${fixture.name} exactly and beats the generic parser`
    : `the generic parser reads ${fixture.name} exactly (no named parser needed)`;
  Deno.test(title, async () => {
    const doc = await extractPdf(fixture.pdf);
    const generic = score(genericParser, doc, fixture.truth);
    if (!fixture.parser) {
      table.push(`${fixture.name.padEnd(24)} ${"—".padEnd(28)} ${"—".padEnd(28)} generic ${pct(generic)}`);
      assertEquals(chooseParser(doc).id, "generic");
      assertEquals(generic.misses, []);
      return;
    }
    const named = getParser(fixture.parser);
    assert(named, `${fixture.parser} is registered`);
    assertEquals(chooseParser(doc).id, fixture.parser);
    const mine = score(named, doc, fixture.truth);
    table.push(
      `${fixture.name.padEnd(24)} ${fixture.parser.padEnd(28)} ${pct(mine).padEnd(28)} generic ${pct(generic)}`,
    );
    assertEquals(mine.misses, []);
    assertEquals(mine.status, "passed");
    assert(mine.right > generic.right || generic.status !== "passed", "the named parser must beat the generic one");
  });
}

Deno.test("no named parser claims a fixture of the generator", async () => {
  for (const fixture of FIXTURES) {
    const { pdf } = await generateStatement(fixture.spec, { password: fixture.password });
    const doc = await extractPdf(pdf, { password: fixture.password });
    for (const p of namedParsers) assertEquals([fixture.name, p.id, p.detect(doc)], [fixture.name, p.id, 0]);
    assertEquals(chooseParser(doc).id, "generic");
  }
});

Deno.test("comparison table", () => {
  console.log(
    `\n${"fixture".padEnd(24)} ${"named parser".padEnd(28)} ${"named".padEnd(28)} generic\n${table.join("\n")}`,
  );
});
