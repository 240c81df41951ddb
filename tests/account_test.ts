/**
 * My account: overview, password change, sessions, personal API tokens and two-factor sign-in,
 * through both faces (JSON API and pages), with one audit row per change.
 */
import { assert, assertEquals, assertMatch, assertRejects, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import { TwoFactorRequiredError, verifyCredentials } from "../src/auth/accounts.ts";
import { startSession } from "../src/auth/sessions.ts";
import { hashToken, TokenSigner } from "../src/auth/tokens.ts";
import { totpCode } from "../src/auth/totp.ts";
import { MemoryCache } from "../src/cache.ts";
import { parseKeyRing } from "../src/crypto/keyring.ts";
import { withFirm } from "../src/db/tenant.ts";
import { POLICY } from "../src/http/policy.ts";
import { UnauthorizedError } from "../src/errors.ts";

const NEW_PASSWORD = "purple elephant marmalade 1977";

/** A second sign-in of the same member (another device). */
async function anotherSession(t: TestApp, m: Member): Promise<Member> {
  const signer = await TokenSigner.fromConfig(t.config.signingKeys);
  const tokens = await withFirm(t.db.appSql, m.firmId, (tx) =>
    startSession(tx, signer, {
      userId: m.userId,
      firmId: m.firmId,
      kind: "api",
      client: { ip: "10.0.0.9", userAgent: "curl/8.0" },
    }));
  return {
    ...m,
    sessionId: tokens.session_id,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    bearer: { Authorization: `Bearer ${tokens.access_token}` },
    browser: { Cookie: `lf_at=${tokens.access_token}; lf_rt=${tokens.refresh_token}`, Origin: "http://localhost" },
  };
}

/** Submits a form as the member's browser. */
async function postForm(t: TestApp, who: Member, path: string, fields: Record<string, string>) {
  return await t.request(path, {
    method: "POST",
    headers: { ...who.browser, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

const signIn = (t: TestApp, email: string, password: string, totp?: string) =>
  verifyCredentials(t.db.appSql, new MemoryCache({ maxEntries: 100 }), parseKeyRing(t.config.encryptionKeys), {
    email,
    password,
    totp,
    ip: "127.0.0.1",
  }, { ip: "127.0.0.1" });

Deno.test("account overview: JSON and page, for any member including read_only", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Overview & Co");
    const reader = await addMember(t, owner.firmId, "read_only");
    const res = await api(t, reader, "GET", "/api/v1/account");
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("cache-control"), "no-store");
    assertEquals(res.body.user, {
      id: reader.userId,
      email: reader.email,
      name: "read_only member",
      two_factor_enabled: false,
    });
    assertEquals(res.body.firm, { id: owner.firmId, name: "Overview & Co", role: "read_only" });
    assertEquals(res.body.firms, [{ firm_id: owner.firmId, firm_name: "Overview & Co", role: "read_only" }]);
    assertEquals(res.body.sessions.length, 1);
    assertEquals(res.body.sessions[0].id, reader.sessionId);
    assertEquals(res.body.sessions[0].current, true);
    assertEquals(res.body.api_tokens, []);

    const page = await t.request("/account", { headers: reader.browser });
    assertEquals(page.status, 200);
    const html = await page.text();
    assertStringIncludes(html, reader.email);
    assertStringIncludes(html, 'action="/account/password"');
    assertStringIncludes(html, 'action="/account/tokens"');
    assert(!/\sstyle="/.test(html), "no inline styles");

    assertEquals((await api(t, undefined, "GET", "/api/v1/account")).status, 401);
    const anonymous = await t.request("/account", { redirect: "manual" });
    assertEquals(anonymous.status, 303);
    assertEquals(anonymous.headers.get("location"), "/signin?next=%2Faccount");
  } finally {
    await t.close();
  }
});

Deno.test("password change: checks the current one and the policy, keeps this session, revokes the others", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    const laptop = await anotherSession(t, owner);

    const wrong = await api(t, owner, "POST", "/api/v1/account/password", {
      current_password: "not my password at all",
      new_password: NEW_PASSWORD,
    });
    assertEquals(wrong.status, 422);
    assertEquals(wrong.body.errors[0].path, "current_password");

    const weak = await api(t, owner, "POST", "/api/v1/account/password", {
      current_password: owner.password,
      new_password: "password",
    });
    assertEquals(weak.status, 422);
    assertEquals(weak.body.errors[0].path, "new_password");
    assertEquals(await auditCount(t, "user.password_change"), 0);
    assertEquals((await api(t, laptop, "GET", "/api/v1/account")).status, 200, "failures change nothing");

    const ok = await api(t, owner, "POST", "/api/v1/account/password", {
      current_password: owner.password,
      new_password: NEW_PASSWORD,
    });
    assertEquals(ok.status, 204);
    assertEquals((await api(t, owner, "GET", "/api/v1/account")).status, 200, "this session still works");
    assertEquals((await api(t, laptop, "GET", "/api/v1/account")).status, 401, "the other session is revoked");
    await assertRejects(() => signIn(t, owner.email, owner.password), UnauthorizedError);
    assertEquals((await signIn(t, owner.email, NEW_PASSWORD)).user.id, owner.userId);
    assertEquals(await auditCount(t, "user.password_change", owner.userId), 1);

    // The page form shows errors inline and changes nothing.
    const form = await postForm(t, owner, "/account/password", {
      current_password: "wrong wrong wrong",
      new_password: "another long passphrase 5",
    });
    assertEquals(form.status, 422);
    const html = await form.text();
    assertStringIncludes(html, "The current password is not correct");
    assertStringIncludes(html, 'aria-invalid="true"');
    const done = await postForm(t, owner, "/account/password", {
      current_password: NEW_PASSWORD,
      new_password: "another long passphrase 5",
    });
    assertEquals(done.status, 303);
    assertEquals(done.headers.get("location"), "/account?notice=password_changed");
    assertEquals(await auditCount(t, "user.password_change", owner.userId), 2);
  } finally {
    await t.close();
  }
});

Deno.test("sessions: listed with the current one marked; revoke one; 404 for someone else's", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    const phone = await anotherSession(t, owner);
    const colleague = await addMember(t, owner.firmId, "preparer");

    const list = await api(t, owner, "GET", "/api/v1/account/sessions");
    assertEquals(list.status, 200);
    assertEquals(list.body.items.length, 2);
    const mine = list.body.items.find((s: { id: string }) => s.id === owner.sessionId);
    const other = list.body.items.find((s: { id: string }) => s.id === phone.sessionId);
    assertEquals(mine.current, true);
    assertEquals(other.current, false);
    assertEquals(other.user_agent, "curl/8.0");
    assertEquals(other.ip, "10.0.0.9");

    assertEquals((await api(t, owner, "DELETE", `/api/v1/account/sessions/${colleague.sessionId}`)).status, 404);
    assertEquals((await api(t, owner, "DELETE", "/api/v1/account/sessions/not-a-uuid")).status, 404);
    assertEquals((await api(t, colleague, "GET", "/api/v1/account")).status, 200, "the colleague is unaffected");
    assertEquals(await auditCount(t, "session.revoke"), 0);

    assertEquals((await api(t, owner, "DELETE", `/api/v1/account/sessions/${phone.sessionId}`)).status, 204);
    assertEquals((await api(t, phone, "GET", "/api/v1/account")).status, 401);
    assertEquals((await api(t, owner, "DELETE", `/api/v1/account/sessions/${phone.sessionId}`)).status, 404);
    assertEquals(await auditCount(t, "session.revoke", phone.sessionId), 1);

    // The page: device, IP, "this device", and a sign-out button for the others only.
    const tablet = await anotherSession(t, owner);
    const html = await (await t.request("/account", { headers: owner.browser })).text();
    assertStringIncludes(html, "This session");
    assertStringIncludes(html, `action="/account/sessions/${tablet.sessionId}/revoke"`);
    assert(!html.includes(`action="/account/sessions/${owner.sessionId}/revoke"`));
    const res = await postForm(t, owner, `/account/sessions/${tablet.sessionId}/revoke`, {});
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/account?notice=session_revoked");
    assertEquals((await api(t, tablet, "GET", "/api/v1/account")).status, 401);
    assertEquals(await auditCount(t, "session.revoke"), 2);
  } finally {
    await t.close();
  }
});

