/**
 * Firm settings, members and invites over HTTP: API shapes and status codes, the role rules,
 * tenant isolation, firm deletion, audit rows, and the settings page with and without htmx.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import { POLICY } from "../src/http/policy.ts";
import { hashToken } from "../src/auth/tokens.ts";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

/** A page form post with the member's cookies (and htmx headers when `htmx`). */
async function post(
  t: TestApp,
  who: Member,
  path: string,
  fields: Record<string, string | string[]>,
  htmx = false,
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return await t.request(path, {
    method: "POST",
    headers: {
      ...who.browser,
      "Content-Type": "application/x-www-form-urlencoded",
      ...(htmx ? { "HX-Request": "true" } : {}),
    },
    body,
  });
}

const firmRoutes = (t: TestApp) =>
  t.app.routes.filter((r) => r.method !== "ALL" && /^\/(api\/v1\/)?firm(\/|$)/.test(r.path));

Deno.test("GET/PATCH /api/v1/firm: shape, validation, one audit row per change, 403 for lesser roles", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Acme Bookkeeping");
    const admin = await addMember(t, owner.firmId, "admin");
    const preparer = await addMember(t, owner.firmId, "preparer");

    const got = await api(t, preparer, "GET", "/api/v1/firm");
    assertEquals(got.status, 200);
    assertEquals(Object.keys(got.body).sort(), ["created_at", "id", "name", "require_two_factor"]);
    assertEquals(got.body.id, owner.firmId);
    assertEquals(got.body.name, "Acme Bookkeeping");
    assertEquals(got.body.require_two_factor, false);
    assertEquals((await api(t, undefined, "GET", "/api/v1/firm")).status, 401);

    const patched = await api(t, admin, "PATCH", "/api/v1/firm", { name: "  Acme & Sons  " });
    assertEquals(patched.status, 200);
    assertEquals(patched.body.name, "Acme & Sons");
    assertEquals(patched.body.require_two_factor, false);
    assertEquals(await auditCount(t, "firm.update", owner.firmId), 1);
    const [row] = await t.db.sql`select changes from audit_log where action = 'firm.update'`;
    assertEquals(row.changes, { name: { from: "Acme Bookkeeping", to: "Acme & Sons" } });

    const same = await api(t, admin, "PATCH", "/api/v1/firm", { name: "Acme & Sons" });
    assertEquals(same.status, 200);
    assertEquals(await auditCount(t, "firm.update"), 1, "no change, no audit row");

    const bad = await api(t, admin, "PATCH", "/api/v1/firm", { name: "   " });
    assertEquals(bad.status, 422);
    assertEquals(bad.body.errors[0].path, "name");
    assertEquals((await api(t, preparer, "PATCH", "/api/v1/firm", { name: "Mine" })).status, 403);
    assertEquals((await api(t, admin, "DELETE", "/api/v1/firm", { confirm_name: "Acme & Sons" })).status, 403);

    // Requiring two-factor needs it yourself (or you would be locked out at once) …
    const locked = await api(t, admin, "PATCH", "/api/v1/firm", { require_two_factor: true });
    assertEquals(locked.status, 422);
    assertEquals(locked.body.errors[0].path, "require_two_factor");
    await t.db.sql`update users set totp_enabled_at = now() where id = ${admin.userId}`;
    const required = await api(t, admin, "PATCH", "/api/v1/firm", { require_two_factor: true });
    assertEquals(required.status, 200);
    assertEquals(required.body.require_two_factor, true);
    assertEquals(await auditCount(t, "firm.update"), 2);
    // … and then members without it are sent to set it up.
    assertEquals((await api(t, preparer, "GET", "/api/v1/firm")).status, 403);
    assertEquals((await api(t, admin, "GET", "/api/v1/firm")).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("members API: list, add an existing account, change roles, remove (sessions revoked)", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Members LLP");
    const other = await createFirm(t, "Other Firm");
    const reviewer = await addMember(t, owner.firmId, "reviewer", "Rita Reviewer");

    const list = await api(t, reviewer, "GET", "/api/v1/firm/members");
    assertEquals(list.status, 200);
    assertEquals(list.body.items.map((m: { role: string }) => m.role), ["owner", "reviewer"]);
    assertEquals(Object.keys(list.body.items[0]).sort(), [
      "email",
      "joined_at",
      "name",
      "role",
      "two_factor_enabled",
      "user_id",
    ]);
    assertEquals(list.body.items[1].two_factor_enabled, false);

    // Add the other firm's owner (an existing account) as a preparer.
    const added = await api(t, owner, "POST", "/api/v1/firm/members", {
      email: other.email.toUpperCase(),
      role: "preparer",
    });
    assertEquals(added.status, 201);
    assertEquals(added.body.user_id, other.userId);
    assertEquals(added.body.role, "preparer");
    assertEquals(await auditCount(t, "member.add", other.userId), 1);
    const again = await api(t, owner, "POST", "/api/v1/firm/members", { email: other.email, role: "reviewer" });
    assertEquals(again.status, 409);
    const unknown = await api(t, owner, "POST", "/api/v1/firm/members", {
      email: "nobody@example.test",
      role: "reviewer",
    });
    assertEquals(unknown.status, 422);
    assertMatch(unknown.body.detail, /send them an invite/);
    assertEquals(
      (await api(t, owner, "POST", "/api/v1/firm/members", { email: "nope", role: "reviewer" })).status,
      422,
    );

    const changed = await api(t, owner, "PATCH", `/api/v1/firm/members/${reviewer.userId}`, { role: "admin" });
    assertEquals(changed.status, 200);
    assertEquals(changed.body.role, "admin");
    assertEquals(await auditCount(t, "member.role_change", reviewer.userId), 1);
    assertEquals(
      (await api(t, owner, "PATCH", `/api/v1/firm/members/${reviewer.userId}`, { role: "boss" })).status,
      422,
    );
    assertEquals((await api(t, owner, "PATCH", `/api/v1/firm/members/${UNKNOWN_ID}`, { role: "admin" })).status, 404);
    assertEquals((await api(t, owner, "PATCH", "/api/v1/firm/members/not-a-uuid", { role: "admin" })).status, 404);

    // The promoted member's session keeps working with the new role; removal ends it.
    assertEquals((await api(t, reviewer, "GET", "/api/v1/firm/invites")).status, 200);
    const removed = await api(t, owner, "DELETE", `/api/v1/firm/members/${reviewer.userId}`);
    assertEquals(removed.status, 204);
    assertEquals(await auditCount(t, "member.remove", reviewer.userId), 1);
    const [session] = await t.db.sql`select revoked_at, revoked_reason from sessions where id = ${reviewer.sessionId}`;
    assert(session.revoked_at instanceof Date);
    assertEquals(session.revoked_reason, "removed from firm");
    assertEquals((await api(t, reviewer, "GET", "/api/v1/firm")).status, 401);
    assertEquals((await api(t, owner, "DELETE", `/api/v1/firm/members/${reviewer.userId}`)).status, 404);
  } finally {
    await t.close();
  }
});

