import { assertEquals } from "../../tests/support/assert.ts";
import { markdownToBlocks } from "./markdown.ts";

Deno.test("Markdown headings, paragraphs with bold/italic/code runs, breaks and links", () => {
  assertEquals(
    markdownToBlocks(
      "# Year-end *letter*\n\n##### Deep\n\nDear **Maria**, see `Schedule C` and [our site](https://hp.example)  \nnext line\nsame line\n\n" +
        "![logo](logo.png)",
    ),
    [
      { type: "heading", level: 1, runs: [{ text: "Year-end " }, { text: "letter", italic: true }] },
      { type: "heading", level: 4, runs: [{ text: "Deep" }] },
      {
        type: "paragraph",
        runs: [
          { text: "Dear " },
          { text: "Maria", bold: true },
          { text: ", see " },
          { text: "Schedule C", code: true },
          { text: " and " },
          { text: "our site" },
          { text: " (https://hp.example)" },
          { text: "\n" },
          { text: "next line" },
          { text: " " },
          { text: "same line" },
        ],
      },
      { type: "paragraph", runs: [{ text: "logo" }] },
    ],
  );
});

Deno.test("Markdown lists: bullets, numbers with their start, nesting, several paragraphs in an item", () => {
  assertEquals(markdownToBlocks("- a\n- b\n  - b1\n- c\n\n3. three\n4. four\n\n- one\n\n  more\n"), [
    { type: "list", ordered: false, items: [[{ text: "a" }], [{ text: "b" }]], depth: 0, start: 1 },
    { type: "list", ordered: false, items: [[{ text: "b1" }]], depth: 1, start: 1 },
    { type: "list", ordered: false, items: [[{ text: "c" }]], depth: 0, start: 3 },
    { type: "list", ordered: true, items: [[{ text: "three" }], [{ text: "four" }]], depth: 0, start: 3 },
    { type: "list", ordered: false, items: [[{ text: "one" }, { text: "\n" }, { text: "more" }]], depth: 0, start: 1 },
  ]);
});

Deno.test("Markdown tables keep alignment; a bold last row is the totals row", () => {
  assertEquals(markdownToBlocks("| Item | Fee |\n|:--|--:|\n| Prep | $1.00 |\n| **Total** | **$1.00** |"), [
    {
      type: "table",
      header: ["Item", "Fee"],
      rows: [["Prep", "$1.00"]],
      align: ["left", "right"],
      foot: [["Total", "$1.00"]],
    },
  ]);
  assertEquals(markdownToBlocks("| A |\n|---|\n| **only** |"), [
    { type: "table", header: ["A"], rows: [["only"]], align: ["left"] },
  ]);
  assertEquals(markdownToBlocks("| Item | Qty |\n|---|---|\n| Pens | 12 |\n| Ink | 3 |"), [
    { type: "table", header: ["Item", "Qty"], rows: [["Pens", "12"], ["Ink", "3"]], align: ["left", "right"] },
  ]);
});

Deno.test("Markdown rules, code blocks, quotes, page breaks and raw HTML as text", () => {
  assertEquals(markdownToBlocks("---\n\n```\nlet  x = 1;\n  y\n```\n\n> quoted\n\n\\pagebreak\n\n<b>raw</b>"), [
    { type: "rule" },
    { type: "paragraph", runs: [{ text: "let  x = 1;\n  y", code: true }] },
    { type: "paragraph", runs: [{ text: "quoted", italic: true }] },
    { type: "pagebreak" },
    { type: "paragraph", runs: [{ text: "<b>raw</b>" }] },
  ]);
  assertEquals(markdownToBlocks(""), []);
});
