/**
 * Ledger search end to end through `GET /api/v1/clients/:id/transactions`: every operator,
 * accents and merchant codes, prefix and fuzzy matching, websearch syntax, hostile input,
 * highlighting, totals, keyset pages over every sort, and tenant isolation. Rows are
 * inserted directly (as the database owner) for speed.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { api, createFirm, type Member } from "./support/identity.ts";
import { withFirm } from "../src/db/tenant.ts";
import { listTransactions, parseTransactionQuery } from "../src/ledger/transactions.ts";

interface Row {
  date: string;
  description: string;
  /** Minor units. */
  amount: number;
  account?: "chk" | "card";
  line?: string | null;
  uncategorizedCategory?: boolean;
  payee?: string;
  memo?: string;
  tags?: string[];
  review?: boolean;
  splits?: [string, number][];
}

const FIXTURE: Row[] = [
  { date: "2025-01-05", description: "CAFÉ MÜNCHEN BERLIN", amount: -1250, line: "24b" },
  { date: "2025-01-10", description: "SQ *BLUE BOTTLE COFFEE OAKLAND CA", amount: -675, account: "card", line: "24b" },
  { date: "2025-01-15", description: "AMZN MKTP US*2K4AB1", amount: -2599, account: "card", line: "18" },
  { date: "2025-02-01", description: "STARBUCKS STORE #1234 SEATTLE WA", amount: -550, account: "card" },
  { date: "2025-02-03", description: "STARBUCKS STORE #99 PORTLAND OR", amount: -2500, review: true },
  { date: "2025-02-10", description: `<script>alert('x')</script> STARBUCKS`, amount: -100 },
  { date: "2025-03-01", description: "STRIPE TRANSFER ST-ABC123", amount: 250000, line: "1" },
  { date: "2025-03-14", description: "OFFICE DEPOT 1234", amount: -15000, line: "18", tags: ["reimbursable"] },
  { date: "2025-03-14", description: "OFFICE DEPOT 1234", amount: -2500, line: "18" },
  {
    date: "2025-03-20",
    description: "DELTA AIR LINES ATLANTA",
    amount: -45000,
    account: "card",
    line: "24a",
    review: true,
  },
  { date: "2025-03-20", description: "TEA HOUSE", amount: 2500, payee: "Tea House", memo: "client lunch" },
  { date: "2025-04-02", description: "BLUEBERRY FARM", amount: -3000, uncategorizedCategory: true },
  { date: "2025-04-05", description: "COSTCO WHSE #1", amount: -10000, splits: [["18", -6000], ["22", -4000]] },
  // Fillers for paging: repeated dates and amounts, so ties are broken by id.
  ...Array.from({ length: 24 }, (_, i): Row => ({
    date: `2024-0${1 + (i % 3)}-1${i % 2}`,
    description: `FILLER MERCHANT ${i % 4 === 0 ? "RARE" : "COMMON"} ${i}`,
    amount: -((i % 5) + 1) * 100,
    account: i % 2 ? "card" : "chk",
    line: i % 3 ? "22" : null,
  })),
];

interface Setup {
  t: TestApp;
  owner: Member;
  clientId: string;
  ids: string[];
  accounts: { chk: string; card: string };
  documents: { chk: string; card: string };
  categories: Map<string, string>;
}

