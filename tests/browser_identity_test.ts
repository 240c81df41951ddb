/**
 * The identity story in a real browser: sign up a firm, create two clients, invite a preparer
 * to one of them, accept the invite in a second browser context, and check that the preparer
 * sees only the assigned client. Screenshots land in tests/screenshots/.
 */
import type { Browser, Page } from "playwright-core";
import { assert, assertEquals } from "./support/assert.ts";
import { browserUnavailable, screenshot, watchPage, withBrowser } from "./support/browser.ts";
import { PASSWORD } from "./support/identity.ts";
import { startTestServer } from "./support/server.ts";

async function newPage(browser: Browser): Promise<{ page: Page; close: () => Promise<void>; errors: () => string[] }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const problems = await watchPage(page);
  return { page, close: () => context.close(), errors: () => problems.errors };
}

async function createClient(page: Page, base: string, name: string) {
  await page.goto(`${base}/clients/new`);
  await page.fill("#field-name", name);
  await Promise.all([page.waitForURL(/\/clients\/[0-9a-f-]{36}$/), page.click("main form button[type=submit]")]);
}

Deno.test({
  name: "sign up → create clients → invite a preparer → accept in another browser → preparer sees only their client",
  ignore: browserUnavailable,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startTestServer({ worker: true });
    try {
      await withBrowser(async (browser) => {
        const owner = await newPage(browser);
        const { page } = owner;
        await page.goto(server.url);
        assertEquals(new URL(page.url()).pathname, "/signup", "first run asks to create a firm");
        await page.fill("#field-firm_name", "Harbor Accounting");
        await page.fill("#field-name", "Hana Harbor");
        await page.fill("#field-email", "hana@harbor.example");
        await page.fill("#field-password", PASSWORD);
        await Promise.all([page.waitForURL(/\/clients$/), page.click("main form button[type=submit]")]);
        await screenshot(page, "identity-clients-empty");

        await createClient(page, server.url, "Assigned Bakery LLC");
        await createClient(page, server.url, "Hidden Dental PC");

        await page.goto(`${server.url}/firm`);
        const invites = page.locator("#firm-invites");
        await invites.locator("input[name=email]").fill("pat@harbor.example");
        await invites.locator("select[name=role]").selectOption("preparer");
        await invites.getByLabel("Assigned Bakery LLC").check();
        await invites.locator("button[type=submit]").first().click();
        const link = await page.locator("#invite-link").inputValue({ timeout: 10_000 });
        assert(link.includes("/invites/lf_inv_"), `invite link shown: ${link}`);
        await screenshot(page, "identity-firm-invite");

        const preparer = await newPage(browser);
        await preparer.page.goto(link);
        await preparer.page.fill("#field-name", "Pat Preparer");
        await preparer.page.fill("#field-password", "another strong passphrase 9");
        await Promise.all([
          preparer.page.waitForURL(/\/clients$/),
          preparer.page.click("main form button[type=submit]"),
        ]);
        const text = await preparer.page.locator("main").innerText();
        assert(text.includes("Assigned Bakery LLC"), "the preparer sees the assigned client");
        assert(!text.includes("Hidden Dental PC"), "and not the other one");
        assertEquals(
          await preparer.page.locator("a[href='/clients/new']").count(),
          0,
          "no 'New client' for a preparer",
        );
        await screenshot(preparer.page, "identity-preparer-clients");

        await page.goto(`${server.url}/firm`);
        assert(
          (await page.locator("main").innerText()).includes("pat@harbor.example"),
          "the owner sees the new member",
        );
        assertEquals(owner.errors(), []);
        assertEquals(preparer.errors(), []);
        await preparer.close();
        await owner.close();
      });
    } finally {
      await server.close();
    }
  },
});
