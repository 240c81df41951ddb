import { assert, assertEquals } from "../../../tests/support/assert.ts";
import type { Line } from "../types.ts";
import { buildPageLines, looksLikeTableHeader, type RawItem, removeFurniture } from "./lines.ts";

/** A run of Helvetica-like text: 0.5 em per character. */
const run = (text: string, x: number, y: number, size = 10, extra: Partial<RawItem> = {}): RawItem => ({
  text,
  x,
  y,
  width: text.length * size * 0.5,
  size,
  ...extra,
});

const texts = (lines: Line[]) => lines.map((l) => l.items.map((i) => i.text));

Deno.test("buildPageLines groups runs by baseline, top to bottom, left to right", () => {
  const lines = buildPageLines([
    run("1,234.56", 400, 679.6),
    run("01/05", 72, 680),
    run("Opening balance", 72, 700),
    run("ACH DEPOSIT", 130, 680.3),
  ], 1);
  assertEquals(texts(lines), [["Opening balance"], ["01/05", "ACH DEPOSIT", "1,234.56"]]);
  assertEquals(lines.map((l) => [l.page, l.index]), [[1, 0], [1, 1]]);
  assertEquals(lines[1].text, "01/05 ACH DEPOSIT 1,234.56");
  assertEquals(lines[1].items[2], { text: "1,234.56", x: 400, xEnd: 440, y: 679.6, height: 10 });
});

Deno.test("buildPageLines merges word runs closer than a space and keeps column gaps", () => {
  // "ACH" ends at 145; "DEPOSIT" starts 3 pt later (a space); the amount is 100 pt away.
  const [line] = buildPageLines([run("ACH", 130, 680), run("DEPOSIT", 148, 680), run("12.00", 300, 680)], 1);
  assertEquals(line.items.map((i) => [i.text, i.x, i.xEnd]), [["ACH DEPOSIT", 130, 183], ["12.00", 300, 325]]);
  // Touching runs (kerning, per-glyph positioning) join without a space.
  const [glued] = buildPageLines([run("DEP", 130, 680), run("OSIT", 145, 680)], 1);
  assertEquals(glued.items.map((i) => i.text), ["DEPOSIT"]);
  // A gap of 5 pt at 10 pt is more than a space: separate items.
  const [apart] = buildPageLines([run("01/05", 72, 680), run("SHELL", 102, 680)], 1);
  assertEquals(apart.items.map((i) => i.text), ["01/05", "SHELL"]);
});

Deno.test("buildPageLines uses a wider merge gap for monospaced fonts", () => {
  const mono = { monospace: true };
  const [line] = buildPageLines([run("ACH", 72, 680, 10, mono), run("DEPOSIT", 93, 680, 10, mono)], 1);
  assertEquals(line.items.map((i) => i.text), ["ACH DEPOSIT"]);
});

Deno.test("buildPageLines drops blank runs, trims and splits runs on wide runs of spaces", () => {
  const [line] = buildPageLines([
    run("   ", 10, 680),
    run("  01/05", 72, 680),
    run("Coffee  shop      4.50", 200, 680),
  ], 1);
  assertEquals(line.items.map((i) => i.text), ["01/05", "Coffee  shop", "4.50"]);
  assertEquals(line.items[0].x, 82);
  assert(line.items[2].x > line.items[1].xEnd + 15);
});

Deno.test("buildPageLines keeps overprinted (fake bold) text once", () => {
  const [line] = buildPageLines([run("TOTAL", 72, 680), run("TOTAL", 72.3, 680), run("9.00", 300, 680)], 1);
  assertEquals(line.items.map((i) => i.text), ["TOTAL", "9.00"]);
});

Deno.test("buildPageLines separates lines closer than the font size but keeps a jittered baseline", () => {
  const lines = buildPageLines([run("a", 72, 700), run("b", 200, 699.2), run("c", 72, 690)], 1);
  assertEquals(texts(lines), [["a", "b"], ["c"]]);
});