async function setUp(): Promise<Setup> {
  const t = await createTestApp();
  const owner = await createFirm(t);
  const client = await api(t, owner, "POST", "/api/v1/clients", { name: "Search Client LLC" });
  const clientId = client.body.id as string;
  const sql = t.db.sql;
  const firmId = owner.firmId;
  const make = async (last4: string, type: string, name: string, institution: string) => {
    const [doc] = await sql`
      insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key)
      values (${firmId}, ${clientId}, ${`${last4}.csv`}, 'csv', 1, ${last4.padEnd(64, "0")}, 'k') returning id`;
    const [account] = await sql`
      insert into accounts (firm_id, client_id, institution, number_last4, type, name)
      values (${firmId}, ${clientId}, ${institution}, ${last4}, ${type}, ${name}) returning id`;
    const [statement] = await sql`
      insert into statements (firm_id, client_id, account_id, document_id, currency, verification_status)
      values (${firmId}, ${clientId}, ${account.id}, ${doc.id}, 'USD', 'passed') returning id`;
    return { doc: doc.id as string, account: account.id as string, statement: statement.id as string };
  };
  const chk = await make("4821", "checking", "Operating", "First Bank");
  const card = await make("1234", "credit_card", "Business card", "AMEX");
  const cats = await sql<{ id: string; line: string | null; kind: string }[]>`
    select id, line, kind from categories where firm_id = ${firmId}`;
  const categories = new Map(cats.filter((c) => c.line).map((c) => [c.line!, c.id]));
  const uncategorized = cats.find((c) => c.kind === "uncategorized")!.id;
  const ids: string[] = [];
  for (const [i, r] of FIXTURE.entries()) {
    const a = r.account === "card" ? card : chk;
    const category = r.uncategorizedCategory ? uncategorized : r.line ? categories.get(r.line)! : null;
    const id = await sql.begin(async (tx) => {
      const [row] = await tx`
        insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                                  currency, fingerprint, line_no, category_id, payee, memo, tags, needs_review)
        values (${firmId}, ${clientId}, ${a.account}, ${a.statement}, ${a.doc}, ${r.date}, ${r.description},
                ${r.amount}, 'USD', ${`f${i}`}, ${i}, ${category}, ${r.payee ?? ""}, ${r.memo ?? ""},
                ${r.tags ?? []}, ${r.review ?? false})
        returning id`;
      for (const [line, amount] of r.splits ?? []) {
        await tx`insert into transaction_splits (firm_id, transaction_id, category_id, amount)
                 values (${firmId}, ${row.id}, ${categories.get(line)!}, ${amount})`;
      }
      return row.id as string;
    });
    ids.push(id);
  }
  return {
    t,
    owner,
    clientId,
    ids,
    accounts: { chk: chk.account, card: card.account },
    documents: { chk: chk.doc, card: card.doc },
    categories,
  };
}

type Page = {
  items: { id: string; description: string; amount: string; highlight: string; date: string }[];
  next_cursor: string | null;
  totals: { count: number; inflow: string; outflow: string; net: string; currency: string | null };
  fuzzy: boolean;
  suggestion: string | null;
};

async function get(s: Setup, params: Record<string, string>, who = s.owner) {
  const qs = new URLSearchParams(params).toString();
  return await api(s.t, who, "GET", `/api/v1/clients/${s.clientId}/transactions?${qs}`);
}

async function search(s: Setup, params: Record<string, string>): Promise<Page> {
  const res = await get(s, { limit: "500", ...params });
  assertEquals(res.status, 200, `${JSON.stringify(params)}: ${JSON.stringify(res.body)}`);
  return res.body as Page;
}

/** Fixture indexes of the rows a search returns (sorted). */
async function found(s: Setup, q: string, extra: Record<string, string> = {}): Promise<number[]> {
  const page = await search(s, { q, ...extra });
  return page.items.map((i) => s.ids.indexOf(i.id)).sort((a, b) => a - b);
}

/** Fixture indexes where `pred` holds (sorted). */
const where = (pred: (r: Row, i: number) => boolean) => FIXTURE.flatMap((r, i) => (pred(r, i) ? [i] : []));

const money = (minor: number) =>
  `${minor < 0 ? "-" : ""}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, "0")}`;

