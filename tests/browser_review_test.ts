/**
 * The acceptance test of the transactions workspace: a keyboard review session that
 * categorizes ten transactions without the mouse. A real statement PDF is uploaded and parsed
 * by a real worker; then, in Chromium, only `page.keyboard` is used: j/k to move, c to open the
 * type-ahead category picker, part of a category name, Enter to save. The database must hold
 * the ten categories and ten "transaction.update" audit rows; `u` must undo the last change.
 * Screenshots (light and dark) go to tests/screenshots/.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { browserUnavailable, screenshot, SCREENSHOT_DIR, watchPage, withBrowser } from "./support/browser.ts";
import { uploadFile, waitForFinal } from "./support/documents.ts";
import { api, createFirm } from "./support/identity.ts";
import { startTestServer } from "./support/server.ts";
import { FIXTURES, generateStatement } from "./fixtures/statements.ts";
import type { Page } from "playwright-core";

/** What to type in the picker, and the category it must pick. */
const PICKS: [string, string][] = [
  ["office", "Office expense"],
  ["travel", "Travel"],
  ["meals", "Deductible meals"],
  ["util", "Utilities"],
  ["adver", "Advertising"],
  ["suppl", "Supplies"],
  ["insur", "Insurance (other than health)"],
  ["legal", "Legal and professional services"],
  ["repairs", "Repairs and maintenance"],
  ["gross", "Gross receipts or sales"],
];

/** A screenshot of what is on screen (the viewport), to tests/screenshots/<name>.png. */
async function shot(page: Page, name: string) {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOT_DIR).pathname, animations: "disabled" });
}

const focusedId = (page: Page) =>
  page.evaluate(() => (document.querySelector("tr.ws-row.ws-focus") as HTMLElement | null)?.dataset.id ?? null);

/** Waits until the row's category cell shows `name` (the server answered and the row was swapped). */
async function waitForCategory(page: Page, id: string, name: string) {
  await page.waitForFunction(
    ([rowId, expected]) => {
      const cell = document.querySelector(`#tx-${rowId} td.ws-cat`);
      return !!cell && !cell.querySelector("form") && (cell.textContent ?? "").includes(expected);
    },
    [id, name] as const,
    { timeout: 10_000 },
  );
}

