/**
 * Clients end to end: the JSON API (shapes, status codes, validation), the tax id encrypted at
 * rest and masked everywhere, search, archive/restore, assignment scoping, tenant isolation,
 * permissions, one audit row per change, and the server-rendered pages and forms.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import type { Page } from "playwright-core";
import { browserUnavailable, watchPage, withBrowser } from "./support/browser.ts";
import { startTestServer } from "./support/server.ts";
import { parseKeyRing } from "../src/crypto/keyring.ts";
import { POLICY } from "../src/http/policy.ts";

const CLIENT_KEYS = [
  "archived",
  "archived_at",
  "assigned_user_ids",
  "contact_email",
  "contact_name",
  "contact_phone",
  "created_at",
  "entity_type",
  "fiscal_year_start",
  "id",
  "name",
  "notes",
  "tax_id_masked",
  "updated_at",
];

async function withApp(fn: (t: TestApp, owner: Member) => Promise<void>) {
  const t = await createTestApp();
  try {
    await fn(t, await createFirm(t));
  } finally {
    await t.close();
  }
}

async function newClient(t: TestApp, who: Member, body: Record<string, unknown>) {
  const res = await api(t, who, "POST", "/api/v1/clients", body);
  assertEquals(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** A page request as the member's browser (cookies + same origin). */