Deno.test("API tokens: shown once, stored hashed, usable as Bearer, revocable, capped at the member's role", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    const created = await api(t, owner, "POST", "/api/v1/account/tokens", { name: "Nightly export" });
    assertEquals(created.status, 201);
    const { id, token, role, prefix, name } = created.body;
    assertMatch(token, /^lf_pat_[A-Za-z0-9_-]{43}$/);
    assertEquals([name, role], ["Nightly export", "owner"]);
    assert(token.startsWith(prefix) && prefix.length < 16);

    const [row] = await t.db.sql`select * from api_tokens where id = ${id}`;
    assertEquals(row.token_hash, await hashToken(token));
    assertEquals(row.firm_id, owner.firmId);
    assert(!JSON.stringify(row).includes(token), "the database holds only the hash");
    const audits = await t.db.sql`select changes::text as changes from audit_log where entity_id = ${id}`;
    assert(audits.length === 1 && !audits[0].changes.includes(token), "the audit log never holds the token");
    assertEquals(await auditCount(t, "api_token.create", id), 1);

    const bearer = { Authorization: `Bearer ${token}` };
    const asToken = await t.request("/api/v1/account", { headers: bearer });
    assertEquals(asToken.status, 200);
    assertEquals((await asToken.json()).user.id, owner.userId);
    const listed = await api(t, owner, "GET", "/api/v1/account/tokens");
    assertEquals(listed.body.items.length, 1);
    assert(listed.body.items[0].last_used_at, "last_used_at is set");
    assertEquals(listed.body.items[0].revoked_at, null);
    assert(!("token" in listed.body.items[0]) && !("token_hash" in listed.body.items[0]));

    assertEquals((await api(t, owner, "DELETE", `/api/v1/account/tokens/${id}`)).status, 204);
    assertEquals((await t.request("/api/v1/account", { headers: bearer })).status, 401);
    assertEquals((await api(t, owner, "DELETE", `/api/v1/account/tokens/${id}`)).status, 404);
    assertEquals(await auditCount(t, "api_token.revoke", id), 1);
    assert((await api(t, owner, "GET", "/api/v1/account/tokens")).body.items[0].revoked_at);

    // Role cap: never more than the member; a token cannot mint a more powerful one.
    const preparer = await addMember(t, owner.firmId, "preparer");
    const tooHigh = await api(t, preparer, "POST", "/api/v1/account/tokens", { name: "x", role: "admin" });
    assertEquals(tooHigh.status, 422);
    assertEquals(tooHigh.body.errors[0].path, "role");
    const reader = await addMember(t, owner.firmId, "read_only");
    const readerToken = await api(t, reader, "POST", "/api/v1/account/tokens", { name: "Reports" });
    assertEquals([readerToken.status, readerToken.body.role], [201, "read_only"]);
    const explicit = await api(t, reader, "POST", "/api/v1/account/tokens", { name: "Reports 2", role: "read_only" });
    assertEquals(explicit.status, 201);

    const reviewerToken =
      (await api(t, owner, "POST", "/api/v1/account/tokens", { name: "Bot", role: "reviewer" })).body;
    const viaToken = (body: unknown) =>
      t.request("/api/v1/account/tokens", {
        method: "POST",
        headers: { Authorization: `Bearer ${reviewerToken.token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    assertEquals((await viaToken({ name: "escalate", role: "admin" })).status, 422);
    const defaulted = await viaToken({ name: "child" });
    assertEquals([defaulted.status, (await defaulted.json()).role], [201, "reviewer"]);
    const [{ actor_type }] = await t.db.sql`
      select actor_type from audit_log where action = 'api_token.create' order by id desc limit 1`;
    assertEquals(actor_type, "api_token");

    // Someone else's token is not found.
    assertEquals((await api(t, preparer, "DELETE", `/api/v1/account/tokens/${reviewerToken.id}`)).status, 404);
    assertEquals((await api(t, owner, "DELETE", "/api/v1/account/tokens/nope")).status, 404);
    assertEquals((await api(t, owner, "POST", "/api/v1/account/tokens", { name: "  " })).status, 422);
  } finally {
    await t.close();
  }
});

Deno.test("API tokens page: the new token appears once in a secret box; revoke from the list", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    const res = await postForm(t, owner, "/account/tokens", { name: "Spreadsheet sync", role: "" });
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("cache-control"), "no-store");
    const html = await res.text();
    const token = /<p class="secret-box" id="new-token">(lf_pat_[^<]+)<\/p>/.exec(html)?.[1];
    assert(token, "the token is shown");
    assertEquals((await t.request("/api/v1/account", { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    const again = await (await t.request("/account", { headers: owner.browser })).text();
    assert(!again.includes(token), "shown only once");
    assertStringIncludes(again, "Spreadsheet sync");

    const invalid = await postForm(t, owner, "/account/tokens", { name: "" });
    assertEquals(invalid.status, 422);
    assertStringIncludes(await invalid.text(), "Give the token a name");

    const [{ id }] = await t.db.sql`select id from api_tokens`;
    const revoked = await postForm(t, owner, `/account/tokens/${id}/revoke`, {});
    assertEquals(revoked.status, 303);
    assertEquals((await t.request("/api/v1/account", { headers: { Authorization: `Bearer ${token}` } })).status, 401);
    assertEquals(await auditCount(t, "api_token.create"), 1);
    assertEquals(await auditCount(t, "api_token.revoke"), 1);
  } finally {
    await t.close();
  }
});

Deno.test("two-factor: enrol, confirm, sign in with codes and recovery codes, regenerate, disable", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    const keyring = parseKeyRing(t.config.encryptionKeys);

    const started = await api(t, owner, "POST", "/api/v1/account/two-factor");
    assertEquals(started.status, 200);
    const { secret, otpauth_uri, qr_svg } = started.body;
    assertMatch(secret, /^[A-Z2-7]{32}$/);
    assert(otpauth_uri.startsWith("otpauth://totp/LedgerFlow:") && otpauth_uri.includes(`secret=${secret}`));
    assert(qr_svg.startsWith("<svg") && !qr_svg.includes("style="));

    const [pending] = await t.db.sql`select * from users where id = ${owner.userId}`;
    assertEquals(pending.totp_enabled_at, null);
    assert(pending.totp_secret_enc && !pending.totp_secret_enc.includes(secret), "encrypted at rest");
    assertEquals(await keyring.decryptText(pending.totp_secret_enc, `totp:${owner.userId}`), secret);
    assertEquals((await signIn(t, owner.email, owner.password)).user.two_factor_enabled, false, "pending is not on");
    assertEquals((await api(t, owner, "GET", "/api/v1/account/two-factor")).body, {
      enabled: false,
      pending: true,
      enabled_at: null,
      recovery_codes_remaining: 0,
      required_by_firm: false,
    });

    const right = await totpCode(secret);
    const wrongCode = right.replace(/^./, (d) => String((Number(d) + 5) % 10));
    const wrong = await api(t, owner, "POST", "/api/v1/account/two-factor/confirm", { code: wrongCode });
    assertEquals(wrong.status, 422);
    assertEquals(wrong.body.errors[0].path, "code");
    assertEquals(await auditCount(t, "user.two_factor_enable"), 0);

    const confirmed = await api(t, owner, "POST", "/api/v1/account/two-factor/confirm", { code: right });
    assertEquals(confirmed.status, 200);
    const codes: string[] = confirmed.body.recovery_codes;
    assertEquals(codes.length, 10);
    assertEquals(new Set(codes).size, 10);
    const [enabled] = await t.db.sql`select totp_enabled_at, recovery_codes from users where id = ${owner.userId}`;
    assert(enabled.totp_enabled_at);
    assertEquals(enabled.recovery_codes, await Promise.all(codes.map((c) => hashToken(c))));
    assertEquals(await auditCount(t, "user.two_factor_enable", owner.userId), 1);
    assertEquals((await api(t, owner, "POST", "/api/v1/account/two-factor")).status, 409, "already on");

    // Sign-in now needs a second factor; each TOTP step works once; each recovery code works once.
    await assertRejects(() => signIn(t, owner.email, owner.password), TwoFactorRequiredError);
    await assertRejects(() => signIn(t, owner.email, owner.password, right), UnauthorizedError, "Incorrect code");
    const next = await totpCode(secret, Date.now() + 30_000);
    assertEquals((await signIn(t, owner.email, owner.password, next)).user.two_factor_enabled, true);
    await assertRejects(() => signIn(t, owner.email, owner.password, next), UnauthorizedError, "Incorrect code");
    assertEquals((await signIn(t, owner.email, owner.password, codes[0].toUpperCase())).user.id, owner.userId);
    await assertRejects(() => signIn(t, owner.email, owner.password, codes[0]), UnauthorizedError);
    assertEquals((await api(t, owner, "GET", "/api/v1/account/two-factor")).body.recovery_codes_remaining, 9);

    // New recovery codes need the password; the old ones stop working.
    const noPassword = await api(t, owner, "POST", "/api/v1/account/two-factor/recovery-codes", { password: "nope" });
    assertEquals([noPassword.status, noPassword.body.errors[0].path], [422, "password"]);
    const fresh = await api(t, owner, "POST", "/api/v1/account/two-factor/recovery-codes", {
      password: owner.password,
    });
    assertEquals(fresh.body.recovery_codes.length, 10);
    await assertRejects(() => signIn(t, owner.email, owner.password, codes[1]), UnauthorizedError);
    assertEquals((await signIn(t, owner.email, owner.password, fresh.body.recovery_codes[0])).user.id, owner.userId);
    assertEquals(await auditCount(t, "user.recovery_codes_regenerate", owner.userId), 1);

    // Turning it off needs the password.
    assertEquals((await api(t, owner, "DELETE", "/api/v1/account/two-factor", {})).status, 422);
    assertEquals((await api(t, owner, "DELETE", "/api/v1/account/two-factor", { password: "wrong one" })).status, 422);
    assertEquals(await auditCount(t, "user.two_factor_disable"), 0);
    assertEquals(
      (await api(t, owner, "DELETE", "/api/v1/account/two-factor", { password: owner.password })).status,
      204,
    );
    const [off] = await t.db.sql`
      select totp_secret_enc, totp_enabled_at, recovery_codes from users where id = ${owner.userId}`;
    assertEquals([off.totp_secret_enc, off.totp_enabled_at, off.recovery_codes], [null, null, []]);
    assertEquals((await signIn(t, owner.email, owner.password)).user.two_factor_enabled, false);
    assertEquals(await auditCount(t, "user.two_factor_disable", owner.userId), 1);
    assertEquals(
      (await api(t, owner, "DELETE", "/api/v1/account/two-factor", { password: owner.password })).status,
      409,
    );

    const rows = await t.db.sql`select changes::text as c from audit_log where entity_id = ${owner.userId}`;
    for (const r of rows) {
      assert(!r.c.includes(secret) && !codes.some((code) => r.c.includes(code)), "no secrets in the audit log");
    }
  } finally {
    await t.close();
  }
});

Deno.test("two-factor pages: a firm that requires it sends members to set it up, with a banner", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Strict Books");
    const reader = await addMember(t, owner.firmId, "read_only");
    await t.db.sql`update firms set require_two_factor = true where id = ${owner.firmId}`;

    const redirected = await t.request("/account", { headers: reader.browser, redirect: "manual" });
    assertEquals(redirected.status, 303);
    assertEquals(redirected.headers.get("location"), "/account/two-factor");
    assertEquals((await api(t, reader, "GET", "/api/v1/account")).status, 403);
    assertEquals((await api(t, reader, "GET", "/api/v1/account/two-factor")).body.required_by_firm, true);

    const setup = await t.request("/account/two-factor", { headers: reader.browser });
    assertEquals(setup.status, 200);
    let html = await setup.text();
    assertStringIncludes(html, "Strict Books requires every member to use two-factor sign-in");
    assertStringIncludes(html, 'action="/account/two-factor/start"');

    const start = await postForm(t, reader, "/account/two-factor/start", {});
    assertEquals(start.status, 303);
    assertEquals(start.headers.get("location"), "/account/two-factor");
    html = await (await t.request("/account/two-factor", { headers: reader.browser })).text();
    assertMatch(html, /<div class="qr"><svg [^>]*role="img"/);
    assert(!/\sstyle="/.test(html), "no inline styles, even in the QR code");
    const secret = /<p class="secret-box" id="totp-secret">([A-Z2-7 ]+)<\/p>/.exec(html)?.[1].replaceAll(" ", "");
    assert(secret, "the key is shown for manual entry");

    const bad = await postForm(t, reader, "/account/two-factor/confirm", { code: "12345x" });
    assertEquals(bad.status, 422);
    assertStringIncludes(await bad.text(), "That code is not right");

    const ok = await postForm(t, reader, "/account/two-factor/confirm", { code: await totpCode(secret) });
    assertEquals(ok.status, 200);
    html = await ok.text();
    const codes = [...html.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
    assertEquals(codes.length, 10);
    assertStringIncludes(html, "They will not be shown again");
    assertEquals((await t.request("/account", { headers: reader.browser })).status, 200, "the firm opens up");
    assertEquals(await auditCount(t, "user.two_factor_setup", reader.userId), 1);
    assertEquals(await auditCount(t, "user.two_factor_enable", reader.userId), 1);

    const regenerated = await postForm(t, reader, "/account/two-factor/recovery-codes", { password: reader.password });
    assertEquals(regenerated.status, 200);
    assertEquals([...(await regenerated.text()).matchAll(/<li><code>/g)].length, 10);
    const wrong = await postForm(t, reader, "/account/two-factor/disable", { password: "not the password" });
    assertEquals(wrong.status, 422);
    assertStringIncludes(await wrong.text(), "The password is not correct");
    const disabled = await postForm(t, reader, "/account/two-factor/disable", { password: reader.password });
    assertEquals(disabled.status, 303);
    assertEquals(disabled.headers.get("location"), "/account/two-factor");
    assertEquals((await t.request("/account", { headers: reader.browser, redirect: "manual" })).status, 303);
  } finally {
    await t.close();
  }
});

Deno.test("every account and audit route declares its guard first", async () => {
  const t = await createTestApp();
  try {
    const expected = (path: string) =>
      /^\/(api\/v1\/)?audit/.test(path) || path === "/audit.csv" ? "audit.read" : "member";
    const firsts = new Map<string, unknown>();
    for (const r of t.app.routes) {
      if (!/^\/(api\/v1\/)?(account|audit)(\/|\.csv|$)/.test(r.path) || r.method === "ALL") continue;
      const key = `${r.method} ${r.path}`;
      if (!firsts.has(key)) firsts.set(key, (r.handler as unknown as Record<symbol, unknown>)[POLICY]);
    }
    assert(firsts.size >= 25, `found ${firsts.size} routes`);
    for (const [key, policy] of firsts) assertEquals(policy, expected(key.split(" ")[1]), key);
  } finally {
    await t.close();
  }
});