/** A server with a worker, a firm, a client and a parsed fixture statement (38 transactions). */
async function withStatement() {
  const server = await startTestServer({ worker: true });
  try {
    const owner = await createFirm(server);
    const client = await api(server, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
    const clientId = client.body.id as string;
    const statement = await generateStatement(FIXTURES.find((f) => f.name === "us_checking")!.spec);
    const uploaded = await uploadFile(server, owner, clientId, "checking-march.pdf", statement.pdf);
    assertEquals(uploaded.status, 201);
    const doc = await waitForFinal(server, owner, uploaded.body.id);
    assertEquals(doc.status, "parsed");
    const [{ n: total }] = await server.db.sql<{ n: number }[]>`
      select count(*)::int as n from transactions where client_id = ${clientId}`;
    assert(total >= 12, `the statement has enough transactions (${total})`);
    return { server, owner, clientId, total };
  } catch (error) {
    await server.close();
    throw error;
  }
}

Deno.test({
  name: "a keyboard review session categorizes ten transactions without the mouse, and u undoes the last",
  ignore: browserUnavailable,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { server, owner, clientId } = await withStatement();
    try {
      await withBrowser(async (browser) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.addCookies([
          { name: "lf_at", value: owner.accessToken, url: server.url },
          { name: "lf_rt", value: owner.refreshToken, url: server.url },
        ]);
        const page = await context.newPage();
        const problems = await watchPage(page);
        await page.goto(`${server.url}/clients/${clientId}/transactions`);
        await page.locator("#ws-rows tr.ws-row").first().waitFor();
        await screenshot(page, "workspace-light");

        // The help overlay lists the keys.
        await page.keyboard.press("?");
        await page.locator("#ws-help[open]").waitFor();
        const help = await page.locator("#ws-help").innerText();
        for (const key of ["j", "k", "c", "e", "x", "u"]) assert(help.includes(key), `help lists ${key}`);
        await shot(page, "workspace-help");
        await page.keyboard.press("Escape");
        await page.locator("#ws-help:not([open])").waitFor({ state: "attached" });

        // Ten categorizations: j (and once j j k) to move, c, a few letters, Enter.
        const done: { id: string; name: string }[] = [];
        for (const [i, [typed, name]] of PICKS.entries()) {
          if (i === 5) {
            await page.keyboard.press("j");
            await page.keyboard.press("j");
            await page.keyboard.press("k");
          } else {
            await page.keyboard.press("j");
          }
          const id = await focusedId(page);
          assert(id, `a row has the review focus (step ${i + 1})`);
          assert(!done.some((d) => d.id === id), `step ${i + 1} is on a new row`);
          const row = page.locator(`#tx-${id}`);
          assertEquals(await row.getAttribute("aria-current"), "true");
          await page.keyboard.press("c");
          const picker = page.locator(`#tx-${id} [role=combobox]`);
          await picker.waitFor();
          assert(await picker.evaluate((el) => el === document.activeElement), "the picker has the focus");
          await page.keyboard.type(typed);
          if (i === 0) {
            assertEquals(await picker.getAttribute("aria-expanded"), "true");
            const active = await picker.getAttribute("aria-activedescendant");
            assert(active, "an option is active");
            assertEquals(await page.locator(`[id="${active}"]`).getAttribute("data-name"), name);
            assertEquals(await page.locator(`#tx-${id} [role=option]:visible`).count(), 1, "typing filters the list");
            assert(
              await picker.evaluate((el) => !!(el as HTMLInputElement).labels?.length),
              "the combobox is labelled",
            );
            await shot(page, "workspace-picker");
          }
          await page.keyboard.press("Enter");
          await waitForCategory(page, id, name);
          assertEquals(await focusedId(page), id, "the row keeps the review focus after saving");
          done.push({ id, name });
        }
        await page.locator(".ws-suggestion").waitFor();
        await shot(page, "workspace-reviewed");

        const saved = await server.db.sql<{ id: string; name: string }[]>`
          select t.id, c.name from transactions t join categories c on c.id = t.category_id
           where t.id = any(${done.map((d) => d.id)}::uuid[])`;
        assertEquals(
          Object.fromEntries(saved.map((r) => [r.id, r.name])),
          Object.fromEntries(done.map((d) => [d.id, d.name])),
          "the ten transactions have the chosen categories",
        );
        const [{ n: updates }] = await server.db.sql<{ n: number }[]>`
          select count(*)::int as n from audit_log
           where action = 'transaction.update' and entity_type = 'transaction'
             and entity_id = any(${done.map((d) => d.id)}::text[])`;
        assertEquals(updates, 10, "ten transaction.update audit rows");

        // The history drawer (h) shows the change.
        await page.keyboard.press("h");
        await page.locator("#ws-drawer:not([hidden]) .timeline-item").first().waitFor();
        assert((await page.locator("#ws-drawer").innerText()).includes(done.at(-1)!.name));
        await shot(page, "workspace-history");
        await page.keyboard.press("Escape");
        await page.locator("#ws-drawer[hidden]").waitFor({ state: "attached" });

        // u undoes the last change, in the database and on the page.
        const last = done.at(-1)!;
        await page.keyboard.press("u");
        await page.locator("#ws-status", { hasText: "Undid" }).waitFor();
        const [after] = await server.db.sql<{ category_id: string | null }[]>`
          select category_id from transactions where id = ${last.id}`;
        assertEquals(after.category_id, null, "the last categorization was undone");
        const [{ n: undos }] = await server.db.sql<{ n: number }[]>`
          select count(*)::int as n from audit_log where action = 'transaction.undo' and entity_id = ${last.id}`;
        assertEquals(undos, 1);
        await waitForCategory(page, last.id, "Uncategorized");
        const [stillSet] = await server.db.sql<{ n: number }[]>`
          select count(*)::int as n from transactions
           where id = any(${done.slice(0, 9).map((d) => d.id)}::uuid[]) and category_id is not null`;
        assertEquals(stillSet.n, 9, "only the last change was undone");

        // Dark mode.
        await page.emulateMedia({ colorScheme: "dark" });
        await page.keyboard.press("k");
        await shot(page, "workspace-dark");
        await page.keyboard.press("j");
        await page.keyboard.press("c");
        await page.keyboard.type("sup");
        await shot(page, "workspace-picker-dark");
        await page.keyboard.press("Escape");
        await page.locator(`#tx-${last.id} td.ws-cat form`).waitFor({ state: "detached" });

        assertEquals(problems.errors, []);
        assertEquals(await problems.cspViolations(), []);
        assertEquals(problems.failedResponses, []);
        await context.close();
      });
    } finally {
      await server.close();
    }
  },
});

