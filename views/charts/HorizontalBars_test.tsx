import nodeAssert from "node:assert/strict";
import { assert, assertEquals, assertStringIncludes } from "../../tests/support/assert.ts";
import { HorizontalBars } from "./HorizontalBars.tsx";
import { all, attr, bars, focusables, one, render, tableRows, text } from "./test_dom.ts";
import { HOSTILE, items, money, sampleCharts } from "./test_samples.tsx";

const charts = sampleCharts();
const [, , payees, profitLoss] = charts;
const LONG = "Amazon Web Services EMEA SARL (Luxembourg) — cloud hosting";

Deno.test("each payee is one focusable bar whose name carries the whole label and the value", async () => {
  const doc = await render(payees);
  const names = focusables(doc).map((p) => attr(p, "aria-label"));
  assertEquals(names.length, 7);
  assertEquals(names[0], `${LONG}: $18,432.21`);
  assertEquals(names[3], `${HOSTILE}: $770.00`);
  for (const p of focusables(doc)) {
    assertEquals(text(one(p, (e) => e.name === "title")), attr(p, "aria-label"));
  }
});

Deno.test("long labels are cut with an ellipsis on screen, short ones are left alone", async () => {
  const doc = await render(payees);
  const shown = all(doc, (e) => attr(e, "class") === "chart-bar-label").map(text);
  assert(shown[0].endsWith("…") && LONG.startsWith(shown[0].slice(0, -1)), shown[0]);
  assert(shown[0].length < 30, "fits the label column");
  assertEquals(shown[2], "Adobe");
  assertEquals(shown[5], "Café Olé ☕ & Co.");
  // The whole label (with its value) appears on hover or focus for truncated rows only.
  assertEquals(all(doc, (e) => attr(e, "class") === "chart-readout chart-full-label").map(text), [
    `${LONG}: $18,432.21`,
    "Landlord: 412 Oak Street Holdings LLC: $14,400.00",
    `${HOSTILE}: $770.00`,
  ]);
});

Deno.test("values sit at the end of each bar, bars are proportional, negatives go left of zero", async () => {
  const doc = await render(payees);
  const rows = focusables(doc);
  const geometry = bars(doc);
  for (const [i, p] of rows.entries()) {
    const value = one(p, (e) => attr(e, "class") === "chart-bar-value");
    assertEquals(text(value), money([1843221, 1440000, 95988, 77000, 64210, 12050, 1599][i]));
    const end = geometry[i].x + geometry[i].width;
    const x = Number(attr(value, "x"));
    assert(x > end && x - end < 10, `value right after the bar (${x} vs ${end})`);
  }
  assert(Math.abs(geometry[1].width / geometry[0].width - 1440000 / 1843221) < 0.01);

  const pl = await render(profitLoss);
  const zero = Number(attr(all(pl, (e) => attr(e, "class") === "chart-zero")[0], "x1"));
  for (const [i, p] of focusables(pl).entries()) {
    const b = bars(pl)[i];
    const value = one(p, (e) => attr(e, "class") === "chart-bar-value");
    if (b.name.includes("-$")) {
      assertStringIncludes(b.class, "chart-negative");
      assert(Math.abs(b.x + b.width - zero) < 0.02, `${b.name} ends at zero`);
      assert(Number(attr(value, "x")) < b.x && attr(value, "text-anchor") === "end", "its value is on its left");
    } else {
      assert(Math.abs(b.x - zero) < 0.02, `${b.name} starts at zero`);
    }
  }
});

Deno.test("a visually hidden table lists the same items and values", async () => {
  const doc = await render(profitLoss);
  const table = one(doc, (e) => e.name === "table");
  assertStringIncludes(attr(table.parent as typeof table, "class"), "visually-hidden");
  assertEquals(all(table, (e) => e.name === "th" && attr(e, "scope") === "col").map(text), ["Category", "Net"]);
  assertEquals(tableRows(table), [
    ["Sales", "$42,000.00"],
    ["Advertising (line 8)", "-$1,800.00"],
    ["Supplies (line 22)", "-$4,200.00"],
    ["Refunds received", "$350.00"],
    ["Travel (line 24a)", "-$2,600.00"],
  ]);
});

Deno.test("hostile labels are escaped; no chart has a style attribute or a script", async () => {
  for (const chart of charts) {
    const html = String(await chart.toString());
    assert(!/<script/i.test(html), "no script element");
    assert(!/\sstyle=/i.test(html), "no inline style (the CSP forbids it)");
    assert(!/\son[a-z]+=/i.test(html), "no event handler attributes");
  }
  const html = String(await payees.toString());
  assertStringIncludes(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;");
  // Parsed back, the label is exactly what was given: escaped, not mangled.
  const doc = await render(payees);
  assertEquals(all(doc, (e) => e.name === "script").length, 0);
  assertEquals(tableRows(one(doc, (e) => e.name === "table"))[3][0], HOSTILE);
});

Deno.test("one item, all-zero values and an outlier stay readable", async () => {
  const base = { title: "T", description: "D", categoryHeader: "Payee", valueHeader: "Paid" };
  const single = await render(<HorizontalBars id="h1" {...base} items={items([["Only payee", 5000]])} />);
  assertEquals(focusables(single).length, 1);
  assertEquals(attr(one(single, (e) => e.name === "svg"), "viewBox"), "0 0 720 42");

  const zero = await render(<HorizontalBars id="h0" {...base} items={items([["A", 0], ["B", 0]])} />);
  for (const b of bars(zero)) assert(b.width > 0 && b.class.includes("chart-zero-value"), "a zero is a visible mark");
  assert(
    !/NaN|Infinity/.test(String(await (<HorizontalBars id="h0" {...base} items={items([["A", 0]])} />).toString())),
  );

  const outlier = bars(
    await render(<HorizontalBars id="ho" {...base} items={items([["Huge", 1e12], ["Tiny", 100]])} />),
  );
  assert(outlier[1].width >= 1.5, "the small bar is still visible");
  assert(outlier[0].x + outlier[0].width <= 720, "the outlier fits");
});

Deno.test("an item with a link is a link; bad props fail with a precise message", async () => {
  const base = { title: "T", description: "D", categoryHeader: "Payee", valueHeader: "Paid" };
  const doc = await render(
    <HorizontalBars
      id="hl"
      {...base}
      items={[{ label: "Adobe", value: 95988, display: "$959.88", href: "/x?payee=Adobe" }]}
    />,
  );
  const link = one(doc, (e) => e.name === "a");
  assertEquals([attr(link, "href"), attr(link, "aria-label")], ["/x?payee=Adobe", "Adobe: $959.88"]);
  nodeAssert.throws(
    () => HorizontalBars({ id: "hb", ...base, items: [{ label: "A", value: Infinity, display: "∞" }] }),
    { message: 'Cannot render HorizontalBars "hb": item 0 has a non-finite value' },
  );
  const empty = await render(<HorizontalBars id="he" {...base} items={[]} empty="No payees in this period." />);
  assertEquals(text(one(empty, (e) => attr(e, "class") === "chart-empty")), "No payees in this period.");
});

Deno.test("two charts on one page never share an id", async () => {
  const html = (await Promise.all(charts.map(async (c) => String(await c.toString())))).join("");
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assertEquals(ids.length, new Set(ids).size);
  for (const [, ref] of html.matchAll(/url\(#([^)]+)\)/g)) assert(ids.includes(ref), `texture ${ref} is defined`);
});