Deno.test("role rules: owners only by owners, at least one owner, not your own role, 403 below admin", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Rules Inc");
    const admin = await addMember(t, owner.firmId, "admin");
    const preparer = await addMember(t, owner.firmId, "preparer");
    const reviewer = await addMember(t, owner.firmId, "reviewer");
    const member = (m: Member) => `/api/v1/firm/members/${m.userId}`;

    const grantOwner = await api(t, admin, "PATCH", member(reviewer), { role: "owner" });
    assertEquals(grantOwner.status, 403);
    assertEquals(grantOwner.body.detail, "Only an owner can grant the owner role");
    assertEquals((await api(t, admin, "PATCH", member(owner), { role: "admin" })).status, 403);
    assertEquals((await api(t, admin, "DELETE", member(owner))).status, 403);
    assertEquals((await api(t, admin, "PATCH", member(admin), { role: "preparer" })).status, 403, "own role");
    assertEquals(
      (await api(t, admin, "POST", "/api/v1/firm/invites", { email: "o@example.test", role: "owner" })).status,
      422,
    );

    const demoteLast = await api(t, owner, "PATCH", member(owner), { role: "admin" });
    assertEquals(demoteLast.status, 409);
    assertEquals(demoteLast.body.detail, "A firm needs at least one owner");
    const removeLast = await api(t, owner, "DELETE", member(owner));
    assertEquals(removeLast.status, 409);
    assertEquals(removeLast.body.detail, "A firm needs at least one owner");

    // With a second owner, owners may change each other but still not themselves.
    assertEquals((await api(t, owner, "PATCH", member(admin), { role: "owner" })).body.role, "owner");
    assertEquals((await api(t, owner, "PATCH", member(owner), { role: "admin" })).status, 403);
    assertEquals((await api(t, admin, "PATCH", member(owner), { role: "admin" })).status, 200, "now an owner");
    assertEquals((await api(t, admin, "DELETE", member(admin))).status, 409, "the last owner again");

    for (
      const [method, path, body] of [
        ["POST", "/api/v1/firm/members", { email: owner.email, role: "reviewer" }],
        ["PATCH", member(reviewer), { role: "read_only" }],
        ["DELETE", member(reviewer), undefined],
        ["POST", "/api/v1/firm/invites", { email: "new@example.test", role: "reviewer" }],
        ["GET", "/api/v1/firm/invites", undefined],
        ["DELETE", `/api/v1/firm/invites/${UNKNOWN_ID}`, undefined],
      ] as const
    ) {
      assertEquals((await api(t, preparer, method, path, body)).status, 403, `${method} ${path}`);
    }
    assertEquals(await auditCount(t, "member.role_change"), 2);
    assertEquals(await auditCount(t, "member.remove"), 0);
  } finally {
    await t.close();
  }
});

