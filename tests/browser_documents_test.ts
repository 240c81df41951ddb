/**
 * Upload → parsed → transactions listed, in a real browser with a real worker: files chosen
 * in the upload zone are sent with progress, their rows update live without a reload, and the
 * document page shows the reconciled statement and its transactions.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { browserUnavailable, screenshot, watchPage, withBrowser } from "./support/browser.ts";
import { api, createFirm } from "./support/identity.ts";
import { startTestServer } from "./support/server.ts";
import { FIXTURES, generateStatement } from "./fixtures/statements.ts";

Deno.test({
  name: "upload statements in the browser, watch them parse, see the transactions",
  ignore: browserUnavailable,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startTestServer({ worker: true });
    try {
      const owner = await createFirm(server);
      const client = await api(server, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
      const dir = await Deno.makeTempDir();
      const checking = await generateStatement(FIXTURES.find((f) => f.name === "us_checking")!.spec);
      const card = await generateStatement(FIXTURES.find((f) => f.name === "us_card_cr")!.spec);
      await Deno.writeFile(`${dir}/checking-march.pdf`, checking.pdf);
      await Deno.writeFile(`${dir}/card-march.pdf`, card.pdf);
      await withBrowser(async (browser) => {
        const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
        await context.addCookies([
          { name: "lf_at", value: owner.accessToken, url: server.url },
          { name: "lf_rt", value: owner.refreshToken, url: server.url },
        ]);
        const page = await context.newPage();
        const problems = await watchPage(page);
        await page.goto(`${server.url}/clients/${client.body.id}/documents`);
        assert((await page.locator("main").innerText()).includes("No statements yet"), "empty state first");
        await page.setInputFiles("#upload-files", [`${dir}/checking-march.pdf`, `${dir}/card-march.pdf`]);
        const rows = page.locator("#document-list tbody tr");
        await rows.nth(1).waitFor({ timeout: 20_000 });
        await page.locator("#document-list [data-status=parsed]").nth(1).waitFor({ timeout: 60_000 });
        assertEquals(new URL(page.url()).pathname, `/clients/${client.body.id}/documents`, "no reload needed");
        await screenshot(page, "documents-uploaded");

        await page.click('#document-list a:has-text("checking-march.pdf")');
        // htmx boosts the link: the URL changes by pushState, without a load event.
        await page.waitForFunction(() => /^\/documents\/[0-9a-f-]{36}$/.test(location.pathname));
        await page.locator("main h1", { hasText: "checking-march.pdf" }).waitFor();
        const text = await page.locator("main").innerText();
        assert(text.includes("Reconciled"), "the statement reconciles");
        const first = checking.truth.transactions[0].description;
        assert(text.includes(first), `lists "${first}"`);
        assertEquals(
          await page.locator("main table tbody tr").count(),
          checking.truth.transactions.length,
          "one row per transaction",
        );
        await screenshot(page, "document-parsed");

        await page.goto(`${server.url}/clients/${client.body.id}/transactions`);
        const listed = await page.locator("main table tbody tr").count();
        assert(listed >= 50, `transactions page lists rows (${listed})`);
        await screenshot(page, "transactions");
        assertEquals(problems.errors, []);
        await context.close();
      });
      await Deno.remove(dir, { recursive: true });
    } finally {
      await server.close();
    }
  },
});
