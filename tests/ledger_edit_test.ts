/**
 * Editing the ledger through the API: categories (seeded Schedule C chart, custom categories,
 * archive vs delete, system protection), PATCH of every field with edited_fields and exactly one
 * audit row per change, splits (API check and the database's deferred check), bulk updates with
 * one undo entry, undo and its conflicts, reviewer and read-only limits, tenant and assignment
 * scoping, and the ledger version. Transactions come in through the real import code
 * (saveStatement), which also sets the normalized payee.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import { parseKeyRing } from "../src/crypto/keyring.ts";
import { withFirm } from "../src/db/tenant.ts";
import { saveStatement } from "../src/documents/persist.ts";
import type { StatementResult } from "../src/parsing/types.ts";

const DESCRIPTIONS: [string, string][] = [
  ["POS PURCHASE STARBUCKS STORE 12345 SEATTLE WA", "-4.50"],
  ["SQ *BLUE BOTTLE COFFEE OAKLAND CA", "-6.25"],
  ["PAYPAL *NETFLIX.COM 402-935-7733 CA", "-15.49"],
  ["ACH DEBIT COMCAST CABLE 8774 REF# 0012345", "-120.00"],
  ["DEPOSIT", "2500.00"],
];

/** Imports a statement for the client through saveStatement; returns the transaction ids in order. */
async function importStatement(t: TestApp, firmId: string, clientId: string): Promise<string[]> {
  const [doc] = await t.db.sql<{ id: string }[]>`
    insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key)
    values (${firmId}, ${clientId}, 'march.csv', 'csv', 1, ${"0".repeat(64)}, ${crypto.randomUUID()}) returning id`;
  const result: StatementResult = {
    parser: "test",
    institution: "Test Bank",
    account: { number: "1234", type: "checking", currency: "USD" },
    period: { start: "2025-03-01", end: "2025-03-31" },
    balances: { opening: null, closing: null },
    transactions: DESCRIPTIONS.map(([description, amount], i) => ({
      date: `2025-03-${String(i + 10).padStart(2, "0")}`,
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
  const rows = await t.db.sql<
    { id: string }[]
  >`select id from transactions where document_id = ${doc.id} order by line_no`;
  return rows.map((r) => r.id);
}

interface Setup {
  t: TestApp;
  owner: Member;
  preparer: Member;
  reviewer: Member;
  readOnly: Member;
  unassigned: Member;
  clientId: string;
  ids: string[];
  category: (line: string) => string;
  categoryNamed: (name: string) => string;
}

async function setUp(): Promise<Setup> {
  const t = await createTestApp();
  const owner = await createFirm(t, "Ledger Firm");
  const preparer = await addMember(t, owner.firmId, "preparer");
  const reviewer = await addMember(t, owner.firmId, "reviewer");
  const readOnly = await addMember(t, owner.firmId, "read_only");
  const unassigned = await addMember(t, owner.firmId, "preparer", "Unassigned preparer");
  const client = await api(t, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
  assertEquals(client.status, 201);
  const assigned = await api(t, owner, "PUT", `/api/v1/clients/${client.body.id}/assignments`, {
    user_ids: [preparer.userId, reviewer.userId, readOnly.userId],
  });
  assertEquals(assigned.status, 200);
  const ids = await importStatement(t, owner.firmId, client.body.id);
  const list = await api(t, owner, "GET", "/api/v1/categories");
  const category = (line: string) => list.body.find((c: { line: string }) => c.line === line).id as string;
  const categoryNamed = (name: string) => list.body.find((c: { name: string }) => c.name === name).id as string;
  return { t, owner, preparer, reviewer, readOnly, unassigned, clientId: client.body.id, ids, category, categoryNamed };
}

async function ledgerVersion(s: Setup): Promise<number> {
  const [row] = await s.t.db.sql<
    { v: string }[]
  >`select ledger_version::text as v from clients where id = ${s.clientId}`;
  return Number(row.v);
}

async function auditRows(s: Setup, action: string, entityId: string) {
  return await s.t.db.sql<{ changes: Record<string, any> }[]>`
    select changes from audit_log where action = ${action} and entity_id = ${entityId} order by id`;
}

Deno.test("categories: the seeded Schedule C chart in the documented shape, for every member", async () => {
  const s = await setUp();
  try {
    const list = await api(s.t, s.readOnly, "GET", "/api/v1/categories");
    assertEquals(list.status, 200);
    assertEquals(list.body.length, 32);
    for (const c of list.body) assertEquals(Object.keys(c).sort(), ["id", "kind", "line", "name", "parent_id"]);
    const office = list.body.find((c: { line: string }) => c.line === "18");
    assertEquals({ ...office, id: "…" }, {
      id: "…",
      name: "Office expense",
      line: "18",
      parent_id: null,
      kind: "expense",
    });
    assertEquals(list.body[0].name, "Gross receipts or sales", "chart order");
    const uncategorized = list.body.find((c: { name: string }) => c.name === "Uncategorized");
    assertEquals(uncategorized.line, null);
    assertEquals(uncategorized.kind, "uncategorized");
    // Another firm has its own chart.
    const other = await createFirm(s.t, "Other Firm");
    const theirs = await api(s.t, other, "GET", "/api/v1/categories");
    assertEquals(theirs.body.length, 32);
    assertEquals(theirs.body.filter((c: { id: string }) => list.body.some((m: { id: string }) => m.id === c.id)), []);
    assertEquals((await api(s.t, s.owner, "GET", "/api/v1/categories?archived=maybe")).status, 422);
  } finally {
    await s.t.close();
  }
});

Deno.test("categories: custom ones roll up to a Schedule C line; names are unique; owners and admins only", async () => {
  const s = await setUp();
  try {
    const office = s.category("18");
    const created = await api(s.t, s.owner, "POST", "/api/v1/categories", { name: "Software", parent_id: office });
    assertEquals(created.status, 201);
    assertEquals({ ...created.body, id: "…" }, {
      id: "…",
      name: "Software",
      line: "18",
      parent_id: office,
      kind: "expense",
    });
    assertEquals(await auditCount(s.t, "category.create", created.body.id), 1);
    const list = await api(s.t, s.owner, "GET", "/api/v1/categories");
    const at = list.body.findIndex((c: { id: string }) => c.id === created.body.id);
    assertEquals(list.body[at - 1].id, office, "listed right after its parent");

    const noParent = await api(s.t, s.owner, "POST", "/api/v1/categories", { name: "Gadgets" });
    assertEquals(noParent.status, 422);
    assertEquals(noParent.body.errors[0].path, "parent_id");
    const wrongKind = await api(s.t, s.owner, "POST", "/api/v1/categories", {
      name: "Gadgets",
      parent_id: s.category("1"),
      kind: "expense",
    });
    assertEquals(wrongKind.status, 422);
    const transferParent = await api(s.t, s.owner, "POST", "/api/v1/categories", {
      name: "Loan to owner",
      parent_id: s.categoryNamed("Owner draw"),
    });
    assertEquals(transferParent.status, 201);
    assertEquals(transferParent.body.kind, "owner");
    assertEquals(transferParent.body.line, null);
    const nested = await api(s.t, s.owner, "POST", "/api/v1/categories", {
      name: "SaaS",
      parent_id: created.body.id,
    });
    assertEquals(nested.status, 422, "custom categories roll up to built-in ones only");
    const duplicate = await api(s.t, s.owner, "POST", "/api/v1/categories", { name: "software", parent_id: office });
    assertEquals(duplicate.status, 409);
    assertEquals(
      (await api(s.t, s.owner, "POST", "/api/v1/categories", { name: "Office Expense", parent_id: office })).status,
      409,
    );
    const admin = await addMember(s.t, s.owner.firmId, "admin");
    assertEquals(
      (await api(s.t, admin, "POST", "/api/v1/categories", { name: "Meals", parent_id: office })).status,
      201,
    );
    for (const who of [s.preparer, s.reviewer, s.readOnly]) {
      assertEquals((await api(s.t, who, "POST", "/api/v1/categories", { name: "X", parent_id: office })).status, 403);
    }

    const renamed = await api(s.t, s.owner, "PATCH", `/api/v1/categories/${created.body.id}`, {
      name: "Software & SaaS",
    });
    assertEquals(renamed.status, 200);
    assertEquals(renamed.body.name, "Software & SaaS");
    const [update] = await auditRows(s, "category.update", created.body.id);
    assertEquals(update.changes.name, { from: "Software", to: "Software & SaaS" });
    assertEquals(
      (await api(s.t, s.owner, "PATCH", `/api/v1/categories/${office}`, { name: "Office stuff" })).status,
      409,
      "system categories cannot be renamed",
    );
    assertEquals((await api(s.t, s.owner, "DELETE", `/api/v1/categories/${office}`)).status, 409);
    assertEquals(
      (await api(s.t, s.owner, "PATCH", `/api/v1/categories/${crypto.randomUUID()}`, { name: "Nope" })).status,
      404,
    );
  } finally {
    await s.t.close();
  }
});

Deno.test("categories: removing an unused one deletes it; one in use is archived and cannot be assigned", async () => {
  const s = await setUp();
  try {
    const office = s.category("18");
    const make = async (name: string) =>
      (await api(s.t, s.owner, "POST", "/api/v1/categories", { name, parent_id: office })).body.id as string;
    const unused = await make("Unused");
    const used = await make("Used");
    const byRule = await make("By rule");
    const bySplit = await make("By split");

    const deleted = await api(s.t, s.owner, "DELETE", `/api/v1/categories/${unused}`);
    assertEquals(deleted.status, 204);
    assertEquals((await s.t.db.sql`select 1 from categories where id = ${unused}`).length, 0);
    assertEquals(await auditCount(s.t, "category.delete", unused), 1);

    assertEquals(
      (await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${s.ids[0]}`, { category_id: used })).status,
      200,
    );
    await s.t.db.sql`insert into rules (firm_id, name, conditions, actions)
                     values (${s.owner.firmId}, 'R', '{}', ${s.t.db.sql.json([{ set: "category", id: byRule }])})`;
    const split = await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${s.ids[3]}`, {
      splits: [{ category_id: bySplit, amount: "-100.00" }, { category_id: office, amount: "-20.00" }],
    });
    assertEquals(split.status, 200);

    for (const id of [used, byRule, bySplit]) {
      const res = await api(s.t, s.owner, "DELETE", `/api/v1/categories/${id}`);
      assertEquals(res.status, 200);
      assertEquals(res.body, { archived: true });
      assertEquals(await auditCount(s.t, "category.archive", id), 1);
    }
    const active = await api(s.t, s.owner, "GET", "/api/v1/categories");
    assertEquals(active.body.filter((c: { id: string }) => [used, byRule, bySplit].includes(c.id)), []);
    const all = await api(s.t, s.owner, "GET", "/api/v1/categories?archived=true");
    assertEquals(all.body.filter((c: { id: string }) => [used, byRule, bySplit].includes(c.id)).length, 3);
    // The transaction keeps its (archived) category; it cannot be chosen again.
    const tx = await api(s.t, s.owner, "GET", `/api/v1/transactions/${s.ids[0]}`);
    assertEquals(tx.body.category.name, "Used");
    const again = await api(s.t, s.owner, "PATCH", `/api/v1/transactions/${s.ids[1]}`, { category_id: used });
    assertEquals(again.status, 422);
    assertEquals(again.body.errors[0].path, "category_id");
    assertEquals((await api(s.t, s.owner, "DELETE", `/api/v1/categories/${used}`)).status, 200, "archiving twice");
    assertEquals(await auditCount(s.t, "category.archive", used), 1);
    assertEquals((await api(s.t, s.owner, "PATCH", `/api/v1/categories/${used}`, { name: "Again" })).status, 409);
  } finally {
    await s.t.close();
  }
});

Deno.test("import sets the normalized payee", async () => {
  const s = await setUp();
  try {
    const payees = await Promise.all(
      s.ids.map(async (id) => (await api(s.t, s.owner, "GET", `/api/v1/transactions/${id}`)).body.payee),
    );
    assertEquals(payees, ["Starbucks", "Blue Bottle Coffee", "Netflix.com", "Comcast Cable", "Deposit"]);
  } finally {
    await s.t.close();
  }
});

Deno.test("PATCH changes every field, records edited_fields, one audit row per change, bumps the ledger", async () => {
  const s = await setUp();
  try {
    const id = s.ids[0];
    const travel = s.category("24a");
    const v0 = await ledgerVersion(s);
    const res = await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${id}`, {
      category_id: travel,
      payee: "  Starbucks Reserve ",
      memo: "Client meeting",
      tags: [" Trip-Seattle", "trip-seattle", "CLIENT  X"],
      business_pct: 60,
      needs_review: true,
    });
    assertEquals(res.status, 200);
    assertEquals(res.body.category, { id: travel, name: "Travel", line: "24a", kind: "expense" });
    assertEquals(res.body.payee, "Starbucks Reserve");
    assertEquals(res.body.memo, "Client meeting");
    assertEquals(res.body.tags, ["trip-seattle", "client x"]);
    assertEquals(res.body.business_pct, 60);
    assertEquals(res.body.needs_review, true);
    assertEquals(res.body.has_splits, false);
    assertEquals(res.body.splits, []);
    assertEquals(res.body.amount, "-4.50");
    assertEquals(res.body.edited_fields.sort(), [
      "business_pct",
      "category_id",
      "memo",
      "needs_review",
      "payee",
      "tags",
    ]);
    const [row] = await s.t.db.sql`select category_name, edited_fields, updated_at > created_at as bumped
                                     from transactions where id = ${id}`;
    assertEquals(row.category_name, "Travel");
    assert(row.bumped, "updated_at moves");
    assert(await ledgerVersion(s) > v0, "ledger version increments");

    const rows = await auditRows(s, "transaction.update", id);
    assertEquals(rows.length, 1, "one audit row for the change");
    const { _details, ...fields } = rows[0].changes;
    assertEquals(fields, {
      category_id: { from: null, to: travel },
      category: { from: null, to: "Travel" },
      payee: { from: "Starbucks", to: "Starbucks Reserve" },
      memo: { from: "", to: "Client meeting" },
      tags: { from: [], to: ["trip-seattle", "client x"] },
      business_pct: { from: 100, to: 60 },
      needs_review: { from: false, to: true },
    });
    assertEquals(_details.user_id, s.preparer.userId);
    assertMatch(_details.batch, /^[0-9a-f-]{36}$/);

    // The same values again: nothing changes, nothing is audited, the version stays.
    const v1 = await ledgerVersion(s);
    const same = await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${id}`, {
      payee: "Starbucks Reserve",
      business_pct: 60,
    });
    assertEquals(same.status, 200);
    assertEquals(await auditCount(s.t, "transaction.update", id), 1);
    assertEquals(await ledgerVersion(s), v1);

    // One field: one more row with only that field; null removes the category.
    const cleared = await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${id}`, { category_id: null });
    assertEquals(cleared.body.category, null);
    const after = await auditRows(s, "transaction.update", id);
    assertEquals(after.length, 2);
    assertEquals(Object.keys(after[1].changes).sort(), ["_details", "category", "category_id"]);
    assert(await ledgerVersion(s) > v1);

    // Invalid input: 422 and nothing written.
    for (
      const bad of [
        { business_pct: 120 },
        { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
        { category_id: crypto.randomUUID() },
        { amount: "1.00" },
        { payee: "x".repeat(201) },
      ]
    ) {
      const r = await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${id}`, bad);
      assertEquals(r.status, 422, JSON.stringify(bad));
    }
    assertEquals(await auditCount(s.t, "transaction.update", id), 2);
    const history = await api(s.t, s.readOnly, "GET", `/api/v1/transactions/${id}/history`);
    assertEquals(history.status, 200);
    assertEquals(history.body.items.map((i: { action: string }) => i.action), [
      "transaction.update",
      "transaction.update",
    ]);
    assertEquals(history.body.items[1].changes.payee, { from: "Starbucks", to: "Starbucks Reserve" });
    assertEquals(history.body.items[0].actor.label, s.preparer.email);
  } finally {
    await s.t.close();
  }
});

Deno.test("splits: exact parts are stored, a wrong sum is a 422, null removes them; the database checks too", async () => {
  const s = await setUp();
  try {
    const id = s.ids[3]; // -120.00
    const office = s.category("18");
    const utilities = s.category("25");
    const v0 = await ledgerVersion(s);
    const ok = await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${id}`, {
      splits: [
        { category_id: utilities, amount: "-90", memo: "Internet" },
        { category_id: office, amount: "-30.00" },
      ],
    });
    assertEquals(ok.status, 200);
    assertEquals(ok.body.has_splits, true);
    assertEquals(ok.body.splits.map((p: any) => [p.category_name, p.amount, p.memo]), [
      ["Utilities", "-90.00", "Internet"],
      ["Office expense", "-30.00", ""],
    ]);
    assert(ok.body.edited_fields.includes("splits"));
    assert(await ledgerVersion(s) > v0);
    const [audit] = await auditRows(s, "transaction.update", id);
    assertEquals(audit.changes.splits.from, []);
    assertEquals(audit.changes.splits.to.length, 2);

    const wrong = await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${id}`, {
      splits: [{ category_id: utilities, amount: "-90.00" }, { category_id: office, amount: "-29.99" }],
    });
    assertEquals(wrong.status, 422);
    assertEquals(wrong.body.detail, "The parts add up to -119.99 but the transaction amount is -120.00");
    const badAmount = await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${id}`, {
      splits: [{ category_id: utilities, amount: "-90.001" }, { category_id: office, amount: "-29.999" }],
    });
    assertEquals(badAmount.status, 422);
    const stored = await s.t.db
      .sql`select amount::int from transaction_splits where transaction_id = ${id} order by position`;
    assertEquals(stored.map((r) => r.amount), [-9000, -3000], "unchanged after the refused edits");

    const removed = await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${id}`, { splits: null });
    assertEquals(removed.status, 200);
    assertEquals(removed.body.has_splits, false);
    assertEquals(await auditCount(s.t, "transaction.update", id), 2);

    // Bypassing the API: the deferred constraint refuses at commit.
    let error: { code?: string; message?: string } | undefined;
    await withFirm(s.t.db.appSql, s.owner.firmId, async (tx) => {
      await tx`insert into transaction_splits (firm_id, transaction_id, category_id, amount, position)
               values (${s.owner.firmId}, ${id}, ${office}, -10000, 0), (${s.owner.firmId}, ${id}, ${utilities}, -1000, 1)`;
      // Inside the transaction the insert itself succeeded: the check runs at commit.
      const [{ n }] = await tx`select count(*)::int as n from transaction_splits where transaction_id = ${id}`;
      assertEquals(n, 2);
    }).catch((e) => error = e);
    assertEquals(error?.code, "23514");
    assertMatch(error?.message ?? "", /add up to -11000 but its amount is -12000/);
    assertEquals((await s.t.db.sql`select 1 from transaction_splits where transaction_id = ${id}`).length, 0);
  } finally {
    await s.t.close();
  }
});

Deno.test("bulk: three rows, three audit rows, one undo entry; undo restores them", async () => {
  const s = await setUp();
  try {
    const [a, b, c] = s.ids;
    const office = s.category("18");
    await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${a}`, { tags: ["keep", "old"] });
    const v0 = await ledgerVersion(s);
    const bulk = await api(s.t, s.preparer, "POST", "/api/v1/transactions/bulk", {
      ids: [a, b, c, a],
      set: { category_id: office, tags_add: ["Q1"], tags_remove: ["old"], needs_review: true, business_pct: 50 },
    });
    assertEquals(bulk.status, 200);
    assertEquals(bulk.body, { updated: 3 });
    assert(await ledgerVersion(s) > v0);
    for (const id of [a, b, c]) assertEquals(await auditCount(s.t, "transaction.update", id), id === a ? 2 : 1);
    const batches = await s.t.db.sql`
      select distinct changes->'_details'->>'batch' as batch from audit_log
       where action = 'transaction.update' and changes->'_details'->>'bulk' is not null`;
    assertEquals(batches.length, 1, "one undo entry for the whole batch");
    const after = await api(s.t, s.preparer, "GET", `/api/v1/transactions/${a}`);
    assertEquals(after.body.tags, ["keep", "q1"]);
    assertEquals(after.body.category.id, office);

    const v1 = await ledgerVersion(s);
    const undo = await api(s.t, s.preparer, "POST", "/api/v1/transactions/undo");
    assertEquals(undo.status, 200);
    assertEquals(undo.body, { undone: 3 });
    assert(await ledgerVersion(s) > v1);
    for (const id of [a, b, c]) assertEquals(await auditCount(s.t, "transaction.undo", id), 1);
    const restored = await api(s.t, s.preparer, "GET", `/api/v1/transactions/${a}`);
    assertEquals(
      [restored.body.tags, restored.body.category, restored.body.needs_review, restored.body.business_pct],
      [["keep", "old"], null, false, 100],
    );
    assertEquals(restored.body.edited_fields, ["tags"], "fields the undone change marked are unmarked");
    const untouched = await api(s.t, s.preparer, "GET", `/api/v1/transactions/${b}`);
    assertEquals(untouched.body.edited_fields, []);

    // The next undo goes one step further back (the single PATCH of a), then there is nothing left.
    assertEquals((await api(s.t, s.preparer, "POST", "/api/v1/transactions/undo")).body, { undone: 1 });
    assertEquals((await api(s.t, s.preparer, "GET", `/api/v1/transactions/${a}`)).body.tags, []);
    assertEquals((await api(s.t, s.preparer, "POST", "/api/v1/transactions/undo")).body, { undone: 0 });

    // Limits and scoping.
    const tooMany = await api(s.t, s.preparer, "POST", "/api/v1/transactions/bulk", {
      ids: Array.from({ length: 1001 }, () => crypto.randomUUID()),
      set: { needs_review: true },
    });
    assertEquals(tooMany.status, 422);
    const nothing = await api(s.t, s.preparer, "POST", "/api/v1/transactions/bulk", { ids: [a], set: {} });
    assertEquals(nothing.status, 422);
    const missing = await api(s.t, s.preparer, "POST", "/api/v1/transactions/bulk", {
      ids: [a, crypto.randomUUID()],
      set: { needs_review: true },
    });
    assertEquals(missing.status, 404);
    assertEquals((await api(s.t, s.preparer, "GET", `/api/v1/transactions/${a}`)).body.needs_review, false);
  } finally {
    await s.t.close();
  }
});

Deno.test("undo: refused (409) when a field was changed since, and only the caller's own changes", async () => {
  const s = await setUp();
  try {
    const [a, b] = s.ids;
    const office = s.category("18");
    const travel = s.category("24a");
    const bulk = await api(s.t, s.owner, "POST", "/api/v1/transactions/bulk", {
      ids: [a, b],
      set: { category_id: office },
    });
    assertEquals(bulk.body, { updated: 2 });
    // The preparer changes one of them by hand afterwards.
    assertEquals(
      (await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${b}`, { category_id: travel })).status,
      200,
    );
    const undo = await api(s.t, s.owner, "POST", "/api/v1/transactions/undo");
    assertEquals(undo.status, 409);
    assertEquals(undo.body.detail, "Changed since; cannot undo");
    assertEquals(
      (await api(s.t, s.owner, "GET", `/api/v1/transactions/${a}`)).body.category.id,
      office,
      "nothing reverted",
    );
    assertEquals(await auditCount(s.t, "transaction.undo"), 0);
    // The preparer's undo reverts the preparer's change, not the owner's.
    assertEquals((await api(s.t, s.preparer, "POST", "/api/v1/transactions/undo")).body, { undone: 1 });
    assertEquals((await api(s.t, s.owner, "GET", `/api/v1/transactions/${b}`)).body.category.id, office);
    // Now the owner's batch holds again and can be undone.
    assertEquals((await api(s.t, s.owner, "POST", "/api/v1/transactions/undo")).body, { undone: 2 });
    assertEquals((await api(s.t, s.owner, "GET", `/api/v1/transactions/${b}`)).body.category, null);
    // Older than 24 hours: not undoable.
    await api(s.t, s.owner, "PATCH", `/api/v1/transactions/${a}`, { memo: "old" });
    await s.t.db.sql`alter table audit_log disable trigger audit_log_no_update`;
    await s.t.db.sql`update audit_log set at = now() - interval '25 hours' where action = 'transaction.update'`;
    await s.t.db.sql`alter table audit_log enable trigger audit_log_no_update`;
    assertEquals((await api(s.t, s.owner, "POST", "/api/v1/transactions/undo")).body, { undone: 0 });
  } finally {
    await s.t.close();
  }
});

