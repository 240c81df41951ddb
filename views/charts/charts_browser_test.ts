/**
 * The sample charts in Chromium, served with the app's stylesheet under the app's CSP: no
 * violations, Tab reaches every value in order with a visible focus ring and readout, the
 * accessibility tree exposes the bars and the data tables, nothing overlaps with the real
 * font, bars contrast with the page in light and dark mode. Screenshots of both modes go to
 * tests/screenshots/charts-light.png, charts-dark.png and charts-phone.png.
 */
import type { Page } from "playwright-core";
import { assert, assertEquals } from "../../tests/support/assert.ts";
import { browserUnavailable, screenshot, watchPage, withBrowser } from "../../tests/support/browser.ts";
import { sampleCharts } from "./test_samples.tsx";

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
  "base-uri 'none'";

async function withChartsPage(fn: (url: string) => Promise<void>) {
  const css = await Deno.readTextFile(new URL("../../static/css/app.css", import.meta.url));
  const charts = await Promise.all(
    sampleCharts().map(async (c) => `<section class="card">${await c.toString()}</section>`),
  );
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Charts</title>` +
    `<link rel="stylesheet" href="/app.css"></head><body><main>${charts.join("\n")}</main></body></html>`;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/app.css") return new Response(css, { headers: { "content-type": "text/css" } });
    if (path === "/") {
      return new Response(html, {
        headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": CSP },
      });
    }
    if (path === "/favicon.ico") return new Response(null, { status: 204 });
    return new Response("Not found", { status: 404 });
  });
  try {
    await fn(`http://127.0.0.1:${server.addr.port}/`);
  } finally {
    await server.shutdown();
  }
}

const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");

/** Relative luminance contrast of two "rgb(r, g, b)" colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/[\d.]+/g)!.slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

Deno.test({
  name: "charts: keyboard, accessibility tree, layout and contrast in light and dark mode",
  ignore: browserUnavailable,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withChartsPage((url) =>
      withBrowser(async (browser) => {
        for (const colorScheme of ["light", "dark"] as const) {
          const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme });
          const problems = await watchPage(page);
          await page.goto(url);

          // Tab walks the values month by month, series by series; the focused one shows its readout and ring.
          const expected = ["January 2025, Income: $8,200.00", "January 2025, Expenses: $5,100.00"];
          expected.push("January 2025, Net: $3,100.00", "February 2025, Income: $6,400.00");
          for (const name of expected) {
            await page.keyboard.press("Tab");
            assertEquals(await focusedName(page), name);
          }
          const state = await page.evaluate(() => {
            const el = document.activeElement!;
            const ring = getComputedStyle(el.querySelector(".chart-ring")!);
            const readouts = [...document.querySelectorAll("#ie .chart-readout")];
            return {
              ring: ring.stroke,
              ringWidth: ring.strokeWidth,
              shown: readouts.filter((r) => getComputedStyle(r).visibility === "visible").map((r) => r.textContent),
            };
          });
          assert(
            state.ring !== "none" && parseFloat(state.ringWidth) >= 2,
            `visible focus ring: ${JSON.stringify(state)}`,
          );
          assertEquals(state.shown, ["February 2025, Income: $6,400.00"]);
          await screenshot(page, `charts-${colorScheme}`);

          // Screen readers get the bars by name and the tables with the same numbers.
          assertEquals(await page.getByRole("img", { name: "March 2025, Net: $4,300.00" }).count(), 1);
          const table = page.getByRole("table", { name: "Largest payees" });
          assertEquals(await table.getByRole("cell", { name: "$959.88" }).count(), 1);
          const box = await page.locator("#tp .chart-data").boundingBox();
          assert(box && box.width <= 1 && box.height <= 1, "the table is visually hidden");
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
          assert(scroll <= 0, "the hidden tables do not widen the page");

          const layout = await page.evaluate(() => {
            const rect = (e: Element) => e.getBoundingClientRect();
            const overlaps = (els: Element[]) =>
              els.slice(1).filter((e, i) => rect(e).left < rect(els[i]).right + 1).map((e) => e.textContent);
            const svgOf = (id: string) => rect(document.querySelector(`#${id} svg`)!);
            const zero = (id: string) => rect(document.querySelector(`#${id} .chart-zero`)!).left;
            const outside = [...document.querySelectorAll(".chart-svg text")].filter((t) => {
              const r = rect(t);
              const s = rect(t.closest("svg")!);
              return r.left < s.left - 0.5 || r.right > s.right + 0.5;
            }).map((t) => t.textContent);
            const labels = (id: string) => [...document.querySelectorAll(`#${id} .chart-bar-label`)];
            const surface = getComputedStyle(document.querySelector(".card")!).backgroundColor;
            return {
              monthOverlaps: ["ie", "cf"].flatMap((id) =>
                overlaps([...document.querySelectorAll(`#${id} .chart-x-label`)])
              ),
              outside,
              labelsPastZero: ["tp", "pl"].flatMap((id) => {
                const drawn = [...document.querySelectorAll(`#${id} :is(.chart-bar, .chart-bar-value)`)];
                const start = Math.min(zero(id), ...drawn.map((b) => rect(b).left));
                return labels(id).filter((l) => rect(l).right > start - 2).map((l) => l.textContent);
              }),
              widths: [svgOf("ie").width, svgOf("tp").width],
              fills: [1, 2, 3].map((n) =>
                getComputedStyle(document.querySelector(`#ie .chart-tone-${n} .chart-bar`)!).fill
              ),
              surface,
            };
          });
          assertEquals(layout.monthOverlaps, [], "month labels do not collide");
          assertEquals(layout.outside, [], "no text spills out of its chart");
          assertEquals(layout.labelsPastZero, [], "payee labels end before the bars begin");
          assert(layout.widths.every((w) => w > 900), `charts fill the card: ${layout.widths}`);
          for (const fill of layout.fills) {
            assert(
              contrast(fill, layout.surface) >= 3,
              `${colorScheme}: ${fill} on ${layout.surface} has 3:1 contrast`,
            );
          }
          assertEquals(problems.errors, []);
          assertEquals(await problems.cspViolations(), []);
          assertEquals(problems.failedResponses, []);
          await page.close();
        }

        // On a phone the chart scrolls sideways, and the focused bar scrolls into view.
        const phone = await browser.newPage({ viewport: { width: 390, height: 800 } });
        await phone.goto(url);
        for (let i = 0; i < 36; i++) await phone.keyboard.press("Tab");
        assertEquals(await focusedName(phone), "December 2025, Net: $5,600.00");
        const seen = await phone.evaluate(() => {
          const bar = document.activeElement!.querySelector(".chart-bar")!.getBoundingClientRect();
          const port = document.activeElement!.closest(".chart-scroll")!.getBoundingClientRect();
          return bar.left >= port.left && bar.right <= port.right;
        });
        assert(seen, "the focused bar is inside the visible part of the chart");
        await screenshot(phone, "charts-phone");
        await phone.close();
      })
    ),
});
