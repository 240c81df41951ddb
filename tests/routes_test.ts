/**
 * Route-level access rules, enumerated from the router so that new routes are covered:
 * every route declares a guard; another firm's member gets 404 for this firm's ids on every
 * route that takes one; a read-only member gets 403 on every mutating route beyond their own
 * account.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, createFirm, type Member } from "./support/identity.ts";
import { can } from "../src/auth/permissions.ts";
import { POLICY, type Policy } from "../src/http/policy.ts";

interface Route {
  method: string;
  path: string;
  policy: Policy;
}

/** Every routed (method, path) with the policy of its guard. */
function routes(t: TestApp): { routes: Route[]; unguarded: string[] } {
  const byKey = new Map<string, { method: string; path: string; policy?: Policy }>();
  for (const r of t.app.routes) {
    if (r.method === "ALL") continue;
    const key = `${r.method} ${r.path}`;
    const entry = byKey.get(key) ?? { method: r.method, path: r.path };
    const policy = (r.handler as unknown as Record<symbol, Policy>)[POLICY];
    if (policy && !entry.policy) entry.policy = policy;
    byKey.set(key, entry);
  }
  const all = [...byKey.values()];
  return {
    routes: all.filter((r): r is Route => r.policy !== undefined),
    unguarded: all.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`),
  };
}

/** Ids of firm A's things, by route shape, with a plausible body for each. */
interface Fixture {
  pattern: RegExp;
  params: Record<string, string>;
  body?: Record<string, unknown>;
  /** Form fields for the page twin, when they differ from the API body. */
  pageBody?: Record<string, unknown>;
}

async function setUp(t: TestApp) {
  const ownerA = await createFirm(t, "Firm A");
  const preparerA = await addMember(t, ownerA.firmId, "preparer");
  const readOnlyA = await addMember(t, ownerA.firmId, "read_only");
  const ownerB = await createFirm(t, "Firm B");
  const client = await api(t, ownerA, "POST", "/api/v1/clients", { name: "A's client" });
  assertEquals(client.status, 201);
  await api(t, ownerA, "PUT", `/api/v1/clients/${client.body.id}/assignments`, {
    user_ids: [preparerA.userId, readOnlyA.userId],
  });
  const invite = await api(t, ownerA, "POST", "/api/v1/firm/invites", { email: "new@example.com", role: "preparer" });
  assertEquals(invite.status, 201);
  const token = await api(t, ownerA, "POST", "/api/v1/account/tokens", { name: "ci" });
  assertEquals(token.status, 201);
  const [doc] = await t.db.sql`
    insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key, status)
    values (${ownerA.firmId}, ${client.body.id}, 'a.csv', 'csv', 10, ${"a".repeat(64)}, ${`${ownerA.firmId}/x`},
            'needs_password')
    returning id`;
  const [category] = await t.db.sql`
    insert into categories (firm_id, name, kind, parent_id)
    select ${ownerA.firmId}, 'Coffee meetings', 'expense', id from categories
     where firm_id = ${ownerA.firmId} and line = '24b' returning id`;
  const [account] = await t.db.sql`
    insert into accounts (firm_id, client_id, type) values (${ownerA.firmId}, ${client.body.id}, 'checking')
    returning id`;
  const [statement] = await t.db.sql`
    insert into statements (firm_id, client_id, account_id, document_id, currency, verification_status)
    values (${ownerA.firmId}, ${client.body.id}, ${account.id}, ${doc.id}, 'USD', 'passed') returning id`;
  const [transaction] = await t.db.sql`
    insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                              currency, fingerprint, line_no)
    values (${ownerA.firmId}, ${client.body.id}, ${account.id}, ${statement.id}, ${doc.id}, '2025-01-02',
            'STARBUCKS #1', -450, 'USD', 'f1', 1)
    returning id`;
  const [paired] = await t.db.sql`
    insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                              currency, fingerprint, line_no)
    values (${ownerA.firmId}, ${client.body.id}, ${account.id}, ${statement.id}, ${doc.id}, '2025-01-02',
            'STARBUCKS 1', -450, 'USD', 'f2', 2)
    returning id`;
  const [link] = await t.db.sql`
    insert into transaction_links (firm_id, client_id, kind, a_id, b_id)
    values (${ownerA.firmId}, ${client.body.id}, 'duplicate', ${transaction.id}, ${paired.id}) returning id`;
  const [rule] = await t.db.sql`
    insert into rules (firm_id, name, conditions, actions)
    values (${ownerA.firmId}, 'Coffee', ${t.db.sql.json({ match: "all", conditions: [] })},
            ${t.db.sql.json([{ type: "flag_review" }])})
    returning id`;
  const [run] = await t.db.sql`
    insert into rule_runs (firm_id, client_id, rule_id, status) values (${ownerA.firmId}, ${client.body.id}, ${rule.id}, 'done')
    returning id`;
  const [view] = await t.db.sql`
    insert into saved_views (firm_id, user_id, client_id, name, query)
    values (${ownerA.firmId}, ${ownerA.userId}, ${client.body.id}, 'Coffee', 'q=coffee') returning id`;
  const [template] = await t.db.sql`
    insert into document_templates (firm_id, name, format, body)
    values (${ownerA.firmId}, 'Letter', 'md', 'Hi {{client.name}}') returning id`;
  const fixtures: Fixture[] = [
    // Before the clients/:id pattern, which would match these first.
    { pattern: /^\/(api\/v1\/)?clients\/:id\/templates\/:tid/, params: { id: client.body.id, tid: template.id } },
    {
      pattern: /^\/(api\/v1\/)?templates\/:id/,
      params: { id: template.id },
      body: { name: "Renamed", body: "Renamed {{client.name}}" },
    },
    { pattern: /^\/(api\/v1\/)?views\/:id/, params: { id: view.id } },
    { pattern: /^\/(api\/v1\/)?categories\/:id/, params: { id: category.id }, body: { name: "Renamed" } },
    {
      pattern: /^\/(api\/v1\/)?transactions\/:id/,
      params: { id: transaction.id, field: "payee" },
      body: { memo: "changed" },
      pageBody: { field: "memo", value: "changed" },
    },
    {
      pattern: /^\/(api\/v1\/)?rules\/:id/,
      params: { id: rule.id },
      body: { name: "Renamed", client_id: client.body.id },
    },
    { pattern: /^\/(api\/v1\/)?rule-runs\/:id/, params: { id: run.id } },
    { pattern: /^\/(api\/v1\/)?links\/:id/, params: { id: link.id } },
    {
      pattern: /^\/(api\/v1\/)?documents\/:id/,
      params: { id: doc.id },
      body: { password: "secret", parser: "", mapping: {}, account: { institution: "Bank", type: "checking" } },
    },
    { pattern: /^\/(api\/v1\/)?clients\/:id/, params: { id: client.body.id }, body: { name: "renamed", user_ids: [] } },
    {
      pattern: /^\/(api\/v1\/)?firm\/members\/:user_id/,
      params: { user_id: preparerA.userId },
      body: { role: "reviewer" },
    },
    { pattern: /^\/(api\/v1\/)?firm\/invites\/:id/, params: { id: invite.body.id } },
    { pattern: /^\/(api\/v1\/)?account\/sessions\/:id/, params: { id: ownerA.sessionId } },
    { pattern: /^\/(api\/v1\/)?account\/tokens\/:id/, params: { id: token.body.id } },
    { pattern: /^\/audit\/entity\/:type\/:id/, params: { type: "client", id: client.body.id } },
  ];
  return { ownerA, preparerA, readOnlyA, ownerB, fixtures, clientId: client.body.id };
}

function resolve(route: Route, fixtures: Fixture[]): { url: string; body?: Record<string, unknown> } | undefined {
  const fixture = fixtures.find((f) => f.pattern.test(route.path));
  if (!fixture) return undefined;
  const url = route.path.replace(/:(\w+)/g, (_, name) => {
    const value = fixture.params[name];
    if (!value) throw new Error(`no fixture value for :${name} in ${route.path}`);
    return value;
  });
  return { url, body: url.startsWith("/api/") ? fixture.body : fixture.pageBody ?? fixture.body };
}

/** Calls a route as `who`: Bearer JSON for the API, cookies and a form for pages. */
async function call(t: TestApp, who: Member, route: Route, url: string, body?: Record<string, unknown>) {
  if (url.startsWith("/api/")) {
    const sendsBody = route.method !== "GET" && route.method !== "DELETE";
    return await api(t, who, route.method, url, sendsBody ? body ?? {} : undefined);
  }
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body ?? {})) if (!Array.isArray(v)) form.set(k, String(v));
  const res = await t.request(url, {
    method: route.method,
    headers: {
      ...who.browser,
      ...(route.method === "GET" ? {} : { "Content-Type": "application/x-www-form-urlencoded" }),
    },
    body: route.method === "GET" ? undefined : form,
  });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

Deno.test("every route declares who may call it", async () => {
  const t = await createTestApp();
  try {
    const { routes: guarded, unguarded } = routes(t);
    assertEquals(unguarded, [], "routes without a guard");
    assert(guarded.length > 50, `found ${guarded.length} routes`);
  } finally {
    await t.close();
  }
});

Deno.test("another firm's member gets 404 for this firm's ids on every route that takes one", async () => {
  const t = await createTestApp();
  try {
    const s = await setUp(t);
    const withIds = routes(t).routes.filter((r) => r.path.includes("/:") && r.policy !== "public");
    assert(withIds.length > 15, `found ${withIds.length} routes with ids`);
    const failures: string[] = [];
    for (const route of withIds) {
      const target = resolve(route, s.fixtures);
      if (!target) {
        failures.push(`${route.method} ${route.path}: no fixture (add one to tests/routes_test.ts)`);
        continue;
      }
      const res = await call(t, s.ownerB, route, target.url, target.body);
      if (route.path.startsWith("/audit/entity/")) {
        // A history view filters by id: it must come back empty, not 404.
        if (res.status !== 200 || String(res.body).includes("client.create")) {
          failures.push(`${route.method} ${route.path}: showed firm A's history (${res.status})`);
        }
      } else if (res.status !== 404) {
        failures.push(`${route.method} ${route.path}: ${res.status} instead of 404`);
      }
    }
    assertEquals(failures, []);
    // And nothing of firm A changed.
    const [client] = await t.db.sql`select name, archived_at from clients where id = ${s.clientId}`;
    const [{ docs }] = await t.db.sql`select count(*)::int as docs from documents`;
    assertEquals(docs, 1, "firm A's document is still there");
    const [tr] = await t.db.sql`select memo, needs_review from transactions`;
    assertEquals({ ...tr }, { memo: "", needs_review: false }, "firm A's transaction is unchanged");
    const [r] = await t.db.sql`select name from rules`;
    assertEquals(r.name, "Coffee");
    const [tpl] = await t.db.sql`select name, body, archived_at from document_templates`;
    assertEquals(
      { ...tpl },
      { name: "Letter", body: "Hi {{client.name}}", archived_at: null },
      "the template is unchanged",
    );
    assertEquals({ ...client }, { name: "A's client", archived_at: null });
    const [m] = await t.db.sql`select role from memberships where user_id = ${s.preparerA.userId}`;
    assertEquals(m.role, "preparer");
    const [revoked] = await t.db.sql`
      select (select count(*)::int from invites where revoked_at is not null) as invites,
             (select count(*)::int from api_tokens where revoked_at is not null) as tokens,
             (select count(*)::int from sessions where revoked_at is not null and user_id = ${s.ownerA.userId}) as sessions`;
    assertEquals({ ...revoked }, { invites: 0, tokens: 0, sessions: 0 });
  } finally {
    await t.close();
  }
});

Deno.test("a read-only member gets 403 on every mutating route beyond their own account", async () => {
  const t = await createTestApp();
  try {
    const s = await setUp(t);
    const mutating = routes(t).routes.filter((r) =>
      ["POST", "PUT", "PATCH", "DELETE"].includes(r.method) &&
      r.policy !== "public" && r.policy !== "member" && !can("read_only", r.policy)
    );
    assert(mutating.length > 20, `found ${mutating.length} mutating routes`);
    const failures: string[] = [];
    for (const route of mutating) {
      const target = route.path.includes("/:") ? resolve(route, s.fixtures) : { url: route.path, body: {} };
      if (!target) {
        failures.push(`${route.method} ${route.path}: no fixture`);
        continue;
      }
      const res = await call(t, s.readOnlyA, route, target.url, target.body);
      if (res.status !== 403) failures.push(`${route.method} ${route.path}: ${res.status} instead of 403`);
    }
    assertEquals(failures, []);
    const [{ n }] = await t.db.sql`
      select count(*)::int as n from audit_log where actor_id = ${s.readOnlyA.userId} and action <> 'auth.signin'`;
    assertEquals(n, 0, "nothing the read-only member tried was recorded as a change");
  } finally {
    await t.close();
  }
});
