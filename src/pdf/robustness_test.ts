import { assert, assertEquals } from "../../tests/support/assert.ts";
import { renderBlocksPdf } from "./blocks.ts";
import { htmlToBlocks } from "./html.ts";
import { markdownToBlocks } from "./markdown.ts";
import { renderReportPdf } from "./report.ts";
import { pageTexts } from "./testing/extract.ts";
import { transactionsSample } from "./testing/samples.ts";
import type { Block } from "./types.ts";

/** `text` includes `part` (the message stays short: the texts here are long). */
function has(text: string, part: string, message = `missing ${JSON.stringify(part)}`) {
  assert(text.includes(part), message);
}

const HOSTILE = [
  "Emoji: 🍞🥐 👩‍👩‍👧 🇺🇸 ✓",
  "CJK: 会计报告 帳簿 회계",
  "Hebrew: שלום עולם, Arabic: مرحبا بالعالم",
  "Combining: e\u0301 a\u0308 Z\u0334\u0321\u032a\u0347 n\u0303",
  "Controls: a\u0000b\u0007c\u001bd\u007fe\u0085f\u200bg\u202eh\ufeffi",
  "Lone surrogates: \ud800 \udfff end",
  `Long: ${"A".repeat(3000)}`,
  `Url: https://example.com/${"path/".repeat(80)}`,
  "Tabs\tand\r\nCRLF\rand\u2028separators",
  "",
  "   ",
];

Deno.test("hostile strings render in every block type and keep the text that fonts can draw", async () => {
  const runs = HOSTILE.map((text) => ({ text }));
  const blocks: Block[] = [
    { type: "heading", level: 1, runs },
    ...HOSTILE.map((text): Block => ({
      type: "paragraph",
      runs: [{ text }, { text, bold: true }, { text, code: true }],
    })),
    { type: "list", ordered: true, items: HOSTILE.map((text) => [{ text, italic: true }]) },
    { type: "table", header: HOSTILE.slice(0, 3), rows: HOSTILE.map((t) => [t, t, t]) },
  ];
  const bytes = await renderBlocksPdf({ title: HOSTILE.join(" "), header: HOSTILE.join(" · "), blocks }, {
    author: "\u0000evil\ud800",
  });
  const text = (await pageTexts(bytes)).join("\n");
  has(text, "Hebrew:");
  has(text, "\uFFFD", "characters the fonts lack become a visible replacement");
  has(text, "Lone surrogates:");
  assert(/[\u05d0-\u05ea]/.test(text), "Hebrew letters are real text");
  assert(/[\u0600-\u06ff\ufe70-\ufeff]/.test(text), "Arabic letters are real text");
  has(text, "Controls: abcde\nfghi", "controls are dropped, NEL is a line break");
  const longRun = text.replace(/\s+/g, "").match(/A{100,}/g)?.join("") ?? "";
  assert(longRun.length >= 3000, "a 3,000-letter word is broken across lines, not cut");
});

Deno.test("empty documents are one valid page", async () => {
  for (
    const doc of [{ title: "", blocks: [] }, { title: "Empty", blocks: [{ type: "paragraph", runs: [] } as Block] }]
  ) {
    const pages = await pageTexts(await renderBlocksPdf(doc));
    assertEquals(pages.length, 1);
    has(pages[0], "Page 1 of 1");
  }
  const empty = transactionsSample(0);
  empty.tables[0].totals = undefined;
  assertEquals((await pageTexts(await renderReportPdf(empty, { locale: "en" }))).length, 1);
});

Deno.test("malformed input from callers does not throw", async () => {
  const blocks = [
    { type: "paragraph", runs: [{ text: 42 }, { text: null }, null] },
    { type: "heading", level: 9, runs: "nope" },
    { type: "list", ordered: false, items: null },
    { type: "table", header: null, rows: [[1, null, undefined], "x"] },
    { type: "video" },
    null,
  ] as unknown as Block[];
  const text = (await pageTexts(await renderBlocksPdf({ title: "Odd", blocks }))).join("\n");
  has(text, "42");
  const report = transactionsSample(2);
  report.tables[0].rows[0].amount = "not money";
  report.tables[0].rows[1].date = "2025-02-31";
  report.currency = "NOPE";
  const r = (await pageTexts(await renderReportPdf(report, { locale: "xx-invalid-!!" }))).join("\n");
  has(r, "not money");
  has(r, "2025-02-31");
});

Deno.test("a 2,000-row table renders with every row", async () => {
  const doc = transactionsSample(2000);
  const pages = await pageTexts(await renderReportPdf(doc, { locale: "en-US" }));
  assert(pages.length > 40);
  const text = pages.join("\n");
  for (const n of [1, 999, 1000, 2000]) assert(new RegExp(`\\bRow ${n}\\b`).test(text), `row ${n}`);
  has(pages[pages.length - 1], `Page ${pages.length} of ${pages.length}`);
});

Deno.test("hostile Markdown and HTML convert and render; HTML scripts and styles are dropped", async () => {
  const md = "# \u0000\n\n**unclosed *emphasis\n\n| a |\n|---|\n| " + "x".repeat(500) + " |";
  const html =
    "<h1>Title<script>alert(1)</script></h1><p>a<b>b<i>c</p><table><tr><td>1<td>2</table><style>p{}</style>" +
    "<ul><li>one<ul><li>deep</li></ul>after</li></ul>" + "<div>".repeat(500) + "inner" + "</div>".repeat(500);
  const fromMd = (await pageTexts(await renderBlocksPdf({ title: "x", blocks: markdownToBlocks(md) }))).join("\n");
  has(fromMd, "**unclosed *emphasis");
  assert(fromMd.replace(/\s/g, "").includes("x".repeat(500)), "the long cell is wrapped, not cut");
  const fromHtml = (await pageTexts(await renderBlocksPdf({ title: "x", blocks: htmlToBlocks(html) }))).join("\n");
  for (const part of ["Title", "abc", "1 2", "• one", "deep", "after", "inner"]) has(fromHtml, part);
  assert(!fromHtml.includes("alert") && !fromHtml.includes("p{}"), "no script or style text");
});

Deno.test("a table cell taller than a page continues on the next page instead of losing text", async () => {
  const words = Array.from({ length: 4000 }, (_, i) => `w${i}`);
  const bytes = await renderBlocksPdf({
    title: "Notes",
    blocks: [{
      type: "table",
      header: ["Memo", "Amount"],
      rows: [["short", "1.00"], [words.join(" "), "2.00"], ["after", "3.00"]],
    }],
  });
  const pages = await pageTexts(bytes);
  assert(pages.length >= 3, `${pages.length} pages`);
  const found = pages.join("\n").match(/\bw\d+\b/g) ?? [];
  assertEquals(found, words);
  for (const page of pages) has(page, "Memo Amount", "the header row repeats");
  has(pages[pages.length - 1], "after 3.00");
});
