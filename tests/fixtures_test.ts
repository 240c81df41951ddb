/**
 * The statement fixture generator itself: every fixture is a PDF that loads back, prints what
 * its truth says, and has consistent balances; the special files are what they claim to be.
 */
import { PDFDocument } from "@cantoo/pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { assert, assertEquals, assertRejects } from "./support/assert.ts";
import {
  type AmountStyle,
  type DateFormat,
  decimal,
  encryptedStatement,
  FIXTURES,
  formatAmount,
  formatBalance,
  formatDate,
  generateStatement,
  malformedFiles,
  randomTransactions,
  scannedStatement,
  type StatementSpec,
  type Truth,
} from "./fixtures/statements.ts";

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+\.\d{2}$/;

/** Integer cents of a truth decimal string. */
function cents(s: string): number {
  assert(DECIMAL.test(s), `not a decimal string: ${s}`);
  const neg = s.startsWith("-");
  const [int, frac] = s.replace("-", "").split(".");
  return (neg ? -1 : 1) * (Number(int) * 100 + Number(frac));
}

/** Balances follow from the opening balance and the amounts; totals match the amounts. */
function assertConsistent(truth: Truth): void {
  const card = truth.account.type === "credit_card";
  assert(/^\d{4}$/.test(truth.account.number), `account number ${truth.account.number}`);
  assert(ISO.test(truth.period.start) && ISO.test(truth.period.end) && truth.period.start < truth.period.end);
  let running = cents(truth.balances.opening);
  let moneyIn = 0;
  let moneyOut = 0;
  for (const [i, t] of truth.transactions.entries()) {
    assert(ISO.test(t.date), `row ${i} date ${t.date}`);
    assert(t.date <= truth.period.end, `row ${i} date ${t.date} after the period`);
    if (t.posted_date !== null) {
      assert(t.posted_date >= t.date, `row ${i} posted before the transaction`);
      assert(t.posted_date >= truth.period.start && t.posted_date <= truth.period.end, `row ${i} posted outside`);
    } else {
      assert(t.date >= truth.period.start, `row ${i} date ${t.date} before the period`);
    }
    assertEquals(t.description, t.description.trim().replace(/\s+/g, " "));
    assert(t.description.length > 0);
    const amount = cents(t.amount);
    assert(amount !== 0);
    if (amount > 0) moneyIn += amount;
    else moneyOut -= amount;
    running = card ? running - amount : running + amount;
    if (t.balance !== null) assertEquals(cents(t.balance), running, `running balance of row ${i}`);
  }
  assertEquals(cents(truth.balances.closing), running, "closing balance");
  const totals = truth.totals;
  if (totals) {
    const printedIn = cents(totals.deposits ?? totals.payments ?? "0.00");
    const printedOut = cents(totals.withdrawals ?? totals.purchases ?? "0.00") + cents(totals.fees ?? "0.00");
    assertEquals([printedIn, printedOut], [moneyIn, moneyOut], "printed totals");
  }
}

/** All the text of a PDF, whitespace squashed. */
async function text(pdf: Uint8Array, password?: string): Promise<{ pages: string[]; all: string }> {
  const doc = await getDocumentProxy(pdf.slice(), password ? { password } : {});
  const { text } = await extractText(doc);
  const pages = text.map((t) => t.replace(/\s+/g, " ").trim());
  return { pages, all: pages.join(" ") };
}

for (const fixture of FIXTURES) {
  Deno.test(`fixture ${fixture.name}: a loadable PDF that prints its consistent truth`, async () => {
    const { pdf, truth } = await generateStatement(fixture.spec, { password: fixture.password });
    const doc = await PDFDocument.load(pdf, fixture.password ? { password: fixture.password } : {});
    assertEquals(doc.getPageCount(), truth.pages);
    assertConsistent(truth);
    const { all } = await text(pdf, fixture.password);
    assert(all.includes(truth.institution), "institution printed");
    assert(all.replaceAll(" ", "").includes(truth.account.number), "last 4 digits printed");
    for (const t of truth.transactions) assert(all.includes(t.description), `description printed: ${t.description}`);
  });
}

Deno.test("the catalogue has at least 20 uniquely named fixtures", () => {
  assert(FIXTURES.length >= 20, `${FIXTURES.length} fixtures`);
  assertEquals(new Set(FIXTURES.map((f) => f.name)).size, FIXTURES.length);
});

