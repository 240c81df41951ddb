/**
 * Transaction exports over HTTP (`GET /api/v1/clients/:id/transactions/export` and the page
 * twin): the list's filters select the rows, headers name the file, every export is audited,
 * other firms get 404, read-only members may export, bad formats and filters are 422, a client
 * that goes away mid-download leaves no transaction open, a connection lost mid-stream cuts the
 * file off, and 50,000 rows stream and parse. Rows are inserted directly as the database owner.
 */
import ExcelJS from "exceljs";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import { parseCsv } from "../src/parsing/csv/rfc4180.ts";
import { parseOfx } from "../src/parsing/ofx/mod.ts";
import { seedAccount, type SeededAccount, seedTransactions } from "./support/ledger.ts";
import type { Principal } from "../src/auth/principal.ts";
import { APP_ROLE, createSql } from "../src/db/client.ts";
import { exportLabels, openTransactionExport } from "../src/exports/mod.ts";
import { createI18n } from "../src/i18n/mod.ts";

interface Setup {
  t: TestApp;
  owner: Member;
  clientId: string;
  chk: SeededAccount;
  card: SeededAccount;
  ids: Record<string, string>;
}

async function setUp(): Promise<Setup> {
  const t = await createTestApp();
  const owner = await createFirm(t);
  const client = await api(t, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
  const clientId = client.body.id as string;
  const sql = t.db.sql;
  const period = { from: "2024-12-01", to: "2025-04-30", institution: "First Bank" };
  const chk = await seedAccount(sql, owner.firmId, clientId, { ...period, last4: "4821" });
  const card = await seedAccount(sql, owner.firmId, clientId, { ...period, last4: "1234", type: "credit_card" });
  const split: [string, number][] = [["Office expense", -6000], ["Supplies", -4000]];
  const rows: [string, string, string, number, "chk" | "card", string?, [string, number][]?][] = [
    ["coffee", "2025-01-10", "BLUE BOTTLE COFFEE", -675, "card", "Deductible meals"],
    ["stripe", "2025-03-01", "STRIPE TRANSFER", 250000, "chk", "Gross receipts or sales"],
    ["depot", "2025-03-14", "OFFICE DEPOT 1234", -15000, "chk", "Office expense"],
    ["costco", "2025-04-05", "COSTCO WHSE #1", -10000, "chk", undefined, split],
    ["old", "2024-12-30", "OLD COFFEE 2024", -300, "chk", "Deductible meals"],
  ];
  const ids: Record<string, string> = {};
  for (const [key, date, description, cents, acct, category, splits] of rows) {
    const a = acct === "card" ? card : chk;
    [ids[key]] = await seedTransactions(sql, a, [{ date, description, cents, category, splits }]);
  }
  return { t, owner, clientId, chk, card, ids };
}

const url = (s: Setup, params: Record<string, string>, page = false) =>
  `${page ? "" : "/api/v1"}/clients/${s.clientId}/transactions/export?${new URLSearchParams(params)}`;

async function download(s: Setup, params: Record<string, string>, who: Member = s.owner) {
  const res = await s.t.request(url(s, params), { headers: who.bearer });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const csvRows = (bytes: Uint8Array) => {
  const text = new TextDecoder().decode(bytes); // drops the byte order mark
  return parseCsv(text, ",").records.map((r) => r.fields);
};

Deno.test("exports select exactly the list's filters, name the file and are audited", async () => {
  const s = await setUp();
  try {
    const all = await download(s, { format: "csv" });
    assertEquals(all.res.status, 200);
    assertEquals(all.res.headers.get("Content-Type"), "text/csv; charset=utf-8");
    assertEquals(
      all.res.headers.get("Content-Disposition"),
      'attachment; filename="riverside-bakery-llc-transactions-2024-12-30-2025-04-05.csv"',
    );
    assertEquals(all.res.headers.get("X-Export-Rows"), "5");
    const [, ...body] = csvRows(all.bytes);
    assertEquals(body.map((r) => r[15]), [s.ids.old, s.ids.coffee, s.ids.stripe, s.ids.depot, s.ids.costco]);
    assertEquals(body[4][13], "Office expense -60.00; Supplies -40.00");

    // The same filters as the list: words, dates, accounts, operators; the list's paging is ignored.
    const filter = { q: "coffee", from: "2025-01-01", limit: "1", cursor: "junk", sort: "amount_asc" };
    const list = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/transactions?q=coffee&from=2025-01-01`);
    const some = await download(s, { format: "csv", ...filter });
    assertEquals(some.res.status, 200);
    const [, ...coffee] = csvRows(some.bytes);
    assertEquals(coffee.map((r) => r[15]), list.body.items.map((i: { id: string }) => i.id));
    assertEquals(coffee.map((r) => r[15]), [s.ids.coffee]);
    assertStringIncludes(some.res.headers.get("Content-Disposition")!, "transactions-2025-01-01-2025-01-10.csv");
    const byAccount = await download(s, { format: "csv", q: "category:18", account: s.chk.accountId });
    assertEquals(csvRows(byAccount.bytes).slice(1).map((r) => r[15]), [s.ids.depot]);
    const fuzzy = await download(s, { format: "csv", q: "coffe" });
    assertEquals(csvRows(fuzzy.bytes).length - 1, 2, "prefix match, as the list does");

    const [audit] = await s.t.db.sql<{ actor_id: string; entity_id: string; changes: any }[]>`
      select actor_id, entity_id, changes from audit_log where action = 'transactions.export' order by at, id limit 1`;
    assertEquals(audit.entity_id, s.clientId);
    assertEquals(audit.actor_id, s.owner.userId);
    assertEquals(audit.changes._details, { format: "csv", filter: "", rows: 5 });
    const [second] = await s.t.db.sql<{ changes: any }[]>`
      select changes from audit_log where action = 'transactions.export' order by at, id offset 1 limit 1`;
    assertEquals(second.changes._details, { format: "csv", filter: "from=2025-01-01&q=coffee", rows: 1 });
    assertEquals(await auditCount(s.t, "transactions.export"), 4);
  } finally {
    await s.t.close();
  }
});

Deno.test("every format downloads with its type and parses; the page route works with cookies", async () => {
  const s = await setUp();
  try {
    const types: Record<string, [string, string]> = {
      csv: ["text/csv; charset=utf-8", ".csv"],
      xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"],
      ofx: ["application/x-ofx", ".ofx"],
      qbo: ["text/csv; charset=utf-8", "-quickbooks-online.csv"],
      iif: ["application/x-iif", ".iif"],
      beancount: ["text/plain; charset=utf-8", ".beancount"],
      hledger: ["text/plain; charset=utf-8", ".journal"],
    };
    for (const [format, [type, suffix]] of Object.entries(types)) {
      const { res, bytes } = await download(s, { format });
      assertEquals(res.status, 200, format);
      assertEquals(res.headers.get("Content-Type"), type);
      assertMatch(res.headers.get("Content-Disposition")!, new RegExp(`filename="[a-z0-9-]+${suffix}"$`));
      assert(bytes.length > 100, format);
    }
    const ofx = parseOfx((await download(s, { format: "ofx" })).bytes);
    assertEquals(ofx.map((st) => [st.kind, st.transactions.length]), [["bank", 4], ["creditcard", 1]]);
    assertEquals(ofx[0].transactions.map((t) => t.fitid), [s.ids.old, s.ids.stripe, s.ids.depot, s.ids.costco]);

    const page = await s.t.request(url(s, { format: "xlsx", review: "false" }, true), { headers: s.owner.browser });
    assertEquals(page.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await page.arrayBuffer());
    assertEquals(book.worksheets[0].rowCount, 6);
    assertEquals(book.worksheets[0].getRow(6).getCell(10).value, -100);
  } finally {
    await s.t.close();
  }
});

Deno.test("access: other firms get 404, read-only members may export, bad formats and filters are 422", async () => {
  const s = await setUp();
  try {
    const other = await createFirm(s.t, "Other Firm");
    for (const format of ["csv", "nope", ""]) {
      const res = await download(s, { format }, other);
      assertEquals(res.res.status, 404, `other firm, format ${format}`);
    }
    const page = await s.t.request(url(s, { format: "csv" }, true), { headers: other.browser });
    assertEquals(page.status, 404);
    const unassigned = await addMember(s.t, s.owner.firmId, "read_only");
    assertEquals((await download(s, { format: "csv" }, unassigned)).res.status, 404, "not assigned to the client");
    await api(s.t, s.owner, "PUT", `/api/v1/clients/${s.clientId}/assignments`, { user_ids: [unassigned.userId] });
    const mine = await download(s, { format: "hledger" }, unassigned);
    assertEquals(mine.res.status, 200, "read-only members may export");

    const bad = await download(s, { format: "pdf" });
    assertEquals(bad.res.status, 422);
    assertEquals(bad.res.headers.get("Content-Type"), "application/problem+json");
    const problem = JSON.parse(new TextDecoder().decode(bad.bytes));
    assertEquals(problem.errors[0].path, "format");
    assertMatch(problem.detail, /Cannot export as "pdf": Use one of csv, xlsx, ofx, qbo, iif, beancount, hledger/);
    const badFilter = await download(s, { format: "csv", from: "2025-13-01", min: "lots" });
    assertEquals(badFilter.res.status, 422);
    const paths = JSON.parse(new TextDecoder().decode(badFilter.bytes)).errors.map((e: { path: string }) => e.path);
    assertEquals(paths.sort(), ["from", "min"]);
    const unauthenticated = await s.t.request(url(s, { format: "csv" }));
    assertEquals(unauthenticated.status, 401);
    assertEquals(await auditCount(s.t, "transactions.export"), 1, "only the successful export is audited");
  } finally {
    await s.t.close();
  }
});

/** Transactions of the database that are still open (other than ours). */
async function openTransactions(t: TestApp): Promise<number> {
  const [{ n }] = await t.db.sql<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`;
  return n;
}

async function until(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting until ${what}`);
}

async function seedMany(s: Setup, n: number) {
  await s.t.db.sql`
    insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                              currency, fingerprint, line_no, payee, memo)
    select ${s.owner.firmId}, ${s.clientId}, ${s.chk.accountId}, ${s.chk.statementId}, ${s.chk.documentId},
           date '2023-01-01' + (i % 700), 'BULK MERCHANT ' || i || case when i % 7 = 0 then ', "quoted"' else '' end,
           -(i % 100000) - 1, 'USD', 'bulk' || i, 100 + i, 'Payee ' || (i % 50), case when i % 3 = 0 then 'memo ' || i else '' end
      from generate_series(1, ${n}) as i`;
}

Deno.test("50,000 rows stream and parse; a reader that leaves or a lost connection leaves no transaction open", async () => {
  const s = await setUp();
  try {
    await seedMany(s, 50_000);
    const { res, bytes } = await download(s, { format: "csv" });
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("X-Export-Rows"), "50005");
    const [, ...rows] = csvRows(bytes);
    assertEquals(rows.length, 50_005);
    const dates = rows.map((r) => r[0]);
    assert(dates.every((d, i) => i === 0 || dates[i - 1] <= d), "oldest first");
    assertEquals(new Set(rows.map((r) => r[15])).size, 50_005, "every row once");
    const total = rows.reduce((n, r) => n + BigInt(r[9].replace(".", "")), 0n);
    const [{ sum }] = await s.t.db.sql<{ sum: string }[]>`
      select sum(amount)::text as sum from transactions where client_id = ${s.clientId}`;
    assertEquals(total, BigInt(sum), "amounts exact to the cent");

    const xlsx = await download(s, { format: "xlsx", q: "bulk" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    assertEquals(book.worksheets[0].rowCount, 50_001);
    await until("no transaction is open", async () => (await openTransactions(s.t)) === 0);

    // The reader takes one piece and goes away: the export's transaction ends.
    const started = await s.t.request(url(s, { format: "beancount" }), { headers: s.owner.bearer });
    const reader = started.body!.getReader();
    assert((await reader.read()).value!.length > 0);
    assertEquals(await openTransactions(s.t), 1, "the export holds its transaction while it streams");
    await reader.cancel();
    await until("the cancelled export's transaction ends", async () => (await openTransactions(s.t)) === 0);

    // The database connection dies mid-stream: the download fails instead of looking complete.
    const cut = await s.t.request(url(s, { format: "csv" }), { headers: s.owner.bearer });
    const cutReader = cut.body!.getReader();
    await cutReader.read();
    await s.t.db.sql`
      select pg_terminate_backend(pid) from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`;
    let failed = false;
    try {
      for (;;) if ((await cutReader.read()).done) break;
    } catch {
      failed = true;
    }
    assert(failed, "the body errors");
    await until("nothing is left open", async () => (await openTransactions(s.t)) === 0);
    const after = await download(s, { format: "qbo", q: "bulk", from: "2024-12-01" });
    assertEquals(after.res.status, 200, "the pool still works");
  } finally {
    await s.t.close();
  }
});

Deno.test("an export holds one connection at a time: a pool of one serves exports one after another", async () => {
  const s = await setUp();
  // A pool of one: an export that needed a second connection while holding the first would wait forever.
  const one = createSql(s.t.db.url, { max: 1, role: APP_ROLE });
  try {
    // What the export reads of the principal: who it is, its firm and role.
    const principal = { userId: s.owner.userId, firmId: s.owner.firmId, role: "owner" } as Principal;
    const request = {
      principal,
      actor: { type: "user" as const, id: s.owner.userId, label: s.owner.email },
      clientId: s.clientId,
      format: "csv",
      query: {},
      labels: exportLabels(createI18n("en").t),
    };
    const exportAll = async () => {
      const streamed = await openTransactionExport(one, request);
      return csvRows(new Uint8Array(await new Response(streamed.body).arrayBuffer())).length;
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error("the export waited for a second connection")), 15_000);
    });
    try {
      const [a, b] = await Promise.race([Promise.all([exportAll(), exportAll()]), stuck]);
      assertEquals([a, b], [6, 6], "a header and five rows each");
    } finally {
      clearTimeout(timer);
    }
    assertEquals(await auditCount(s.t, "transactions.export"), 2);
  } finally {
    await one.end({ timeout: 1 }); // a stuck export's connection is closed, not waited for
    await s.t.close();
  }
});
