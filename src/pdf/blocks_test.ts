import { assert, assertEquals, assertStringIncludes } from "../../tests/support/assert.ts";
import { PDFDocument } from "@cantoo/pdf-lib";
import { renderBlocksPdf } from "./blocks.ts";
import { markdownToBlocks } from "./markdown.ts";
import { pageLines, pageSizes, pageTexts } from "./testing/extract.ts";
import { LETTER_MARKDOWN } from "./testing/samples.ts";
import type { Block } from "./types.ts";

Deno.test("a letter from Markdown: title, header and footer on every page, styled runs, lists and a table", async () => {
  const bytes = await renderBlocksPdf(
    {
      title: "Engagement letter",
      header: "Harbor & Pine Accounting · Riverside Bakery LLC",
      blocks: markdownToBlocks(LETTER_MARKDOWN),
    },
    { locale: "en-US", showTitle: false, generatedAt: "2026-12-02T14:05:00Z" },
  );
  assertEquals(await pageSizes(bytes), [{ width: 612, height: 792 }]);
  const lines = (await pageLines(bytes))[0];
  const text = lines.join("\n");
  assertEquals(lines[0], "Harbor & Pine Accounting · Riverside Bakery LLC");
  assertStringIncludes(text, "Engagement letter");
  // Hard breaks keep the address on its own lines.
  assertStringIncludes(text, "Riverside Bakery LLC\nAttn: Maria Gonzalez, Owner\n1450 Harbor Avenue, Suite 200");
  assertStringIncludes(text, "1. Prepare Schedule C (Profit or Loss from Business)");
  assertStringIncludes(text, "• Receipts for purchases over $75");
  assertStringIncludes(text, "Schedule C preparation $1,250.00");
  assertStringIncludes(text, "Total $2,000.00");
  assertStringIncludes(text, "December 15, 2026");
  assertEquals(lines[lines.length - 1], "Generated Dec 2, 2026, 2:05 PM UTC Page 1 of 1");
});

Deno.test("page breaks and long documents number their pages: Page 2 of N", async () => {
  const blocks: Block[] = [
    { type: "paragraph", runs: [{ text: "First page." }] },
    { type: "pagebreak" },
    { type: "pagebreak" }, // a second break on an empty page adds no blank page
    { type: "heading", level: 2, runs: [{ text: "Second page" }] },
    ...Array.from({ length: 60 }, (_, i): Block => ({
      type: "paragraph",
      runs: [{ text: `Paragraph ${i + 1}: ` }, { text: "bold words ", bold: true }, {
        text: "and italic ones.",
        italic: true,
      }],
    })),
  ];
  const pages = await pageTexts(await renderBlocksPdf({ title: "Notes", header: "Firm · Client · 2025", blocks }));
  assert(pages.length >= 3, `${pages.length} pages`);
  pages.forEach((page, i) => {
    assertStringIncludes(page, "Firm · Client · 2025");
    assertStringIncludes(page, `Page ${i + 1} of ${pages.length}`);
  });
  assertStringIncludes(pages[0], "First page.");
  assert(!pages[0].includes("Second page"));
  assertStringIncludes(pages[1], "Second page");
  assertStringIncludes(pages[pages.length - 1], "Paragraph 60: bold words and italic ones.");
});

Deno.test("text wraps within the margins and the words keep their order", async () => {
  const words = Array.from({ length: 400 }, (_, i) => `word${i}`);
  const bytes = await renderBlocksPdf({
    title: "",
    blocks: [{ type: "paragraph", runs: [{ text: words.join(" ") }] }],
  });
  const lines = (await pageLines(bytes)).flat().filter((l) => l.startsWith("word"));
  assert(lines.length > 10, "the paragraph wraps onto many lines");
  assertEquals(lines.join(" ").split(" "), words);
});

Deno.test("rules, headings of every level, numbered lists starting anywhere and nested lists", async () => {
  const text = (await pageTexts(
    await renderBlocksPdf({
      title: "Checklist",
      blocks: [
        { type: "heading", level: 1, runs: [{ text: "One" }] },
        { type: "heading", level: 4, runs: [{ text: "Four" }] },
        { type: "rule" },
        { type: "list", ordered: true, start: 7, items: [[{ text: "seventh" }], [{ text: "eighth" }]] },
        { type: "list", ordered: false, depth: 1, items: [[{ text: "nested" }]] },
        { type: "table", header: ["A", "B"], rows: [["1", "2"]], align: ["left", "right"], foot: [["Sum", "2"]] },
      ],
    }),
  ))[0];
  for (const s of ["Checklist", "One", "Four", "7. seventh", "8. eighth", "◦ nested", "A B", "1 2", "Sum 2"]) {
    assertStringIncludes(text, s);
  }
});

Deno.test("table cells spanning columns are drawn across them, totals rows in the foot", async () => {
  const lines = (await pageLines(
    await renderBlocksPdf({
      title: "Summary",
      blocks: [{
        type: "table",
        header: ["Part", "Line", "Description", "Amount"],
        rows: [["I", "1", "Gross receipts or sales", "1,234.00"], ["No other lines in this period"]],
        align: ["left", "left", "left", "right"],
        foot: [["Line 7 · Gross income", "1,234.00"], ["Line 31 · Net profit (loss)", "1,000.00"]],
        spans: { rows: [undefined, [4]], foot: [[3, 1], [3, 1]] },
      }],
    }),
  ))[0];
  for (
    const l of ["Part Line Description Amount", "I 1 Gross receipts or sales 1,234.00", "No other lines in this period"]
  ) {
    assert(lines.includes(l), l);
  }
  assert(lines.includes("Line 7 · Gross income 1,234.00"), "a spanning label stays on one line with its amount");
  assert(lines.includes("Line 31 · Net profit (loss) 1,000.00"));
});

Deno.test("the file's metadata carries the title, author and language; Spanish labels", async () => {
  const bytes = await renderBlocksPdf({ title: "Carta de fin de año", blocks: [] }, {
    locale: "es-MX",
    author: "Harbor & Pine",
    generatedAt: "2026-12-02T14:05:00Z",
  });
  const doc = await PDFDocument.load(bytes);
  assertEquals(doc.getTitle(), "Carta de fin de año");
  assertEquals(doc.getAuthor(), "Harbor & Pine");
  assertEquals(doc.getCreator(), "LedgerFlow");
  const text = (await pageTexts(bytes))[0];
  assertStringIncludes(text, "Página 1 de 1");
  assertStringIncludes(text, "Generado el 2 dic 2026");
});
