/**
 * Report caching, with both cache backends (process memory, and Upstash REST in front of the
 * machine's Redis): a repeated request is served from the cache, and every kind of ledger
 * write in the same client invalidates exactly that client's reports — never a stale figure,
 * never a recomputation without a cause.
 */
import { type Cache, MemoryCache, UpstashCache } from "../src/cache.ts";
import { assertEquals, assertNotEquals } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { api, createFirm, type Member } from "./support/identity.ts";
import {
  categoryId,
  seedAccount,
  seedClient,
  type SeededAccount,
  seedStatement,
  seedTransactions,
} from "./support/ledger.ts";
import { redisAvailable, startUpstashServer } from "./support/upstash_server.ts";

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn("\n!!! Redis is not reachable: SKIPPING the report cache tests on Upstash !!!\n");

interface Setup {
  t: TestApp;
  owner: Member;
  clientId: string;
  account: SeededAccount;
  ids: string[];
  otherClient: SeededAccount;
}

async function setup(cache: Cache): Promise<Setup> {
  const t = await createTestApp({}, { cache });
  const owner = await createFirm(t);
  const clientId = await seedClient(t.db.sql, owner.firmId, "Cached Co");
  const account = await seedAccount(t.db.sql, owner.firmId, clientId, { from: "2025-01-01", to: "2025-06-30" });
  const ids = await seedTransactions(t.db.sql, account, [
    { date: "2025-01-05", description: "INVOICE 1", cents: 1000_00, category: "Gross receipts or sales" },
    { date: "2025-02-06", description: "STAPLES", cents: -45_10, category: "Office expense" },
    { date: "2025-03-07", description: "UNKNOWN SHOP", cents: -12_00 },
  ]);
  const other = await seedClient(t.db.sql, owner.firmId, "Other Co");
  const otherClient = await seedAccount(t.db.sql, owner.firmId, other, { from: "2025-01-01", to: "2025-12-31" });
  return { t, owner, clientId, account, ids, otherClient };
}

/** Fetches a report; returns its body and whether it came from the cache. */
async function report(s: Setup, name: string, query = "period=2025") {
  const res = await s.t.request(`/api/v1/clients/${s.clientId}/reports/${name}?${query}`, { headers: s.owner.bearer });
  assertEquals(res.status, 200);
  return { body: await res.json(), cache: res.headers.get("x-report-cache") };
}

