import nodeAssert from "node:assert/strict";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../tests/support/assert.ts";
import { moneyTicks, monthCategories } from "./format.ts";
import { MonthlyBars } from "./MonthlyBars.tsx";
import { all, attr, bars, focusables, one, render, tableRows, text } from "./test_dom.ts";
import { EXPENSES, INCOME, money, months, NET, sampleCharts, series } from "./test_samples.tsx";

const [incomeExpenses, cashFlow] = sampleCharts();
const m12 = monthCategories("en-US", months("2025-01", 12));

Deno.test("every value is one focusable bar named month, series and value, in reading order", async () => {
  const doc = await render(incomeExpenses);
  const points = focusables(doc);
  assertEquals(points.length, 36);
  const expected = m12.flatMap((m, i) => [
    `${m.label}, Income: ${money(INCOME[i])}`,
    `${m.label}, Expenses: ${money(EXPENSES[i])}`,
    `${m.label}, Net: ${money(NET[i])}`,
  ]);
  assertEquals(points.map((p) => attr(p, "aria-label")), expected);
  assertEquals(expected[0], "January 2025, Income: $8,200.00");
  for (const p of points) {
    assertEquals(attr(p, "tabindex"), "0");
    assertEquals(attr(p, "role"), "img");
    assertEquals(text(one(p, (e) => e.name === "title")), attr(p, "aria-label"), "the tooltip says the same");
  }
});

Deno.test("the chart is a figure with a caption, a named and described SVG, and a legend for every series", async () => {
  const doc = await render(incomeExpenses);
  const figure = one(doc, (e) => e.name === "figure");
  assertEquals(
    text(one(figure, (e) => e.name === "figcaption")),
    "Income and expenses per month Bars per month: income, expenses and net for 2025.",
  );
  const svg = one(figure, (e) => e.name === "svg");
  assertEquals(attr(svg, "role"), "img");
  assertEquals(text(one(doc, (e) => e.attribs?.id === attr(svg, "aria-labelledby"))), "Income and expenses per month");
  assertEquals(
    text(one(doc, (e) => e.name === "desc" && e.attribs.id === attr(svg, "aria-describedby"))),
    "Bars per month: income, expenses and net for 2025.",
  );
  assertMatch(attr(svg, "viewBox"), /^0 0 \d+ \d+$/);
  assertEquals(all(figure, (e) => e.name === "li").map(text), ["Income", "Expenses", "Net"]);
});

Deno.test("a visually hidden table after the chart carries the same numbers", async () => {
  const doc = await render(incomeExpenses);
  const table = one(doc, (e) => e.name === "table");
  assertStringIncludes(attr(table.parent as typeof table, "class"), "visually-hidden");
  assertEquals(all(table, (e) => e.name === "th" && e.attribs.scope === "col").map(text), [
    "Month",
    "Income",
    "Expenses",
    "Net",
  ]);
  const rows = tableRows(table);
  assertEquals(rows.length, 12);
  assertEquals(rows[3], ["April 2025", money(INCOME[3]), money(EXPENSES[3]), "-$1,700.00"]);
  // The table and the bars agree value for value.
  const fromBars = focusables(doc).map((p) => attr(p, "aria-label").split(": ").pop());
  assertEquals(rows.flatMap((r) => r.slice(1)), fromBars);
});

Deno.test("negative values draw below the zero baseline and positive ones above it", async () => {
  const doc = await render(incomeExpenses);
  const zero = Number(attr(one(doc, (e) => attr(e, "class") === "chart-zero"), "y1"));
  const net = bars(doc).filter((b) => b.name.includes(", Net: "));
  const negatives = net.filter((b) => b.name.includes("-$"));
  assertEquals(negatives.length, 3);
  for (const b of negatives) {
    assert(b.y >= zero - 0.01 && b.y + b.height > zero, `${b.name} starts at the baseline and goes down`);
    assertStringIncludes(b.class, "chart-negative");
  }
  for (const b of bars(doc).filter((b) => !b.name.includes("-$"))) {
    assert(Math.abs(b.y + b.height - zero) < 0.02 && b.y < zero, `${b.name} stands on the baseline`);
  }
  // Heights are proportional: March income (9,100) is twice as tall as April income (4,550).
  const [mar, apr] = ["March 2025, Income", "April 2025, Income"].map((n) =>
    bars(doc).find((b) => b.name.startsWith(n))!
  );
  assert(Math.abs(mar.height / apr.height - INCOME[2] / INCOME[3]) < 0.01);
});

Deno.test("y-axis ticks are round 1–2–5 steps that include zero and cover every value", async () => {
  const doc = await render(
    <MonthlyBars
      id="raw"
      title="T"
      description="D"
      categoryHeader="Month"
      categories={m12}
      formatTick={String}
      series={[series("Income", INCOME), series("Net", NET)]}
    />,
  );
  const ticks = all(doc, (e) => attr(e, "class") === "chart-tick").map((e) => Number(text(e)));
  assertEquals(ticks, [-500000, 0, 500000, 1000000, 1500000]);
  // Evenly spaced on screen, and in the same order as their values.
  const ys = all(doc, (e) => attr(e, "class") === "chart-grid-line").map((e) => Number(attr(e, "y1")));
  const gaps = ys.slice(1).map((y, i) => ys[i] - y);
  for (const g of gaps) assert(Math.abs(g - gaps[0]) < 0.02 && g > 0, `even spacing ${gaps}`);
});