Deno.test("every firm route has a guard first; read_only gets 403 on every mutating one", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    const readOnly = await addMember(t, owner.firmId, "read_only");
    const routes = firmRoutes(t);
    const seen = new Set<string>();
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      assert((route.handler as unknown as Record<symbol, unknown>)[POLICY], `${key} starts with a guard`);
    }
    assert(seen.size >= 17, `all firm routes found (${seen.size})`);
    for (const key of seen) {
      const [method, template] = key.split(" ");
      if (method === "GET") continue;
      const path = template.replace(/:\w+/g, UNKNOWN_ID);
      const res = path.startsWith("/api/")
        ? await t.request(path, {
          method,
          headers: { ...readOnly.bearer, "Content-Type": "application/json" },
          body: "{}",
        })
        : await t.request(path, { method, headers: readOnly.browser });
      assertEquals(res.status, 403, key);
      await res.body?.cancel();
    }
    assertEquals((await api(t, readOnly, "GET", "/api/v1/firm/members")).status, 200, "members.read");
  } finally {
    await t.close();
  }
});

Deno.test("invites API: 201 with the link once, hashed token, mail, list without links, revoke", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Mailers & Co");
    const admin = await addMember(t, owner.firmId, "admin");
    const [client] = await t.db.sql`insert into clients (firm_id, name) values (${owner.firmId}, 'Alpha') returning id`;

    const created = await api(t, admin, "POST", "/api/v1/firm/invites", {
      email: "New.Hire@Example.test",
      role: "preparer",
      client_ids: [client.id],
    });
    assertEquals(created.status, 201);
    assertEquals(Object.keys(created.body).sort(), [
      "client_ids",
      "created_at",
      "email",
      "expires_at",
      "id",
      "role",
      "status",
      "url",
    ]);
    assertEquals(created.body.email, "new.hire@example.test");
    assertEquals(created.body.status, "pending");
    assertEquals(created.body.client_ids, [client.id]);
    assertMatch(created.body.url, /^http:\/\/localhost\/invites\/lf_inv_[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(created.body.expires_at) - Date.parse(created.body.created_at)) / 86_400_000;
    assertEquals(Math.round(days), 7);
    const token = created.body.url.split("/").pop();
    const [stored] = await t.db.sql`select token_hash, invited_by from invites where id = ${created.body.id}`;
    assertEquals(stored.token_hash, await hashToken(token));
    assertEquals(stored.invited_by, admin.userId);
    const [{ n }] = await t.db.sql`
      select count(*)::int as n from invites where token_hash = ${token} or token_hash like ${
      "%" + token.slice(7) + "%"
    }`;
    assertEquals(n, 0, "the plain token is not stored");
    assertEquals(await auditCount(t, "invite.create", created.body.id), 1);

    const mail = t.mailer.sent.at(-1)!;
    assertEquals(mail.to, "new.hire@example.test");
    assertStringIncludes(mail.subject, "Mailers & Co");
    assertStringIncludes(mail.text, created.body.url);

    const list = await api(t, owner, "GET", "/api/v1/firm/invites");
    assertEquals(list.status, 200);
    assertEquals(list.body.items.length, 1);
    assertEquals(list.body.items[0].url, undefined, "the link is shown only once");
    assert(!JSON.stringify(list.body).includes(token));

    assertEquals(
      (await api(t, owner, "POST", "/api/v1/firm/invites", { email: admin.email, role: "reviewer" })).status,
      409,
      "already a member",
    );
    const foreign = await api(t, owner, "POST", "/api/v1/firm/invites", {
      email: "x@example.test",
      role: "reviewer",
      client_ids: [UNKNOWN_ID],
    });
    assertEquals(foreign.status, 422);
    assertEquals(foreign.body.errors[0].path, "client_ids");

    const revoked = await api(t, owner, "DELETE", `/api/v1/firm/invites/${created.body.id}`);
    assertEquals(revoked.status, 200);
    assertEquals(revoked.body.status, "revoked");
    assertEquals(await auditCount(t, "invite.revoke", created.body.id), 1);
    assertEquals((await api(t, owner, "DELETE", `/api/v1/firm/invites/${created.body.id}`)).status, 409);
    assertEquals((await api(t, owner, "GET", "/api/v1/firm/invites?status=pending")).body.items, []);
    assertEquals((await api(t, owner, "GET", "/api/v1/firm/invites?status=revoked")).body.items.length, 1);
    assertEquals((await api(t, owner, "DELETE", `/api/v1/firm/invites/${UNKNOWN_ID}`)).status, 404);
  } finally {
    await t.close();
  }
});

