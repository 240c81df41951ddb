/**
 * The Export menu in Chromium: it opens without scripts' help (a <details> menu), lists every
 * format, its links carry the current filters — also after the filter bar refreshes the
 * results with htmx — and following one downloads the file (a CSV of exactly the filtered
 * rows). Screenshots (light and dark) go to tests/screenshots/.
 */
import { assert, assertEquals, assertStringIncludes } from "./support/assert.ts";
import { browserUnavailable, screenshot, watchPage, withBrowser } from "./support/browser.ts";
import { api, createFirm } from "./support/identity.ts";
import { startTestServer } from "./support/server.ts";
import { parseCsv } from "../src/parsing/csv/rfc4180.ts";
import { seedAccount } from "./support/ledger.ts";

Deno.test({
  name: "the Export menu carries the filters and downloads the filtered rows",
  ignore: browserUnavailable,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startTestServer();
    try {
      const owner = await createFirm(server, "Export Firm");
      const client = await api(server, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
      const clientId = client.body.id as string;
      const sql = server.db.sql;
      const a = await seedAccount(sql, owner.firmId, clientId, {
        from: "2025-01-01",
        to: "2025-01-31",
        institution: "First Bank",
        last4: "4821",
      });
      await sql`
        insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                                  currency, fingerprint, line_no)
        select ${owner.firmId}, ${clientId}, ${a.accountId}, ${a.statementId}, ${a.documentId}, date '2025-01-01' + i,
               case when i % 3 = 0 then 'STARBUCKS #' || i else 'OFFICE DEPOT ' || i end, -100 * i, 'USD', 'f' || i, i
          from generate_series(1, 30) as i`;

      await withBrowser(async (browser) => {
        for (const scheme of ["light", "dark"] as const) {
          const context = await browser.newContext({
            viewport: { width: 1280, height: 800 },
            colorScheme: scheme,
            acceptDownloads: true,
          });
          await context.addCookies([
            { name: "lf_at", value: owner.accessToken, url: server.url },
            { name: "lf_rt", value: owner.refreshToken, url: server.url },
          ]);
          const page = await context.newPage();
          const problems = await watchPage(page);
          await page.goto(`${server.url}/clients/${clientId}/transactions?q=starbucks`);
          await page.locator("#ws-rows tr.ws-row").first().waitFor();
          await page.locator(".ws-export summary").click();
          const links = page.locator(".ws-export-menu a");
          assertEquals(await links.count(), 7);
          const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
          for (const href of hrefs) assertStringIncludes(href, "q=starbucks");
          assertEquals(hrefs.map((h) => new URLSearchParams(h.split("?")[1]).get("format")), [
            "csv",
            "xlsx",
            "ofx",
            "qbo",
            "iif",
            "beancount",
            "hledger",
          ]);
          await screenshot(page, `exports-menu-${scheme}`);

          if (scheme === "light") {
            // A new search refreshes the results region, and the links follow it.
            await page.locator(".ws-export summary").click();
            await page.fill("input[type=search]", "office");
            await page.waitForFunction(() =>
              document.querySelector(".ws-export-menu a")?.getAttribute("href")?.includes("q=office")
            );
            // Search as you type may still be refreshing: wait until it has settled.
            await page.waitForLoadState("networkidle");
            await page.locator(".ws-export summary").click();
            const [download] = await Promise.all([
              page.waitForEvent("download"),
              page.locator(".ws-export-menu a").first().click(),
            ]);
            assertEquals(download.suggestedFilename(), "riverside-bakery-llc-transactions-2025-01-02-2025-01-30.csv");
            const path = await download.path();
            const text = new TextDecoder().decode(await Deno.readFile(path!));
            const [, ...rows] = parseCsv(text, ",").records.map((r) => r.fields);
            assertEquals(rows.length, 20);
            assert(rows.every((r) => r[3].startsWith("OFFICE DEPOT")));
          }
          assertEquals(problems.errors, []);
          assertEquals(await problems.cspViolations(), []);
          await context.close();
        }
      });
    } finally {
      await server.close();
    }
  },
});