Deno.test("reviewers may only flag or approve; read-only members change nothing", async () => {
  const s = await setUp();
  try {
    const id = s.ids[0];
    const flag = await api(s.t, s.reviewer, "PATCH", `/api/v1/transactions/${id}`, { needs_review: true });
    assertEquals(flag.status, 200);
    assertEquals(flag.body.needs_review, true);
    const approve = await api(s.t, s.reviewer, "POST", "/api/v1/transactions/bulk", {
      ids: [id, s.ids[1]],
      set: { needs_review: false },
    });
    assertEquals(approve.body, { updated: 1 });
    for (
      const body of [{ payee: "x" }, { needs_review: true, memo: "x" }, { category_id: s.category("18") }, {
        splits: null,
      }]
    ) {
      assertEquals(
        (await api(s.t, s.reviewer, "PATCH", `/api/v1/transactions/${id}`, body)).status,
        403,
        JSON.stringify(body),
      );
    }
    assertEquals(
      (await api(s.t, s.reviewer, "POST", "/api/v1/transactions/bulk", { ids: [id], set: { tags_add: ["x"] } })).status,
      403,
    );
    assertEquals((await api(s.t, s.reviewer, "POST", "/api/v1/transactions/undo")).body, { undone: 1 });
    assertEquals(await auditCount(s.t, "transaction.update", id), 2);
    // A preparer demoted to reviewer cannot undo their earlier edits of other fields.
    assertEquals((await api(s.t, s.preparer, "PATCH", `/api/v1/transactions/${id}`, { memo: "mine" })).status, 200);
    await s.t.db.sql`update memberships set role = 'reviewer' where user_id = ${s.preparer.userId}`;
    assertEquals((await api(s.t, s.preparer, "POST", "/api/v1/transactions/undo")).status, 403);
    assertEquals((await api(s.t, s.owner, "GET", `/api/v1/transactions/${id}`)).body.memo, "mine");

    for (
      const [method, path, body] of [
        ["PATCH", `/api/v1/transactions/${id}`, { needs_review: true }],
        ["POST", "/api/v1/transactions/bulk", { ids: [id], set: { needs_review: true } }],
        ["POST", "/api/v1/transactions/undo", {}],
        ["POST", "/api/v1/categories", { name: "X", parent_id: s.category("18") }],
        ["PATCH", `/api/v1/categories/${s.category("18")}`, { name: "X" }],
        ["DELETE", `/api/v1/categories/${s.category("18")}`, undefined],
      ] as const
    ) {
      assertEquals((await api(s.t, s.readOnly, method, path, body)).status, 403, `${method} ${path}`);
    }
    assertEquals((await api(s.t, s.readOnly, "GET", `/api/v1/transactions/${id}`)).status, 200);
    const [{ n }] = await s.t.db.sql`select count(*)::int as n from audit_log where actor_id = ${s.readOnly.userId}`;
    assertEquals(n, 0);
  } finally {
    await s.t.close();
  }
});

