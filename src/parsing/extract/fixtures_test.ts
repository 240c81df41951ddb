/**
 * Extraction of the generated statement fixtures (tests/fixtures): every layout extracts, page
 * furniture goes and table headers stay; the encrypted, scanned and malformed files end in a
 * DocumentError within the time bound when read in a child process.
 */
import { assert, assertEquals, assertRejects } from "../../../tests/support/assert.ts";
import {
  encryptedStatement,
  FIXTURES,
  generateStatement,
  malformedFiles,
  scannedStatement,
} from "../../../tests/fixtures/statements.ts";
import { DocumentError, type ExtractedDocument } from "../types.ts";
import { extractInSubprocess } from "./isolated.ts";
import { extractPdf, MESSAGES } from "./pdf.ts";

const TIMEOUT_MS = 20_000;

Deno.test("every fixture extracts; page numbers are furniture and table headers stay on each page", async () => {
  for (const fixture of FIXTURES) {
    if (fixture.password) continue;
    const { pdf, truth } = await generateStatement(fixture.spec);
    const doc: ExtractedDocument = await extractPdf(pdf);
    assertEquals([fixture.name, doc.pages], [fixture.name, truth.pages]);
    assert(doc.lines.length > 0, fixture.name);
    if (doc.pages < 2) continue;
    // "Page 2 of 5", "Seite 2 / 5", …: one furniture line with the page number on each page.
    for (let page = 1; page <= doc.pages; page++) {
      const numbered = doc.furniture.filter((l) => l.page === page && l.text.includes(`${page}`));
      assert(numbered.length > 0, `${fixture.name}: page ${page} number not removed`);
    }
    // The table header of page 1 is repeated as content on every page that continues the table.
    const tablePages = new Set(doc.lines.filter((l) => l.items.length >= 3).map((l) => l.page));
    const header = doc.lines.find((l) => l.page === 1 && doc.lines.filter((o) => o.text === l.text).length >= 2);
    assert(header, `${fixture.name}: no repeated table header`);
    const headerPages = new Set(doc.lines.filter((l) => l.text === header.text).map((l) => l.page));
    assertEquals([fixture.name, headerPages], [fixture.name, tablePages]);
    assert(!doc.furniture.some((l) => l.text === header.text), `${fixture.name}: header removed`);
  }
});

Deno.test("the encrypted fixture (AES-256) opens only with its password", async () => {
  const { pdf, password, truth } = await encryptedStatement();
  const without = await assertRejects(() => extractInSubprocess(pdf), DocumentError);
  assertEquals([without.state, without.message], ["needs_password", MESSAGES.needsPassword]);
  const wrong = await assertRejects(() => extractInSubprocess(pdf, { password: "wrong" }), DocumentError);
  assertEquals([wrong.state, wrong.message], ["needs_password", MESSAGES.wrongPassword]);
  const doc = await extractInSubprocess(pdf, { password });
  assertEquals(doc.pages, truth.pages);
  const text = doc.lines.map((l) => l.text).join("\n");
  for (const t of truth.transactions.slice(0, 5)) assert(text.includes(t.description.slice(0, 20)), t.description);
});

Deno.test("the scanned and malformed fixtures end in a DocumentError within bounds", async () => {
  const files = await malformedFiles();
  const cases: [string, Uint8Array, string][] = [
    ["scanned", (await scannedStatement()).pdf, MESSAGES.scanned],
    ["truncated", files.truncated, MESSAGES.damaged],
    ["randomBytes", files.randomBytes, MESSAGES.damaged],
    ["deepNesting", files.deepNesting, MESSAGES.damaged],
    ["hugePageCount", files.hugePageCount, "The PDF has 100000 pages; the limit is 2000"],
  ];
  for (const [name, bytes, message] of cases) {
    const started = performance.now();
    const error = await assertRejects(() => extractInSubprocess(bytes, {}, { timeoutMs: TIMEOUT_MS }), DocumentError);
    const elapsed = performance.now() - started;
    assertEquals([name, error.state, error.message], [name, "unreadable", message]);
    assert(elapsed < TIMEOUT_MS, `${name} took ${elapsed} ms`);
  }
});