Deno.test("36 months thin the month labels but keep every bar, and mark each year once", async () => {
  const doc = await render(cashFlow);
  assertEquals(focusables(doc).length, 72);
  const labels = all(doc, (e) => attr(e, "class") === "chart-x-label").map(text);
  assert(labels.length >= 6 && labels.length <= 18, `${labels.length} labels`);
  assertEquals(labels.slice(0, 3), ["Jan", "Mar", "May"]);
  assertEquals(all(doc, (e) => attr(e, "class") === "chart-x-group").map(text), ["2024", "2025", "2026"]);
  // Every month still has its tick mark.
  assertEquals(all(doc, (e) => attr(e, "class")?.startsWith("chart-x-tick")).length, 36);
  // Twelve months have room for every label.
  const year = await render(incomeExpenses);
  assertEquals(all(year, (e) => attr(e, "class") === "chart-x-label").length, 12);
});

Deno.test("one month, all-zero data and a single huge outlier all draw sensibly", async () => {
  const [, , , , oneMonth, allZero, outlier] = sampleCharts();
  for (const chart of [oneMonth, allZero, outlier]) {
    const html = String(await chart.toString());
    assert(!/NaN|Infinity|undefined/.test(html), "no broken numbers in the markup");
  }
  const single = bars(await render(oneMonth));
  assertEquals(single.length, 2);
  for (const b of single) assert(b.width > 5 && b.width <= 30, `a single month's bar is not a slab: ${b.width}`);

  const zeroDoc = await render(allZero);
  assertEquals(all(zeroDoc, (e) => attr(e, "class") === "chart-tick").map(text), ["$0"]);
  const zero = Number(attr(one(zeroDoc, (e) => attr(e, "class") === "chart-zero"), "y1"));
  for (const b of bars(zeroDoc)) {
    assertStringIncludes(b.class, "chart-zero-value");
    assert(b.height > 0 && b.y < zero && b.y + b.height > zero, "a zero is a visible mark across the baseline");
  }
  assertEquals(tableRows(one(zeroDoc, (e) => e.name === "table"))[0], ["January 2025", "$0.00", "$0.00"]);

  const big = bars(await render(outlier));
  const top = Math.min(...big.map((b) => b.y));
  assert(top >= 30, "the outlier stays inside the plot");
  for (const b of big) assert(b.height >= 2, `${b.name} is still visible next to the outlier`);
});

Deno.test("bars with a drill-down link are links, still one per value", async () => {
  const hrefs = m12.map((_, i) => `/clients/c1/transactions?month=2025-${String(i + 1).padStart(2, "0")}&kind=income`);
  const doc = await render(
    <MonthlyBars
      id="links"
      title="T"
      description="D"
      categoryHeader="Month"
      categories={m12}
      series={[series("Income", INCOME, hrefs)]}
    />,
  );
  const links = all(doc, (e) => e.name === "a");
  assertEquals(links.length, 12);
  assertEquals(attr(links[1], "href"), "/clients/c1/transactions?month=2025-02&kind=income");
  assertEquals(attr(links[1], "aria-label"), "February 2025, Income: $6,400.00");
  assertEquals(all(doc, (e) => attr(e, "tabindex") === "0").length, 0, "links are focusable by themselves");
});

Deno.test("props that cannot make a chart fail with a precise message", () => {
  const base = { title: "T", description: "D", categoryHeader: "Month", categories: m12 };
  nodeAssert.throws(
    () => MonthlyBars({ ...base, id: "x", series: [series("Income", INCOME.slice(1))] }),
    {
      name: "RangeError",
      message: 'Cannot render MonthlyBars "x": series "Income" has 11 values and 11 labels for 12 categories',
    },
  );
  nodeAssert.throws(
    () => MonthlyBars({ ...base, id: "x", series: [1, 2, 3, 4].map((n) => series(`S${n}`, INCOME)) }),
    /4 series given, 1 to 3 are supported/,
  );
  nodeAssert.throws(() => MonthlyBars({ ...base, id: 'a" onclick="x', series: [series("I", INCOME)] }), TypeError);
  nodeAssert.throws(
    () => MonthlyBars({ ...base, id: "x", series: [series("I", INCOME.map(() => NaN))] }),
    /non-finite/,
  );
});

Deno.test("no months: the caption and the empty-state sentence, or nothing without one", async () => {
  const base = { id: "e", title: "T", description: "D", categoryHeader: "Month", categories: [] };
  const doc = await render(<MonthlyBars {...base} series={[series("Income", [])]} empty="No transactions." />);
  assertEquals(text(one(doc, (e) => attr(e, "class") === "chart-empty")), "No transactions.");
  assertEquals(all(doc, (e) => e.name === "svg").length, 0);
  assertEquals(String(await (<MonthlyBars {...base} series={[series("Income", [])]} />).toString()), "");
});

Deno.test("month categories and money ticks follow the locale", () => {
  assertEquals(monthCategories("es", ["2025-03"]), [{ label: "marzo de 2025", short: "mar", group: "2025" }]);
  nodeAssert.throws(() => monthCategories("en", ["2025-13"]), /Cannot label month "2025-13": expected YYYY-MM/);
  assertEquals(moneyTicks("en-US", "USD")(150000), "$1.5K");
  assertEquals(moneyTicks("en-US", "USD")(-50000), "-$500");
  assertEquals(moneyTicks("en-US", "JPY")(1500), "¥1.5K", "yen have no minor unit");
});