function page(n: number, rows: [string, number][]): Line[] {
  return buildPageLines(rows.map(([text, y], i) => run(text, 72 + (i % 2) * 0, y)), n);
}

Deno.test("removeFurniture removes repeated headers and footers but keeps table headers", () => {
  const pages = [1, 2, 3].map((n) =>
    buildPageLines([
      run("First Bank Statement", 72, 760),
      run("Date", 72, n === 1 ? 600 : 740),
      run("Description", 130, n === 1 ? 600 : 740),
      run("Amount", 400, n === 1 ? 600 : 740),
      run(`01/0${n}`, 72, 500),
      run("Coffee", 130, 500),
      run("4.50", 400, 500),
      run(`Page ${n} of 3`, 72, 30),
    ], n)
  );
  const { lines, furniture } = removeFurniture(pages, { pageHeights: [792, 792, 792] });
  assertEquals(furniture.map((l) => [l.page, l.text]), [
    [1, "First Bank Statement"],
    [1, "Page 1 of 3"],
    [2, "First Bank Statement"],
    [2, "Page 2 of 3"],
    [3, "First Bank Statement"],
    [3, "Page 3 of 3"],
  ]);
  assertEquals(lines.map((l) => [l.page, l.index, l.text]), [
    [1, 0, "Date Description Amount"],
    [1, 1, "01/01 Coffee 4.50"],
    [2, 0, "Date Description Amount"],
    [2, 1, "01/02 Coffee 4.50"],
    [3, 0, "Date Description Amount"],
    [3, 1, "01/03 Coffee 4.50"],
  ]);
});

Deno.test("removeFurniture keeps lines that repeat outside the bands, on too few pages, or on one page", () => {
  const pages = [1, 2, 3, 4, 5].map((n) =>
    page(n, [
      ["Thank you for banking with us", 400], // mid-page: content
      ...(n <= 2 ? [["Important notice", 770] as [string, number]] : []), // 2 of 5 pages
      ["Page " + n, 20],
    ])
  );
  const { lines, furniture } = removeFurniture(pages, { pageHeights: [792, 792, 792, 792, 792] });
  assertEquals(furniture.map((l) => l.text), ["Page 1", "Page 2", "Page 3", "Page 4", "Page 5"]);
  assertEquals(lines.filter((l) => l.text === "Important notice").length, 2);
  assertEquals(lines.filter((l) => l.text.startsWith("Thank you")).length, 5);
  const single = removeFurniture([page(1, [["Page 1 of 1", 20]])], { pageHeights: [792] });
  assertEquals(single.furniture, []);
  assertEquals(single.lines.length, 1);
});

Deno.test("removeFurniture needs the repeated line at about the same height", () => {
  const pages = [1, 2, 3].map((n) => page(n, [["Account 1234", n === 2 ? 700 : 770]]));
  const { furniture } = removeFurniture(pages, { pageHeights: [792, 792, 792] });
  assertEquals(furniture.map((l) => l.page), [1, 3]);
});

Deno.test("looksLikeTableHeader recognises column headers, not page titles", () => {
  const line = (...words: string[]) => buildPageLines(words.map((w, i) => run(w, 72 + i * 100, 700)), 1)[0];
  assert(looksLikeTableHeader(line("Date", "Description", "Withdrawals", "Deposits", "Balance")));
  assert(looksLikeTableHeader(line("Trans Date", "Post Date", "Description", "Amount")));
  assert(looksLikeTableHeader(line("Datum", "Buchungstext", "Soll", "Haben", "Saldo")));
  assert(looksLikeTableHeader(line("Fecha", "Concepto", "Importe", "Saldo")));
  assert(looksLikeTableHeader(line("Date", "Libellé", "Débit", "Crédit")));
  assert(!looksLikeTableHeader(line("Checking Account Statement", "Page 2 of 5")));
  assert(!looksLikeTableHeader(line("Datenschutz", "Seite 2 von 5")));
  assert(!looksLikeTableHeader(line("Statement date 01/31/2024")));
});
