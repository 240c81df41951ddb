import { assert, assertEquals, assertRejects } from "../../tests/support/assert.ts";
import { DocumentError, type ExtractedDocument, type ParsedStatement, type StatementParser } from "./types.ts";
import { parseStatementPdf, UNVERIFIABLE_WARNING } from "./parse_file.ts";
import { ParserRegistryError, registerParser, unregisterParser } from "./registry.ts";
import { makePdf, type PdfText } from "./extract/test_pdf.ts";

/** A toy layout: "TESTBANK" in the header, rows of date | description | amount | balance. */
const toyParser: StatementParser = {
  id: "toy",
  name: "Toy bank",
  detect: (doc) => (doc.lines.concat(doc.furniture).some((l) => l.text.includes("TESTBANK")) ? 0.95 : 0),
  parse(doc: ExtractedDocument): ParsedStatement {
    const value = (label: string) => doc.lines.find((l) => l.text.startsWith(label))?.items.at(-1)?.text ?? null;
    const rows = doc.lines.filter((l) => /^\d{4}-\d{2}-\d{2}$/.test(l.items[0]?.text ?? "") && l.items.length === 4);
    return {
      parser: "toy",
      institution: "Test Bank",
      account: { number: "1234", type: "checking", currency: "USD" },
      period: { start: "2024-03-01", end: "2024-03-31" },
      balances: { opening: value("Opening balance"), closing: value("Closing balance") },
      transactions: rows.map((l) => ({
        date: l.items[0].text,
        posted_date: null,
        description: l.items[1].text,
        amount: l.items[2].text,
        balance: l.items[3].text,
        source: { page: l.page, lines: [l.index], y: l.y },
      })),
      warnings: [],
    };
  },
};

const text = (x: number, y: number, t: string): PdfText => ({ x, y, text: t });
const row = (y: number, ...cells: string[]) => cells.map((c, i) => text([72, 200, 400, 480][i], y, c));

function toyPdf(closing = "150.10", extraPages: { image: true }[] = [], userPassword?: string) {
  return makePdf([{
    texts: [
      text(72, 760, "TESTBANK statement"),
      ...row(720, "Opening balance", "100.00"),
      ...row(700, "Closing balance", closing),
      ...row(660, "2024-03-02", "PAYROLL", "100.10", "200.10"),
      ...row(640, "2024-03-05", "GROCER", "-50.00", "150.10"),
    ],
  }, ...extraPages], { userPassword });
}

Deno.test("parseStatementPdf: extract in a child, choose, parse and verify", async () => {
  registerParser(toyParser);
  try {
    const result = await parseStatementPdf(toyPdf());
    assertEquals(result.parser, "toy");
    assertEquals(result.balances, { opening: "100.00", closing: "150.10" });
    assertEquals(result.transactions.map((t) => [t.date, t.description, t.amount, t.balance]), [
      ["2024-03-02", "PAYROLL", "100.10", "200.10"],
      ["2024-03-05", "GROCER", "-50.00", "150.10"],
    ]);
    assertEquals(result.transactions[0].source, { page: 1, lines: [3], y: 660 });
    assertEquals(result.verification.status, "passed");
    assertEquals(result.pages, 1);
    assert(result.elapsed_ms > 0 && result.elapsed_ms < 30_000);
    assertEquals(result.warnings, []);
    assertEquals(Object.keys(result), [
      "parser",
      "institution",
      "account",
      "period",
      "balances",
      "transactions",
      "verification",
      "warnings",
      "pages",
      "elapsed_ms",
    ]);

    const failed = await parseStatementPdf(toyPdf("150.00", [{ image: true }]), { isolated: false });
    assertEquals(failed.verification.status, "failed");
    assertEquals(failed.pages, 2);
    assertEquals(failed.warnings, ["Page 2 has no text (a scanned page?); it was skipped"]);
  } finally {
    unregisterParser("toy");
  }
});

Deno.test("parseStatementPdf: a forced parser is used; an unknown one fails before extraction", async () => {
  registerParser(toyParser);
  try {
    // The toy parser claims this file, but the forced generic parser reads it (and finds no table).
    const forced = await assertRejects(
      () => parseStatementPdf(toyPdf(), { parserId: "generic", isolated: false }),
      DocumentError,
      "no transaction table found",
    );
    assertEquals(forced.state, "failed");
    assertEquals((await parseStatementPdf(toyPdf(), { parserId: "toy", isolated: false })).parser, "toy");
  } finally {
    unregisterParser("toy");
  }
  const started = performance.now();
  await assertRejects(
    () => parseStatementPdf(toyPdf(), { parserId: "nope" }),
    ParserRegistryError,
    'Unknown parser "nope"',
  );
  assert(performance.now() - started < 50);
});

Deno.test("parseStatementPdf warns when nothing can be verified", async () => {
  registerParser({
    ...toyParser,
    id: "toy-nobalances",
    parse: (doc) => ({ ...toyParser.parse(doc), balances: { opening: null, closing: null }, transactions: [] }),
  });
  try {
    const result = await parseStatementPdf(toyPdf(), { isolated: false, parserId: "toy-nobalances" });
    assertEquals(result.verification, { status: "unverifiable", checks: [] });
    assertEquals(result.warnings.at(-1), UNVERIFIABLE_WARNING);
  } finally {
    unregisterParser("toy-nobalances");
  }
});

Deno.test("parseStatementPdf: documents that cannot be parsed are DocumentErrors", async () => {
  const notPdf = await assertRejects(() => parseStatementPdf(new TextEncoder().encode("a,b\n1,2\n")), DocumentError);
  assertEquals([notPdf.state, notPdf.message], ["unreadable", "The file is not a PDF"]);
  const locked = toyPdf("150.10", [], "pw");
  const needs = await assertRejects(() => parseStatementPdf(locked), DocumentError);
  assertEquals(needs.state, "needs_password");
  registerParser(toyParser);
  try {
    assertEquals((await parseStatementPdf(locked, { password: "pw" })).verification.status, "passed");
  } finally {
    unregisterParser("toy");
  }
  registerParser({
    ...toyParser,
    id: "toy-broken",
    parse: () => {
      throw new TypeError("cannot read properties of undefined");
    },
  });
  try {
    const broken = await assertRejects(
      () => parseStatementPdf(toyPdf(), { isolated: false, parserId: "toy-broken" }),
      DocumentError,
    );
    assertEquals([broken.state, broken.message], [
      "failed",
      "Cannot parse statement: cannot read properties of undefined",
    ]);
  } finally {
    unregisterParser("toy-broken");
  }
});
