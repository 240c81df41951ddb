/**
 * Authentication end to end: sign-up, tokens and their edge cases, refresh rotation with reuse
 * detection, throttling and lockouts, cookies and CSRF, password reset, first run.
 */
import { SignJWT } from "jose";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, PASSWORD } from "./support/identity.ts";
import { THROTTLE } from "../src/auth/throttle.ts";

async function withApp(fn: (t: TestApp) => Promise<void>) {
  const t = await createTestApp();
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

Deno.test("sign-up creates a firm and its owner; emails are unique regardless of case", () =>
  withApp(async (t) => {
    const res = await api(t, undefined, "POST", "/api/v1/auth/signup", {
      firm_name: "Ledger & Co",
      email: "Pat@Example.com",
      password: PASSWORD,
    });
    assertEquals(res.status, 201);
    assertEquals(res.body.firm.name, "Ledger & Co");
    assertEquals(res.body.user.email, "pat@example.com");
    assertEquals(Object.keys(res.body.user).sort(), ["email", "id", "name", "two_factor_enabled"]);
    const again = await api(t, undefined, "POST", "/api/v1/auth/signup", {
      firm_name: "Other",
      email: "PAT@example.COM",
      password: PASSWORD,
    });
    assertEquals(again.status, 409);
    assertEquals(again.headers.get("content-type"), "application/problem+json");
    assertEquals(await auditCount(t, "firm.create", res.body.firm.id), 1);
  }));

Deno.test("sign-up rejects short and common passwords with a field error", () =>
  withApp(async (t) => {
    for (const password of ["short", "password1234", "qwertyuiop123"]) {
      const res = await api(t, undefined, "POST", "/api/v1/auth/signup", {
        firm_name: "F",
        email: `x${password}@example.com`,
        password,
      });
      assertEquals(res.status, 422, password);
      assertEquals(res.body.errors[0].path, "password");
    }
    const bad = await api(t, undefined, "POST", "/api/v1/auth/signup", { firm_name: "", email: "nope" });
    assertEquals(bad.status, 422);
    assertEquals(bad.body.errors.map((e: { path: string }) => e.path).sort(), ["email", "firm_name", "password"]);
  }));

Deno.test("token: the shape of the issue; wrong credentials are 401 without saying which part", () =>
  withApp(async (t) => {
    const owner = await createFirm(t);
    const ok = await api(t, undefined, "POST", "/api/v1/auth/token", { email: owner.email, password: PASSWORD });
    assertEquals(ok.status, 200);
    assertEquals(Object.keys(ok.body).sort(), ["access_token", "expires_in", "refresh_token", "token_type"]);
    assertEquals(ok.body.token_type, "Bearer");
    assert(ok.body.expires_in <= 900);
    const bearer = { bearer: { Authorization: `Bearer ${ok.body.access_token}` } } as never;
    assertEquals((await api(t, bearer, "POST", "/api/v1/auth/signout")).status, 204, "the token authenticates");
    const wrong = await api(t, undefined, "POST", "/api/v1/auth/token", {
      email: owner.email,
      password: "x".repeat(12),
    });
    const unknown = await api(t, undefined, "POST", "/api/v1/auth/token", {
      email: "nobody@example.com",
      password: PASSWORD,
    });
    assertEquals([wrong.status, unknown.status], [401, 401]);
    assertEquals(wrong.body.detail, unknown.body.detail);
  }));

Deno.test("access tokens: alg none, wrong issuer or audience, expired, not yet valid, unknown kid, tampered, revoked → 401", () =>
  withApp(async (t) => {
    const owner = await createFirm(t);
    const signOut = async (token: string) =>
      (await api(t, { bearer: { Authorization: `Bearer ${token}` } } as never, "POST", "/api/v1/auth/signout")).status;
    const [header, payload] = owner.accessToken.split(".");
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const key = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign"]) as CryptoKeyPair;
    const now = Math.floor(Date.now() / 1000);
    const forge = (patch: Record<string, unknown>, kid = JSON.parse(atob(header)).kid) =>
      new SignJWT({ ...claims, ...patch }).setProtectedHeader({ alg: "EdDSA", kid }).sign(key.privateKey);
    const cases: Record<string, string> = {
      "alg none": `${b64({ alg: "none", typ: "JWT" })}.${payload}.`,
      "tampered payload": `${header}.${b64({ ...claims, firm: crypto.randomUUID() })}.${
        owner.accessToken.split(".")[2]
      }`,
      "foreign key, known kid": await forge({}),
      "unknown kid": await forge({}, "nope"),
      "garbage": "not-a-token-at-all",
    };
    // Tokens signed with the real key but with bad claims.
    const { TokenSigner } = await import("../src/auth/tokens.ts");
    const signer = await TokenSigner.fromConfig(t.config.signingKeys);
    const real = { sub: owner.userId, sid: owner.sessionId, firm: owner.firmId };
    cases["expired"] = await signer.sign(real, now - 3600);
    cases["not yet valid"] = await signer.sign(real, now + 3600);
    for (const [name, token] of Object.entries(cases)) {
      assertEquals(await signOut(token), 401, name);
    }
    // Wrong issuer and audience need the real private key: sign one with jose directly.
    const pkcs8 = Uint8Array.from(atob(t.config.signingKeys.split(":")[1]), (ch) => ch.charCodeAt(0));
    const realKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]);
    const kid = t.config.signingKeys.split(":")[0];
    for (const [name, patch] of [["issuer", { iss: "evil" }], ["audience", { aud: "evil" }]] as const) {
      const token = await new SignJWT({ ...claims, ...patch }).setProtectedHeader({ alg: "EdDSA", kid }).sign(realKey);
      assertEquals(await signOut(token), 401, `wrong ${name}`);
    }
    // A valid token works until its session is revoked.
    assertEquals(await signOut(owner.accessToken), 204);
    assertEquals(await signOut(owner.accessToken), 401, "revoked session");
    const problems = await api(
      t,
      { bearer: { Authorization: "Bearer not-a-token-at-all" } } as never,
      "POST",
      "/api/v1/auth/signout",
    );
    assertEquals(problems.body.detail, "Invalid credentials");
  }));