function cacheSuite(label: string, ignore: boolean, make: () => Promise<{ cache: Cache; close(): Promise<void> }>) {
  Deno.test({
    name: `report cache (${label}): hits until the ledger changes, then recomputes exactly once`,
    ignore,
    async fn(t) {
      const backend = await make();
      const s = await setup(backend.cache);
      try {
        await t.step("a repeated request is served from the cache", async () => {
          const first = await report(s, "schedule-c");
          assertEquals(first.cache, "miss");
          const again = await report(s, "schedule-c");
          assertEquals(again.cache, "hit");
          assertEquals(again.body, first.body);
          assertEquals(first.body.total_expenses, "45.10");
        });

        await t.step("another period and another report have their own entries", async () => {
          assertEquals((await report(s, "schedule-c", "period=2025-q1")).cache, "miss");
          assertEquals((await report(s, "schedule-c", "period=2025-q1")).cache, "hit");
          assertEquals((await report(s, "profit-loss")).cache, "miss");
          assertEquals((await report(s, "schedule-c")).cache, "hit");
        });

        await t.step("a change in another client's ledger leaves this client's reports cached", async () => {
          await seedTransactions(s.t.db.sql, s.otherClient, [{ date: "2025-04-01", description: "X", cents: -1 }]);
          assertEquals((await report(s, "schedule-c")).cache, "hit");
        });

        await t.step("categorizing a transaction recomputes, with the new figure", async () => {
          const supplies = await categoryId(s.t.db.sql, s.owner.firmId, "Supplies");
          const res = await api(s.t, s.owner, "PATCH", `/api/v1/transactions/${s.ids[2]}`, { category_id: supplies });
          assertEquals(res.status, 200, JSON.stringify(res.body));
          const after = await report(s, "schedule-c");
          assertEquals(after.cache, "miss");
          assertEquals(after.body.total_expenses, "57.10");
          assertEquals(after.body.uncategorized_count, 0);
          assertEquals((await report(s, "schedule-c")).cache, "hit");
        });

        await t.step("business use, splits and review flags invalidate too", async () => {
          await api(s.t, s.owner, "PATCH", `/api/v1/transactions/${s.ids[1]}`, { business_pct: 50 });
          const half = await report(s, "schedule-c");
          assertEquals([half.cache, half.body.total_expenses], ["miss", "34.55"]);
          const office = await categoryId(s.t.db.sql, s.owner.firmId, "Office expense");
          const meals = await categoryId(s.t.db.sql, s.owner.firmId, "Deductible meals");
          const split = await api(s.t, s.owner, "PATCH", `/api/v1/transactions/${s.ids[1]}`, {
            splits: [{ category_id: office, amount: "-40.00" }, { category_id: meals, amount: "-5.10" }],
          });
          assertEquals(split.status, 200, JSON.stringify(split.body));
          const parts = await report(s, "schedule-c");
          assertEquals(parts.cache, "miss");
          assertEquals(parts.body.lines.find((l: any) => l.line === "24b").total, "2.55");
          await api(s.t, s.owner, "PATCH", `/api/v1/transactions/${s.ids[0]}`, { needs_review: true });
          const flagged = await report(s, "schedule-c");
          assertEquals([flagged.cache, flagged.body.review_count], ["miss", 1]);
        });

        await t.step("renaming a category recomputes every client's reports of the firm", async () => {
          const created = await api(s.t, s.owner, "POST", "/api/v1/categories", {
            name: "Printer ink",
            parent_id: await categoryId(s.t.db.sql, s.owner.firmId, "Office expense"),
          });
          await api(s.t, s.owner, "PATCH", `/api/v1/transactions/${s.ids[2]}`, { category_id: created.body.id });
          const before = await report(s, "profit-loss");
          assertEquals(before.cache, "miss");
          assertEquals((await report(s, "profit-loss")).cache, "hit");
          await api(s.t, s.owner, "PATCH", `/api/v1/categories/${created.body.id}`, { name: "Toner" });
          const renamed = await report(s, "profit-loss");
          assertEquals(renamed.cache, "miss");
          assertEquals(renamed.body.rows.some((r: any) => r.name === "Toner"), true);
        });

        await t.step("a new statement without transactions updates the coverage", async () => {
          const before = await report(s, "coverage", "period=2025-07");
          assertEquals(before.body.gaps.length, 1);
          assertEquals((await report(s, "coverage", "period=2025-07")).cache, "hit");
          await seedStatement(s.t.db.sql, s.account, "2025-07-01", "2025-07-31");
          const after = await report(s, "coverage", "period=2025-07");
          assertEquals([after.cache, after.body.gaps.length], ["miss", 0]);
        });

        await t.step("a document's status change recomputes the review counts; its progress does not", async () => {
          await report(s, "schedule-c"); // the new statement of the step before changed the ledger
          assertEquals((await report(s, "schedule-c")).cache, "hit");
          await s.t.db.sql`update documents set progress = 50 where id = ${s.account.documentId}`;
          assertEquals((await report(s, "schedule-c")).cache, "hit");
          await s.t.db.sql`update documents set status = 'needs_review' where id = ${s.account.documentId}`;
          const after = await report(s, "schedule-c");
          assertEquals([after.cache, after.body.documents_needing_review], ["miss", 1]);
        });

        await t.step("the cache metrics count hits and misses per report", () => {
          const hits = s.t.metrics.reportLookups.get({ report: "schedule-c", outcome: "hit" });
          const misses = s.t.metrics.reportLookups.get({ report: "schedule-c", outcome: "miss" });
          assertNotEquals(hits, 0);
          assertNotEquals(misses, 0);
        });
      } finally {
        await s.t.close();
        await backend.close();
      }
    },
  });
}

cacheSuite(
  "memory",
  false,
  () => Promise.resolve({ cache: new MemoryCache({ maxEntries: 100 }), close: async () => {} }),
);

cacheSuite("upstash", !hasRedis, async () => {
  const server = await startUpstashServer();
  const cache = new UpstashCache({ url: server.url, token: server.token, prefix: `lf-test:${crypto.randomUUID()}:` });
  return { cache, close: () => server.close() };
});
