/**
 * Rules end to end: rules run by themselves after a statement is parsed (a real PDF and a
 * real worker); order, stop and human-edit protection through the stored rules; "Test rule"
 * agrees with "apply to existing", whose run reports progress to done and changes nothing
 * the second time; a catastrophic pattern is refused at once; roles and firms; audit rows;
 * the pages without JavaScript; "always categorize <payee> as <category>?".
 */
import { assert, assertEquals, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import { testWorker, uploadFile, waitForFinal } from "./support/documents.ts";
import { waitFor } from "./support/wait.ts";
import { browserUnavailable, screenshot, watchPage, withBrowser } from "./support/browser.ts";
import { startTestServer } from "./support/server.ts";
import { generateStatement } from "./fixtures/statements.ts";
import { US_CHECKING } from "./fixtures/catalogue.ts";
import { applyRulesToDocument } from "../src/rules/apply.ts";
import type { WorkerHandle } from "../src/worker/runner.ts";

interface Setup {
  t: TestApp;
  owner: Member;
  clientId: string;
  categories: Record<string, string>;
}

async function setUp(): Promise<Setup> {
  const t = await createTestApp();
  const owner = await createFirm(t);
  const client = await api(t, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
  assertEquals(client.status, 201);
  const rows = await t.db.sql<{ id: string; name: string }[]>`
    select id, name from categories where firm_id = ${owner.firmId}`;
  return { t, owner, clientId: client.body.id, categories: Object.fromEntries(rows.map((r) => [r.name, r.id])) };
}

/** Transactions written straight into the ledger (no parsing), in one document. */
async function seed(
  s: Setup,
  rows: { description: string; cents: number; date?: string }[],
): Promise<{ documentId: string; accountId: string; ids: string[] }> {
  const sql = s.t.db.sql;
  const firm = s.owner.firmId;
  const [account] = await sql<{ id: string }[]>`
    insert into accounts (firm_id, client_id, institution, number_last4, type)
    values (${firm}, ${s.clientId}, 'Harbor Bank', ${String(Math.floor(Math.random() * 9000) + 1000)}, 'checking')
    returning id`;
  const sha = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
  const [doc] = await sql<{ id: string }[]>`
    insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key, status)
    values (${firm}, ${s.clientId}, 'seed.csv', 'csv', 1, ${sha}, 'none', 'parsed') returning id`;
  await sql`select graphile_worker.remove_job(${`parse_document:${doc.id}`})`;
  const [statement] = await sql<{ id: string }[]>`
    insert into statements (firm_id, client_id, account_id, document_id, currency, verification_status)
    values (${firm}, ${s.clientId}, ${account.id}, ${doc.id}, 'USD', 'passed') returning id`;
  const inserted = await sql<{ id: string }[]>`
    insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                              currency, fingerprint, line_no)
    select ${firm}, ${s.clientId}, ${account.id}, ${statement.id}, ${doc.id}, x.date::date, x.description, x.cents,
           'USD', 'seed-' || x.n, x.n
      from unnest(${rows.map((r) => r.date ?? "2025-03-14")}::text[], ${rows.map((r) => r.description)}::text[],
                  ${rows.map((r) => r.cents)}::bigint[]) with ordinality as x(date, description, cents, n)
     order by x.n
    returning id`;
  return { documentId: doc.id, accountId: account.id, ids: inserted.map((r) => r.id) };
}

const containsRule = (name: string, value: string, actions: unknown[], extra: Record<string, unknown> = {}) => ({
  name,
  conditions: { match: "all", conditions: [{ field: "description", op: "contains", value }] },
  actions,
  ...extra,
});

async function txn(s: Setup, id: string) {
  const [row] = await s.t.db.sql<
    { category_id: string | null; payee: string; tags: string[]; needs_review: boolean; rule_id: string | null }[]
  >`select category_id, payee, tags, needs_review, rule_id from transactions where id = ${id}`;
  return row;
}

/** Waits until no apply_rules job is left (a failing one fails the test). */
async function rulesSettled(t: TestApp): Promise<void> {
  await waitFor(async () => {
    const jobs = await t.db.sql<{ last_error: string | null }[]>`
      select last_error from graphile_worker.jobs where task_identifier = 'apply_rules'`;
    const failed = jobs.find((j) => j.last_error);
    if (failed) throw new Error(`apply_rules failed: ${failed.last_error}`);
    return jobs.length === 0;
  }, { timeoutMs: 30_000, intervalMs: 100, what: "apply_rules jobs" });
}

Deno.test("rules run by themselves when a statement is parsed", async () => {
  const s = await setUp();
  let worker: WorkerHandle | undefined;
  try {
    const meals = s.categories["Deductible meals"];
    const created = await api(
      s.t,
      s.owner,
      "POST",
      "/api/v1/rules",
      containsRule("Coffee is meals", "starbucks", [{ type: "set_category", category_id: meals }]),
    );
    assertEquals(created.status, 201, JSON.stringify(created.body));
    const descriptions = [
      ["2024-03-02", "PAYROLL ACME CORP", 250_000],
      ["2024-03-04", "STARBUCKS STORE 1234 SEATTLE WA", -575],
      ["2024-03-06", "SHELL OIL 5744 HOUSTON TX", -4_210],
      ["2024-03-09", "STARBUCKS #998 PORTLAND OR", -1_240],
      ["2024-03-12", "AMAZON MKTPL US", -2_399],
      ["2024-03-18", "CARD PURCHASE STARBUCKS 4411", -690],
      ["2024-03-22", "ELECTRIC CO", -8_810],
    ] as const;
    const spec = {
      ...US_CHECKING,
      transactions: descriptions.map(([date, description, amount]) => ({ date, description, amount })),
    };
    const { pdf } = await generateStatement(spec);
    worker = await testWorker(s.t);
    const up = await uploadFile(s.t, s.owner, s.clientId, "march.pdf", pdf);
    assertEquals(up.status, 201);
    const doc = await waitForFinal(s.t, s.owner, up.body.id);
    assertEquals(doc.status, "parsed", doc.reason);
    await rulesSettled(s.t);
    const rows = await s.t.db.sql<{ id: string; description: string; category_id: string | null; rule_id: string }[]>`
      select id, description, category_id, rule_id from transactions where document_id = ${up.body.id}`;
    assertEquals(rows.length, descriptions.length);
    const coffee = rows.filter((r) => r.description.includes("STARBUCKS"));
    assertEquals(coffee.length, 3);
    for (const r of coffee) {
      assertEquals(r.category_id, meals, r.description);
      assertEquals(r.rule_id, created.body.id);
      assertEquals(await auditCount(s.t, "transaction.rules_applied", r.id), 1);
    }
    for (const r of rows.filter((r) => !r.description.includes("STARBUCKS"))) assertEquals(r.category_id, null);
    const [audit] = await s.t.db.sql<{ actor_type: string; actor_id: string; changes: Record<string, any> }[]>`
      select actor_type, actor_id, changes from audit_log where entity_id = ${coffee[0].id}
         and action = 'transaction.rules_applied'`;
    assertEquals([audit.actor_type, audit.actor_id], ["system", "rules"]);
    assertEquals(audit.changes.category, { from: null, to: "Deductible meals" });
    assertEquals(audit.changes._details.rule_id, created.body.id);
    assertEquals(await auditCount(s.t, "transaction.rules_applied"), 3, "one audit row per changed transaction");

    // Parsing the same document again runs the rules again, and they change nothing more.
    const again = await applyRulesToDocument(s.t.db.appSql, up.body.id);
    assertEquals(again, { transactions: descriptions.length, changed: 0 });
    assertEquals(await auditCount(s.t, "transaction.rules_applied"), 3);
  } finally {
    await worker?.stop(5000);
    await s.t.close();
  }
});

Deno.test("rules run in order; stop_processing ends the run; reorder changes the winner", async () => {
  const s = await setUp();
  try {
    const { documentId, ids } = await seed(s, [
      { description: "STARBUCKS STORE 1234", cents: -575 },
      { description: "DELTA AIR LINES", cents: -35_000 },
    ]);
    const meals = s.categories["Deductible meals"], travel = s.categories["Travel"];
    const a = await api(
      s.t,
      s.owner,
      "POST",
      "/api/v1/rules",
      containsRule("A: meals, stop", "starbucks", [{ type: "set_category", category_id: meals }], {
        stop_processing: true,
      }),
    );
    const b = await api(
      s.t,
      s.owner,
      "POST",
      "/api/v1/rules",
      containsRule("B: travel and review", "starbucks", [{ type: "set_category", category_id: travel }, {
        type: "flag_review",
      }], { stop_processing: true }),
    );
    const c = await api(s.t, s.owner, "POST", "/api/v1/rules", {
      name: "C: tag everything out",
      client_id: s.clientId,
      conditions: { match: "all", conditions: [{ field: "amount", op: "sign", value: "out" }] },
      actions: [{ type: "add_tags", tags: ["Outgoing"] }],
    });
    assertEquals([a.status, b.status, c.status], [201, 201, 201]);
    const list = await api(s.t, s.owner, "GET", `/api/v1/rules?client_id=${s.clientId}`);
    assertEquals(list.body.items.map((r: { name: string }) => r.name[0]), ["A", "B", "C"]);

    await applyRulesToDocument(s.t.db.appSql, documentId);
    let coffee = await txn(s, ids[0]);
    assertEquals([coffee.category_id, coffee.needs_review, coffee.tags], [meals, false, []], "A stopped B and C");
    assertEquals(coffee.rule_id, a.body.id);
    assertEquals((await txn(s, ids[1])).tags, ["outgoing"], "C ran on the other transaction");

    const reorder = await api(s.t, s.owner, "POST", "/api/v1/rules/reorder", { ids: [b.body.id, a.body.id] });
    assertEquals(reorder.status, 200);
    assertEquals(reorder.body.items.map((r: { name: string }) => r.name[0]), ["B", "A", "C"]);
    await applyRulesToDocument(s.t.db.appSql, documentId);
    coffee = await txn(s, ids[0]);
    assertEquals([coffee.category_id, coffee.needs_review], [travel, true], "now B wins and stops");

    // A disabled rule does not run; without stops a later rule overrides an earlier one.
    await api(s.t, s.owner, "PATCH", `/api/v1/rules/${b.body.id}`, { enabled: false });
    await api(s.t, s.owner, "PATCH", `/api/v1/rules/${a.body.id}`, { stop_processing: false });
    await applyRulesToDocument(s.t.db.appSql, documentId);
    coffee = await txn(s, ids[0]);
    assertEquals([coffee.category_id, coffee.tags], [meals, ["outgoing"]]);
    assertEquals(await auditCount(s.t, "rule.reorder"), 1);
    assertEquals(await auditCount(s.t, "rule.update"), 2);
  } finally {
    await s.t.close();
  }
});

Deno.test("fields edited by hand are kept unless the rule overwrites human edits", async () => {
  const s = await setUp();
  try {
    const { documentId, ids } = await seed(s, [
      { description: "STARBUCKS 1", cents: -500 },
      { description: "STARBUCKS 2", cents: -600 },
    ]);
    const meals = s.categories["Deductible meals"], travel = s.categories["Travel"];
    await s.t.db.sql`
      update transactions set category_id = ${travel}, payee = 'Client lunch', edited_fields = '{category_id,payee}'
       where id = ${ids[0]}`;
    const rule = await api(
      s.t,
      s.owner,
      "POST",
      "/api/v1/rules",
      containsRule("Coffee", "starbucks", [
        { type: "set_category", category_id: meals },
        { type: "set_payee", payee: "Starbucks" },
        { type: "set_business_pct", pct: 50 },
      ]),
    );
    await applyRulesToDocument(s.t.db.appSql, documentId);
    const [kept] = await s.t.db.sql`
      select category_id, payee, business_pct from transactions where id = ${ids[0]}`;
    assertEquals({ ...kept }, { category_id: travel, payee: "Client lunch", business_pct: 50 });
    assertEquals((await txn(s, ids[1])).category_id, meals);

    const patched = await api(s.t, s.owner, "PATCH", `/api/v1/rules/${rule.body.id}`, { overwrite_human_edits: true });
    assertEquals(patched.body.overwrite_human_edits, true);
    await applyRulesToDocument(s.t.db.appSql, documentId);
    const [overwritten] = await s.t.db.sql`select category_id, payee from transactions where id = ${ids[0]}`;
    assertEquals({ ...overwritten }, { category_id: meals, payee: "Starbucks" });
  } finally {
    await s.t.close();
  }
});

Deno.test("Test rule previews exactly what apply to existing then does; the run reports progress to done", async () => {
  const s = await setUp();
  let worker: WorkerHandle | undefined;
  try {
    const rows = Array.from({ length: 1_150 }, (_, i) => ({
      description: i % 9 === 0 ? `UBER *TRIP ${i} HELP.UBER.COM` : `CORNER STORE ${i}`,
      cents: -(100 + i),
      date: `2025-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, "0")}`,
    }));
    const { ids } = await seed(s, rows);
    const matching = rows.filter((r) => r.description.startsWith("UBER")).length; // 128
    const travel = s.categories["Travel"];
    // One already has what the rule sets, and one was categorized by hand: neither changes.
    await s.t.db.sql`update transactions set category_id = ${travel}, tags = '{rideshare}' where id = ${ids[0]}`;
    await s.t.db.sql`update transactions set category_id = ${s.categories["Personal"]}, edited_fields = '{category_id}'
                       where id = ${ids[9]}`;
    const draft = {
      conditions: {
        match: "all",
        conditions: [
          { field: "description", op: "regex", value: "^uber\\s*\\*" },
          { field: "amount", op: "between", min: "1.00", max: "100.00" },
        ],
      },
      actions: [{ type: "set_category", category_id: travel }, { type: "add_tags", tags: ["rideshare"] }],
    };
    const preview = await api(s.t, s.owner, "POST", "/api/v1/rules/preview", { client_id: s.clientId, ...draft });
    assertEquals(preview.status, 200, JSON.stringify(preview.body));
    assertEquals(preview.body.matches, matching);
    assertEquals(preview.body.would_change, matching - 1, "the one already done does not change");
    assertEquals(preview.body.changes.length, 100, "the first 100 are listed");
    const handEdited = preview.body.changes.find((c: { transaction_id: string }) => c.transaction_id === ids[9]);
    assertEquals(handEdited.after, { tags: ["rideshare"] }, "the hand-set category is kept");
    const first = preview.body.changes.find((c: { after: { category?: unknown } }) => c.after.category);
    assertEquals(first.before.category, null);
    assertEquals(first.after.category, { id: travel, name: "Travel" });
    assertEquals((await s.t.db.sql`select 1 from transactions where tags <> '{}' and id <> ${ids[0]}`).length, 0);
    assertEquals(await auditCount(s.t, "transaction.rules_applied"), 0, "a preview saves nothing");

    const rule = await api(s.t, s.owner, "POST", "/api/v1/rules", { name: "Rideshare", ...draft });
    assertEquals(rule.status, 201);
    const applied = await api(s.t, s.owner, "POST", `/api/v1/rules/${rule.body.id}/apply`, { client_id: s.clientId });
    assertEquals(applied.status, 202, JSON.stringify(applied.body));
    assertEquals(applied.body.status, "queued");
    const runId = applied.body.run_id;
    const [{ key }] = await s.t.db.sql`select key from graphile_worker.jobs where task_identifier = 'apply_rules'`;
    assertEquals(key, `apply_rules:${runId}`, "the run row queued its job");

    worker = await testWorker(s.t);
    const done = await waitFor(async () => {
      const r = await api(s.t, s.owner, "GET", `/api/v1/rule-runs/${runId}`);
      return r.body.status === "done" || r.body.status === "failed" ? r.body : undefined;
    }, { timeoutMs: 30_000, intervalMs: 20, what: "the rule run" });
    assertEquals(done.status, "done", done.error);
    assertEquals([done.total, done.processed, done.changed, done.percent], [1_150, 1_150, matching - 1, 100]);
    assert(done.finished_at);
    assertEquals(await auditCount(s.t, "transaction.rules_applied"), matching - 1, "one audit row per change");
    for (const change of preview.body.changes) {
      const row = await txn(s, change.transaction_id);
      if (change.after.category) assertEquals(row.category_id, change.after.category.id);
      if (change.after.tags) assertEquals(row.tags, change.after.tags);
      assertEquals(row.rule_id, rule.body.id);
    }
    const [{ n }] = await s.t.db.sql`select count(*)::int as n from transactions where 'rideshare' = any(tags)`;
    assertEquals(n, matching);

    // Again: nothing more changes.
    const second = await api(s.t, s.owner, "POST", `/api/v1/rules/${rule.body.id}/apply`, { client_id: s.clientId });
    const again = await waitFor(async () => {
      const r = await api(s.t, s.owner, "GET", `/api/v1/rule-runs/${second.body.run_id}`);
      return r.body.status === "done" ? r.body : undefined;
    }, { timeoutMs: 30_000, intervalMs: 50, what: "the second run" });
    assertEquals([again.processed, again.changed], [1_150, 0]);
    assertEquals(await auditCount(s.t, "transaction.rules_applied"), matching - 1);
    assertEquals(await auditCount(s.t, "rule.apply"), 2);
  } finally {
    await worker?.stop(5000);
    await s.t.close();
  }
});

Deno.test("a catastrophic pattern is refused at once with a clear 422", async () => {
  const s = await setUp();
  try {
    await api(s.t, s.owner, "GET", "/api/v1/rules"); // warm up
    for (const value of ["(a+)+", "(a|a)*", "(.*)*", "(\\w+\\s?)+$"]) {
      const body = {
        name: "Evil",
        conditions: { match: "all", conditions: [{ field: "description", op: "regex", value }] },
        actions: [{ type: "flag_review" }],
      };
      const started = performance.now();
      const res = await api(s.t, s.owner, "POST", "/api/v1/rules", body);
      const took = performance.now() - started;
      assertEquals(res.status, 422, value);
      assertEquals(res.body.detail, "Cannot use this pattern: it can take exponential time (nested repetition)");
      assertEquals(res.body.errors[0].path, "conditions.conditions.0.value");
      assert(took < 100, `${value} took ${took.toFixed(1)} ms`);
      const { conditions, actions } = body;
      const preview = await api(s.t, s.owner, "POST", "/api/v1/rules/preview", {
        client_id: s.clientId,
        conditions,
        actions,
      });
      assertEquals([preview.status, preview.body.detail], [422, res.body.detail]);
    }
    const bad = await api(s.t, s.owner, "POST", "/api/v1/rules", {
      name: "Broken",
      conditions: { match: "all", conditions: [{ field: "payee", op: "regex", value: "(unclosed" }] },
      actions: [{ type: "flag_review" }],
    });
    assertEquals(bad.status, 422);
    assertStringIncludes(bad.body.detail, "not a valid regular expression");
    assertEquals((await s.t.db.sql`select id from rules`).length, 0, "nothing was saved");
  } finally {
    await s.t.close();
  }
});

Deno.test("read-only members may look but not change; another firm gets 404", async () => {
  const s = await setUp();
  try {
    const readOnly = await addMember(s.t, s.owner.firmId, "read_only");
    const unassigned = await addMember(s.t, s.owner.firmId, "preparer");
    await api(s.t, s.owner, "PUT", `/api/v1/clients/${s.clientId}/assignments`, { user_ids: [readOnly.userId] });
    const { ids } = await seed(s, [{ description: "STARBUCKS", cents: -500 }]);
    const rule = await api(
      s.t,
      s.owner,
      "POST",
      "/api/v1/rules",
      containsRule("Coffee", "starbucks", [{ type: "flag_review" }], { client_id: s.clientId }),
    );
    const run = await api(s.t, s.owner, "POST", `/api/v1/rules/${rule.body.id}/apply`, {});
    assertEquals(run.status, 202, "a client rule applies to its own client");
    const body = containsRule("X", "x", [{ type: "flag_review" }]);
    const writes: [string, string, unknown][] = [
      ["POST", "/api/v1/rules", body],
      ["PATCH", `/api/v1/rules/${rule.body.id}`, { enabled: false }],
      ["DELETE", `/api/v1/rules/${rule.body.id}`, undefined],
      ["POST", "/api/v1/rules/reorder", { ids: [rule.body.id] }],
      ["POST", "/api/v1/rules/preview", { client_id: s.clientId, ...body }],
      ["POST", `/api/v1/rules/${rule.body.id}/apply`, { client_id: s.clientId }],
      ["POST", "/api/v1/rules/suggest", { transaction_id: ids[0], category_id: s.categories["Travel"] }],
    ];
    for (const [method, path, b] of writes) {
      assertEquals((await api(s.t, readOnly, method, path, b)).status, 403, `${method} ${path}`);
    }
    assertEquals((await api(s.t, readOnly, "GET", "/api/v1/rules")).body.items.length, 1);
    assertEquals((await api(s.t, readOnly, "GET", `/api/v1/rules/${rule.body.id}`)).status, 200);
    assertEquals((await api(s.t, readOnly, "GET", `/api/v1/rule-runs/${run.body.run_id}`)).status, 200);
    // A member not assigned to the client does not see its rules (firm-wide ones they would).
    assertEquals((await api(s.t, unassigned, "GET", "/api/v1/rules")).body.items, []);
    assertEquals((await api(s.t, unassigned, "GET", `/api/v1/rules/${rule.body.id}`)).status, 404);
    assertEquals(
      (await api(s.t, unassigned, "PATCH", `/api/v1/rules/${rule.body.id}`, { enabled: false })).status,
      404,
    );
    const page = await s.t.request("/rules", { headers: readOnly.browser });
    assertEquals(page.status, 200);
    const html = await page.text();
    assert(!html.includes('href="/rules/new"') && !html.includes('href="/rules"'), "no edit controls, no nav link");

    const other = await createFirm(s.t, "Other Firm");
    const otherReads: [string, string, unknown][] = [
      ["GET", `/api/v1/rules/${rule.body.id}`, undefined],
      ["PATCH", `/api/v1/rules/${rule.body.id}`, { enabled: false }],
      ["DELETE", `/api/v1/rules/${rule.body.id}`, undefined],
      ["POST", `/api/v1/rules/${rule.body.id}/apply`, { client_id: s.clientId }],
      ["GET", `/api/v1/rule-runs/${run.body.run_id}`, undefined],
      ["GET", `/api/v1/rules?client_id=${s.clientId}`, undefined],
      ["POST", "/api/v1/rules/preview", { client_id: s.clientId, conditions: body.conditions, actions: body.actions }],
      ["POST", "/api/v1/rules/suggest", { transaction_id: ids[0], category_id: s.categories["Travel"] }],
    ];
    for (const [method, path, b] of otherReads) {
      assertEquals((await api(s.t, other, method, path, b)).status, 404, `${method} ${path}`);
    }
    for (const path of [`/rules/${rule.body.id}/edit`, `/rule-runs/${run.body.run_id}`]) {
      assertEquals((await s.t.request(path, { headers: other.browser })).status, 404, path);
    }
    assertEquals((await api(s.t, other, "GET", "/api/v1/rules")).body.items, []);
    const [kept] = await s.t.db.sql`select enabled from rules where id = ${rule.body.id}`;
    assertEquals(kept.enabled, true);
    assertEquals(await auditCount(s.t, "rule.create"), 1);
  } finally {
    await s.t.close();
  }
});

Deno.test("the pages work as plain forms, with Test rule through htmx", async () => {
  const s = await setUp();
  try {
    const preparer = await addMember(s.t, s.owner.firmId, "preparer");
    await api(s.t, s.owner, "PUT", `/api/v1/clients/${s.clientId}/assignments`, { user_ids: [preparer.userId] });
    await seed(s, [{ description: "STARBUCKS 12", cents: -500 }, { description: "SHELL", cents: -900 }]);
    const form = (fields: Record<string, string>) => ({
      method: "POST",
      headers: { ...preparer.browser, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
    const fields = {
      name: "Coffee",
      client_id: s.clientId,
      match: "all",
      enabled: "1",
      c0_kind: "description.contains",
      c0_value: "starbucks",
      a_category: s.categories["Deductible meals"],
    };
    const list = await s.t.request("/rules", { headers: preparer.browser });
    assertStringIncludes(await list.text(), 'href="/rules"', "the nav links to rules");

    const test = await s.t.request("/rules/preview", {
      ...form(fields),
      headers: { ...form(fields).headers, "HX-Request": "true" },
    });
    assertEquals(test.status, 200);
    const table = await test.text();
    assertStringIncludes(table, "STARBUCKS 12");
    assert(!table.includes("SHELL") && !table.includes("<html"), "only the matching row, as a fragment");

    const noJs = await s.t.request("/rules/preview", form(fields));
    assertStringIncludes(await noJs.text(), "STARBUCKS 12");

    const invalid = await s.t.request("/rules", form({ ...fields, c0_kind: "description.regex", c0_value: "(a+)+" }));
    assertEquals(invalid.status, 422);
    assertStringIncludes(await invalid.text(), "it can take exponential time");

    const created = await s.t.request("/rules", form(fields));
    assertEquals(created.status, 303);
    const [rule] = await s.t.db.sql<{ id: string; enabled: boolean }[]>`select id, enabled from rules`;
    assertEquals(rule.enabled, true);
    const edit = await s.t.request(`/rules/${rule.id}/edit`, { headers: preparer.browser });
    assertStringIncludes(await edit.text(), 'value="starbucks"');

    assertEquals((await s.t.request(`/rules/${rule.id}/toggle`, form({}))).status, 303);
    assertEquals((await s.t.db.sql`select enabled from rules`)[0].enabled, false);

    const apply = await s.t.request(`/rules/${rule.id}/apply`, form({ client_id: s.clientId }));
    assertEquals(apply.status, 303);
    const runPage = await s.t.request(apply.headers.get("Location")!, { headers: preparer.browser });
    const runHtml = await runPage.text();
    assertStringIncludes(runHtml, "<progress");
    assertStringIncludes(runHtml, 'hx-trigger="every 1s"');
  } finally {
    await s.t.close();
  }
});

Deno.test("always categorize <payee> as <category>?: a draft that creates the rule", async () => {
  const s = await setUp();
  try {
    const { ids } = await seed(s, [
      { description: "SQ *BLUE BOTTLE COFFEE 1234 OAKLAND CA", cents: -650 },
      { description: "SQ *BLUE BOTTLE COFFEE 99 SF CA", cents: -480 },
    ]);
    const meals = s.categories["Deductible meals"];
    const suggestion = await api(s.t, s.owner, "POST", "/api/v1/rules/suggest", {
      transaction_id: ids[0],
      category_id: meals,
    });
    assertEquals(suggestion.status, 200, JSON.stringify(suggestion.body));
    assertEquals(suggestion.body.category, { id: meals, name: "Deductible meals" });
    assertEquals(suggestion.body.existing_rule_id, null);
    assertEquals(suggestion.body.rule.client_id, s.clientId);
    assertEquals(suggestion.body.rule.conditions.conditions[0].value, "BLUE BOTTLE COFFEE");
    const preview = await api(s.t, s.owner, "POST", "/api/v1/rules/preview", {
      client_id: s.clientId,
      conditions: suggestion.body.rule.conditions,
      actions: suggestion.body.rule.actions,
    });
    assertEquals(preview.body.would_change, 2, "the draft catches the payee's other transactions");
    const created = await api(s.t, s.owner, "POST", "/api/v1/rules", suggestion.body.rule);
    assertEquals(created.status, 201);
    const again = await api(s.t, s.owner, "POST", "/api/v1/rules/suggest", {
      transaction_id: ids[1],
      category_id: meals,
    });
    assertEquals(again.body.existing_rule_id, created.body.id);
  } finally {
    await s.t.close();
  }
});

Deno.test({
  name: "in the browser: build a rule, Test rule swaps the results in, Apply to existing shows progress to done",
  ignore: browserUnavailable,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = await startTestServer({ worker: true });
    try {
      const owner = await createFirm(server);
      const client = await api(server, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
      const rows = await server.db.sql<{ id: string; name: string }[]>`
        select id, name from categories where firm_id = ${owner.firmId}`;
      const s: Setup = {
        t: server,
        owner,
        clientId: client.body.id,
        categories: Object.fromEntries(rows.map((r) => [r.name, r.id])),
      };
      await seed(s, [
        { description: "STARBUCKS STORE 1234 SEATTLE WA", cents: -575 },
        { description: "STARBUCKS #998 PORTLAND OR", cents: -1_240 },
        { description: "SHELL OIL 5744 HOUSTON TX", cents: -4_210 },
      ]);
      await api(server, owner, "POST", "/api/v1/rules", {
        name: "Flag large payments",
        conditions: { match: "all", conditions: [{ field: "amount", op: "between", min: "1000" }] },
        actions: [{ type: "flag_review" }],
      });
      await withBrowser(async (browser) => {
        const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
        await context.addCookies([
          { name: "lf_at", value: owner.accessToken, url: server.url },
          { name: "lf_rt", value: owner.refreshToken, url: server.url },
        ]);
        const page = await context.newPage();
        const problems = await watchPage(page);
        await page.goto(`${server.url}/rules/new?client_id=${client.body.id}`);
        await page.fill("#field-name", "Coffee is meals");
        await page.selectOption("#field-c0_kind", "description.contains");
        await page.fill("#field-c0_value", "starbucks");
        await page.selectOption("#field-a_category", { label: "Deductible meals" });
        await page.click('button:has-text("Test rule")');
        await page.locator("#rule-preview table tbody tr").nth(1).waitFor();
        assertEquals(new URL(page.url()).pathname, "/rules/new", "the preview came in place, no navigation");
        assertStringIncludes(await page.locator("#rule-preview").innerText(), "Matches 2 transactions");
        await screenshot(page, "rules-test-rule");
        await page.click('button:has-text("Save rule")');
        await page.locator("#rule-list").waitFor();
        await screenshot(page, "rules-list");
        await page.click('#rule-list a:has-text("Coffee is meals")');
        await page.locator('button:has-text("Apply to existing")').click();
        await page.locator("#rule-run[data-status=done]").waitFor({ timeout: 30_000 });
        assertStringIncludes(await page.locator("#rule-run").innerText(), "3 of 3 transactions checked, 2 changed");
        await screenshot(page, "rules-run-done");
        assertEquals(problems.errors, [], "console errors");
        assertEquals(await problems.cspViolations(), [], "CSP violations");
        assertEquals(problems.failedResponses, [], "failed responses");
      });
    } finally {
      await server.close();
    }
  },
});