Deno.test("another firm's and unassigned clients' transactions are 404 everywhere", async () => {
  const s = await setUp();
  try {
    const id = s.ids[0];
    const other = await createFirm(s.t, "Other Firm");
    for (const who of [other, s.unassigned]) {
      assertEquals((await api(s.t, who, "GET", `/api/v1/transactions/${id}`)).status, 404);
      assertEquals((await api(s.t, who, "GET", `/api/v1/transactions/${id}/history`)).status, 404);
      assertEquals((await api(s.t, who, "PATCH", `/api/v1/transactions/${id}`, { memo: "pwned" })).status, 404);
      const bulk = await api(s.t, who, "POST", "/api/v1/transactions/bulk", { ids: [id], set: { payee: "pwned" } });
      assertEquals(bulk.status, 404);
    }
    const theirCategory = (await api(s.t, other, "GET", "/api/v1/categories")).body[0].id;
    assertEquals((await api(s.t, s.owner, "DELETE", `/api/v1/categories/${theirCategory}`)).status, 404);
    const foreign = await api(s.t, s.owner, "PATCH", `/api/v1/transactions/${id}`, { category_id: theirCategory });
    assertEquals(foreign.status, 422, "another firm's category is not a category here");
    assertEquals((await api(s.t, s.owner, "GET", `/api/v1/transactions/not-a-uuid`)).status, 404);
    const [row] = await s.t.db.sql`select payee, memo from transactions where id = ${id}`;
    assertEquals({ ...row }, { payee: "Starbucks", memo: "" });
    assertEquals(await auditCount(s.t, "transaction.update"), 0);
    // The owner sees every client without an assignment.
    assertEquals((await api(s.t, s.owner, "GET", `/api/v1/transactions/${id}`)).status, 200);
  } finally {
    await s.t.close();
  }
});

Deno.test("the OpenAPI document lists the ledger routes", async () => {
  const s = await setUp();
  try {
    const res = await s.t.request("/api/v1/openapi.json");
    assertEquals(res.status, 200);
    const doc = await res.json();
    for (
      const path of [
        "/api/v1/categories",
        "/api/v1/categories/{id}",
        "/api/v1/transactions/{id}",
        "/api/v1/transactions/bulk",
        "/api/v1/transactions/undo",
        "/api/v1/transactions/{id}/history",
      ]
    ) {
      assert(doc.paths[path], `${path} is documented`);
    }
    assert(doc.paths["/api/v1/transactions/{id}"].patch.requestBody, "PATCH has a body schema");
  } finally {
    await s.t.close();
  }
});