async function page(t: TestApp, who: Member, path: string, init: RequestInit = {}) {
  const res = await t.request(path, { ...init, headers: { ...who.browser, ...(init.headers ?? {}) } });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** Submits a form like a browser without JavaScript. */
async function submit(t: TestApp, who: Member, path: string, fields: [string, string][]) {
  const res = await t.request(path, {
    method: "POST",
    redirect: "manual",
    headers: { ...who.browser, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

Deno.test("API: create, read, list and patch clients with the documented shapes and status codes", async () => {
  await withApp(async (t, owner) => {
    const created = await api(t, owner, "POST", "/api/v1/clients", {
      name: "  Blue Heron Bakery  ",
      entity_type: "s_corp",
      tax_id: "12-3456789",
      contact_name: "Rosa Diaz",
      contact_email: "rosa@blueheron.test",
      contact_phone: "+1 555 0100",
      fiscal_year_start: 7,
      notes: "Quarterly estimates",
    });
    assertEquals(created.status, 201);
    const client = created.body;
    assertEquals(Object.keys(client).sort(), CLIENT_KEYS);
    assertEquals(created.headers.get("location"), `/api/v1/clients/${client.id}`);
    assertEquals(client.name, "Blue Heron Bakery", "the name is trimmed");
    assertEquals(client.entity_type, "s_corp");
    assertEquals(client.tax_id_masked, "•••••6789");
    assertEquals(client.fiscal_year_start, 7);
    assertEquals(client.archived, false);
    assertEquals(client.archived_at, null);
    assertEquals(client.assigned_user_ids, []);
    assertMatch(client.created_at, /^\d{4}-\d\d-\d\dT/);

    const defaults = await newClient(t, owner, { name: "Minimal" });
    assertEquals(
      [defaults.entity_type, defaults.tax_id_masked, defaults.contact_email, defaults.fiscal_year_start],
      ["sole_proprietor", null, "", 1],
    );

    const got = await api(t, owner, "GET", `/api/v1/clients/${client.id}`);
    assertEquals(got.status, 200);
    assertEquals(got.body, client);

    const list = await api(t, owner, "GET", "/api/v1/clients");
    assertEquals(list.status, 200);
    assertEquals(Object.keys(list.body), ["items"]);
    assertEquals(list.body.items.map((c: { name: string }) => c.name), ["Blue Heron Bakery", "Minimal"]);

    const patched = await api(t, owner, "PATCH", `/api/v1/clients/${client.id}`, { contact_phone: "555 0199" });
    assertEquals(patched.status, 200);
    assertEquals(patched.body.contact_phone, "555 0199");
    assertEquals(patched.body.name, "Blue Heron Bakery", "fields not sent stay as they are");
    assertEquals(patched.body.tax_id_masked, "•••••6789");
    assert(patched.body.updated_at > client.updated_at);

    assertEquals((await api(t, undefined, "GET", "/api/v1/clients")).status, 401);
    assertEquals((await api(t, owner, "GET", "/api/v1/clients/not-a-uuid")).status, 404);
    assertEquals((await api(t, owner, "GET", `/api/v1/clients/${crypto.randomUUID()}`)).status, 404);
    assertEquals((await api(t, owner, "PATCH", `/api/v1/clients/${crypto.randomUUID()}`, { name: "x" })).status, 404);
  });
});

Deno.test("validation: precise 422 problems per field, and nothing is stored", async () => {
  await withApp(async (t, owner) => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "" }, "name"],
      [{ name: "   " }, "name"],
      [{}, "name"],
      [{ name: "x".repeat(201) }, "name"],
      [{ name: "A", entity_type: "llp" }, "entity_type"],
      [{ name: "A", tax_id: "12-345678" }, "tax_id"],
      [{ name: "A", tax_id: "1234-56789" }, "tax_id"],
      [{ name: "A", tax_id: "abcdefghi" }, "tax_id"],
      [{ name: "A", fiscal_year_start: 13 }, "fiscal_year_start"],
      [{ name: "A", fiscal_year_start: 0 }, "fiscal_year_start"],
      [{ name: "A", fiscal_year_start: 1.5 }, "fiscal_year_start"],
      [{ name: "A", contact_email: "not-an-email" }, "contact_email"],
      [{ name: "A", notes: "n".repeat(10001) }, "notes"],
    ];
    for (const [body, field] of cases) {
      const res = await api(t, owner, "POST", "/api/v1/clients", body);
      assertEquals(res.status, 422, JSON.stringify(body));
      assertEquals(res.headers.get("content-type"), "application/problem+json");
      assertEquals(res.body.errors.map((e: { path: string }) => e.path), [field], JSON.stringify(body));
    }
    const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from clients`;
    assertEquals(n, 0);
    assertEquals(await auditCount(t, "client.create"), 0);

    const bad = await t.request("/api/v1/clients", { method: "POST", headers: owner.bearer, body: "name=x" });
    assertEquals(bad.status, 400);
    await bad.body?.cancel();

    const client = await newClient(t, owner, { name: "Valid" });
    const patch = await api(t, owner, "PATCH", `/api/v1/clients/${client.id}`, { name: "", fiscal_year_start: 13 });
    assertEquals(patch.status, 422);
    assertEquals(patch.body.errors.map((e: { path: string }) => e.path).sort(), ["fiscal_year_start", "name"]);
    assertEquals((await api(t, owner, "GET", `/api/v1/clients/${client.id}`)).body.name, "Valid");
    assertEquals((await api(t, owner, "GET", "/api/v1/clients?archived=maybe")).status, 422);
  });
});

Deno.test("hostile strings are stored verbatim and rendered escaped", async () => {
  await withApp(async (t, owner) => {
    const name = `<script>alert("x")</script> & Sons`;
    const notes = `"><img src=x onerror=alert(1)>`;
    const client = await newClient(t, owner, { name, notes, contact_name: "O'Brien; DROP TABLE clients;--" });
    assertEquals(client.name, name);
    assertEquals(client.notes, notes);
    const [row] = await t.db.sql`select name, notes, contact_name from clients`;
    assertEquals(row, { name, notes, contact_name: "O'Brien; DROP TABLE clients;--" });

    for (const path of ["/clients", `/clients/${client.id}`, `/clients/${client.id}/edit`]) {
      const { status, html } = await page(t, owner, path);
      assertEquals(status, 200, path);
      assert(!html.includes("<script>alert"), `${path} renders the name escaped`);
      assert(!html.includes("<img src=x"), `${path} renders notes escaped`);
      assertStringIncludes(html, "&lt;script&gt;");
    }
  });
});

Deno.test("tax id: normalized, encrypted at rest bound to the client, masked in the API, pages and audit", async () => {
  await withApp(async (t, owner) => {
    const ein = await newClient(t, owner, { name: "EIN Co", tax_id: "46-2718281" });
    const ssn = await newClient(t, owner, { name: "SSN Person", entity_type: "individual", tax_id: "123-45-6780" });
    const plain = await newClient(t, owner, { name: "Digits", tax_id: "987654321" });
    assertEquals([ein.tax_id_masked, ssn.tax_id_masked, plain.tax_id_masked], ["•••••8281", "•••••6780", "•••••4321"]);

    const rows = await t.db.sql<{ id: string; tax_id_enc: string; tax_id_last4: string }[]>`
      select id, tax_id_enc, tax_id_last4 from clients order by name`;
    const keyring = parseKeyRing(t.config.encryptionKeys);
    for (const row of rows) {
      assert(!/\d{5}/.test(row.tax_id_enc), "no digits of the tax id in the stored ciphertext");
      assertMatch(row.tax_id_enc, /^v\d+\./);
    }
    const einRow = rows.find((r) => r.id === ein.id)!;
    assertEquals(einRow.tax_id_last4, "8281");
    assertEquals(await keyring.decryptText(einRow.tax_id_enc, `client-tax-id:${ein.id}`), "462718281");
    let wrongContext = false;
    await keyring.decryptText(einRow.tax_id_enc, `client-tax-id:${ssn.id}`).catch(() => wrongContext = true);
    assert(wrongContext, "the ciphertext only decrypts for its own client");

    const json = JSON.stringify((await api(t, owner, "GET", "/api/v1/clients")).body);
    assert(
      !json.includes("462718281") && !json.includes("2718281") && !json.includes("123456780") &&
        !json.includes("tax_id_enc"),
    );
    for (const path of ["/clients", `/clients/${ein.id}`, `/clients/${ein.id}/edit`]) {
      const { html } = await page(t, owner, path);
      assertStringIncludes(html, "•••••8281");
      assert(!html.includes("2718281"), `${path} never shows the full tax id`);
    }

    const changed = await api(t, owner, "PATCH", `/api/v1/clients/${ein.id}`, { tax_id: "98-7654321" });
    assertEquals(changed.body.tax_id_masked, "•••••4321");
    const [audit] = await t.db.sql<{ changes: Record<string, unknown> }[]>`
      select changes from audit_log where action = 'client.update' and entity_id = ${ein.id}`;
    assertEquals(audit.changes, { tax_id: { from: "[redacted]", to: "[redacted]" } });
    const [created] = await t.db.sql<{ changes: Record<string, unknown> }[]>`
      select changes from audit_log where action = 'client.create' and entity_id = ${ein.id}`;
    assertEquals(created.changes.tax_id, { from: null, to: "[redacted]" });
    assert(!JSON.stringify(await t.db.sql`select changes from audit_log`).includes("2718281"));

    const same = await api(t, owner, "PATCH", `/api/v1/clients/${ein.id}`, { tax_id: "987654321" });
    assertEquals(same.status, 200);
    assertEquals(await auditCount(t, "client.update", ein.id), 1, "the same tax id again is no change");

    const cleared = await api(t, owner, "PATCH", `/api/v1/clients/${ein.id}`, { tax_id: null });
    assertEquals(cleared.body.tax_id_masked, null);
    const [after] = await t.db.sql`select tax_id_enc, tax_id_last4 from clients where id = ${ein.id}`;
    assertEquals(after, { tax_id_enc: null, tax_id_last4: null });
  });
});

Deno.test("search: case-insensitive in name and contact fields, ordered by name, wildcards taken literally", async () => {
  await withApp(async (t, owner) => {
    await newClient(t, owner, { name: "zeta Widgets", contact_email: "ops@zeta.test" });
    await newClient(t, owner, { name: "Acme Corp", contact_name: "Wile E. Coyote" });
    await newClient(t, owner, { name: "acme Holdings", contact_phone: "555-0142" });
    await newClient(t, owner, { name: "100% Organic" });
    const names = async (query: string) =>
      (await api(t, owner, "GET", `/api/v1/clients${query}`)).body.items.map((c: { name: string }) => c.name);
    assertEquals(await names(""), ["100% Organic", "Acme Corp", "acme Holdings", "zeta Widgets"]);
    assertEquals(await names("?q=ACME"), ["Acme Corp", "acme Holdings"]);
    assertEquals(await names("?q=coyote"), ["Acme Corp"]);
    assertEquals(await names("?q=ZETA.TEST"), ["zeta Widgets"]);
    assertEquals(await names("?q=0142"), ["acme Holdings"]);
    assertEquals(await names("?q=%25"), ["100% Organic"]);
    assertEquals(await names("?q=_"), []);
    assertEquals(await names("?q=nothing"), []);
    assertEquals(await names("?limit=2"), ["100% Organic", "Acme Corp"]);
  });
});

Deno.test("archive and restore: idempotent, one audit row each, archived clients listed separately", async () => {
  await withApp(async (t, owner) => {
    const client = await newClient(t, owner, { name: "Old Mill" });
    await newClient(t, owner, { name: "New Mill" });
    const first = await api(t, owner, "DELETE", `/api/v1/clients/${client.id}`);
    assertEquals(first.status, 200);
    assertEquals(first.body.archived, true);
    assert(first.body.archived_at);
    const second = await api(t, owner, "DELETE", `/api/v1/clients/${client.id}`);
    assertEquals(second.status, 200);
    assertEquals(second.body.archived_at, first.body.archived_at, "a second DELETE changes nothing");
    assertEquals(await auditCount(t, "client.archive", client.id), 1);

    const names = async (query: string) =>
      (await api(t, owner, "GET", `/api/v1/clients${query}`)).body.items.map((c: { name: string }) => c.name);
    assertEquals(await names(""), ["New Mill"]);
    assertEquals(await names("?archived=false"), ["New Mill"]);
    assertEquals(await names("?archived=true"), ["Old Mill"]);
    assertEquals((await api(t, owner, "GET", `/api/v1/clients/${client.id}`)).body.archived, true);

    const restored = await api(t, owner, "POST", `/api/v1/clients/${client.id}/restore`);
    assertEquals(restored.status, 200);
    assertEquals([restored.body.archived, restored.body.archived_at], [false, null]);
    assertEquals((await api(t, owner, "POST", `/api/v1/clients/${client.id}/restore`)).status, 200);
    assertEquals(await auditCount(t, "client.restore", client.id), 1);
    assertEquals(await names(""), ["New Mill", "Old Mill"]);
    assertEquals((await api(t, owner, "DELETE", `/api/v1/clients/${crypto.randomUUID()}`)).status, 404);
  });
});

Deno.test("assignments: a preparer sees only assigned clients; only firm members can be assigned", async () => {
  await withApp(async (t, owner) => {
    const preparer = await addMember(t, owner.firmId, "preparer", "Pat Preparer");
    const mine = await newClient(t, owner, { name: "Assigned Inc" });
    const other = await newClient(t, owner, { name: "Unassigned LLC" });

    assertEquals((await api(t, preparer, "GET", "/api/v1/clients")).body.items, []);
    const put = await api(t, owner, "PUT", `/api/v1/clients/${mine.id}/assignments`, { user_ids: [preparer.userId] });
    assertEquals(put.status, 200);
    assertEquals(put.body, {
      user_ids: [preparer.userId],
      users: [{ id: preparer.userId, name: "Pat Preparer", email: preparer.email, role: "preparer" }],
    });
    assertEquals(await auditCount(t, "client.assignments", mine.id), 1);
    const [audit] = await t.db.sql<{ changes: unknown }[]>`
      select changes from audit_log where action = 'client.assignments'`;
    assertEquals(audit.changes, { user_ids: { from: [], to: [preparer.userId] } });
    await api(t, owner, "PUT", `/api/v1/clients/${mine.id}/assignments`, { user_ids: [preparer.userId] });
    assertEquals(await auditCount(t, "client.assignments", mine.id), 1, "the same list again is no change");

    const list = await api(t, preparer, "GET", "/api/v1/clients");
    assertEquals(list.body.items.map((c: { id: string }) => c.id), [mine.id]);
    assertEquals(list.body.items[0].assigned_user_ids, [preparer.userId]);
    assertEquals((await api(t, preparer, "GET", `/api/v1/clients/${mine.id}`)).status, 200);
    assertEquals((await api(t, preparer, "GET", `/api/v1/clients/${other.id}`)).status, 404);
    assertEquals((await api(t, preparer, "GET", `/api/v1/clients/${other.id}/assignments`)).status, 404);
    assertEquals((await api(t, preparer, "GET", `/api/v1/clients/${mine.id}/assignments`)).status, 200);
    assertEquals(
      (await api(t, preparer, "PUT", `/api/v1/clients/${mine.id}/assignments`, { user_ids: [] })).status,
      403,
    );

    const listPage = await page(t, preparer, "/clients");
    assertStringIncludes(listPage.html, "Assigned Inc");
    assert(!listPage.html.includes("Unassigned LLC"));
    assertEquals((await page(t, preparer, `/clients/${other.id}`)).status, 404);

    const stranger = await createFirm(t, "Elsewhere");
    const refused = await api(t, owner, "PUT", `/api/v1/clients/${mine.id}/assignments`, {
      user_ids: [owner.userId, stranger.userId],
    });
    assertEquals(refused.status, 422);
    assertEquals(refused.body.errors, [{ path: "user_ids.1", message: "Not a member of this firm" }]);
    assertEquals(
      (await api(t, owner, "PUT", `/api/v1/clients/${mine.id}/assignments`, { user_ids: ["x"] })).status,
      422,
    );
    assertEquals((await api(t, owner, "PUT", `/api/v1/clients/${mine.id}/assignments`, {})).status, 422);
    assertEquals((await api(t, owner, "GET", `/api/v1/clients/${mine.id}`)).body.assigned_user_ids, [preparer.userId]);

    const cleared = await api(t, owner, "PUT", `/api/v1/clients/${mine.id}/assignments`, { user_ids: [] });
    assertEquals(cleared.body, { user_ids: [], users: [] });
    assertEquals(await auditCount(t, "client.assignments", mine.id), 2);
    assertEquals((await api(t, preparer, "GET", `/api/v1/clients/${mine.id}`)).status, 404);
  });
});

Deno.test("tenant isolation: another firm's owner gets 404 for this firm's client on every route", async () => {
  await withApp(async (t, owner) => {
    const client = await newClient(t, owner, { name: "Private Client", tax_id: "123456789" });
    const rival = await createFirm(t, "Rival Books");
    const id = client.id;
    const attempts: [string, string, unknown?][] = [
      ["GET", `/api/v1/clients/${id}`],
      ["PATCH", `/api/v1/clients/${id}`, { name: "Stolen" }],
      ["DELETE", `/api/v1/clients/${id}`],
      ["POST", `/api/v1/clients/${id}/restore`],
      ["GET", `/api/v1/clients/${id}/assignments`],
      ["PUT", `/api/v1/clients/${id}/assignments`, { user_ids: [rival.userId] }],
    ];
    for (const [method, path, body] of attempts) {
      assertEquals((await api(t, rival, method, path, body)).status, 404, `${method} ${path}`);
    }
    assertEquals((await api(t, rival, "GET", "/api/v1/clients")).body.items, []);
    assertEquals((await page(t, rival, `/clients/${id}`)).status, 404);
    assertEquals((await submit(t, rival, `/clients/${id}/archive`, [])).status, 404);
    const after = await api(t, owner, "GET", `/api/v1/clients/${id}`);
    assertEquals([after.body.name, after.body.archived, after.body.assigned_user_ids], ["Private Client", false, []]);
    const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where entity_id = ${id}`;
    assertEquals(n, 1, "only the create was audited");
  });
});

Deno.test("permissions: read_only may look but not change, and is not offered the buttons", async () => {
  await withApp(async (t, owner) => {
    const viewer = await addMember(t, owner.firmId, "read_only", "Rae Reader");
    const client = await newClient(t, owner, { name: "Looked At" });
    await api(t, owner, "PUT", `/api/v1/clients/${client.id}/assignments`, { user_ids: [viewer.userId] });

    assertEquals((await api(t, viewer, "POST", "/api/v1/clients", { name: "Nope" })).status, 403);
    assertEquals((await api(t, viewer, "PATCH", `/api/v1/clients/${client.id}`, { name: "Nope" })).status, 403);
    assertEquals((await api(t, viewer, "DELETE", `/api/v1/clients/${client.id}`)).status, 403);
    assertEquals((await api(t, viewer, "POST", `/api/v1/clients/${client.id}/restore`)).status, 403);
    assertEquals((await api(t, viewer, "GET", `/api/v1/clients/${client.id}`)).status, 200);

    const list = await page(t, viewer, "/clients");
    assertEquals(list.status, 200);
    assertStringIncludes(list.html, "Looked At");
    assert(!list.html.includes("New client"), "no New client button");
    assert(!list.html.includes('href="/clients/new"'));
    const detail = await page(t, viewer, `/clients/${client.id}`);
    assert(!detail.html.includes(`/clients/${client.id}/edit`), "no edit link");
    assert(!detail.html.includes(`/clients/${client.id}/archive`), "no archive button");
    assert(!detail.html.includes(`/clients/${client.id}/assignments`), "no assignment form");
    assertStringIncludes(detail.html, "Rae Reader", "assigned staff are listed by name");
    assertEquals((await page(t, viewer, "/clients/new")).status, 403);
    assertEquals((await submit(t, viewer, "/clients", [["name", "Nope"]])).status, 403);
    assertEquals((await submit(t, viewer, `/clients/${client.id}/archive`, [])).status, 403);
    assertEquals(await auditCount(t, "client.create"), 1);

    const ownerList = await page(t, owner, "/clients");
    assertStringIncludes(ownerList.html, 'href="/clients/new"');
    const ownerDetail = await page(t, owner, `/clients/${client.id}`);
    assertStringIncludes(ownerDetail.html, `action="/clients/${client.id}/archive"`);
    assertStringIncludes(ownerDetail.html, `action="/clients/${client.id}/assignments"`);
  });
});

Deno.test("audit: exactly one row per change, holding only the changed fields", async () => {
  await withApp(async (t, owner) => {
    const client = await newClient(t, owner, { name: "Audit Me", contact_name: "Ann", fiscal_year_start: 4 });
    assertEquals(await auditCount(t, "client.create", client.id), 1);
    await api(t, owner, "PATCH", `/api/v1/clients/${client.id}`, {
      name: "Audit Me",
      contact_name: "Bea",
      fiscal_year_start: 10,
    });
    assertEquals(await auditCount(t, "client.update", client.id), 1);
    const rows = await t.db.sql<{ actor_id: string; actor_type: string; changes: unknown }[]>`
      select actor_id, actor_type, changes from audit_log where action = 'client.update'`;
    assertEquals([...rows], [{
      actor_id: owner.userId,
      actor_type: "user",
      changes: { contact_name: { from: "Ann", to: "Bea" }, fiscal_year_start: { from: 4, to: 10 } },
    }]);
    await api(t, owner, "PATCH", `/api/v1/clients/${client.id}`, { contact_name: "Bea" });
    await api(t, owner, "PATCH", `/api/v1/clients/${client.id}`, {});
    assertEquals(await auditCount(t, "client.update", client.id), 1, "no-op updates write nothing");
  });
});

Deno.test("pages: the new-client form creates and redirects; invalid input re-renders with inline errors", async () => {
  await withApp(async (t, owner) => {
    const form = await page(t, owner, "/clients/new");
    assertEquals(form.status, 200);
    assertStringIncludes(form.html, 'action="/clients"');
    assertStringIncludes(form.html, 'for="field-name"');

    const invalid = await submit(t, owner, "/clients", [
      ["name", ""],
      ["entity_type", "partnership"],
      ["tax_id", "12-34"],
      ["contact_name", "Keep Me"],
      ["fiscal_year_start", "13"],
    ]);
    assertEquals(invalid.status, 422);
    assertStringIncludes(invalid.html, "<html");
    assertStringIncludes(invalid.html, "Enter the client&#39;s name");
    assertStringIncludes(invalid.html, "Enter 9 digits");
    assertStringIncludes(invalid.html, "Choose the month the fiscal year starts in.");
    assertStringIncludes(invalid.html, 'value="Keep Me"');
    assertStringIncludes(invalid.html, 'value="partnership" selected');
    assertStringIncludes(invalid.html, 'aria-invalid="true"');
    assertEquals(await auditCount(t, "client.create"), 0);

    const created = await submit(t, owner, "/clients", [
      ["name", "Form Made"],
      ["entity_type", "partnership"],
      ["tax_id", "123-45-6789"],
      ["contact_email", "a@b.test"],
      ["fiscal_year_start", "4"],
      ["notes", "line one\nline two"],
    ]);
    assertEquals(created.status, 303);
    const id = created.location?.match(/^\/clients\/([0-9a-f-]{36})$/)?.[1];
    assert(id, `redirects to the detail page, got ${created.location}`);
    const detail = await page(t, owner, created.location!);
    assertEquals(detail.status, 200);
    assertStringIncludes(detail.html, "<h1>Form Made</h1>");
    assertStringIncludes(detail.html, "•••••6789");
    assertStringIncludes(detail.html, "Partnership");
    assertStringIncludes(detail.html, "April");
    assertEquals(await auditCount(t, "client.create", id), 1);

    const crossSite = await t.request("/clients", {
      method: "POST",
      headers: { ...owner.browser, Origin: "https://evil.test", "Content-Type": "application/x-www-form-urlencoded" },
      body: "name=Evil",
    });
    assertEquals(crossSite.status, 403);
    await crossSite.body?.cancel();
  });
});

Deno.test("pages: edit, archive, restore and assignment forms", async () => {
  await withApp(async (t, owner) => {
    const preparer = await addMember(t, owner.firmId, "preparer", "Pia Preparer");
    const client = await newClient(t, owner, { name: "Editable", tax_id: "12-3456789", contact_phone: "1" });
    const edit = await page(t, owner, `/clients/${client.id}/edit`);
    assertStringIncludes(edit.html, 'value="Editable"');
    assertStringIncludes(edit.html, "•••••6789");
    assert(!edit.html.includes('name="tax_id" type="text" value="1'), "the tax id field starts empty");

    const fields = (extra: [string, string][]) =>
      [
        ["name", "Edited"],
        ["entity_type", "c_corp"],
        ["tax_id", ""],
        ["contact_name", ""],
        ["contact_email", ""],
        ["contact_phone", "1"],
        ["fiscal_year_start", "1"],
        ["notes", ""],
        ...extra,
      ] as [string, string][];
    const saved = await submit(t, owner, `/clients/${client.id}`, fields([]));
    assertEquals([saved.status, saved.location], [303, `/clients/${client.id}`]);
    const after = (await api(t, owner, "GET", `/api/v1/clients/${client.id}`)).body;
    assertEquals([after.name, after.entity_type, after.tax_id_masked], ["Edited", "c_corp", "•••••6789"]);
    const [audit] = await t.db.sql<{ changes: Record<string, unknown> }[]>`
      select changes from audit_log where action = 'client.update'`;
    assertEquals(Object.keys(audit.changes).sort(), ["entity_type", "name"], "a blank tax id field keeps it");

    const bad = await submit(t, owner, `/clients/${client.id}`, fields([["contact_email", "nope"]]));
    assertEquals(bad.status, 422);
    assertStringIncludes(bad.html, "Enter an email address like name@example.com.");
    assertStringIncludes(bad.html, 'value="nope"');

    await submit(t, owner, `/clients/${client.id}`, fields([["clear_tax_id", "1"]]));
    assertEquals((await api(t, owner, "GET", `/api/v1/clients/${client.id}`)).body.tax_id_masked, null);

    const archived = await submit(t, owner, `/clients/${client.id}/archive`, []);
    assertEquals([archived.status, archived.location], [303, `/clients/${client.id}`]);
    const archivedPage = await page(t, owner, `/clients/${client.id}`);
    assertStringIncludes(archivedPage.html, `action="/clients/${client.id}/restore"`);
    assertStringIncludes(archivedPage.html, "Archived");
    await submit(t, owner, `/clients/${client.id}/archive`, []);
    assertEquals(await auditCount(t, "client.archive", client.id), 1);
    assertEquals((await submit(t, owner, `/clients/${client.id}/restore`, [])).status, 303);
    assertEquals(await auditCount(t, "client.restore", client.id), 1);

    const detail = await page(t, owner, `/clients/${client.id}`);
    assertStringIncludes(detail.html, `value="${preparer.userId}"`, "firm members are offered as checkboxes");
    assertStringIncludes(detail.html, "No one is assigned to this client yet.");
    const assigned = await submit(t, owner, `/clients/${client.id}/assignments`, [
      ["user_ids", preparer.userId],
      ["user_ids", owner.userId],
    ]);
    assertEquals([assigned.status, assigned.location], [303, `/clients/${client.id}`]);
    const withStaff = await page(t, owner, `/clients/${client.id}`);
    assertStringIncludes(withStaff.html, "Pia Preparer");
    assertMatch(withStaff.html, new RegExp(`value="${preparer.userId}" checked`));
    assertEquals(
      (await api(t, owner, "GET", `/api/v1/clients/${client.id}`)).body.assigned_user_ids.sort(),
      [preparer.userId, owner.userId].sort(),
    );
    const none = await submit(t, owner, `/clients/${client.id}/assignments`, []);
    assertEquals(none.status, 303);
    assertEquals((await api(t, owner, "GET", `/api/v1/clients/${client.id}`)).body.assigned_user_ids, []);
    assertEquals(await auditCount(t, "client.assignments", client.id), 2);
  });
});

Deno.test("pages: list with empty state, live search fragment, archived toggle and history restore", async () => {
  await withApp(async (t, owner) => {
    const empty = await page(t, owner, "/clients");
    assertEquals(empty.status, 200);
    assertStringIncludes(empty.html, "No clients yet — add your first client");
    assertStringIncludes(empty.html, 'hx-trigger="input changed delay:300ms, search"');
    assertStringIncludes(empty.html, 'hx-target="#client-results"');
    assertStringIncludes(empty.html, 'hx-push-url="true"');
    assertStringIncludes(empty.html, 'method="get" action="/clients"');

    await newClient(t, owner, { name: "Harbor Freight Partners" });
    const gone = await newClient(t, owner, { name: "Harbor Closed" });
    await api(t, owner, "DELETE", `/api/v1/clients/${gone.id}`);
    await newClient(t, owner, { name: "Inland Goods" });

    const full = await page(t, owner, "/clients?q=harbor");
    assertStringIncludes(full.html, "<html");
    assertStringIncludes(full.html, 'value="harbor"');
    assertStringIncludes(full.html, "Harbor Freight Partners");
    assert(!full.html.includes("Inland Goods") && !full.html.includes("Harbor Closed"));
    assertStringIncludes(full.html, '<th scope="col">');
    assertStringIncludes(full.html, 'href="/clients?q=harbor&amp;archived=true"');

    const fragment = await page(t, owner, "/clients?q=harbor&archived=true", { headers: { "HX-Request": "true" } });
    assertEquals(fragment.status, 200);
    assert(!fragment.html.includes("<html"), "htmx gets only the results");
    assertMatch(fragment.html, /^<div id="client-results"/);
    assertStringIncludes(fragment.html, "Harbor Closed");
    assert(!fragment.html.includes("Harbor Freight Partners"));
    assertStringIncludes(fragment.headers.get("vary") ?? "", "HX-Request");

    const none = await page(t, owner, "/clients?q=zzz", { headers: { "HX-Request": "true" } });
    assertStringIncludes(none.html, "No clients match “zzz”.");

    const restore = await page(t, owner, "/clients?q=harbor", {
      headers: { "HX-Request": "true", "HX-History-Restore-Request": "true" },
    });
    assertStringIncludes(restore.html, "<html", "the back button gets the whole page");

    const spanish = await page(t, owner, "/clients", { headers: { "Accept-Language": "es" } });
    assertStringIncludes(spanish.html, "Nuevo cliente");
    assertEquals((await t.request("/clients", { redirect: "manual" })).status, 303, "signed out → sign in");
  });
});

Deno.test("every clients route has a guard as its first handler, with the intended policy", async () => {
  const t = await createTestApp();
  try {
    const expected: Record<string, string> = {
      "GET /api/v1/clients": "clients.read",
      "POST /api/v1/clients": "clients.create",
      "GET /api/v1/clients/:id": "clients.read",
      "PATCH /api/v1/clients/:id": "clients.update",
      "DELETE /api/v1/clients/:id": "clients.archive",
      "POST /api/v1/clients/:id/restore": "clients.archive",
      "GET /api/v1/clients/:id/assignments": "clients.read",
      "PUT /api/v1/clients/:id/assignments": "clients.assign",
      "GET /clients": "clients.read",
      "GET /clients/new": "clients.create",
      "POST /clients": "clients.create",
      "GET /clients/:id": "clients.read",
      "GET /clients/:id/edit": "clients.update",
      "POST /clients/:id": "clients.update",
      "POST /clients/:id/archive": "clients.archive",
      "POST /clients/:id/restore": "clients.archive",
      "POST /clients/:id/assignments": "clients.assign",
    };
    const first = new Map<string, unknown>();
    for (const route of t.app.routes) {
      // Only this module's routes: client sub-resources (documents, transactions…) have their own tests.
      if (route.method === "ALL" || !/^\/(api\/v1\/)?clients(\/|$)/.test(route.path)) continue;
      if (/\/clients\/:id\/(documents|transactions|review|links|views|reports|templates)/.test(route.path)) continue;
      const key = `${route.method} ${route.path}`;
      if (!first.has(key)) first.set(key, (route.handler as unknown as Record<symbol, unknown>)[POLICY]);
    }
    assertEquals(Object.fromEntries(first), expected);

    const doc = await (await t.request("/api/v1/openapi.json")).json();
    const ownPaths = Object.keys(doc.paths)
      .filter((p) =>
        p.includes("clients") && !/\/(documents|transactions|review|links|views|reports|templates)/.test(p)
      );
    assertEquals(ownPaths.sort(), [
      "/api/v1/clients",
      "/api/v1/clients/{id}",
      "/api/v1/clients/{id}/assignments",
      "/api/v1/clients/{id}/restore",
    ]);
    assertEquals(Object.keys(doc.paths["/api/v1/clients/{id}"]).sort(), ["delete", "get", "patch"]);
    assert(doc.components.schemas.Client, "the Client schema is a named component");
    assertEquals(
      doc.paths["/api/v1/clients"].post.responses["201"].content["application/json"].schema.$ref,
      "#/components/schemas/Client",
    );
  } finally {
    await t.close();
  }
});

Deno.test({
  name: "browser: live search pushes the URL and the back button restores the page; forms work without JavaScript",
  ignore: browserUnavailable,
  async fn() {
    const server = await startTestServer();
    try {
      const owner = await createFirm(server);
      for (const name of ["Harbor Freight Partners", "Inland Goods", "Upland Farms"]) {
        await newClient(server, owner, { name });
      }
      await withBrowser(async (browser) => {
        const cookies = [
          { name: "lf_at", value: owner.accessToken, url: server.url },
          { name: "lf_rt", value: owner.refreshToken, url: server.url },
        ];
        const rows = (page: Page) => page.locator("#client-results tbody tr").count();

        const live = await browser.newContext();
        try {
          await live.addCookies(cookies);
          const page = await live.newPage();
          const problems = await watchPage(page);
          await page.goto(`${server.url}/clients`);
          assertEquals(await rows(page), 3);
          await page.fill("#client-search", "harb");
          await page.waitForURL(/\/clients\?q=harb$/);
          await page.waitForFunction(() => document.querySelectorAll("#client-results tbody tr").length === 1);
          assertEquals(await page.locator("h1").count(), 1, "only the results were swapped");
          await page.goBack();
          await page.waitForFunction(() => document.querySelectorAll("#client-results tbody tr").length === 3);
          assertEquals(await page.locator("h1").textContent(), "Clients");
          assertEquals(problems.errors, []);
          assertEquals(await problems.cspViolations(), []);
          assertEquals(problems.failedResponses, []);
        } finally {
          await live.close();
        }

        const plain = await browser.newContext({ javaScriptEnabled: false });
        try {
          await plain.addCookies(cookies);
          const page = await plain.newPage();
          await page.goto(`${server.url}/clients/new`);
          await page.fill("#field-name", "Made Without Script");
          await page.selectOption("#field-entity_type", "partnership");
          await page.fill("#field-tax_id", "123-45-6789");
          await page.click("form.client-form button[type=submit]");
          await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
          assertEquals(await page.locator("h1").textContent(), "Made Without Script");
          assertStringIncludes(await page.locator("main").textContent() ?? "", "•••••6789");
          await page.goto(`${server.url}/clients`);
          await page.fill("#client-search", "script");
          await page.press("#client-search", "Enter");
          await page.waitForURL(/\/clients\?q=script$/);
          assertEquals(await rows(page), 1);
        } finally {
          await plain.close();
        }
      });
    } finally {
      await server.close();
    }
  },
});