Deno.test("invite links use PUBLIC_URL when it is set", async () => {
  const t = await createTestApp({ PUBLIC_URL: "https://books.example.com/" });
  try {
    const owner = await createFirm(t);
    const created = await api(t, owner, "POST", "/api/v1/firm/invites", { email: "a@example.test", role: "reviewer" });
    assertMatch(created.body.url, /^https:\/\/books\.example\.com\/invites\/lf_inv_/);
  } finally {
    await t.close();
  }
});

Deno.test("another firm's owner gets 404 for this firm's members and invites", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Mine");
    const stranger = await createFirm(t, "Theirs");
    const preparer = await addMember(t, owner.firmId, "preparer");
    const invite = await api(t, owner, "POST", "/api/v1/firm/invites", { email: "z@example.test", role: "reviewer" });

    assertEquals(
      (await api(t, stranger, "PATCH", `/api/v1/firm/members/${preparer.userId}`, { role: "admin" })).status,
      404,
    );
    assertEquals((await api(t, stranger, "DELETE", `/api/v1/firm/members/${preparer.userId}`)).status, 404);
    assertEquals((await api(t, stranger, "DELETE", `/api/v1/firm/invites/${invite.body.id}`)).status, 404);
    const page = await post(t, stranger, `/firm/members/${preparer.userId}/remove`, {});
    assertEquals(page.status, 404);
    await page.body?.cancel();
    const theirs = await api(t, stranger, "GET", "/api/v1/firm/members");
    assertEquals(theirs.body.items.map((m: { user_id: string }) => m.user_id), [stranger.userId]);
    assertEquals((await api(t, stranger, "GET", "/api/v1/firm/invites")).body.items, []);
    const [membership] = await t.db.sql`select role from memberships where user_id = ${preparer.userId}`;
    assertEquals(membership.role, "preparer");
  } finally {
    await t.close();
  }
});

