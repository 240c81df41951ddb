/**
 * Tenant isolation in the database itself. Every table with a firm_id column (found in the
 * catalog, so tables added later are covered automatically) must have row-level security,
 * and the application role must see none of another firm's rows even with no WHERE clause.
 */
import { assert, assertEquals } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { createFirm } from "./support/identity.ts";
import { withFirm } from "../src/db/tenant.ts";

/** Tables with a firm_id column, plus firms itself (keyed by id). */
async function tenantTables(t: TestApp): Promise<{ table: string; key: string }[]> {
  const rows = await t.db.sql<{ table_name: string }[]>`
    select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'firm_id'
     order by table_name`;
  return [{ table: "firms", key: "id" }, ...rows.map((r) => ({ table: r.table_name, key: "firm_id" }))];
}

/** Puts at least one row for `firmId` into every tenant table, the way the app would. */
async function populate(t: TestApp, firmId: string, ownerId: string) {
  const sql = t.db.sql;
  const [client] = await sql`insert into clients (firm_id, name) values (${firmId}, 'Client') returning id`;
  await sql`insert into client_assignments (firm_id, client_id, user_id) values (${firmId}, ${client.id}, ${ownerId})`;
  await sql`insert into invites (firm_id, email, role, token_hash, expires_at)
            values (${firmId}, 'x@example.com', 'preparer', ${crypto.randomUUID()}, now() + interval '1 day')`;
  await sql`insert into api_tokens (firm_id, user_id, name, role, token_hash, prefix)
            values (${firmId}, ${ownerId}, 'T', 'owner', ${crypto.randomUUID()}, 'lf_pat_x')`;
  const [doc] = await sql`
    insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key)
    values (${firmId}, ${client.id}, 's.pdf', 'pdf', 1, ${"0".repeat(64)}, 'k') returning id`;
  const [account] = await sql`
    insert into accounts (firm_id, client_id, type) values (${firmId}, ${client.id}, 'checking') returning id`;
  const [statement] = await sql`
    insert into statements (firm_id, client_id, account_id, document_id, currency, verification_status)
    values (${firmId}, ${client.id}, ${account.id}, ${doc.id}, 'USD', 'passed') returning id`;
  const [t1, t2] = await sql`
    insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                              currency, fingerprint, line_no)
    values (${firmId}, ${client.id}, ${account.id}, ${statement.id}, ${doc.id}, '2025-01-02', 'Coffee', -450, 'USD',
            'f1', 1),
           (${firmId}, ${client.id}, ${account.id}, ${statement.id}, ${doc.id}, '2025-01-03', 'Transfer', 450, 'USD',
            'f2', 2)
    returning id`;
  const [category] = await sql`select id from categories where firm_id = ${firmId} and line = '18'`;
  await sql.begin(async (tx) => {
    await tx`insert into transaction_splits (firm_id, transaction_id, category_id, amount)
             values (${firmId}, ${t1.id}, ${category.id}, -450)`;
  });
  const [rule] = await sql`
    insert into rules (firm_id, name, conditions, actions) values (${firmId}, 'R', '{}', '[]') returning id`;
  await sql`insert into rule_runs (firm_id, client_id, rule_id) values (${firmId}, ${client.id}, ${rule.id})`;
  await sql`insert into saved_views (firm_id, user_id, name, query) values (${firmId}, ${ownerId}, 'V', 'q')`;
  await sql`insert into transaction_links (firm_id, client_id, kind, a_id, b_id)
            values (${firmId}, ${client.id}, 'transfer', ${t1.id}, ${t2.id})`;
  await sql`insert into transaction_sources (transaction_id, firm_id, document_id) values (${t1.id}, ${firmId}, ${doc.id})`;
  await sql`insert into import_profiles (firm_id, client_id, header_signature, mapping)
            values (${firmId}, ${client.id}, 'date,description,amount', '{}')`;
  await sql`insert into document_templates (firm_id, name, format, body) values (${firmId}, 'T', 'md', 'Hi {{client.name}}')`;
}

Deno.test("every table with firm_id has row-level security with a policy", async () => {
  const t = await createTestApp();
  try {
    for (const { table } of await tenantTables(t)) {
      const [row] = await t.db.sql`
        select c.relrowsecurity as rls, (select count(*)::int from pg_policies p where p.tablename = c.relname) as policies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relname = ${table}`;
      assert(row.rls, `${table} has row-level security enabled`);
      assert(row.policies > 0, `${table} has a policy`);
    }
    const [role] = await t.db.sql`select rolbypassrls, rolsuper from pg_roles where rolname = 'ledgerflow_app'`;
    assertEquals(role, { rolbypassrls: false, rolsuper: false });
    const owned = await t.db.sql`select tablename from pg_tables where tableowner = 'ledgerflow_app'`;
    assertEquals(owned.length, 0, "the app role owns no table");
  } finally {
    await t.close();
  }
});

