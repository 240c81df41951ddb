/**
 * The transactions workspace over HTTP, as a browser sends it (session cookies, forms, htmx
 * headers): filters round-trip in the URL, full page vs fragment, infinite scroll, inline edit
 * (fragments, the row back, the rule offer), bulk edit, undo, saved views (CRUD and isolation
 * between members), what read-only members and reviewers see and may do, and another firm.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import { parseKeyRing } from "../src/crypto/keyring.ts";
import { withFirm } from "../src/db/tenant.ts";
import { saveStatement } from "../src/documents/persist.ts";
import type { StatementResult } from "../src/parsing/types.ts";

/** [description, amount]; dates run backwards from 2025-03-28, one a day. */
const ROWS: [string, string][] = [
  ["POS PURCHASE STARBUCKS STORE 12345 SEATTLE WA", "-4.50"],
  ["SQ *BLUE BOTTLE COFFEE OAKLAND CA", "-6.25"],
  ["PAYPAL *NETFLIX.COM 402-935-7733 CA", "-15.49"],
  ["ACH DEBIT COMCAST CABLE 8774 REF# 0012345", "-120.00"],
  ["DEPOSIT STRIPE TRANSFER", "2500.00"],
  ["STAPLES 0042 PORTLAND OR", "-48.20"],
  ["SHELL OIL 5744 DENVER CO", "-61.00"],
  ["STARBUCKS STORE 777 TACOMA WA", "-5.75"],
  ["UBER *TRIP HELP.UBER.COM", "-23.10"],
  ["DELTA AIR 0062 ATLANTA GA", "-412.00"],
  ["MOBILE DEPOSIT REF 803869673", "300.00"],
  ["HOME DEPOT #0642 ATLANTA GA", "-89.75"],
];

interface Setup {
  t: TestApp;
  owner: Member;
  preparer: Member;
  other: Member;
  reviewer: Member;
  readOnly: Member;
  clientId: string;
  otherClientId: string;
  ids: string[];
  category: (name: string) => string;
}

async function importRows(t: TestApp, firmId: string, clientId: string, rows: [string, string][]): Promise<string[]> {
  const [doc] = await t.db.sql<{ id: string }[]>`
    insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key)
    values (${firmId}, ${clientId}, 'march.csv', 'csv', 1, ${crypto.randomUUID().replaceAll("-", "").padEnd(64, "0")},
            ${crypto.randomUUID()}) returning id`;
  const result: StatementResult = {
    parser: "test",
    institution: "Test Bank",
    account: { number: "4821", type: "checking", currency: "USD" },
    period: { start: "2025-03-01", end: "2025-03-31" },
    balances: { opening: null, closing: null },
    transactions: rows.map(([description, amount], i) => ({
      date: `2025-03-${String(28 - i).padStart(2, "0")}`,
      posted_date: null,
      description,
      amount,
      balance: null,
    })),
    verification: { status: "unverifiable", checks: [] },
    warnings: [],
    pages: 1,
    elapsed_ms: 1,
  };
  await withFirm(
    t.db.appSql,
    firmId,
    (tx) =>
      saveStatement(tx, { id: doc.id, firm_id: firmId, client_id: clientId }, result, {
        keyring: parseKeyRing(t.config.encryptionKeys),
      }),
  );
  const ids = await t.db.sql<{ id: string }[]>`
    select id from transactions where document_id = ${doc.id} order by line_no`;
  return ids.map((r) => r.id);
}