Deno.test({
  name: "search as you type with the URL and the back button, infinite scroll, bulk edit, inline edit and saved views",
  ignore: browserUnavailable,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { server, owner, clientId, total } = await withStatement();
    try {
      await withBrowser(async (browser) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.addCookies([
          { name: "lf_at", value: owner.accessToken, url: server.url },
          { name: "lf_rt", value: owner.refreshToken, url: server.url },
        ]);
        const page = await context.newPage();
        const problems = await watchPage(page);
        const path = `/clients/${clientId}/transactions`;
        await page.goto(`${server.url}${path}?limit=10`);
        const rows = page.locator("#ws-rows tr.ws-row");
        assertEquals(await rows.count(), 10);

        // Infinite scroll: scrolling the sentinel into view loads the next pages.
        for (let loaded = 10; loaded < total; loaded = Math.min(loaded + 10, total)) {
          await page.locator("#ws-more").scrollIntoViewIfNeeded();
          await page.waitForFunction((n) => document.querySelectorAll("#ws-rows tr.ws-row").length >= n, loaded + 1);
        }
        assertEquals(await rows.count(), total);
        assertEquals(await page.locator("#ws-more").count(), 0, "no sentinel after the last page");

        // Typing searches (debounced) and puts the query in the URL; matches are marked.
        await page.locator("#ws-f-q").click();
        await page.keyboard.type("depos", { delay: 40 });
        await page.waitForURL((url) => url.searchParams.get("q") === "depos");
        await page.waitForFunction(() =>
          [...document.querySelectorAll("#ws-rows tr.ws-row")].every((r) => /deposit/i.test(r.textContent ?? ""))
        );
        const found = await rows.count();
        assert(found > 0 && found < total, `found ${found}`);
        assert(await page.locator("#ws-rows mark").count() > 0, "highlighted matches");
        assertEquals(new URL(page.url()).searchParams.get("limit"), "10", "the other parameters stay");
        await shot(page, "workspace-search");

        // Back restores the earlier list (and the empty search box).
        await page.goBack();
        await page.waitForURL((url) => !url.searchParams.has("q"));
        await page.waitForFunction(() => (document.querySelector("#ws-f-q") as HTMLInputElement)?.value === "");
        await page.waitForFunction(() => document.querySelectorAll("#ws-rows tr.ws-row").length === 10);

        // Select two rows with x, set their category in the bulk bar.
        await page.locator("h1").click();
        await page.keyboard.press("j");
        const first = await focusedId(page);
        await page.keyboard.press("x");
        await page.keyboard.press("j");
        const second = await focusedId(page);
        await page.keyboard.press("x");
        assertEquals(await page.locator("#ws-selected-count").innerText(), "2 selected");
        assertEquals(await page.locator(`#tx-${first}`).getAttribute("aria-selected"), "true");
        await page.selectOption("#ws-bulk-category", { label: "Supplies" });
        await shot(page, "workspace-bulk");
        await page.locator('#ws-bulk button[value="category"]').click();
        await page.locator("#ws-status", { hasText: "Updated 2 of 2" }).waitFor();
        for (const id of [first!, second!]) await waitForCategory(page, id, "Supplies");
        assertEquals(await page.locator("#ws-selected-count").innerText(), "0 selected");

        // e edits the payee of the focused row: Esc cancels, Enter saves.
        assertEquals(await focusedId(page), second);
        const before = await page.locator(`#tx-${second} .ws-payee-line`).innerText();
        await page.keyboard.press("e");
        const input = page.locator(`#tx-${second} input[name=payee]`);
        await input.waitFor();
        await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "payee");
        await page.keyboard.press("Control+A");
        await page.keyboard.type("Something else");
        await page.keyboard.press("Escape");
        await input.waitFor({ state: "detached" });
        assertEquals(await page.locator(`#tx-${second} .ws-payee-line`).innerText(), before);
        await page.keyboard.press("e");
        await input.waitFor();
        await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "payee");
        await page.keyboard.press("Control+A");
        await page.keyboard.type("Harbor Office Supply");
        await page.keyboard.press("Enter");
        await page.locator(`#tx-${second} .ws-payee-line`, { hasText: "Harbor Office Supply" }).waitFor();
        const [payee] = await server.db.sql`select payee from transactions where id = ${second}`;
        assertEquals(payee.payee, "Harbor Office Supply");

        // A click on a category fetches the picker; typing filters, Enter saves.
        await page.locator(`#tx-${first} button[data-edit=category]`).click();
        const picker = page.locator(`#tx-${first} [role=combobox]`);
        await picker.waitFor();
        await page.waitForFunction((id) => document.activeElement?.id === `ws-cat-input-${id}`, first);
        await page.keyboard.type("trav");
        await page.keyboard.press("Enter");
        await waitForCategory(page, first!, "Travel");

        // Save the current filter as a view; it is listed and opens the filter.
        await page.goto(`${server.url}${path}?q=deposit&review=false`);
        await page.waitForLoadState("networkidle");
        await page.locator(".ws-save-view summary").click();
        await page.locator(".ws-save-view[open] #ws-view-name").waitFor({ timeout: 5_000 }).catch(async () => {
          // A click that landed while the page was still settling: open it again.
          await page.locator(".ws-save-view summary").click();
        });
        await page.locator("#ws-view-name").fill("Deposits");
        await page.locator("#ws-save-view button[type=submit]").click();
        await page.locator('.ws-view[aria-current="page"]', { hasText: "Deposits" }).waitFor();
        assertEquals(new URL(page.url()).search, "?q=deposit&review=false");
        await page.locator(".ws-view", { hasText: "All transactions" }).click();
        await page.waitForURL((url) => url.search === "");
        await shot(page, "workspace-views");

        assertEquals(problems.errors, []);
        assertEquals(await problems.cspViolations(), []);
        assertEquals(problems.failedResponses, []);
        await context.close();
      });
    } finally {
      await server.close();
    }
  },
});