Deno.test("refresh tokens rotate on every use; reusing a rotated one revokes the whole family", () =>
  withApp(async (t) => {
    const owner = await createFirm(t);
    const first = await api(t, undefined, "POST", "/api/v1/auth/refresh", { refresh_token: owner.refreshToken });
    assertEquals(first.status, 200);
    assert(first.body.refresh_token !== owner.refreshToken);
    const second = await api(t, undefined, "POST", "/api/v1/auth/refresh", { refresh_token: first.body.refresh_token });
    assertEquals(second.status, 200);
    const reuse = await api(t, undefined, "POST", "/api/v1/auth/refresh", { refresh_token: owner.refreshToken });
    assertEquals(reuse.status, 401);
    const latest = await api(t, undefined, "POST", "/api/v1/auth/refresh", {
      refresh_token: second.body.refresh_token,
    });
    assertEquals(latest.status, 401, "the newest token of the family is dead too");
    const bearer = { bearer: { Authorization: `Bearer ${second.body.access_token}` } } as never;
    assertEquals((await api(t, bearer, "POST", "/api/v1/auth/signout")).status, 401, "and so are its access tokens");
    const [session] = await t.db.sql`select revoked_reason from sessions where id = ${owner.sessionId}`;
    assertEquals(session.revoked_reason, "refresh token reused");
    assertEquals(await auditCount(t, "session.revoke", owner.sessionId), 1);
    assertEquals(
      (await api(t, undefined, "POST", "/api/v1/auth/refresh", { refresh_token: "lf_rt_nope" })).status,
      401,
    );
  }));

