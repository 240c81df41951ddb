/**
 * The acceptance test of generated documents, in Chromium: sign in, open a client, follow
 * "Generate document", pick the year-end letter and 2025, see the preview in its sandboxed
 * frame, and download it as Markdown and as PDF — both files carry the client's name and the
 * net profit of the Schedule C worksheet. Then a template with a typo shows its error with line
 * and column while it is typed. Screenshots (light and dark) go to tests/screenshots/.
 */
import { extractText, getDocumentProxy } from "unpdf";
import type { Download, Page } from "playwright-core";
import { assert, assertEquals, assertStringIncludes } from "./support/assert.ts";
import { browserUnavailable, screenshot, watchPage, withBrowser } from "./support/browser.ts";
import { api, createFirm, PASSWORD } from "./support/identity.ts";
import { seedAccount, seedClient, seedTransactions } from "./support/ledger.ts";
import { startTestServer } from "./support/server.ts";

async function saved(download: Download): Promise<Uint8Array> {
  const path = await download.path();
  assert(path, "the download was saved");
  return await Deno.readFile(path);
}

async function signIn(page: Page, url: string, email: string) {
  await page.goto(`${url}/signin`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/signin")), page.click("button[type=submit]")]);
}

Deno.test({
  name: "generate the year-end letter: preview it, download it as Markdown and PDF",
  ignore: browserUnavailable,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startTestServer();
    try {
      const owner = await createFirm(server, "Harbor Accountants");
      const clientId = await seedClient(server.db.sql, owner.firmId, "Riverside Bakery LLC");
      const account = await seedAccount(server.db.sql, owner.firmId, clientId, {
        from: "2025-01-01",
        to: "2025-12-31",
      });
      await seedTransactions(server.db.sql, account, [
        { date: "2025-03-02", description: "Wedding cake order", cents: 480_000, category: "Gross receipts or sales" },
        { date: "2025-04-11", description: "Oven repair", cents: -61_250, category: "Repairs and maintenance" },
        { date: "2025-05-20", description: "Flour", cents: -22_000, category: "Supplies" },
      ]);
      const report = await api(server, owner, "GET", `/api/v1/clients/${clientId}/reports/schedule-c?period=2025`);
      assertEquals(report.body.net_profit, "3967.50");
      const net = "$3,967.50";

      await withBrowser(async (browser) => {
        for (const scheme of ["light", "dark"] as const) {
          const context = await browser.newContext({
            viewport: { width: 1280, height: 900 },
            colorScheme: scheme,
            acceptDownloads: true,
          });
          const page = await context.newPage();
          const problems = await watchPage(page);
          await signIn(page, server.url, owner.email);
          await page.goto(`${server.url}/clients/${clientId}`);
          await page.getByRole("link", { name: "Generate document" }).click();
          await page.waitForURL(`**/clients/${clientId}/documents/generate`);
          await page.selectOption("#generate-template", "builtin-year-end-letter");
          await page.selectOption("#generate-period", "2025");
          await page.getByRole("button", { name: "Preview" }).click();
          await page.waitForURL(/template=builtin-year-end-letter/);

          const frame = page.frameLocator("#template-preview");
          await frame.locator("h1").waitFor();
          assertEquals(await frame.locator("h1").textContent(), "Year-end summary for 2025");
          const body = await frame.locator("body").textContent() ?? "";
          assertStringIncludes(body, "Riverside Bakery LLC");
          assertStringIncludes(body, net);
          assertEquals(await page.locator("#template-preview").getAttribute("sandbox"), "");
          await screenshot(page, `templates-generate-${scheme}`);

          if (scheme === "light") {
            const [md] = await Promise.all([
              page.waitForEvent("download"),
              page.getByRole("link", { name: "Download Markdown" }).click(),
            ]);
            assertEquals(md.suggestedFilename(), "year-end-summary-letter-riverside-bakery-llc-2025.md");
            const text = new TextDecoder().decode(await saved(md));
            assertStringIncludes(text, "# Year-end summary for 2025");
            assertStringIncludes(text, "Riverside Bakery LLC");
            assertStringIncludes(text, `| **Net profit** | **${net}** |`);

            const [pdf] = await Promise.all([
              page.waitForEvent("download"),
              page.getByRole("link", { name: "Download PDF" }).click(),
            ]);
            assertEquals(pdf.suggestedFilename(), "year-end-summary-letter-riverside-bakery-llc-2025.pdf");
            const bytes = await saved(pdf);
            assertEquals(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-");
            const pdfText = (await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true })).text;
            assertStringIncludes(pdfText, "Riverside Bakery LLC");
            assertStringIncludes(pdfText, net);
            const [{ n }] = await server.db.sql`
              select count(*)::int as n from audit_log where action = 'document.generate' and entity_id = ${clientId}`;
            assertEquals(n, 2, "each download is audited");

            await page.goto(`${server.url}/templates`);
            assertEquals(await page.locator("#template-list tbody tr").count(), 3);
            await screenshot(page, "templates-list");
            await page.getByRole("link", { name: "Schedule C worksheet summary" }).click();
            await page.locator(".template-source").waitFor();
            await screenshot(page, "templates-builtin");

            // A firm template with a typo: the error appears with its position while typing.
            await page.goto(`${server.url}/templates/new`);
            await page.fill("#template-name", "Thank-you note");
            await page.locator("#template-body").pressSequentially(
              "Dear {{client.name}},\n\nYour {{totals.net_proft}}",
            );
            await page.locator(".template-issue-list").waitFor();
            assertEquals(
              (await page.locator(".template-issue-list li").first().textContent())?.trim(),
              'Line 3, column 6 unknown field "totals.net_proft"; did you mean "totals.net_profit"?',
            );
            await screenshot(page, "templates-editor-error");
            await page.locator("#template-body").press("End");
            await page.locator("#template-body").fill("Dear {{client.name}},\n\nYour {{totals.net_profit}}");
            await page.locator(".template-issues-ok").waitFor();
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