Deno.test("deleting the firm needs its exact name; afterwards every session of the firm is refused", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Doomed Partners");
    const preparer = await addMember(t, owner.firmId, "preparer");
    const other = await createFirm(t, "Survivor");

    const wrong = await api(t, owner, "DELETE", "/api/v1/firm", { confirm_name: "doomed partners" });
    assertEquals(wrong.status, 422);
    assertEquals(wrong.body.errors[0].path, "confirm_name");
    assertEquals((await api(t, owner, "DELETE", "/api/v1/firm", {})).status, 422);
    assertEquals(await auditCount(t, "firm.delete"), 0);

    const deleted = await api(t, owner, "DELETE", "/api/v1/firm", { confirm_name: "Doomed Partners" });
    assertEquals(deleted.status, 204);
    assertEquals(await auditCount(t, "firm.delete", owner.firmId), 1);
    const [firm] = await t.db.sql`select deleted_at from firms where id = ${owner.firmId}`;
    assert(firm.deleted_at instanceof Date, "soft delete");
    const [live] = await t.db.sql`select count(*)::int as n from sessions
                                   where firm_id = ${owner.firmId} and revoked_at is null`;
    assert(live.n >= 2, "the sessions themselves were not touched: deleted_at alone stops them");

    assertEquals((await api(t, owner, "GET", "/api/v1/firm")).status, 401);
    assertEquals((await api(t, preparer, "GET", "/api/v1/firm/members")).status, 401);
    const page = await t.request("/firm", { headers: owner.browser });
    assertEquals(page.status, 303, "cookies no longer sign in either");
    assertMatch(page.headers.get("location")!, /^\/signin/);
    assertEquals((await api(t, other, "GET", "/api/v1/firm")).status, 200, "other firms are unaffected");
  } finally {
    await t.close();
  }
});