Deno.test("search: text, operators, fuzzy, highlighting, totals, pages and isolation", async (t) => {
  const s = await setUp();
  try {
    await t.step("accents fold and merchant codes split", async () => {
      assertEquals(await found(s, "cafe munchen"), [0]);
      assertEquals(await found(s, "CAFÉ"), [0]);
      assertEquals(await found(s, "blue bottle"), [1]);
      assertEquals(await found(s, "amzn"), [2]);
      assertEquals(await found(s, "2k4ab1"), [2]);
      assertEquals(await found(s, "lunch"), [10], "memo is searched");
      assertEquals(await found(s, "tea house"), [10]);
      assertEquals(await found(s, "office expense"), where((r) => r.line === "18"), "category name is searched");
    });

    await t.step("the last word matches as a prefix while typing", async () => {
      const page = await search(s, { q: "starb" });
      assertEquals(page.items.map((i) => s.ids.indexOf(i.id)).sort((a, b) => a - b), [3, 4, 5]);
      assertEquals(page.fuzzy, false);
      assert(page.items.every((i) => i.highlight.includes("<mark>STARBUCKS</mark>")));
      assertEquals(await found(s, "blue"), [1, 11], "blue: BLUE and BLUEBERRY");
      assertEquals(await found(s, '"blue"'), [1], "a quoted word is exact");
      assertEquals(await found(s, "office dep"), [7, 8]);
      const early = await search(s, { q: "offi dep" });
      assertEquals(early.fuzzy, true, "only the last word is a prefix; the first is corrected");
      assertEquals(early.suggestion, "office depot");
    });

    await t.step("misspelled merchants fall back to close matches (fuzzy)", async () => {
      const page = await search(s, { q: "strabucks" });
      assertEquals(page.fuzzy, true);
      assertEquals(page.suggestion, "starbucks");
      assertEquals(page.items.map((i) => s.ids.indexOf(i.id)).sort((a, b) => a - b), [3, 4, 5]);
      assertEquals(page.totals.count, 3);
      assertStringIncludes(page.items[0].highlight, "<mark>STARBUCKS</mark>");
      assertEquals((await search(s, { q: "delat airlines" })).items.length, 1, "two misspelled words");
      const none = await search(s, { q: "zzzzqqq" });
      assertEquals([none.items.length, none.fuzzy], [0, false]);
      const exact = await search(s, { q: "starbucks" });
      assertEquals(exact.fuzzy, false);
    });

    await t.step("websearch syntax: quotes, OR, -exclude", async () => {
      assertEquals(await found(s, '"bottle coffee"'), [1]);
      assertEquals(await found(s, '"coffee bottle"'), [], "a phrase keeps its order");
      assertEquals(await found(s, "starbucks -seattle"), [4, 5]);
      assertEquals(await found(s, "delta OR stripe"), [6, 9]);
      assertEquals(await found(s, "delta or stripe"), [6, 9]);
      assertEquals(
        await found(s, "-filler -starbucks"),
        where((r, i) => !r.description.includes("FILLER") && ![3, 4, 5].includes(i)),
      );
    });

    await t.step("amount operators", async () => {
      const abs = (r: Row) => Math.abs(r.amount);
      assertEquals(await found(s, "amount:>100"), where((r) => abs(r) > 10000));
      assertEquals(await found(s, "amount:>=100"), where((r) => abs(r) >= 10000));
      assertEquals(await found(s, "amount:<5"), where((r) => abs(r) < 500));
      assertEquals(await found(s, "amount:<=5"), where((r) => abs(r) <= 500));
      assertEquals(await found(s, "amount:-25.00"), where((r) => r.amount === -2500));
      assertEquals(await found(s, "amount:25"), where((r) => abs(r) === 2500));
      assertEquals(await found(s, "amount:+25"), where((r) => r.amount === 2500));
      assertEquals(await found(s, "amount:10..50"), where((r) => abs(r) >= 1000 && abs(r) <= 5000));
      assertEquals(await found(s, "amount:-50..-10"), where((r) => r.amount >= -5000 && r.amount <= -1000));
      assertEquals(await found(s, "amount:>-3"), where((r) => r.amount > -300));
    });

    await t.step("date operators", async () => {
      assertEquals(await found(s, "date:2025-03"), where((r) => r.date.startsWith("2025-03")));
      assertEquals(await found(s, "date:2025-03-14"), [7, 8]);
      assertEquals(await found(s, "date:2025-01..2025-02"), where((r) => r.date >= "2025-01" && r.date < "2025-03"));
      assertEquals(await found(s, "date:2025-01-10..2025-02-01"), [1, 2, 3]);
      assertEquals(await found(s, "date:2025-03.."), where((r) => r.date >= "2025-03"));
    });

    await t.step("category, account, is and tag operators", async () => {
      const office = where((r) => r.line === "18");
      assertEquals(await found(s, 'category:"Office expense"'), office);
      assertEquals(await found(s, "category:office"), office);
      assertEquals(await found(s, "category:OFFICE"), office);
      assertEquals(await found(s, "category:18"), office);
      assertEquals(await found(s, "category:24"), where((r) => r.line === "24a" || r.line === "24b"));
      assertEquals(await found(s, "category:24b"), where((r) => r.line === "24b"));
      assertEquals(await found(s, "account:4821"), where((r) => r.account !== "card"));
      assertEquals(await found(s, 'account:"business card"'), where((r) => r.account === "card"));
      assertEquals(await found(s, "account:amex"), where((r) => r.account === "card"));
      const uncategorized = where((r) => !r.line || !!r.uncategorizedCategory);
      assertEquals(await found(s, "is:uncategorized"), uncategorized);
      assertEquals(await found(s, "is:review"), where((r) => !!r.review));
      assertEquals(await found(s, "is:split"), where((r) => !!r.splits));
      assertEquals(await found(s, "tag:reimbursable"), [7]);
      assertEquals(await found(s, "tag:Reimbursable"), [7]);
      assertEquals(await found(s, "starbucks account:4821 amount:>20"), [4], "operators and words combine");
      assertEquals(await found(s, "foo:bar"), [], "an unknown operator is text");
    });

    await t.step("query parameters", async () => {
      const ids = async (p: Record<string, string>) =>
        (await search(s, p)).items.map((i) => s.ids.indexOf(i.id)).sort((a, b) => a - b);
      assertEquals(await ids({ account: s.accounts.card }), where((r) => r.account === "card"));
      assertEquals(await ids({ document: s.documents.card }), where((r) => r.account === "card"));
      assertEquals(await ids({ from: "2025-03-14", to: "2025-03-20" }), [7, 8, 9, 10]);
      assertEquals(await ids({ min: "-25", max: "0" }), where((r) => r.amount >= -2500 && r.amount <= 0));
      assertEquals(await ids({ category: s.categories.get("18")! }), where((r) => r.line === "18"));
      assertEquals(await ids({ category: "none" }), where((r) => !r.line && !r.uncategorizedCategory));
      assertEquals(await ids({ uncategorized: "true" }), where((r) => !r.line || !!r.uncategorizedCategory));
      assertEquals(await ids({ uncategorized: "false" }), where((r) => !!r.line && !r.uncategorizedCategory));
      assertEquals(await ids({ review: "false", q: "starbucks" }), [3, 5]);
      assertEquals(await ids({ tag: "reimbursable" }), [7]);
    });

    await t.step("hostile input is only ever data", async () => {
      for (
        const q of [
          "'; drop table transactions; --",
          '"unbalanced',
          "amount:>abc",
          "x".repeat(500),
          "\\ \\\\ \\' '\\",
          "&|!:*()",
          "!!! ((( ))) <-> <2> :* :A",
          "category:'; select pg_sleep(5); --",
          "account:%_% tag:%",
          "a' OR '1'='1",
          "ab\u0000cd",
          "😀 ñ 北京",
        ]
      ) {
        const res = await get(s, { q });
        assertEquals(res.status, 200, `${q}: ${JSON.stringify(res.body)}`);
        assert(Array.isArray(res.body.items));
      }
      assertEquals((await get(s, { q: "x".repeat(501) })).status, 422);
      const [{ n }] = await s.t.db.sql`select count(*)::int as n from transactions`;
      assertEquals(n, FIXTURE.length);
      assertEquals(await found(s, "account:%"), [], "LIKE wildcards are literal");
    });

    await t.step("highlights are escaped HTML with only our <mark>", async () => {
      const page = await search(s, { q: "starbucks" });
      const hostile = page.items.find((i) => i.description.startsWith("<script>"))!;
      assertEquals(hostile.highlight, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark>STARBUCKS</mark>");
      const plain = await search(s, { q: "amount:-1" });
      assertEquals(plain.items[0].highlight, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; STARBUCKS");
      const html = await s.t.request(`/clients/${s.clientId}/transactions?q=script`, { headers: s.owner.browser });
      assertEquals(html.status, 200);
      assert(!(await html.text()).includes("<script>alert"), "the page escapes descriptions too");
    });

    await t.step("totals cover the whole selection, not the page", async () => {
      const check = async (params: Record<string, string>, rows: number[]) => {
        const page = await search(s, { ...params, limit: "2" });
        const amounts = rows.map((i) => FIXTURE[i].amount);
        const inflow = amounts.filter((a) => a > 0).reduce((a, b) => a + b, 0);
        const outflow = -amounts.filter((a) => a < 0).reduce((a, b) => a + b, 0);
        assertEquals(page.totals, {
          count: rows.length,
          inflow: money(inflow),
          outflow: money(outflow),
          net: money(inflow - outflow),
          currency: rows.length ? "USD" : null,
        }, JSON.stringify(params));
        assertEquals(page.items.length, Math.min(2, rows.length));
      };
      await check({}, where(() => true));
      await check({ q: "starbucks" }, [3, 4, 5]);
      await check({ q: "date:2025-03" }, where((r) => r.date.startsWith("2025-03")));
      await check({ q: "category:18 -depot" }, [2]);
      await check({ q: "zzzzqqq" }, []);
    });

    await t.step("a text search reads the same pages by walking dates or through the full-text index", async () => {
      // The probe walks at most PROBE_ROWS rows in date order; tiny probes force the full-text path.
      const pages = async (params: Record<string, string>, probeRows?: number) => {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await withFirm(
            s.t.db.appSql,
            s.owner.firmId,
            (tx) =>
              listTransactions(tx, s.clientId, parseTransactionQuery({ ...params, limit: "3", cursor }), { probeRows }),
          );
          ids.push(...page.items.map((i) => i.id));
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        return ids;
      };
      for (const q of ["filler", "filler common", "starbucks", "coffee -starbucks", "staples OR depot", "zzzzqqq"]) {
        for (const sort of ["date_desc", "date_asc"]) {
          const expected = await pages({ q, sort });
          for (const probeRows of [1, 4, 50]) {
            assertEquals(await pages({ q, sort }, probeRows), expected, `${q} ${sort} probe ${probeRows}`);
          }
        }
      }
    });

    await t.step("totals=false leaves the totals out; …/transactions/totals gives them on their own", async () => {
      for (const q of ["starbucks", "filler", "date:2025-03", "", "zzzzqqq", "filer"]) {
        const full = await search(s, { q });
        const bare = (await get(s, { q, limit: "500", totals: "false" })).body;
        assertEquals(bare.totals, null, q);
        assertEquals(bare.items, full.items, q);
        const alone = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/transactions/totals?q=${q}`);
        assertEquals(alone.status, 200);
        assertEquals(alone.body, full.totals, `totals of ${JSON.stringify(q)}`);
      }
      const other = await createFirm(s.t, "Other firm");
      assertEquals((await api(s.t, other, "GET", `/api/v1/clients/${s.clientId}/transactions/totals`)).status, 404);
      const page = await s.t.request(`/clients/${s.clientId}/transactions/totals?q=starbucks`, {
        headers: s.owner.browser,
      });
      assertEquals(page.status, 200);
      assertMatch(await page.text(), /id="ws-totals"/);
    });

    await t.step("keyset pages visit every row once, in order, for every sort", async () => {
      const queries: Record<string, string>[] = [{}, { q: "filler" }, { q: "is:uncategorized" }, {
        q: "filler common",
      }];
      for (const base of queries) {
        for (const sort of ["date_desc", "date_asc", "amount_desc", "amount_asc", "relevance"]) {
          if (sort === "relevance" && !base.q?.match(/filler/)) continue;
          const all = (await search(s, { ...base, sort })).items.map((i) => i.id);
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page: Page = await search(s, { ...base, sort, limit: "3", ...(cursor ? { cursor } : {}) });
            seen.push(...page.items.map((i) => i.id));
            cursor = page.next_cursor;
          } while (cursor);
          assertEquals(seen, all, `${JSON.stringify(base)} ${sort}`);
          assertEquals(new Set(seen).size, seen.length, "no duplicates");
          assert(all.length > 3, "more than one page");
        }
      }
      const byDate = await search(s, { limit: "3" });
      const amounts = (await search(s, { sort: "amount_asc" })).items.map((i) => Number(i.amount));
      assertEquals(amounts, [...amounts].sort((a, b) => a - b));
      const wrongSort = await get(s, { limit: "3", sort: "amount_desc", cursor: byDate.next_cursor! });
      assertEquals(wrongSort.status, 422);
      assertEquals(wrongSort.body.errors[0].path, "cursor");
      assertMatch(wrongSort.body.detail, /sort=date_desc/);
      const wrongSearch = await get(s, { limit: "3", q: "starbucks", cursor: byDate.next_cursor! });
      assertEquals(wrongSearch.status, 422);
      assertEquals((await get(s, { cursor: "garbage" })).status, 422);
      const fuzzy = await search(s, { q: "filer", limit: "5" });
      assertEquals(fuzzy.fuzzy, true);
      const next = await search(s, { q: "filer", limit: "5", cursor: fuzzy.next_cursor! });
      assertEquals(next.fuzzy, true, "later pages of a fuzzy search stay fuzzy");
      assertEquals(next.items.length, 5);
    });

    await t.step("bad parameters are 422 with field errors", async () => {
      const res = await get(s, { account: "nope", from: "2025-02-30", sort: "random", limit: "0" });
      assertEquals(res.status, 422);
      const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
      assertEquals(paths, ["account", "from", "limit", "sort"]);
      const relevance = await get(s, { sort: "relevance", q: "amount:>5" });
      assertEquals([relevance.status, relevance.body.errors[0].path], [422, "sort"]);
      const page = await s.t.request(`/clients/${s.clientId}/transactions?from=yesterday`, {
        headers: s.owner.browser,
      });
      assertEquals(page.status, 422);
    });

    await t.step("monthly rollups stay exact through inserts, updates and deletes", async () => {
      const sql = s.t.db.sql;
      const filters: Record<string, string>[] = [
        {},
        { q: "date:2025-03" },
        { from: "2025-01-10", to: "2025-03-14" },
        { q: "account:1234 is:review" },
        { category: s.categories.get("18")! },
        { q: "is:uncategorized date:2024-01..2024-02" },
      ];
      const direct = async (params: Record<string, string>) => {
        const ids = (await search(s, params)).items.map((i) => i.id);
        const [row] = await sql`
          select count(*)::int as count, coalesce(sum(amount) filter (where amount > 0), 0)::bigint as i,
                 coalesce(-sum(amount) filter (where amount < 0), 0)::bigint as o
            from transactions where id = any(${ids}::uuid[])`;
        return { count: row.count, inflow: money(Number(row.i)), outflow: money(Number(row.o)) };
      };
      const check = async (when: string) => {
        for (const f of filters) {
          const { totals } = await search(s, f);
          assertEquals({ count: totals.count, inflow: totals.inflow, outflow: totals.outflow }, await direct(f), when);
        }
        const [{ n }] = await sql`
          select count(*)::int as n from (
            select client_id, date_trunc('month', date)::date as month, account_id, category_id, needs_review, currency,
                   count(*) as n, sum(greatest(amount, 0)) as inflow, sum(greatest(-amount, 0)) as outflow
              from transactions group by 1, 2, 3, 4, 5, 6
            except
            select client_id, month, account_id, category_id, needs_review, currency, n, inflow, outflow
              from transaction_rollups where n <> 0) diff`;
        assertEquals(n, 0, `${when}: the rollups equal a fresh aggregate`);
      };
      await check("as inserted");
      await sql`update transactions set amount = amount * 2, needs_review = not needs_review
                 where description like 'FILLER%' and amount <> 0 and id not in (
                   select transaction_id from transaction_splits)`;
      await sql`update transactions set date = date + 40 where description = 'OFFICE DEPOT 1234'`;
      await sql`update transactions set category_id = ${s.categories.get("24a")!} where description like 'STARBUCKS%'`;
      await check("after updates");
      await sql`delete from transactions where description like 'FILLER MERCHANT RARE%'`;
      await check("after deletes");
      await sql`update transactions set date = date - 40 where description = 'OFFICE DEPOT 1234'`;
      await sql`update transactions set category_id = null where description like 'STARBUCKS%'`;
      await sql`update transactions set amount = amount / 2, needs_review = not needs_review
                 where description like 'FILLER%' and id not in (select transaction_id from transaction_splits)`;
      await sql`delete from documents where id = ${s.documents.card}`;
      await check("after deleting a document (cascade)");
    });

    await t.step("another firm sees nothing: 404 for the client, no rows through the search view", async () => {
      const other = await createFirm(s.t, "Other Firm");
      assertEquals((await get(s, { q: "starbucks" }, other)).status, 404);
      const otherClient = await api(s.t, other, "POST", "/api/v1/clients", { name: "Other Client" });
      const sql = s.t.db.sql;
      const [doc] = await sql`
        insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key)
        values (${other.firmId}, ${otherClient.body.id}, 'o.csv', 'csv', 1, ${"1".repeat(64)}, 'k') returning id`;
      const [acct] = await sql`
        insert into accounts (firm_id, client_id, type) values (${other.firmId}, ${otherClient.body.id}, 'checking')
        returning id`;
      const [st] = await sql`
        insert into statements (firm_id, client_id, account_id, document_id, currency, verification_status)
        values (${other.firmId}, ${otherClient.body.id}, ${acct.id}, ${doc.id}, 'USD', 'passed') returning id`;
      await sql`
        insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                                  currency, fingerprint, line_no)
        values (${other.firmId}, ${otherClient.body.id}, ${acct.id}, ${st.id}, ${doc.id}, '2025-01-01',
                'STARBUCKS SECRET BRANCH', -100, 'USD', 'x', 1)`;
      assertEquals(await found(s, "secret"), []);
      const app = s.t.db.appSql;
      const [outside] = await app`select count(*)::int as n from transaction_search`;
      assertEquals(outside.n, 0, "no firm set: the view is empty");
      const [terms] = await app`select count(*)::int as n from search_terms`;
      assertEquals(terms.n, 0);
      const mine = await withFirm(app, s.owner.firmId, (tx) => tx`select description from transaction_search`);
      const [{ n }] = await sql`select count(*)::int as n from transactions where firm_id = ${s.owner.firmId}`;
      assertEquals(mine.length, n);
      assert(!mine.some((r) => r.description.includes("SECRET")));
      const vocabulary = await withFirm(app, s.owner.firmId, (tx) => tx`select term from search_terms`);
      assert(!vocabulary.some((r) => r.term === "secret"), "the vocabulary is per firm too");
      assertEquals((await get(s, { q: "strabucks" }, other)).status, 404);
    });

    await t.step("deleting a client deletes its rollups and vocabulary with it", async () => {
      const sql = s.t.db.sql;
      await sql`delete from clients where id = ${s.clientId}`;
      const [left] = await sql`
        select (select count(*)::int from transaction_rollups where client_id = ${s.clientId}) as rollups,
               (select count(*)::int from search_terms where client_id = ${s.clientId}) as terms`;
      assertEquals(left, { rollups: 0, terms: 0 });
    });
  } finally {
    await s.t.close();
  }
});