Deno.test("throttling: a growing delay, then 429 with Retry-After; the lockout is audited", () =>
  withApp(async (t) => {
    const owner = await createFirm(t);
    const attempt = () =>
      api(t, undefined, "POST", "/api/v1/auth/token", {
        email: owner.email.toUpperCase(),
        password: "wrong password!!",
      });
    await t.cache.set(`signin:fail:acct:${owner.email}`, THROTTLE.accountLimit - 1, { ttlSeconds: 60 });
    const t0 = performance.now();
    assertEquals((await attempt()).status, 401);
    assert(performance.now() - t0 >= THROTTLE.maxDelayMs * 0.9, "the attempt was delayed");
    const locked = await attempt();
    assertEquals(locked.status, 429);
    assertEquals(locked.headers.get("retry-after"), String(THROTTLE.windowSeconds));
    const correct = await api(t, undefined, "POST", "/api/v1/auth/token", { email: owner.email, password: PASSWORD });
    assertEquals(correct.status, 429, "even the right password waits out the lockout");
    const [row] = await t.db.sql`select firm_id, action, changes from audit_log where action = 'auth.lockout'`;
    assertEquals(row.firm_id, null);
    assertEquals(row.changes._details.email, owner.email);
  }));

Deno.test("web sign-in sets HttpOnly SameSite=Lax cookies and follows only local next= paths", () =>
  withApp(async (t) => {
    const owner = await createFirm(t);
    const form = (body: Record<string, string>, next = "/account") =>
      t.request(`/signin?next=${encodeURIComponent(next)}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
        body: new URLSearchParams(body),
      });
    const bad = await form({ email: owner.email, password: "not the password" });
    assertEquals(bad.status, 401);
    assertStringIncludes(await bad.text(), "Incorrect email or password");
    const ok = await form({ email: owner.email, password: PASSWORD });
    assertEquals(ok.status, 303);
    assertEquals(ok.headers.get("location"), "/account");
    const cookies = ok.headers.getSetCookie();
    assertEquals(cookies.length, 2);
    for (const cookie of cookies) {
      assertMatch(cookie, /HttpOnly/);
      assertMatch(cookie, /SameSite=Lax/);
    }
    const evil = await form({ email: owner.email, password: PASSWORD }, "//evil.example/x");
    assertEquals(evil.headers.get("location"), "/clients");
    const crossSite = await t.request("/signin", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: new URLSearchParams({ email: owner.email, password: PASSWORD }),
    });
    assertEquals(crossSite.status, 403);
    await crossSite.body?.cancel();
  }));

Deno.test("cookie sessions: an expired access cookie is refreshed transparently; sign-out ends it", () =>
  withApp(async (t) => {
    const owner = await createFirm(t);
    const res = await t.request("/signout", {
      method: "POST",
      headers: { Cookie: `lf_at=expired.jwt.value; lf_rt=${owner.refreshToken}`, Origin: "http://localhost" },
    });
    assertEquals(res.status, 303, "the refresh cookie signed the request in");
    const [session] = await t.db.sql`select revoked_reason from sessions where id = ${owner.sessionId}`;
    assertEquals(session.revoked_reason, "signed out");
    const after = await t.request("/signout", { method: "POST", headers: owner.browser });
    assertEquals(after.status, 303);
    assertMatch(after.headers.get("location")!, /^\/signin\?next=/, "signed out: redirected to sign in");
  }));

Deno.test("cookie-authenticated API calls must be same-origin; Bearer calls are exempt", () =>
  withApp(async (t) => {
    const owner = await createFirm(t);
    const cookie = { Cookie: `lf_at=${owner.accessToken}` };
    const noOrigin = await t.request("/api/v1/auth/signout", { method: "POST", headers: cookie });
    assertEquals(noOrigin.status, 403);
    await noOrigin.body?.cancel();
    const sameOrigin = await t.request("/api/v1/auth/signout", {
      method: "POST",
      headers: { ...cookie, Origin: "http://localhost" },
    });
    assertEquals(sameOrigin.status, 204);
    const other = await createFirm(t);
    assertEquals((await api(t, other, "POST", "/api/v1/auth/signout")).status, 204);
  }));

Deno.test("password reset: single-use emailed link; every session ends; the new password works", () =>
  withApp(async (t) => {
    const owner = await createFirm(t);
    const unknown = await api(t, undefined, "POST", "/api/v1/auth/password-reset", { email: "nobody@example.com" });
    assertEquals(unknown.status, 202);
    assertEquals(t.mailer.sent.length, 0);
    const res = await api(t, undefined, "POST", "/api/v1/auth/password-reset", { email: owner.email });
    assertEquals(res.status, 202, "same answer whether or not the account exists");
    const token = t.mailer.sent[0].text.match(/password-reset\/(lf_pr_[A-Za-z0-9_-]+)/)?.[1];
    assert(token, "the mail carries the link");
    const [stored] = await t.db.sql`select count(*)::int as n from password_resets where token_hash = ${token}`;
    assertEquals(stored.n, 0, "only the hash is stored");
    const weak = await api(t, undefined, "POST", "/api/v1/auth/password-reset/confirm", { token, password: "short" });
    assertEquals(weak.status, 422);
    const newPassword = "a completely new passphrase 7";
    const ok = await api(t, undefined, "POST", "/api/v1/auth/password-reset/confirm", { token, password: newPassword });
    assertEquals(ok.status, 204);
    const reused = await api(t, undefined, "POST", "/api/v1/auth/password-reset/confirm", {
      token,
      password: "yet another passphrase 8",
    });
    assertEquals(reused.status, 422);
    assertEquals((await api(t, owner, "POST", "/api/v1/auth/signout")).status, 401, "old sessions are revoked");
    const signIn = await api(t, undefined, "POST", "/api/v1/auth/token", { email: owner.email, password: newPassword });
    assertEquals(signIn.status, 200);
  }));

Deno.test("first run leads to creating a firm; afterwards the home page shows", () =>
  withApp(async (t) => {
    const first = await t.request("/");
    assertEquals(first.status, 303);
    assertEquals(first.headers.get("location"), "/signup");
    const page = await (await t.request("/signup")).text();
    assertStringIncludes(page, "This LedgerFlow has no firm yet");
    const created = await t.request("/signup", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
      body: new URLSearchParams({ firm_name: "First Firm", email: "first@example.com", password: PASSWORD }),
    });
    assertEquals(created.status, 303);
    assertEquals(created.headers.getSetCookie().length, 2, "signed in right away");
    assertEquals((await t.request("/")).status, 200);
  }));

Deno.test("a firm that requires two-factor sends unenrolled members to set it up", () =>
  withApp(async (t) => {
    const owner = await createFirm(t);
    const preparer = await addMember(t, owner.firmId, "preparer");
    await t.db.sql`update firms set require_two_factor = true where id = ${owner.firmId}`;
    const page = await t.request("/account", { headers: preparer.browser });
    assertEquals(page.status, 303);
    assertEquals(page.headers.get("location"), "/account/two-factor");
    const apiCall = await api(t, preparer, "GET", "/api/v1/firm/members");
    assertEquals(apiCall.status, 403);
    assertStringIncludes(apiCall.body.detail, "two-factor");
  }));

Deno.test("a member of two firms switches between them; each session acts in one firm", () =>
  withApp(async (t) => {
    const a = await createFirm(t, "Alpha");
    const b = await createFirm(t, "Beta");
    await t.db.sql`insert into memberships (firm_id, user_id, role) values (${b.firmId}, ${a.userId}, 'reviewer')`;
    const page = await (await t.request("/account", { headers: a.browser })).text();
    assertStringIncludes(page, 'action="/switch-firm"');
    const switched = await api(t, a, "POST", "/api/v1/auth/switch-firm", { firm_id: b.firmId });
    assertEquals(switched.status, 200);
    const asB = { bearer: { Authorization: `Bearer ${switched.body.access_token}` } } as never;
    const firm = await api(t, asB, "GET", "/api/v1/firm");
    assertEquals(firm.body.name, "Beta");
    assertEquals((await api(t, a, "GET", "/api/v1/firm")).status, 401, "the old session ended");
    const stranger = await api(t, asB, "POST", "/api/v1/auth/switch-firm", { firm_id: crypto.randomUUID() });
    assertEquals(stranger.status, 403);
  }));
