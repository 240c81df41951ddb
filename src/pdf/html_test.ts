import { assertEquals } from "../../tests/support/assert.ts";
import { htmlToBlocks } from "./html.ts";

Deno.test("HTML headings, paragraphs, inline styles, line breaks and links", () => {
  assertEquals(
    htmlToBlocks(
      "<html><head><title>T</title><style>p{color:red}</style></head><body>" +
        "<h1>Year-end <em>letter</em></h1><h6>Small</h6>" +
        "<p>Dear <strong>Maria</strong>,<br>see <code>Sched  C</code> at <a href='https://hp.example'>our site</a>.</p>" +
        "<div>Loose <span>text</span> &amp; entities&nbsp;&lt;ok&gt;</div><script>alert(1)</script></body></html>",
    ),
    [
      { type: "heading", level: 1, runs: [{ text: "Year-end " }, { text: "letter", italic: true }] },
      { type: "heading", level: 4, runs: [{ text: "Small" }] },
      {
        type: "paragraph",
        runs: [
          { text: "Dear " },
          { text: "Maria", bold: true },
          { text: "," },
          { text: "\n" },
          { text: "see " },
          { text: "Sched C", code: true },
          { text: " at " },
          { text: "our site" },
          { text: " (https://hp.example)" },
          { text: "." },
        ],
      },
      { type: "paragraph", runs: [{ text: "Loose " }, { text: "text" }, { text: " & entities\u00a0<ok>" }] },
    ],
  );
});

Deno.test("HTML lists with nesting and start numbers, rules and CSS page breaks", () => {
  assertEquals(
    htmlToBlocks(
      "<ul><li>a</li><li>b<ul><li>b1</li></ul></li></ul><ol start='5'><li><p>five</p><p>more</p></li></ol><hr>" +
        "<div style='page-break-before: always'>next page</div>",
    ),
    [
      { type: "list", ordered: false, items: [[{ text: "a" }], [{ text: "b" }]], depth: 0, start: 1 },
      { type: "list", ordered: false, items: [[{ text: "b1" }]], depth: 1, start: 1 },
      {
        type: "list",
        ordered: true,
        items: [[{ text: "five" }, { text: "\n" }, { text: "more" }]],
        depth: 0,
        start: 5,
      },
      { type: "rule" },
      { type: "pagebreak" },
      { type: "paragraph", runs: [{ text: "next page" }] },
    ],
  );
});

Deno.test("HTML tables: header from th or thead, alignment, tfoot as totals, cells as text", () => {
  assertEquals(
    htmlToBlocks(
      "<table><thead><tr><th>Item</th><th align='right'>Fee</th></tr></thead>" +
        "<tbody><tr><td>Prep <b>work</b></td><td style='text-align: right'>$1.00</td></tr></tbody>" +
        "<tfoot><tr><td>Total</td><td>$1.00</td></tr></tfoot></table>" +
        "<table><tr><td>no</td><td>header</td></tr></table>",
    ),
    [
      {
        type: "table",
        header: ["Item", "Fee"],
        rows: [["Prep work", "$1.00"]],
        align: ["left", "right"],
        foot: [["Total", "$1.00"]],
      },
      { type: "table", header: [], rows: [["no", "header"]], align: ["left", "left"] },
    ],
  );
});

Deno.test("HTML unknown elements give their text; pre keeps its spaces", () => {
  assertEquals(htmlToBlocks("<custom-tag>hello <x-y>world</x-y></custom-tag><pre>a  b\n  c</pre>"), [
    { type: "paragraph", runs: [{ text: "hello " }, { text: "world" }] },
    { type: "paragraph", runs: [{ text: "a  b\n  c", code: true }] },
  ]);
  assertEquals(htmlToBlocks(""), []);
});

Deno.test("HTML table cells spanning columns; numeric columns without stated alignment are right-aligned", () => {
  assertEquals(
    htmlToBlocks(
      "<table><thead><tr><th>Line</th><th>Description</th><th class='num'>Amount</th></tr></thead>" +
        "<tbody><tr><td>1</td><td>Gross receipts</td><td>1,234.00</td></tr><tr><td colspan='3'>Nothing else</td></tr></tbody>" +
        "<tfoot><tr><th colspan='2'>Line 7 · Gross income</th><td>1,234.00</td></tr>" +
        "<tr><th colspan='2'>Line 31 · Net profit</th><td>-5.00</td></tr></tfoot></table>" +
        "<table><tr><td>Rent</td><td>$1,200.00</td></tr><tr><td>Fees</td><td>(35.10)</td></tr></table>",
    ),
    [
      {
        type: "table",
        header: ["Line", "Description", "Amount"],
        rows: [["1", "Gross receipts", "1,234.00"], ["Nothing else"]],
        align: ["right", "left", "right"],
        foot: [["Line 7 · Gross income", "1,234.00"], ["Line 31 · Net profit", "-5.00"]],
        spans: { header: undefined, rows: [[1, 1, 1], [3]], foot: [[2, 1], [2, 1]] },
      },
      { type: "table", header: [], rows: [["Rent", "$1,200.00"], ["Fees", "(35.10)"]], align: ["left", "right"] },
    ],
  );
});
