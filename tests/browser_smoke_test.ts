/**
 * Browser smoke test: a real server, a real worker and headless Chromium. The home page renders
 * with our stylesheet and htmx and no console errors or CSP violations; the status page is
 * Ready and its self-test runs database trigger → queue → worker → htmx poll end to end; dark
 * mode applies; and without JavaScript the self-test still works through a plain form POST.
 * Screenshots land in tests/screenshots/.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { browserUnavailable, type PageProblems, screenshot, watchPage, withBrowser } from "./support/browser.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const TRANSPARENT = "rgba(0, 0, 0, 0)";

/** Opens a watched page in a new context; the context is closed by `fn`'s caller. */
async function openPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = await watchPage(page);
  return { context, page, problems };
}

/** Fails when the page logged errors, hit CSP violations or got error responses. */
async function assertClean(page: Page, problems: PageProblems) {
  assert.deepEqual(problems.errors, [], "console errors or uncaught exceptions");
  assert.deepEqual(await problems.cspViolations(), [], "CSP violations");
  assert.deepEqual(problems.failedResponses, [], "failed responses");
  assert.equal(await page.evaluate(() => typeof (globalThis as { htmx?: unknown }).htmx), "object", "htmx loaded");
}

/** Relative luminance-ish brightness (0–255) of a computed `rgb(...)` colour. */
function brightness(color: string): number {
  const [r, g, b] = color.match(/\d+(\.\d+)?/g)!.map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function bodyBackground(page: Page): Promise<string> {
  return await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

Deno.test({
  name: "browser: home and status pages, self-test end to end, dark mode, no JavaScript",
  ignore: browserUnavailable,
  async fn(t) {
    let server: TestServer | undefined;
    try {
      server = await startTestServer({ worker: true });
      const base = server.url;
      await withBrowser(async (browser) => {
        let lightBackground = "";

        await t.step("home page renders with our stylesheet and htmx, without errors", async () => {
          const { context, page, problems } = await openPage(browser);
          try {
            const res = await page.goto(`${base}/`);
            assert.equal(res?.status(), 200);
            assert.equal(await page.title(), "Welcome to LedgerFlow · LedgerFlow");
            assert.equal((await page.locator("main h1").textContent())?.trim(), "Welcome to LedgerFlow");
            // The stylesheet applied: our custom properties exist, the body is painted and the header is a flex row.
            const bg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--bg"));
            assert.notEqual(bg.trim(), "", "--bg is defined by app.css");
            lightBackground = await bodyBackground(page);
            assert.notEqual(lightBackground, TRANSPARENT, "body background comes from app.css");
            assert.ok(brightness(lightBackground) > 200, `light body background, got ${lightBackground}`);
            assert.equal(await page.locator(".site-header").evaluate((el) => getComputedStyle(el).display), "flex");
            await assertClean(page, problems);
            await screenshot(page, "home");
          } finally {
            await context.close();
          }
        });

        await t.step("status page is Ready and the self-test completes through htmx and the worker", async () => {
          const { context, page, problems } = await openPage(browser);
          try {
            await page.goto(`${base}/status`);
            assert.equal(await page.title(), "System status · LedgerFlow");
            const badge = page.getByTestId("readiness");
            assert.equal((await badge.textContent())?.trim(), "Ready");
            assert.match(await badge.getAttribute("class") ?? "", /badge-ok/);
            await page.getByRole("button", { name: "Run self-test" }).click();
            const done = page.getByTestId("probe-done");
            await done.waitFor({ state: "visible", timeout: 15_000 });
            assert.match((await done.textContent()) ?? "", /^Completed by .+ in [\d,.]+ ms$/);
            // htmx swapped the result in place: no navigation happened.
            assert.equal(new URL(page.url()).pathname, "/status");
            await assertClean(page, problems);
            await screenshot(page, "status");
          } finally {
            await context.close();
          }
        });

        await t.step("dark mode: the pages follow prefers-color-scheme", async () => {
          const { context, page, problems } = await openPage(browser, { colorScheme: "dark" });
          try {
            await page.goto(`${base}/status`);
            const dark = await bodyBackground(page);
            assert.notEqual(dark, lightBackground);
            assert.ok(brightness(dark) < 60, `dark body background, got ${dark}`);
            const text = await page.evaluate(() => getComputedStyle(document.body).color);
            assert.ok(brightness(text) > 180, `light text on dark, got ${text}`);
            await page.getByRole("button", { name: "Run self-test" }).click();
            await page.getByTestId("probe-done").waitFor({ state: "visible", timeout: 15_000 });
            await assertClean(page, problems);
            await screenshot(page, "status-dark");
            await page.goto(`${base}/`);
            await assertClean(page, problems);
            await screenshot(page, "home-dark");
          } finally {
            await context.close();
          }
        });

        await t.step("without JavaScript the self-test form posts, redirects and shows the probe", async () => {
          const { context, page, problems } = await openPage(browser, { javaScriptEnabled: false });
          try {
            await page.goto(`${base}/status`);
            assert.equal((await page.getByTestId("readiness").textContent())?.trim(), "Ready");
            const [response] = await Promise.all([
              page.waitForResponse((r) => r.request().method() === "POST" && r.url() === `${base}/status/queue-probes`),
              page.getByRole("button", { name: "Run self-test" }).click(),
            ]);
            assert.equal(response.status(), 303);
            await page.waitForURL(/\/status\/queue-probes\/[0-9a-f-]{36}$/);
            assert.equal(await page.title(), "Queue self-test · LedgerFlow");
            // No htmx polling without JavaScript: reload until the worker has completed the probe.
            const deadline = Date.now() + 15_000;
            while (!(await page.getByTestId("probe-done").isVisible())) {
              assert.ok(Date.now() < deadline, "the worker completes the probe within 15 s");
              await new Promise((r) => setTimeout(r, 250));
              await page.reload();
            }
            assert.deepEqual(problems.errors, []);
            assert.deepEqual(problems.failedResponses, []);
            await screenshot(page, "probe-nojs");
          } finally {
            await context.close();
          }
        });
      });
    } finally {
      await server?.close();
    }
  },
});