Deno.test("settings page: sections by role, plain form posts with 303 and inline 422s", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Page & Co");
    await t.db.sql`update users set totp_enabled_at = now() where id = ${owner.userId}`;
    const admin = await addMember(t, owner.firmId, "admin", "Ada Admin");
    const readOnly = await addMember(t, owner.firmId, "read_only", "Rae Reader");
    await t.db.sql`insert into clients (firm_id, name) values (${owner.firmId}, 'Client Zeta')`;

    const ownerPage = await (await t.request("/firm", { headers: owner.browser })).text();
    assertStringIncludes(ownerPage, "<html");
    assertStringIncludes(ownerPage, 'action="/firm"');
    assertStringIncludes(ownerPage, "Require two-factor authentication for everyone");
    assertStringIncludes(ownerPage, `action="/firm/members/${admin.userId}/role"`);
    assertStringIncludes(ownerPage, "hx-confirm=");
    assertStringIncludes(ownerPage, 'action="/firm/invites"');
    assertStringIncludes(ownerPage, "Client Zeta");
    assertStringIncludes(ownerPage, "Delete this firm");
    assert(!ownerPage.includes(`/firm/members/${owner.userId}/role`), "no controls for yourself");
    assert(!/\sstyle="|<script(?![^>]*\ssrc=)|\son[a-z]+="/.test(ownerPage), "no inline script or style");

    const adminPage = await (await t.request("/firm", { headers: admin.browser })).text();
    assert(!adminPage.includes("Delete this firm"), "the danger zone is for owners");
    assert(!adminPage.includes(`/firm/members/${owner.userId}/role`), "admins cannot change owners");
    assert(!adminPage.includes('<option value="owner"'), "admins cannot grant owner");
    assertStringIncludes(adminPage, `/firm/members/${readOnly.userId}/role`);

    const readerPage = await (await t.request("/firm", { headers: readOnly.browser })).text();
    assertStringIncludes(readerPage, "Page &amp; Co");
    assertStringIncludes(readerPage, "Ada Admin");
    for (const hidden of ['action="/firm"', "/role", "/remove", 'action="/firm/invites"', "Delete this firm"]) {
      assert(!readerPage.includes(hidden), `read_only sees no ${hidden}`);
    }
    const spanish = await (await t.request("/firm", { headers: { ...owner.browser, "Accept-Language": "es" } })).text();
    assertStringIncludes(spanish, "Ajustes del despacho");

    const saved = await post(t, owner, "/firm", { name: "Page & Partners", require_two_factor: ["false", "true"] });
    assertEquals(saved.status, 303);
    assertEquals(saved.headers.get("location"), "/firm");
    const [firm] = await t.db.sql`select name, require_two_factor from firms where id = ${owner.firmId}`;
    assertEquals(firm, { name: "Page & Partners", require_two_factor: true });
    const off = await post(t, owner, "/firm", { name: "Page & Partners", require_two_factor: "false" });
    assertEquals(off.status, 303);
    assertEquals(await auditCount(t, "firm.update"), 2);

    const invalid = await post(t, owner, "/firm", { name: "", require_two_factor: "false" });
    assertEquals(invalid.status, 422);
    const html = await invalid.text();
    assertStringIncludes(html, "<html");
    assertStringIncludes(html, 'class="error-text"');
    assertStringIncludes(html, 'aria-invalid="true"');

    const role = await post(t, owner, `/firm/members/${readOnly.userId}/role`, { role: "reviewer" });
    assertEquals(role.status, 303);
    const lastOwner = await post(t, admin, `/firm/members/${readOnly.userId}/role`, { role: "owner" });
    assertEquals(lastOwner.status, 403, "admins cannot grant owner from the page either");
    await lastOwner.body?.cancel();

    const invite = await post(t, owner, "/firm/invites", { email: "page.invite@example.test", role: "reviewer" });
    assertEquals(invite.status, 200, "the link is rendered at once, not redirected away");
    const invitePage = await invite.text();
    assertStringIncludes(invitePage, 'class="secret-box invite-link"');
    const url = /value="(http:\/\/localhost\/invites\/lf_inv_[^"]+)"/.exec(invitePage)?.[1];
    assert(url, "the invite link is shown");
    assertStringIncludes(invitePage, "SMTP");
    assertStringIncludes(t.mailer.sent.at(-1)!.text, url);
    const reload = await (await t.request("/firm", { headers: owner.browser })).text();
    assert(!reload.includes(url), "shown once");
    assertStringIncludes(reload, "page.invite@example.test");

    const badInvite = await post(t, owner, "/firm/invites", { email: "not-an-email", role: "reviewer" });
    assertEquals(badInvite.status, 422);
    const badHtml = await badInvite.text();
    assertStringIncludes(badHtml, 'value="not-an-email"');
    assertStringIncludes(badHtml, "Enter a valid email address");

    const [pending] = await t.db.sql`select id from invites where email = 'page.invite@example.test'`;
    const revoke = await post(t, owner, `/firm/invites/${pending.id}/revoke`, {});
    assertEquals(revoke.status, 303);
    const remove = await post(t, owner, `/firm/members/${readOnly.userId}/remove`, {});
    assertEquals(remove.status, 303);
    assertEquals(await auditCount(t, "member.remove", readOnly.userId), 1);
    assertEquals(await auditCount(t, "invite.revoke", pending.id), 1);

    const crossSite = await t.request("/firm", {
      method: "POST",
      headers: {
        ...owner.browser,
        Origin: "https://evil.example",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "name=Evil",
    });
    assertEquals(crossSite.status, 403);
    await crossSite.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("settings page with htmx: rows and sections are swapped in place, errors inline", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Fragments Ltd");
    await t.db.sql`update users set totp_enabled_at = now() where id = ${owner.userId}`;
    const preparer = await addMember(t, owner.firmId, "preparer", "Pia Preparer");

    const details = await post(
      t,
      owner,
      "/firm",
      { name: "Fragments Ltd", require_two_factor: ["false", "true"] },
      true,
    );
    assertEquals(details.status, 200);
    const detailsHtml = await details.text();
    assert(!detailsHtml.includes("<html"));
    assertMatch(detailsHtml, /^<section class="card" id="firm-details"/);
    assertStringIncludes(detailsHtml, "Settings saved.");
    assertStringIncludes(details.headers.get("vary")!, "HX-Request");

    const row = await post(t, owner, `/firm/members/${preparer.userId}/role`, { role: "reviewer" }, true);
    assertEquals(row.status, 200);
    const rowHtml = await row.text();
    assertMatch(rowHtml, new RegExp(`^<tr id="member-${preparer.userId}"`));
    assertStringIncludes(rowHtml, '<option value="reviewer" selected>');
    assertStringIncludes(rowHtml, "Role changed.");

    const self = await post(t, owner, `/firm/members/${owner.userId}/role`, { role: "admin" }, true);
    assertEquals(self.status, 409);
    const selfHtml = await self.text();
    assertMatch(selfHtml, new RegExp(`^<tr id="member-${owner.userId}"`));
    assertStringIncludes(selfHtml, "A firm needs at least one owner");

    const invite = await post(t, owner, "/firm/invites", { email: "hx@example.test", role: "admin" }, true);
    assertEquals(invite.status, 200);
    const inviteHtml = await invite.text();
    assertMatch(inviteHtml, /^<section class="card" id="firm-invites"/);
    assertStringIncludes(inviteHtml, 'class="secret-box invite-link"');
    assertStringIncludes(inviteHtml, "hx@example.test");

    const badInvite = await post(t, owner, "/firm/invites", { email: "", role: "admin" }, true);
    assertEquals(badInvite.status, 422);
    assertMatch(await badInvite.text(), /^<section class="card" id="firm-invites"/);

    const [pending] = await t.db.sql`select id from invites where email = 'hx@example.test'`;
    const revoke = await post(t, owner, `/firm/invites/${pending.id}/revoke`, {}, true);
    assertEquals(revoke.status, 200);
    assertEquals(await revoke.text(), "", "the row disappears");

    const remove = await post(t, owner, `/firm/members/${preparer.userId}/remove`, {}, true);
    assertEquals(remove.status, 200);
    assertEquals(await remove.text(), "");
    assertEquals(await auditCount(t, "member.remove"), 1);
  } finally {
    await t.close();
  }
});

