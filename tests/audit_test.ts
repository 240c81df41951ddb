/**
 * The audit log: who may read it, filters and keyset pagination, the page and its "load more"
 * fragment, the CSV export (escaping, formula neutralization, streaming), entity history, and
 * the append-only guarantees of the table itself.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, createFirm, type Member } from "./support/identity.ts";
import { type AuditActor, writeAudit } from "../src/audit/audit.ts";
import { withFirm } from "../src/db/tenant.ts";

const CLIENT_A = "11111111-1111-4111-8111-111111111111";
const CLIENT_B = "22222222-2222-4222-8222-222222222222";

/** Writes audit rows as the app would, in the member's firm. */
async function record(
  t: TestApp,
  m: Member,
  entries: { action: string; entityType: string; entityId?: string; label?: string; after?: Record<string, unknown> }[],
) {
  await withFirm(t.db.appSql, m.firmId, async (tx) => {
    for (const e of entries) {
      const actor: AuditActor = { type: "user", id: m.userId, label: e.label ?? m.email, ip: "192.0.2.7" };
      await writeAudit(tx, m.firmId, actor, { ...e, before: e.after ? {} : undefined });
    }
  });
}

/** A small RFC 4180 parser (quoted cells, doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"', i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(cell), cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), row = [], cell = "", i++;
    } else cell += ch;
  }
  if (cell || row.length) (row.push(cell), rows.push(row));
  return rows;
}

Deno.test("audit: owners and admins only, on every face", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    const admin = await addMember(t, owner.firmId, "admin");
    for (const who of [owner, admin]) assertEquals((await api(t, who, "GET", "/api/v1/audit")).status, 200);
    for (const role of ["preparer", "reviewer", "read_only"] as const) {
      const m = await addMember(t, owner.firmId, role);
      assertEquals((await api(t, m, "GET", "/api/v1/audit")).status, 403, role);
      for (const path of ["/audit", "/audit.csv", `/audit/entity/client/${CLIENT_A}`]) {
        const res = await t.request(path, { headers: m.browser });
        assertEquals(res.status, 403, `${role} ${path}`);
        await res.body?.cancel();
      }
    }
    assertEquals((await api(t, undefined, "GET", "/api/v1/audit")).status, 401);
  } finally {
    await t.close();
  }
});

Deno.test("audit API: filters, keyset pagination newest first, firm isolation, 422 for bad parameters", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    const other = await createFirm(t, "Someone Else");
    await record(t, owner, [
      { action: "client.create", entityType: "client", entityId: CLIENT_A, after: { name: "Alpha" } },
      { action: "client.update", entityType: "client", entityId: CLIENT_A, after: { name: "Alpha LLC" } },
      { action: "client.create", entityType: "client", entityId: CLIENT_B, label: "ben_100%@example.test" },
      { action: "client.update", entityType: "client", entityId: CLIENT_B, label: "benx100x@example.test" },
    ]);
    await record(t, other, [{ action: "client.create", entityType: "client", entityId: CLIENT_A }]);

    const all = await api(t, owner, "GET", "/api/v1/audit");
    assertEquals(all.status, 200);
    // firm.create and user.create from sign-up, then the four rows above; nothing of the other firm.
    assertEquals(all.body.items.length, 6);
    assertEquals(all.body.next_before, null);
    const ids = all.body.items.map((i: { id: string }) => Number(i.id));
    assertEquals(ids, [...ids].sort((a, b) => b - a), "newest first");
    const newest = all.body.items[0];
    assertEquals(newest.actor, { type: "user", id: owner.userId, label: "benx100x@example.test" });
    assertEquals([newest.action, newest.entity_type, newest.entity_id, newest.ip], [
      "client.update",
      "client",
      CLIENT_B,
      "192.0.2.7",
    ]);

    const a = await api(t, owner, "GET", `/api/v1/audit?entity_type=client&entity_id=${CLIENT_A}`);
    assertEquals(a.body.items.map((i: { action: string }) => i.action), ["client.update", "client.create"]);
    assertEquals(a.body.items[0].changes, { name: { from: null, to: "Alpha LLC" } });
    assertEquals((await api(t, owner, "GET", "/api/v1/audit?entity_type=firm")).body.items.length, 1);
    // Actor: an id, or part of the label, where % and _ are literal characters.
    assertEquals((await api(t, owner, "GET", "/api/v1/audit?actor=ben_100%25")).body.items.length, 1);
    assertEquals((await api(t, owner, "GET", "/api/v1/audit?actor=ben_")).body.items.length, 1);
    assertEquals((await api(t, owner, "GET", `/api/v1/audit?actor=${owner.userId}`)).body.items.length, 6);
    assertEquals((await api(t, owner, "GET", "/api/v1/audit?since=2999-01-01")).body.items, []);
    assertEquals((await api(t, owner, "GET", "/api/v1/audit?since=2000-01-01T00:00:00Z")).body.items.length, 6);
    assertEquals(
      (await api(t, owner, "GET", "/api/v1/audit?entity_type=&actor=")).body.items.length,
      6,
      "blank = absent",
    );

    // Pagination: pages of 4, 2 by next_before.
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: { id: string }[]; next_before: string | null } } = await api(
        t,
        owner,
        "GET",
        `/api/v1/audit?limit=4${before ? `&before=${before}` : ""}`,
      );
      seen.push(...res.body.items.map((i) => i.id));
      before = res.body.next_before;
      pages++;
    } while (before);
    assertEquals(pages, 2);
    assertEquals(seen, all.body.items.map((i: { id: string }) => i.id));

    for (
      const query of ["limit=0", "limit=501", "limit=abc", "limit=1.5", "since=yesterday", "before=abc", "before=-1"]
    ) {
      const res = await api(t, owner, "GET", `/api/v1/audit?${query}`);
      assertEquals(res.status, 422, query);
      assertEquals(res.body.errors[0].path, query.split("=")[0], query);
    }
    assertEquals((await api(t, owner, "GET", "/api/v1/audit?limit=500")).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("audit page: filters, changed fields, load more as an htmx fragment, empty state", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    await record(t, owner, [
      { action: "client.update", entityType: "client", entityId: CLIENT_A, after: { name: "Alpha <b>LLC</b>" } },
    ]);
    const res = await t.request("/audit?limit=2", { headers: owner.browser });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertStringIncludes(html, 'name="entity_type"');
    assert(/<option value="client"\s*>Client<\/option>/.test(html), "known entity types are offered");
    assertStringIncludes(html, "client.update");
    assertStringIncludes(html, "Alpha &lt;b&gt;LLC&lt;/b&gt;");
    assertStringIncludes(html, '<span class="field-name">name</span>');
    assert(!/\sstyle="/.test(html), "no inline styles");
    const next = /hx-get="([^"]*before=[^"]*)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
    assert(next && next.includes("before=") && next.includes("limit=2"), "a load-more link");
    assertStringIncludes(html, 'href="/audit.csv"');

    const fragment = await t.request(next, { headers: { ...owner.browser, "HX-Request": "true" } });
    assertEquals(fragment.status, 200);
    const rows = await fragment.text();
    assert(!rows.includes("<html") && !rows.includes("<table"), "only rows");
    assertStringIncludes(rows, "firm.create");
    assert(!rows.includes("hx-get"), "the last page has no load-more row");

    const none = await (await t.request("/audit?entity_type=rule", { headers: owner.browser })).text();
    assertStringIncludes(none, "No entries match these filters.");
    assertStringIncludes(none, 'href="/audit.csv?entity_type=rule"');
    assertEquals((await t.request("/audit?limit=0", { headers: owner.browser })).status, 422);
  } finally {
    await t.close();
  }
});

Deno.test("audit CSV: attachment, RFC 4180 escaping, spreadsheet formulas neutralized, streamed in pages", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    await record(t, owner, [
      {
        action: "client.update",
        entityType: "client",
        entityId: CLIENT_A,
        label: '=HYPERLINK("http://evil.test","click")',
        after: { note: 'He said "hi",\nthen left' },
      },
      { action: "client.update", entityType: "client", entityId: "+1 555", label: "@SUM(A1:A2)" },
      { action: "client.update", entityType: "client", entityId: "-2", label: "plain, with comma" },
    ]);
    const res = await t.request("/audit.csv?entity_type=client", { headers: owner.browser });
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert(
      /^attachment; filename="ledgerflow-audit-\d{4}-\d{2}-\d{2}\.csv"$/.test(res.headers.get("content-disposition")!),
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    assertEquals([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "a UTF-8 byte order mark, for spreadsheet apps");
    const text = new TextDecoder().decode(bytes); // drops the BOM
    assert(text.startsWith("id,at,actor_type,actor_id,actor_label,action,entity_type,entity_id,changes,"));
    const [header, ...rows] = parseCsv(text);
    assertEquals(rows.length, 3);
    const col = (name: string) => header.indexOf(name);
    const [minus, plus, formula] = rows;
    assertEquals(formula[col("actor_label")], `'=HYPERLINK("http://evil.test","click")`);
    assertEquals(JSON.parse(formula[col("changes")]), { note: { from: null, to: 'He said "hi",\nthen left' } });
    assertEquals(plus[col("actor_label")], "'@SUM(A1:A2)");
    assertEquals(plus[col("entity_id")], "'+1 555");
    assertEquals(minus[col("entity_id")], "'-2");
    assertEquals(minus[col("actor_label")], "plain, with comma");
    assertStringIncludes(text, '"\'=HYPERLINK(""http://evil.test"",""click"")"');
    for (const row of rows) for (const cell of row) assert(!/^[=+\-@]/.test(cell), `neutralized: ${cell}`);

    // More than one page of 1000 rows, in order, with the filters applied.
    await t.db.sql`
      insert into audit_log (firm_id, actor_type, actor_label, action, entity_type, entity_id)
      select ${owner.firmId}, 'system', 'import', 'transaction.create', 'transaction', g::text
        from generate_series(1, 2345) g`;
    const big = parseCsv(
      await (await t.request("/audit.csv?entity_type=transaction", { headers: owner.browser })).text(),
    );
    assertEquals(big.length, 2346);
    assertEquals(big[1][col("entity_id")], "2345");
    assertEquals(big[2345][col("entity_id")], "1");
    assertEquals((await t.request("/audit.csv?since=nope", { headers: owner.browser })).status, 422);
  } finally {
    await t.close();
  }
});

Deno.test("entity history: an htmx fragment with a timeline of one record", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    await record(t, owner, [
      { action: "client.create", entityType: "client", entityId: CLIENT_A, after: { name: "Alpha" } },
      { action: "client.update", entityType: "client", entityId: CLIENT_A, after: { name: "Alpha LLC" } },
      { action: "client.update", entityType: "client", entityId: CLIENT_B },
    ]);
    const res = await t.request(`/audit/entity/client/${CLIENT_A}`, {
      headers: { ...owner.browser, "HX-Request": "true" },
    });
    assertEquals(res.status, 200);
    const html = await res.text();
    assert(!html.includes("<html"));
    assertStringIncludes(html, '<ol class="timeline"');
    assertEquals([...html.matchAll(/class="timeline-item"/g)].length, 2);
    assert(html.indexOf("client.update") < html.indexOf("client.create"), "newest first");
    assertStringIncludes(html, "Alpha LLC");

    const page = await (await t.request(`/audit/entity/client/${CLIENT_A}`, { headers: owner.browser })).text();
    assertStringIncludes(page, "<html");
    assertStringIncludes(page, '<ol class="timeline"');
    const empty =
      await (await t.request("/audit/entity/client/nothing", { headers: { ...owner.browser, "HX-Request": "true" } }))
        .text();
    assertStringIncludes(empty, "No recorded changes yet.");
    assertEquals((await t.request("/audit/entity/Bad%20Type/x", { headers: owner.browser })).status, 422);
  } finally {
    await t.close();
  }
});

Deno.test("every account change writes exactly one audit row, visible in the firm's log", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    const before = (await api(t, owner, "GET", "/api/v1/audit")).body.items.length;
    const token = await api(t, owner, "POST", "/api/v1/account/tokens", { name: "CI" });
    await api(t, owner, "DELETE", `/api/v1/account/tokens/${token.body.id}`);
    await api(t, owner, "POST", "/api/v1/account/two-factor");
    await api(t, owner, "POST", "/api/v1/account/password", {
      current_password: owner.password,
      new_password: "a much longer passphrase 2024",
    });
    const items = (await api(t, owner, "GET", "/api/v1/audit")).body.items;
    assertEquals(items.length, before + 4);
    assertEquals(items.slice(0, 4).map((i: { action: string }) => i.action), [
      "user.password_change",
      "user.two_factor_setup",
      "api_token.revoke",
      "api_token.create",
    ]);
    for (const item of items.slice(0, 4)) {
      assertEquals(item.actor.id, owner.userId);
      assert(item.request_id, "the request id is recorded");
    }
  } finally {
    await t.close();
  }
});

Deno.test("audit_log is append-only: no UPDATE or DELETE grant for the app, and a trigger for everyone", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t);
    for (const statement of ["update audit_log set action = 'forged'", "delete from audit_log"]) {
      const denied = await assertRejects(() => withFirm(t.db.appSql, owner.firmId, (tx) => tx.unsafe(statement)));
      assertEquals((denied as unknown as { code: string }).code, "42501", statement);
      assertStringIncludes(denied.message, "permission denied for table audit_log");
      const rejected = await assertRejects(() => t.db.sql.unsafe(statement));
      assertEquals((rejected as unknown as { code: string }).code, "42501", statement);
      assertStringIncludes(rejected.message, "audit_log is append-only");
    }
    await assertRejects(() => t.db.sql`truncate audit_log`, Error, "append-only");
    const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'forged'`;
    assertEquals(n, 0);
    assertEquals((await api(t, owner, "GET", "/api/v1/audit")).body.items.length, 2);
  } finally {
    await t.close();
  }
});
