/**
 * Browser smoke test: a real server, a real worker and headless Chromium. A fresh installation
 * leads to "create your firm"; once a firm exists the home page renders with our stylesheet and
 * htmx and no console errors or CSP violations; the status page is Ready and its self-test runs
 * database trigger → queue → worker → htmx poll end to end; dark mode applies; and without
 * JavaScript the self-test still works through a plain form POST.
 * Screenshots land in tests/screenshots/.
 */
import { assert, assertEquals, assertMatch, assertNotEquals } from "./support/assert.ts";
import type { Browser, Page } from "playwright-core";
import { browserUnavailable, type PageProblems, screenshot, watchPage, withBrowser } from "./support/browser.ts";
import { createFirm } from "./support/identity.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { waitFor } from "./support/wait.ts";

const TRANSPARENT = "rgba(0, 0, 0, 0)";

/** Opens a watched page in a new context; the caller closes the context. */
async function openPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = await watchPage(page);
  return { context, page, problems };
}

/** Fails when the page logged errors, hit CSP violations or got error responses. */
async function assertClean(page: Page, problems: PageProblems) {
  assertEquals(problems.errors, [], "console errors or uncaught exceptions");
  assertEquals(await problems.cspViolations(), [], "CSP violations");
  assertEquals(problems.failedResponses, [], "failed responses");
  assertEquals(await page.evaluate(() => typeof (globalThis as { htmx?: unknown }).htmx), "object", "htmx loaded");
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

        await t.step("a fresh installation sends the first visitor to create a firm", async () => {
          const { context, page, problems } = await openPage(browser);
          try {
            const res = await page.goto(`${base}/`);
            assertEquals(res?.status(), 200);
            assertEquals(new URL(page.url()).pathname, "/signup");
            assertEquals(await page.title(), "Create your firm · LedgerFlow");
            assertEquals((await page.locator("main h1").textContent())?.trim(), "Create your firm");
            await assertClean(page, problems);
            await screenshot(page, "signup-first-run");
          } finally {
            await context.close();
          }
        });

        await t.step("home page renders with our stylesheet and htmx, without errors", async () => {
          await createFirm(server!);
          const { context, page, problems } = await openPage(browser);
          try {
            const res = await page.goto(`${base}/`);
            assertEquals(new URL(page.url()).pathname, "/");
            assertEquals(res?.status(), 200);
            assertEquals(await page.title(), "Welcome to LedgerFlow · LedgerFlow");
            assertEquals((await page.locator("main h1").textContent())?.trim(), "Welcome to LedgerFlow");
            // The stylesheet applied: our custom properties exist, the body is painted and the header is a flex row.
            const bg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--bg"));
            assertNotEquals(bg.trim(), "", "--bg is defined by app.css");
            lightBackground = await bodyBackground(page);
            assertNotEquals(lightBackground, TRANSPARENT, "body background comes from app.css");
            assert(brightness(lightBackground) > 200, `light body background, got ${lightBackground}`);
            assertEquals(await page.locator(".site-header").evaluate((el) => getComputedStyle(el).display), "flex");
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
            assertEquals(await page.title(), "System status · LedgerFlow");
            const badge = page.getByTestId("readiness");
            assertEquals((await badge.textContent())?.trim(), "Ready");
            assertMatch(await badge.getAttribute("class") ?? "", /badge-ok/);
            await page.getByRole("button", { name: "Run self-test" }).click();
            const done = page.getByTestId("probe-done");
            await done.waitFor({ state: "visible", timeout: 15_000 });
            assertMatch((await done.textContent()) ?? "", /^Completed by .+ in [\d,.]+ ms$/);
            // htmx swapped the result in place: no navigation happened.
            assertEquals(new URL(page.url()).pathname, "/status");
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
            assertNotEquals(dark, lightBackground);
            assert(brightness(dark) < 60, `dark body background, got ${dark}`);
            const text = await page.evaluate(() => getComputedStyle(document.body).color);
            assert(brightness(text) > 180, `light text on dark, got ${text}`);
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
            assertEquals((await page.getByTestId("readiness").textContent())?.trim(), "Ready");
            const [response] = await Promise.all([
              page.waitForResponse((r) => r.request().method() === "POST" && r.url() === `${base}/status/queue-probes`),
              page.getByRole("button", { name: "Run self-test" }).click(),
            ]);
            assertEquals(response.status(), 303);
            await page.waitForURL(/\/status\/queue-probes\/[0-9a-f-]{36}$/);
            assertEquals(await page.title(), "Queue self-test · LedgerFlow");
            // No htmx polling without JavaScript: the page offers a Refresh link until the worker is done.
            await waitFor(async () => {
              if (await page.getByTestId("probe-done").isVisible()) return true;
              await page.getByRole("link", { name: "Refresh" }).click();
              return false;
            }, { timeoutMs: 15_000, intervalMs: 250, what: "the worker to complete the probe" });
            await screenshot(page, "probe-nojs");
            await page.getByRole("main").getByRole("link", { name: "System status" }).click();
            await page.waitForURL(`${base}/status`);
            assertEquals(problems.errors, []);
            assertEquals(problems.failedResponses, []);
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