Deno.test("deleting the firm from the page: wrong name re-renders inline, right name signs out to /", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Page Doomed");
    const wrong = await post(t, owner, "/firm/delete", { confirm_name: "Page" });
    assertEquals(wrong.status, 422);
    assertStringIncludes(await wrong.text(), "Type the firm name exactly as shown to confirm");
    const done = await post(t, owner, "/firm/delete", { confirm_name: "Page Doomed" });
    assertEquals(done.status, 303);
    assertEquals(done.headers.get("location"), "/");
    assertStringIncludes(done.headers.get("set-cookie") ?? "", "lf_at=;");
    assertEquals(await auditCount(t, "firm.delete", owner.firmId), 1);
    assertEquals((await api(t, owner, "GET", "/api/v1/firm")).status, 401);
  } finally {
    await t.close();
  }
});

Deno.test("OpenAPI documents the firm operations with named schemas", async () => {
  const t = await createTestApp();
  try {
    const doc = await (await t.request("/api/v1/openapi.json")).json();
    const members = doc.paths["/api/v1/firm/members"];
    assertEquals(members.get.responses["200"].content["application/json"].schema, {
      $ref: "#/components/schemas/MemberList",
    });
    assertEquals(members.post.responses["201"].content["application/json"].schema, {
      $ref: "#/components/schemas/Member",
    });
    assert(doc.paths["/api/v1/firm/members/{user_id}"].patch);
    assert(doc.paths["/api/v1/firm/invites/{id}"].delete);
    for (const name of ["Firm", "Member", "Invite", "CreatedInvite", "InviteCreate"]) {
      assert(doc.components.schemas[name], `${name} schema`);
    }
  } finally {
    await t.close();
  }
});