Deno.test("the catalogue covers every style, date format, language and layout option", () => {
  const specs = FIXTURES.map((f) => f.spec);
  const kinds = (s: StatementSpec) => s.table.columns.map((c) => (typeof c === "string" ? c : c.kind));
  const set = <T>(f: (s: StatementSpec) => T) => new Set(specs.map(f));
  const styles: AmountStyle[] = ["signed", "columns", "parentheses", "trailing_minus", "cr_dr", "cr_only", "dc"];
  for (const style of styles) assert(set((s) => s.table.amountStyle).has(style), `amount style ${style}`);
  const formats: DateFormat[] = ["MM/DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "YYYY-MM-DD", "MMM DD", "DD MMM"];
  for (const f of formats) assert(set((s) => s.table.dateFormat).has(f), `date format ${f}`);
  for (const l of ["en", "de", "es", "fr"]) assert(set((s) => s.language ?? "en").has(l as never), `language ${l}`);
  for (const t of ["checking", "savings", "credit_card"]) assert(set((s) => s.account.type).has(t as never), t);
  for (const d of ["masked", "ending", "full", "iban"]) assert(set((s) => s.account.display).has(d as never), d);
  for (const p of ["beside", "above"]) assert(set((s) => s.summary?.position).has(p as never), `summary ${p}`);
  for (const p of ["info", "table"]) assert(set((s) => s.balances.placement).has(p as never), `balances in ${p}`);
  for (const n of ["us", "eu", "fr"]) {
    const language = (s: StatementSpec) => s.language ?? "en";
    const grouping = (s: StatementSpec) =>
      s.numberFormat ?? (language(s) === "en" ? "us" : language(s) === "fr" ? "fr" : "eu");
    assert(set(grouping).has(n as never), `number format ${n}`);
  }
  assert(specs.some((s) => kinds(s).includes("extra")), "an extra text column");
  assert(specs.some((s) => kinds(s).includes("posted") && s.account.type !== "credit_card"), "a bank posted column");
  assert(specs.some((s) => kinds(s).includes("posted") && s.account.type === "credit_card"), "a card posted column");
  assert(specs.some((s) => !kinds(s).includes("balance")), "no balance column");
  assert(specs.some((s) => s.table.totalsRow), "a totals row");
  assert(specs.some((s) => s.table.font === "courier"), "Courier");
  assert(specs.some((s) => s.table.align === "left"), "left-aligned money");
  assert(specs.some((s) => s.symbol), "currency symbols");
  assert(specs.some((s) => s.transactions.length === 0), "no transactions");
  assert(specs.some((s) => s.transactions.length >= 500), "500+ transactions");
  assert(specs.some((s) => s.period.start.slice(0, 4) !== s.period.end.slice(0, 4)), "a year rollover");
  assert(specs.some((s) => s.table.dateFormat === "MM/DD" && s.period.start.slice(0, 4) !== s.period.end.slice(0, 4)));
  assert(FIXTURES.some((f) => f.password), "an encrypted fixture");
});

Deno.test("multi-page fixtures repeat the page header, table header and footer on every page", async () => {
  const fixture = FIXTURES.find((f) => f.name === "multipage_5")!;
  const { pdf, truth } = await generateStatement(fixture.spec);
  assertEquals(truth.pages, 5);
  const { pages } = await text(pdf);
  assertEquals(pages.length, 5);
  pages.forEach((page, i) => {
    for (const words of [truth.institution, `Page ${i + 1} of 5`, "Date Description Amount Balance", "Member FDIC"]) {
      assert(page.includes(words), `page ${i + 1} prints ${words}`);
    }
    assert(page.includes("Please examine this statement promptly"), `page ${i + 1} prints the disclaimer`);
  });

  const large = FIXTURES.find((f) => f.name === "large_520")!;
  const big = await generateStatement(large.spec);
  assert(big.truth.transactions.length >= 500, `${big.truth.transactions.length} transactions`);
  assert(big.truth.pages >= 20, `${big.truth.pages} pages`);
  assertEquals((await PDFDocument.load(big.pdf)).getPageCount(), big.truth.pages);
});

Deno.test("an empty period prints its notice and keeps the balance", async () => {
  const fixture = FIXTURES.find((f) => f.name === "no_activity")!;
  const { pdf, truth } = await generateStatement(fixture.spec);
  assertEquals(truth.transactions, []);
  assertEquals(truth.balances.closing, truth.balances.opening);
  assert((await text(pdf)).all.includes("No activity this period"));
});

Deno.test("amount styles print as specified; truth amounts are plain decimals", () => {
  const money = { numberFormat: "us" as const, currency: "USD", symbol: false };
  const cases: [AmountStyle, number, boolean, string][] = [
    ["signed", -123456, false, "-1,234.56"],
    ["signed", -123456, true, "1,234.56"],
    ["signed", 5000, true, "-50.00"],
    ["parentheses", -1200, false, "(12.00)"],
    ["trailing_minus", -1200, false, "12.00-"],
    ["cr_dr", -1200, false, "12.00 DR"],
    ["cr_dr", 1200, false, "12.00 CR"],
    ["cr_only", -1200, true, "12.00"],
    ["cr_only", 1200, true, "12.00 CR"],
    ["dc", -1200, false, "12.00 D"],
    ["dc", 1200, false, "12.00 C"],
    ["columns", -1200, false, "12.00"],
  ];
  for (const [style, amount, issuer, printed] of cases) {
    assertEquals(formatAmount(amount, style, money, issuer), printed, `${style} ${amount}`);
  }
  assertEquals(
    formatAmount(-123456, "signed", { numberFormat: "eu", currency: "EUR", symbol: true }, false),
    "-1.234,56 €",
  );
  assertEquals(formatAmount(123456, "signed", { ...money, symbol: true }, false), "$1,234.56");
  assertEquals(formatAmount(-123456, "signed", { ...money, numberFormat: "fr" }, false), "-1 234,56");
  assertEquals(formatBalance(-500, "parentheses", money, false), "(5.00)");
  assertEquals(formatBalance(500, "cr_dr", money, false), "5.00 CR");
  assertEquals([decimal(-123456), decimal(5000), decimal(-5)], ["-1234.56", "50.00", "-0.05"]);
  assertEquals(formatDate("2024-01-05", "MMM DD"), "Jan 05");
  assertEquals(formatDate("2024-01-05", "DD MMM"), "05 Jan");
  assertEquals(formatDate("2024-03-01", "long", "de"), "1. März 2024");
});

Deno.test("generation is deterministic", async () => {
  const a = await generateStatement(FIXTURES[0].spec);
  const b = await generateStatement(FIXTURES[0].spec);
  assertEquals(a.pdf, b.pdf);
  assertEquals(randomTransactions(7, 40, "checking"), randomTransactions(7, 40, "checking"));
});

Deno.test("the encrypted statement opens only with its password", async () => {
  const { pdf, truth, password } = await encryptedStatement();
  assertEquals(password, "s3cret-pass");
  const err = await assertRejects(() => getDocumentProxy(pdf.slice()));
  assertEquals(err.name, "PasswordException");
  await assertRejects(() => getDocumentProxy(pdf.slice(), { password: "wrong" }));
  const { all, pages } = await text(pdf, password);
  assertEquals(pages.length, truth.pages);
  assert(all.includes(truth.institution));
});

Deno.test("the scanned statement is an image without a text layer", async () => {
  const { pdf } = await scannedStatement();
  const { pages, all } = await text(pdf);
  assertEquals(pages.length, 1);
  assertEquals(all, "");
  assert(new TextDecoder("latin1").decode(pdf).includes("/Subtype /Image"), "an embedded image");
});

Deno.test("malformed files are what they claim to be", async () => {
  const m = await malformedFiles();
  const head = (b: Uint8Array) => new TextDecoder().decode(b.subarray(0, 5));
  for (const b of Object.values(m)) assertEquals(head(b), "%PDF-");
  await assertRejects(() => PDFDocument.load(m.truncated, { throwOnInvalidObject: true }));
  await assertRejects(() => getDocumentProxy(m.randomBytes.slice()));
  assert(new TextDecoder().decode(m.deepNesting).includes("[".repeat(10_000)), "10,000 nested arrays");
  assert(m.hugePageCount.length < 2 * 1024 * 1024, `${m.hugePageCount.length} bytes`);
  const huge = await getDocumentProxy(m.hugePageCount.slice());
  assertEquals(huge.numPages, 100_000);
  const last = await huge.getPage(100_000);
  assertEquals((await last.getTextContent()).items.length, 0);
});