async function setUp(): Promise<Setup> {
  const t = await createTestApp();
  const owner = await createFirm(t, "Workspace Firm");
  const preparer = await addMember(t, owner.firmId, "preparer");
  const other = await addMember(t, owner.firmId, "preparer", "Other preparer");
  const reviewer = await addMember(t, owner.firmId, "reviewer");
  const readOnly = await addMember(t, owner.firmId, "read_only");
  const client = await api(t, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
  const otherClient = await api(t, owner, "POST", "/api/v1/clients", { name: "Other Client" });
  for (const id of [client.body.id, otherClient.body.id]) {
    const assigned = await api(t, owner, "PUT", `/api/v1/clients/${id}/assignments`, {
      user_ids: [preparer.userId, other.userId, reviewer.userId, readOnly.userId],
    });
    assertEquals(assigned.status, 200);
  }
  const ids = await importRows(t, owner.firmId, client.body.id, ROWS);
  await importRows(t, owner.firmId, otherClient.body.id, [["OTHER CLIENT COFFEE", "-3.00"]]);
  const list = await api(t, owner, "GET", "/api/v1/categories");
  const category = (name: string) => list.body.find((c: { name: string }) => c.name === name).id as string;
  return {
    t,
    owner,
    preparer,
    other,
    reviewer,
    readOnly,
    clientId: client.body.id,
    otherClientId: otherClient.body.id,
    ids,
    category,
  };
}

/** A page request as the browser sends it; `htmx` adds HX-Request (and more headers). */
async function get(t: TestApp, who: Member, path: string, headers: Record<string, string> = {}) {
  const res = await t.request(path, { headers: { ...who.browser, ...headers } });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** A form POST as the browser (or htmx, with `HX-Request`) sends it. */
async function post(
  t: TestApp,
  who: Member,
  path: string,
  form: Record<string, string | string[]>,
  headers: Record<string, string> = { "HX-Request": "true" },
) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
  const res = await t.request(path, {
    method: "POST",
    headers: { ...who.browser, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
    redirect: "manual",
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const HX = { "HX-Request": "true" };
const rowIds = (html: string) => [...html.matchAll(/<tr id="tx-([0-9a-f-]{36})"/g)].map((m) => m[1]);
const decode = (s: string) => s.replaceAll("&amp;", "&");

Deno.test("filters round-trip in the URL; the full page, the results fragment and the rows fragment", async () => {
  const s = await setUp();
  try {
    const path = `/clients/${s.clientId}/transactions`;
    const full = await get(s.t, s.preparer, `${path}?q=starbucks&max=0&sort=amount_asc`);
    assertEquals(full.status, 200);
    assertMatch(full.html, /^<!DOCTYPE html>|^<html/i);
    assert(full.html.includes('name="q" type="search" value="starbucks"'), "the search box keeps the query");
    assert(full.html.includes('name="max" type="text" inputmode="decimal" value="0"'), "the max filter is kept");
    assertMatch(full.html, /<input type="hidden" name="sort" value="amount_asc"\/?>/, "the sort is kept");
    assert(full.html.includes('hx-trigger="input changed delay:250ms from:[name=q], change, submit"'));
    assert(full.html.includes('hx-push-url="true"'));
    assertEquals(rowIds(full.html), [s.ids[7], s.ids[0]], "two Starbucks, smallest amount first");
    assert(full.html.includes("<mark>STARBUCKS</mark>"), "matches are highlighted");
    // The amount header flips the sort and keeps the filters; the saved-view form has the query.
    assert(decode(full.html).includes(`href="${path}?q=starbucks&max=0&sort=amount_desc"`), "sort link");
    assert(decode(full.html).includes('name="query" value="q=starbucks&max=0&sort=amount_asc"'), "view query");
    assert(full.html.includes('aria-sort="ascending"'));
    // Totals of the filter: two rows, 10.25 out.
    assertMatch(full.html, /Transactions<\/dt><dd>2<\/dd>/);
    assert(full.html.includes("$10.25"), "money out");

    // htmx (typing in the search box): only the results region, the URL to push, no empty params.
    const fragment = await get(s.t, s.preparer, `${path}?q=starbucks&account=&from=&max=0&sort=amount_asc`, HX);
    assertEquals(fragment.status, 200);
    assert(fragment.html.startsWith('<div id="ws-results"'), fragment.html.slice(0, 80));
    assert(!fragment.html.includes("<html"), "no page around it");
    assertEquals(fragment.headers.get("HX-Push-Url"), `${path}?q=starbucks&max=0&sort=amount_asc`);
    assertEquals(rowIds(fragment.html), [s.ids[7], s.ids[0]]);
    assert(fragment.html.includes('id="ws-view-query"') && fragment.html.includes('hx-swap-oob="true"'));
    assertMatch(fragment.headers.get("Vary") ?? "", /HX-Request/);

    // A boosted navigation and a history restore (the back button) get the whole page.
    for (
      const extra of [{ "HX-Boosted": "true" }, { "HX-History-Restore-Request": "true" }] as Record<string, string>[]
    ) {
      const page = await get(s.t, s.preparer, `${path}?q=starbucks`, { ...HX, ...extra });
      assert(page.html.includes('id="ws-filters"'), `full page for ${Object.keys(extra)[0]}`);
    }

    // Other filters: review, uncategorized, amount range, tag, document, dates.
    const flagged = await api(s.t, s.owner, "PATCH", `/api/v1/transactions/${s.ids[3]}`, { needs_review: true });
    assertEquals(flagged.status, 200);
    assertEquals(rowIds((await get(s.t, s.preparer, `${path}?review=true`)).html), [s.ids[3]]);
    assertEquals(rowIds((await get(s.t, s.preparer, `${path}?min=100`)).html), [s.ids[4], s.ids[10]]);
    assertEquals(rowIds((await get(s.t, s.preparer, `${path}?from=2025-03-27&to=2025-03-28`)).html), s.ids.slice(0, 2));
    assertEquals(rowIds((await get(s.t, s.preparer, `${path}?uncategorized=true`)).html).length, ROWS.length);

    // Infinite scroll: a sentinel loads the next page (rows only) when revealed.
    let url = `${path}?limit=5`;
    const seen: string[] = [];
    const first = await get(s.t, s.preparer, url);
    let html = first.html;
    for (let pages = 0; pages < 5; pages++) {
      seen.push(...rowIds(html));
      const sentinel = /<tr id="ws-more" class="ws-more-row" hx-get="([^"]+)" hx-trigger="revealed"/.exec(html);
      if (!sentinel) break;
      url = decode(sentinel[1]);
      assert(url.includes("limit=5") && url.includes("cursor="), url);
      const more = await get(s.t, s.preparer, url, HX);
      assertEquals(more.status, 200);
      assert(more.html.startsWith("<tr"), "rows only");
      html = more.html;
    }
    assertEquals(seen, s.ids, "every transaction once, newest first");

    // Bad filters: an inline message and 422, for the page and for the fragment.
    const bad = await get(s.t, s.preparer, `${path}?from=2025-13-01`);
    assertEquals(bad.status, 422);
    assert(bad.html.includes("Use a date like 2025-03-14"), "field error");
    assert(bad.html.includes('id="ws-filters"'), "still the page");
    const badFragment = await get(s.t, s.preparer, `${path}?min=abc`, HX);
    assertEquals(badFragment.status, 422);
    assert(badFragment.html.startsWith('<div id="ws-results"'));

    // Nothing matches: the empty state; a misspelling: close matches.
    const none = await get(s.t, s.preparer, `${path}?q=${encodeURIComponent("amount:>100000")}`);
    assert(none.html.includes("No transactions match these filters."));
    const fuzzy = await get(s.t, s.preparer, `${path}?q=strabucks`);
    assert(fuzzy.html.includes("Showing close matches for “starbucks”"), "the fuzzy note");
    assertEquals(rowIds(fuzzy.html).sort(), [s.ids[0], s.ids[7]].sort());

    // Another firm, and a client the member is not assigned to: 404.
    const stranger = await createFirm(s.t, "Stranger Firm");
    assertEquals((await get(s.t, stranger, path)).status, 404);
    const unassigned = await addMember(s.t, s.owner.firmId, "preparer", "Unassigned");
    assertEquals((await get(s.t, unassigned, path)).status, 404);
  } finally {
    await s.t.close();
  }
});

Deno.test("inline edit: editor fragments, POST returns the row, the rule offer, history", async () => {
  const s = await setUp();
  try {
    const id = s.ids[1]; // SQ *BLUE BOTTLE COFFEE
    const category = await get(s.t, s.preparer, `/transactions/${id}/edit/category`, HX);
    assertEquals(category.status, 200);
    assert(category.html.includes('role="combobox"') && category.html.includes('role="listbox"'));
    assert(category.html.includes('aria-controls="ws-cat-list-' + id + '"'));
    assert(category.html.includes('data-name="Office expense"'));
    const payee = await get(s.t, s.preparer, `/transactions/${id}/edit/payee`, HX);
    assert(payee.html.includes('name="payee"') && payee.html.includes("autofocus"));
    assertEquals((await get(s.t, s.preparer, `/transactions/${id}/edit/amount`, HX)).status, 404);

    // Category by id: the row comes back, with the status and the rule offer out of band.
    const office = s.category("Office expense");
    const saved = await post(s.t, s.preparer, `/transactions/${id}`, { field: "category", category_id: office });
    assertEquals(saved.status, 200);
    assert(saved.html.startsWith(`<tr id="tx-${id}"`), saved.html.slice(0, 60));
    assert(saved.html.includes("Office expense"));
    assert(saved.html.includes('id="ws-status" hx-swap-oob="innerHTML"'));
    assertMatch(saved.html, /Always categorize Blue Bottle[^?]* as Office expense\?/);
    assert(saved.html.includes(`/transactions/${id}/rule`));
    const [row] = await s.t.db.sql`select category_id from transactions where id = ${id}`;
    assertEquals(row.category_id, office);
    assertEquals(await auditCount(s.t, "transaction.update", id), 1);

    // By typed name (what Enter sends when nothing was picked), payee, memo, tags, review flag.
    const supplies = await post(s.t, s.preparer, `/transactions/${id}`, { field: "category", category_name: "suppl" });
    assertEquals(supplies.status, 200);
    assert(supplies.html.includes("Supplies"));
    const ambiguous = await post(s.t, s.preparer, `/transactions/${id}`, { field: "category", category_name: "zzz" });
    assertEquals(ambiguous.status, 422);
    assertEquals(ambiguous.headers.get("HX-Retarget"), "#flash");
    for (
      const [form, text] of [
        [{ field: "payee", payee: "Blue Bottle Oakland" }, "Blue Bottle Oakland"],
        [{ field: "memo", memo: "Client meeting <b>" }, "Client meeting &lt;b&gt;"],
        [{ field: "tags", tags: "Meals, travel , meals" }, '<span class="ws-tag">meals</span>'],
        [{ field: "needs_review", needs_review: "true" }, 'aria-pressed="true"'],
      ] as [Record<string, string>, string][]
    ) {
      const res = await post(s.t, s.preparer, `/transactions/${id}`, form);
      assertEquals(res.status, 200, JSON.stringify(form));
      assert(res.html.includes(text), `${form.field}: ${text}`);
    }
    const [after] = await s.t.db.sql`select payee, memo, tags, needs_review from transactions where id = ${id}`;
    assertEquals({ ...after }, {
      payee: "Blue Bottle Oakland",
      memo: "Client meeting <b>",
      tags: ["meals", "travel"],
      needs_review: true,
    });
    assertEquals(await auditCount(s.t, "transaction.update", id), 6);
    // Without htmx (no JavaScript): a redirect back.
    const plain = await post(s.t, s.preparer, `/transactions/${id}`, { field: "needs_review", needs_review: "false" }, {
      Referer: `http://localhost/clients/${s.clientId}/transactions?q=blue`,
    });
    assertEquals(plain.status, 303);
    assertEquals(plain.headers.get("Location"), `/clients/${s.clientId}/transactions?q=blue`);

    // Esc re-fetches the row; bulk and undo refresh rows out of band.
    const single = await get(s.t, s.preparer, `/transactions/${id}/row`, HX);
    assert(single.html.startsWith(`<tr id="tx-${id}"`) && !single.html.includes("hx-swap-oob"));
    const many = await get(s.t, s.preparer, `/transactions/rows?ids=${s.ids[0]},${s.ids[2]},not-an-id`, HX);
    assertEquals(rowIds(many.html), [s.ids[0], s.ids[2]]);
    assertEquals(many.html.match(/hx-swap-oob="true"/g)?.length, 2);

    // The rule offer: create it once; asking again finds the same rule.
    const rule = await post(s.t, s.preparer, `/transactions/${id}/rule`, { category_id: office });
    assertEquals(rule.status, 200);
    assertMatch(rule.html, /Rule created: Always categorize Blue Bottle Oakland as Office expense/);
    const again = await post(s.t, s.preparer, `/transactions/${id}/rule`, { category_id: office });
    assertEquals(again.status, 200);
    const [{ n }] = await s.t.db.sql`select count(*)::int as n from rules`;
    assertEquals(n, 1);
    // With that rule in place, categorizing the payee again offers nothing.
    await post(s.t, s.preparer, `/transactions/${id}`, { field: "category", category_id: s.category("Supplies") });
    const noOffer = await post(s.t, s.preparer, `/transactions/${id}`, { field: "category", category_id: office });
    assert(!noOffer.html.includes("Always categorize"), "no offer when a rule exists");

    // History: the owner (audit.read) gets a History button and the audit fragment; preparers neither.
    const ownerPage = await get(s.t, s.owner, `/clients/${s.clientId}/transactions`);
    assert(ownerPage.html.includes(`hx-get="/audit/entity/transaction/${id}"`));
    const history = await get(s.t, s.owner, `/audit/entity/transaction/${id}`, HX);
    assertEquals(history.status, 200);
    assert(history.html.includes("transaction.update") && history.html.includes("Office expense"));
    const preparerPage = await get(s.t, s.preparer, `/clients/${s.clientId}/transactions`);
    assert(!preparerPage.html.includes("/audit/entity/transaction/"), "no history for members without audit.read");
    assert(!preparerPage.html.includes('id="ws-drawer"'));

    // Another firm's member: 404 for rows, editors and edits.
    const stranger = await createFirm(s.t, "Stranger Firm");
    assertEquals((await get(s.t, stranger, `/transactions/${id}/row`, HX)).status, 404);
    assertEquals((await get(s.t, stranger, `/transactions/${id}/edit/payee`, HX)).status, 404);
    assertEquals((await post(s.t, stranger, `/transactions/${id}`, { field: "payee", payee: "x" })).status, 404);
    assertEquals((await post(s.t, stranger, `/transactions/${id}/rule`, { category_id: office })).status, 404);
    assertEquals(rowIds((await get(s.t, stranger, `/transactions/rows?ids=${id}`, HX)).html), []);
  } finally {
    await s.t.close();
  }
});

Deno.test("bulk edit of selected rows, and undo of the last change", async () => {
  const s = await setUp();
  try {
    const bulk = `/clients/${s.clientId}/transactions/bulk`;
    const chosen = [s.ids[0], s.ids[7], s.ids[1]];
    const travel = s.category("Travel");
    const res = await post(s.t, s.preparer, bulk, { ids: chosen, action: "category", category_id: travel });
    assertEquals(res.status, 200);
    assert(res.html.includes("Updated 3 of 3 transactions."));
    assert(res.html.includes('hx-post="/transactions/undo"'), "an Undo button");
    const trigger = JSON.parse(res.headers.get("HX-Trigger")!);
    assertEquals(trigger["ws:rows-changed"].ids.sort(), [...chosen].sort());
    const cats = await s.t.db.sql`select category_id from transactions where id = any(${chosen}::uuid[])`;
    assertEquals(cats.map((r) => r.category_id), [travel, travel, travel]);
    assertEquals(await auditCount(s.t, "transaction.update"), 3);

    assertEquals((await post(s.t, s.preparer, bulk, { ids: chosen, action: "tag", tag: "Trip" })).status, 200);
    const flag = await post(s.t, s.preparer, bulk, { ids: chosen.slice(0, 2), action: "flag" });
    assert(flag.html.includes("Updated 2 of 2"));
    const tagged = await s.t.db.sql`
      select tags, needs_review from transactions where id = any(${chosen}::uuid[]) order by id`;
    assert(tagged.every((r) => r.tags.includes("trip")));
    assertEquals(tagged.filter((r) => r.needs_review).length, 2);

    // Undo reverts the last batch (the flag), tells which rows to refresh, then the one before.
    const undo = await post(s.t, s.preparer, "/transactions/undo", {});
    assertEquals(undo.status, 200);
    assert(undo.html.includes("Undid your last change (2 transactions)."));
    assertEquals(JSON.parse(undo.headers.get("HX-Trigger")!)["ws:rows-changed"].ids.sort(), chosen.slice(0, 2).sort());
    const [{ n: flagged }] = await s.t.db.sql`select count(*)::int as n from transactions where needs_review`;
    assertEquals(flagged, 0);
    assertEquals(await auditCount(s.t, "transaction.undo"), 2);
    await post(s.t, s.preparer, "/transactions/undo", {});
    const [{ n: tags }] = await s.t.db.sql`select count(*)::int as n from transactions where 'trip' = any(tags)`;
    assertEquals(tags, 0);
    // Each member undoes their own changes: the owner has nothing to undo.
    const nothing = await post(s.t, s.owner, "/transactions/undo", {});
    assert(nothing.html.includes("Nothing to undo."));

    // Bad requests change nothing.
    assertEquals((await post(s.t, s.preparer, bulk, { action: "flag" })).status, 422);
    assertEquals((await post(s.t, s.preparer, bulk, { ids: chosen, action: "category" })).status, 422);
    assertEquals((await post(s.t, s.preparer, bulk, { ids: chosen, action: "explode" })).status, 422);
    const [otherTx] = await s.t.db.sql`select id from transactions where client_id = ${s.otherClientId}`;
    const mixed = await post(s.t, s.preparer, bulk, { ids: [s.ids[0], otherTx.id], action: "flag" });
    assertEquals(mixed.status, 404, "rows of another client");
    const [{ n: after }] = await s.t.db.sql`select count(*)::int as n from transactions where needs_review`;
    assertEquals(after, 0);
  } finally {
    await s.t.close();
  }
});

Deno.test("saved views: save, list, open, delete; each member sees only their own", async () => {
  const s = await setUp();
  try {
    const saved = await post(s.t, s.preparer, `/clients/${s.clientId}/views`, {
      name: "Coffee to review",
      query: "q=coffee&cursor=abc&review=true&account=",
    }, {});
    assertEquals(saved.status, 303);
    const url = `/clients/${s.clientId}/transactions?q=coffee&review=true`;
    assertEquals(saved.headers.get("Location"), url);
    const page = await get(s.t, s.preparer, url);
    assert(decode(page.html).includes(`href="${url}" class="ws-view" aria-current="page">Coffee to review</a>`));

    const mine = await api(s.t, s.preparer, "GET", "/api/v1/views");
    assertEquals(mine.status, 200);
    assertEquals(
      mine.body.items.map((v: { name: string; query: string; client_id: string; url: string }) => [
        v.name,
        v.query,
        v.client_id,
        v.url,
      ]),
      [["Coffee to review", "q=coffee&review=true", s.clientId, url]],
    );
    const viewId = mine.body.items[0].id;

    // Another member sees none of it and cannot delete it.
    assertEquals((await api(s.t, s.other, "GET", "/api/v1/views")).body.items, []);
    assert(!(await get(s.t, s.other, url)).html.includes("Coffee to review"));
    assertEquals((await api(s.t, s.other, "DELETE", `/api/v1/views/${viewId}`)).status, 404);
    assertEquals((await post(s.t, s.other, `/views/${viewId}/delete`, {}, {})).status, 404);

    // The API: create (per client), filter by client, validation, other firms' clients.
    const created = await api(s.t, s.other, "POST", "/api/v1/views", {
      name: "Big deposits",
      client_id: s.otherClientId,
      query: "?min=1000",
    });
    assertEquals(created.status, 201);
    assertEquals(created.body.url, `/clients/${s.otherClientId}/transactions?min=1000`);
    assertEquals(
      (await api(s.t, s.other, "GET", `/api/v1/views?client_id=${s.clientId}`)).body.items,
      [],
    );
    assertEquals((await api(s.t, s.other, "POST", "/api/v1/views", { name: "", client_id: s.clientId })).status, 422);
    const stranger = await createFirm(s.t, "Stranger Firm");
    assertEquals(
      (await api(s.t, stranger, "POST", "/api/v1/views", { name: "Peek", client_id: s.clientId })).status,
      404,
    );
    assertEquals((await api(s.t, stranger, "DELETE", `/api/v1/views/${viewId}`)).status, 404);

    // Delete own: the page form (back to where it was) and the API.
    const removed = await post(s.t, s.preparer, `/views/${viewId}/delete`, {}, {
      Referer: `http://localhost${url}`,
    });
    assertEquals(removed.status, 303);
    assertEquals(removed.headers.get("Location"), url);
    assertEquals((await api(s.t, s.preparer, "GET", "/api/v1/views")).body.items, []);
    assertEquals((await api(s.t, s.other, "DELETE", `/api/v1/views/${created.body.id}`)).status, 204);
    assertEquals(await auditCount(s.t, "saved_view.create"), 2);
    assertEquals(await auditCount(s.t, "saved_view.delete"), 2);
  } finally {
    await s.t.close();
  }
});

Deno.test("read-only members see no edit controls and get 403; reviewers may only flag", async () => {
  const s = await setUp();
  try {
    const path = `/clients/${s.clientId}/transactions`;
    const page = await get(s.t, s.readOnly, path);
    assertEquals(page.status, 200);
    assertEquals(rowIds(page.html).length, ROWS.length);
    for (const control of ['class="ws-select"', "data-edit=", 'id="ws-bulk"', 'id="ws-undo"', "ws-category-editor"]) {
      assert(!page.html.includes(control), `read-only: no ${control}`);
    }
    assert(page.html.includes('data-can-edit="false"'));
    const id = s.ids[0];
    const office = s.category("Office expense");
    const attempts = [
      await post(s.t, s.readOnly, `/transactions/${id}`, { field: "category", category_id: office }),
      await post(s.t, s.readOnly, `/transactions/${id}`, { field: "needs_review", needs_review: "true" }),
      await post(s.t, s.readOnly, `${path}/bulk`, { ids: [id], action: "flag" }),
      await post(s.t, s.readOnly, "/transactions/undo", {}),
      await post(s.t, s.readOnly, `/transactions/${id}/rule`, { category_id: office }),
      await get(s.t, s.readOnly, `/transactions/${id}/edit/category`, HX),
    ];
    assertEquals(attempts.map((a) => a.status), [403, 403, 403, 403, 403, 403]);
    const [row] = await s.t.db.sql`select category_id, needs_review from transactions where id = ${id}`;
    assertEquals({ ...row }, { category_id: null, needs_review: false });

    // Reviewers: checkboxes and the review flag, nothing else.
    const review = await get(s.t, s.reviewer, path);
    assert(review.html.includes('class="ws-select"') && review.html.includes('class="ws-flag"'));
    assert(!review.html.includes("data-edit=") && !review.html.includes("ws-category-editor"));
    const flagged = await post(s.t, s.reviewer, `/transactions/${id}`, { field: "needs_review", needs_review: "true" });
    assertEquals(flagged.status, 200);
    assert(flagged.html.includes('aria-pressed="true"'));
    const denied = await post(s.t, s.reviewer, `/transactions/${id}`, { field: "category", category_id: office });
    assertEquals(denied.status, 403);
    assertEquals((await post(s.t, s.reviewer, `${path}/bulk`, { ids: [id], action: "unflag" })).status, 200);
    assertEquals(
      (await post(s.t, s.reviewer, `${path}/bulk`, { ids: [id], action: "category", category_id: office })).status,
      403,
    );
  } finally {
    await s.t.close();
  }
});