Deno.test("unscoped SELECTs in firm A's context return none of firm B's rows, for every tenant table", async () => {
  const t = await createTestApp();
  try {
    const a = await createFirm(t, "Firm A");
    const b = await createFirm(t, "Firm B");
    await populate(t, a.firmId, a.userId);
    await populate(t, b.firmId, b.userId);
    for (const { table, key } of await tenantTables(t)) {
      const [{ n }] = await t.db.sql`select count(*)::int as n from ${t.db.sql(table)} where ${
        t.db.sql(key)
      } = ${b.firmId}`;
      assert(n > 0, `the fixture put firm B rows into ${table}`);
      const seen = await withFirm(t.db.appSql, a.firmId, (tx) => tx`select ${tx(key)}::text as firm from ${tx(table)}`);
      assert(seen.length > 0, `firm A sees its own ${table}`);
      assertEquals(seen.filter((r) => r.firm !== a.firmId).length, 0, `${table} leaks other firms' rows`);
      const outside = await t.db.appSql`select count(*)::int as n from ${t.db.appSql(table)}`;
      assertEquals(outside[0].n, 0, `${table} is empty outside any firm context`);
    }
  } finally {
    await t.close();
  }
});

Deno.test("the app role cannot write rows into another firm", async () => {
  const t = await createTestApp();
  try {
    const a = await createFirm(t, "Firm A");
    const b = await createFirm(t, "Firm B");
    const [victim] = await t.db.sql`insert into clients (firm_id, name) values (${b.firmId}, 'B client') returning id`;
    await withFirm(t.db.appSql, a.firmId, async (tx) => {
      const updated = await tx`update clients set name = 'pwned' where id = ${victim.id} returning 1`;
      assertEquals(updated.length, 0, "another firm's row is invisible to UPDATE");
      const deleted = await tx`delete from clients where id = ${victim.id} returning 1`;
      assertEquals(deleted.length, 0);
    });
    let error: { code?: string } | undefined;
    await withFirm(t.db.appSql, a.firmId, (tx) => tx`insert into clients (firm_id, name) values (${b.firmId}, 'x')`)
      .catch((e) => error = e);
    assertEquals(error?.code, "42501", "inserting with another firm's id violates the policy");
    const [row] = await t.db.sql`select name from clients where id = ${victim.id}`;
    assertEquals(row.name, "B client");
  } finally {
    await t.close();
  }
});

Deno.test("the audit log is append-only: no UPDATE, DELETE or TRUNCATE, even for the owner", async () => {
  const t = await createTestApp();
  try {
    const a = await createFirm(t);
    for (const statement of ["update audit_log set action = 'x'", "delete from audit_log", "truncate audit_log"]) {
      let appError: { code?: string } | undefined;
      await withFirm(t.db.appSql, a.firmId, (tx) => tx.unsafe(statement)).catch((e) => appError = e);
      assertEquals(appError?.code, "42501", `app role: ${statement}`);
      let ownerError: { message?: string } | undefined;
      await t.db.sql.unsafe(statement).catch((e) => ownerError = e);
      assert(ownerError?.message?.includes("append-only"), `owner: ${statement}`);
    }
  } finally {
    await t.close();
  }
});

Deno.test("splits must add up to their transaction's amount; the database refuses otherwise", async () => {
  const t = await createTestApp();
  try {
    const a = await createFirm(t);
    await populate(t, a.firmId, a.userId);
    const [tr] = await t.db.sql`select id from transactions where firm_id = ${a.firmId} and amount = 450`;
    const [cat] = await t.db.sql`select id from categories where firm_id = ${a.firmId} and line = '22'`;
    let error: { code?: string; message?: string } | undefined;
    await withFirm(t.db.appSql, a.firmId, async (tx) => {
      await tx`insert into transaction_splits (firm_id, transaction_id, category_id, amount)
               values (${a.firmId}, ${tr.id}, ${cat.id}, 400), (${a.firmId}, ${tr.id}, ${cat.id}, 40)`;
    }).catch((e) => error = e);
    assertEquals(error?.code, "23514", "450 ≠ 400 + 40 is refused at commit");
    await withFirm(t.db.appSql, a.firmId, async (tx) => {
      await tx`insert into transaction_splits (firm_id, transaction_id, category_id, amount)
               values (${a.firmId}, ${tr.id}, ${cat.id}, 400), (${a.firmId}, ${tr.id}, ${cat.id}, 50)`;
    });
    let amountError: { code?: string } | undefined;
    await withFirm(t.db.appSql, a.firmId, (tx) => tx`update transactions set amount = 451 where id = ${tr.id}`)
      .catch((e) => amountError = e);
    assertEquals(amountError?.code, "23514", "changing the amount under its splits is refused too");
  } finally {
    await t.close();
  }
});

Deno.test("every new firm starts with the Schedule C chart of categories", async () => {
  const t = await createTestApp();
  try {
    const a = await createFirm(t);
    const rows = await t.db.sql`select line, name, kind from categories where firm_id = ${a.firmId} order by position`;
    const lines = rows.filter((r) => r.line).map((r) => r.line);
    assertEquals(lines, [
      "1",
      "2",
      "6",
      "8",
      "9",
      "10",
      "11",
      "12",
      "13",
      "14",
      "15",
      "16a",
      "16b",
      "17",
      "18",
      "19",
      "20a",
      "20b",
      "21",
      "22",
      "23",
      "24a",
      "24b",
      "25",
      "26",
      "27a",
      "30",
    ]);
    assertEquals(rows.filter((r) => !r.line).map((r) => r.name), [
      "Transfer",
      "Owner draw",
      "Owner contribution",
      "Personal",
      "Uncategorized",
    ]);
  } finally {
    await t.close();
  }
});
