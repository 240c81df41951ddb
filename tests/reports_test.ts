/**
 * Reports over a seeded ledger: every total equals an independent computation (TypeScript
 * over the raw rows, or a plain SQL GROUP BY), the API shapes, drill-down links, periods,
 * permissions and bad input.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, createFirm, type Member } from "./support/identity.ts";
import { prng } from "./fixtures/random.ts";
import {
  categoryId,
  seedAccount,
  seedClient,
  type SeededAccount,
  type SeedTransaction,
  seedTransactions,
} from "./support/ledger.ts";
import { toDecimalString } from "../src/i18n/mod.ts";
import { extractText, getDocumentProxy } from "unpdf";
import { parseCsv } from "../src/parsing/csv/rfc4180.ts";
import ExcelJS from "exceljs";

interface Setup {
  t: TestApp;
  owner: Member;
  clientId: string;
  checking: SeededAccount;
  card: SeededAccount;
}

const CATEGORIES = [
  "Gross receipts or sales",
  "Returns and allowances",
  "Other income",
  "Advertising",
  "Car and truck expenses",
  "Office expense",
  "Supplies",
  "Travel",
  "Deductible meals",
  "Utilities",
  "Business use of home",
  "Transfer",
  "Owner draw",
  "Personal",
  "Uncategorized",
  "Coffee for clients", // custom, rolls up to line 24b
  null,
];

/** A random ledger (fixed seed) from 2024-12 to 2026-01, so period edges matter. */
function randomLedger(seed: number, n: number): SeedTransaction[] {
  const rand = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const out: SeedTransaction[] = [];
  for (let i = 0; i < n; i++) {
    const month = pick([
      "2024-12",
      ...Array.from({ length: 12 }, (_, m) => `2025-${String(m + 1).padStart(2, "0")}`),
      "2026-01",
    ]);
    const day = String(1 + Math.floor(rand() * 28)).padStart(2, "0");
    const category = pick(CATEGORIES);
    const income = category !== null && /receipts|Other income/.test(category);
    const cents = (income ? 1 : -1) * (100 + Math.floor(rand() * 200_000)) * (rand() < 0.08 ? -1 : 1);
    const x: SeedTransaction = {
      date: `${month}-${day}`,
      description: `${pick(["ACME", "Chipotle", "Shell", "Staples", "Delta", "Client"])} ${i}`,
      payee: pick(["Acme Corp", "Chipotle", "Shell", "Staples", "Delta", ""]),
      cents,
      category: category ?? undefined,
      businessPct: rand() < 0.2 ? pick([50, 33, 75, 0]) : 100,
      needsReview: rand() < 0.05,
    };
    if (rand() < 0.1) {
      const first = Math.trunc(cents / 3);
      x.splits = [["Supplies", first], [pick(["Office expense", "Personal", null]), cents - first]];
    }
    out.push(x);
  }
  return out;
}

async function setup(): Promise<Setup> {
  const t = await createTestApp();
  const owner = await createFirm(t, "Ledger & Co");
  const clientId = await seedClient(t.db.sql, owner.firmId);
  const custom = await api(t, owner, "POST", "/api/v1/categories", {
    name: "Coffee for clients",
    parent_id: await categoryId(t.db.sql, owner.firmId, "Deductible meals"),
  });
  assertEquals(custom.status, 201, JSON.stringify(custom.body));
  const checking = await seedAccount(t.db.sql, owner.firmId, clientId, { from: "2024-12-01", to: "2025-06-30" });
  const card = await seedAccount(t.db.sql, owner.firmId, clientId, {
    from: "2025-01-01",
    to: "2025-03-31",
    type: "credit_card",
    institution: "Summit Card",
  });
  const ledger = randomLedger(7, 400);
  await seedTransactions(t.db.sql, checking, ledger.slice(0, 300));
  await seedTransactions(t.db.sql, card, ledger.slice(300));
  await seedTransactions(t.db.sql, checking, [
    {
      date: "2025-05-05",
      description: "EUR invoice",
      cents: 99_00,
      category: "Gross receipts or sales",
      currency: "EUR",
    },
  ]);
  return { t, owner, clientId, checking, card };
}

interface RawPart {
  date: string;
  amount: bigint;
  pct: number;
  currency: string;
  needs_review: boolean;
  line: string | null;
  kind: string | null;
}

/** The parts of the period, read without any of the report code. */
async function rawParts(s: Setup, from: string, to: string): Promise<RawPart[]> {
  const rows = await s.t.db.sql<
    {
      date: string;
      amount: string;
      pct: number;
      currency: string;
      needs_review: boolean;
      line: string | null;
      kind: string | null;
    }[]
  >`
    select t.date::text as date, coalesce(sp.amount, t.amount)::text as amount, t.business_pct as pct, t.currency,
           t.needs_review, k.line, k.kind
      from transactions t
      left join transaction_splits sp on sp.transaction_id = t.id
      left join categories k on k.id = coalesce(sp.category_id, t.category_id)
     where t.client_id = ${s.clientId} and t.date between ${from} and ${to}`;
  return rows.map((r) => ({ ...r, amount: BigInt(r.amount) }));
}

/** Round half away from zero of a × pct / 100, in integers. */
function share(a: bigint, pct: number): bigint {
  const x = a * BigInt(pct);
  const q = x / 100n;
  const r = x % 100n;
  if (r === 0n) return q;
  return x > 0n ? (r >= 50n ? q + 1n : q) : (-r >= 50n ? q - 1n : q);
}

const dec = (v: bigint) => toDecimalString(v, 2);

Deno.test("reports over a seeded ledger", async (t) => {
  const s = await setup();
  try {
    await t.step("Schedule C lines and totals equal an independent computation", async () => {
      const res = await api(
        s.t,
        s.owner,
        "GET",
        `/api/v1/clients/${s.clientId}/reports/schedule-c?from=2025-01-01&to=2025-12-31`,
      );
      assertEquals(res.status, 200, JSON.stringify(res.body));
      const parts = (await rawParts(s, "2025-01-01", "2025-12-31")).filter((p) => p.currency === "USD");
      const lines = new Map<string, bigint>();
      let uncategorized = 0n;
      let uncategorizedCount = 0;
      for (const p of parts) {
        if (p.kind === "income") {
          lines.set(p.line!, (lines.get(p.line!) ?? 0n) + (p.line === "2" ? -p.amount : p.amount));
        } else if (p.kind === "expense") lines.set(p.line!, (lines.get(p.line!) ?? 0n) - share(p.amount, p.pct));
        else if (p.kind === null || p.kind === "uncategorized") {
          uncategorized += p.amount;
          uncategorizedCount++;
        }
      }
      const body = res.body;
      for (const line of body.lines) assertEquals(line.total, dec(lines.get(line.line) ?? 0n), `line ${line.line}`);
      assertEquals(body.lines.length >= 27, true, "every Schedule C line is listed, with zeros");
      assertEquals(
        body.lines.find((l: any) => l.line === "24b").total,
        dec(lines.get("24b")!),
        "custom category rolls up",
      );
      const get = (l: string) => lines.get(l) ?? 0n;
      const gross = get("1") - get("2") + get("6");
      let expenses = 0n;
      for (const [l, v] of lines) if (Number.parseInt(l) >= 8 && Number.parseInt(l) <= 27) expenses += v;
      assertEquals(body.gross_income, dec(gross));
      assertEquals(body.total_expenses, dec(expenses));
      assertEquals(body.net_profit, dec(gross - expenses - get("30")));
      assertEquals(body.uncategorized_total, dec(uncategorized));
      assertEquals(body.uncategorized_count, uncategorizedCount);
      const [{ n }] = await s.t.db.sql`select count(*)::int as n from transactions where client_id = ${s.clientId}
        and needs_review and date between '2025-01-01' and '2025-12-31'`;
      assertEquals(body.review_count, n);
      assertEquals(body.other_currency_count, 1, "the EUR transaction is left out and counted");
      assertEquals(body.period, { from: "2025-01-01", to: "2025-12-31", kind: "year", label: "2025", key: "2025" });
    });

    await t.step("P&L per category and month equals a plain SQL GROUP BY", async () => {
      const res = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/reports/profit-loss?period=2025-q1`);
      assertEquals(res.status, 200);
      assertEquals(res.body.months, ["2025-01", "2025-02", "2025-03"]);
      const expected = await s.t.db.sql<{ category_id: string; month: string; v: string }[]>`
        select k.id as category_id, to_char(t.date, 'YYYY-MM') as month,
               sum(case when k.kind = 'expense' then -round(coalesce(sp.amount, t.amount) * t.business_pct / 100.0)
                        else coalesce(sp.amount, t.amount) end)::text as v
          from transactions t left join transaction_splits sp on sp.transaction_id = t.id
          join categories k on k.id = coalesce(sp.category_id, t.category_id)
         where t.client_id = ${s.clientId} and t.currency = 'USD' and k.kind in ('income', 'expense')
           and t.date between '2025-01-01' and '2025-03-31'
         group by k.id, to_char(t.date, 'YYYY-MM')`;
      const got = new Map<string, string>();
      for (const row of res.body.rows) {
        if (!row.category_id) continue;
        row.by_month.forEach((v: string, i: number) => got.set(`${row.category_id}:${res.body.months[i]}`, v));
      }
      for (const e of expected) assertEquals(got.get(`${e.category_id}:${e.month}`), dec(BigInt(e.v)));
      const income = expected.filter((e) =>
        res.body.rows.find((r: any) => r.category_id === e.category_id).kind === "income"
      );
      assertEquals(res.body.income_total, dec(income.reduce((a, e) => a + BigInt(e.v), 0n)));
      const ie = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/reports/income-expenses?period=2025-q1`);
      assertEquals(ie.body.months.map((m: any) => m.net), res.body.net_by_month);
      assertEquals(ie.body.net, res.body.net);
    });

    await t.step("cash flow per account equals the raw sums; balances come from the statements", async () => {
      const res = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/reports/cash-flow?period=2025`);
      assertEquals(res.status, 200);
      const [raw] = await s.t.db.sql`
        select coalesce(sum(amount) filter (where amount > 0), 0)::text as i, coalesce(-sum(amount) filter (where amount < 0), 0)::text as o
          from transactions where account_id = ${s.card.accountId} and date between '2025-01-01' and '2025-12-31'`;
      const card = res.body.accounts.find((a: any) => a.id === s.card.accountId);
      assertEquals([card.inflow, card.outflow], [dec(BigInt(raw.i)), dec(BigInt(raw.o))]);
      assertEquals([card.opening_balance, card.closing_balance], ["1000.00", "1500.00"]);
      assertEquals(card.months.length, 12);
    });

    await t.step("top payees: the largest money out first, shares of the total", async () => {
      const res = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/reports/top-payees?period=2025`);
      assertEquals(res.status, 200);
      const paid = res.body.paid;
      assert(paid.length > 0);
      for (let i = 1; i < paid.length; i++) assert(Number(paid[i - 1].total) >= Number(paid[i].total));
      assertEquals(paid.every((p: any) => p.share > 0 && p.share <= 100), true);
    });

    await t.step("coverage lists the months without statements", async () => {
      const res = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/reports/coverage?period=2025`);
      assertEquals(res.status, 200);
      const card = res.body.accounts.find((a: any) => a.id === s.card.accountId);
      assertEquals(card.months.filter((m: any) => m.status === "covered").map((m: any) => m.month), [
        "2025-01",
        "2025-02",
        "2025-03",
      ]);
      const gaps = res.body.gaps.filter((g: any) => g.account_id === s.checking.accountId).map((g: any) => g.month);
      assertEquals(gaps, ["2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"]);
      assertEquals(res.body.complete, false);
    });

    await t.step("transfers: a confirmed pair appears with its direction", async () => {
      const [out, into] = await seedTransactions(s.t.db.sql, s.checking, [
        { date: "2025-02-10", description: "TRANSFER TO CARD", cents: -500_00, category: "Transfer" },
      ]).then(async (
        [a],
      ) => [
        a,
        ...(await seedTransactions(s.t.db.sql, s.card, [{
          date: "2025-02-11",
          description: "PAYMENT THANK YOU",
          cents: 500_00,
          category: "Transfer",
        }])),
      ]);
      await s.t.db.sql`insert into transaction_links (firm_id, client_id, kind, a_id, b_id, status)
        values (${s.owner.firmId}, ${s.clientId}, 'transfer', ${into}, ${out}, 'confirmed')`;
      const res = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/reports/transfers?period=2025`);
      assertEquals(res.status, 200);
      assertEquals(res.body.pairs.length, 1);
      assertEquals(res.body.pairs[0].amount, "500.00");
      assertEquals(res.body.pairs[0].date, "2025-02-10");
      assertMatch(res.body.pairs[0].to_account, /Summit Card/);
      assertEquals(res.body.unmatched.some((u: any) => u.id === out), false);
    });

    await t.step("the page shows the worksheet with drill-down links to the transactions", async () => {
      const res = await s.t.request(`/clients/${s.clientId}/reports/schedule-c?period=2025`, {
        headers: s.owner.browser,
      });
      assertEquals(res.status, 200);
      const html = await res.text();
      assertMatch(html, /Schedule C worksheet/);
      assertMatch(
        html,
        /href="\/clients\/[0-9a-f-]+\/transactions\?from=2025-01-01&amp;to=2025-12-31&amp;q=category%3A18"/,
      );
      assertMatch(html, /Net profit or \(loss\) \(line 31\)/);
      assertMatch(html, /transactions \([^)]*\) are uncategorized/);
      assertMatch(
        html,
        /1 transaction in another currency is not included\./,
        "one thing is spoken of in the singular",
      );
      for (const name of ["profit-loss", "income-expenses", "cash-flow", "top-payees", "transfers", "coverage"]) {
        const page = await s.t.request(`/clients/${s.clientId}/reports/${name}?period=2025`, {
          headers: s.owner.browser,
        });
        assertEquals(page.status, 200, name);
        await page.body?.cancel();
      }
      const index = await s.t.request(`/clients/${s.clientId}/reports?period=2025`, { headers: s.owner.browser });
      assertEquals(index.status, 303);
      assertEquals(index.headers.get("location"), `/clients/${s.clientId}/reports/schedule-c?period=2025`);
    });

    await t.step("downloads: the PDF's text, the CSV and the XLSX carry the worksheet's totals", async () => {
      const url = `/api/v1/clients/${s.clientId}/reports/schedule-c?period=2025`;
      const json = (await api(s.t, s.owner, "GET", url)).body;
      // The PDF states the currency once ("Amounts in USD") and prints plain figures.
      const money = (v: string) => Number(v).toLocaleString("en-US", { minimumFractionDigits: 2 });

      const pdf = await s.t.request(`${url}&format=pdf`, { headers: s.owner.bearer });
      assertEquals(pdf.status, 200);
      assertEquals(pdf.headers.get("content-type"), "application/pdf");
      assertMatch(
        pdf.headers.get("content-disposition")!,
        /attachment; filename="riverside-bakery-llc-schedule-c-2025\.pdf"/,
      );
      // unpdf's plain text keeps the running headers and footers (our extractor drops repeated page furniture).
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), {
        mergePages: true,
      });
      for (const figure of [json.net_profit, json.gross_income, json.total_expenses]) {
        assertMatch(text, new RegExp(money(figure).replace(/[.]/g, "\\.")), `PDF shows ${figure}`);
      }
      assertMatch(text, /Ledger & Co/);
      assertMatch(text, /Riverside Bakery LLC/);
      assertMatch(text, /Page 1 of \d/);

      const csv = await s.t.request(`${url}&format=csv`, { headers: s.owner.bearer });
      assertEquals(csv.headers.get("content-type"), "text/csv; charset=utf-8");
      const records = parseCsv((await csv.text()).replace(/^\ufeff/, ""), ",").records;
      const line31 = records.map((r) => r.fields).find((f) => f[0] === "31");
      assertEquals(line31?.at(-1), json.net_profit);

      const xlsx = await s.t.request(`${url}&format=xlsx`, { headers: s.owner.bearer });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await xlsx.arrayBuffer());
      const values: unknown[] = [];
      book.eachSheet((sheet) => sheet.eachRow((row) => values.push(...(row.values as unknown[]))));
      assert(values.includes(Number(json.net_profit)), "the XLSX holds the net profit as a number");
      const [{ n }] = await s.t.db.sql`select count(*)::int as n from audit_log where action = 'report.download'`;
      assertEquals(n, 3, "each download is audited");
    });

    await t.step("bad periods and formats are 422 with the parameter named", async () => {
      for (
        const q of [
          "period=2025-13",
          "period=abc",
          "from=2025-02-30&to=2025-03-01",
          "from=2025-03-01",
          "from=2025-03-01&to=2025-01-01",
          "period=2025&from=2025-01-01&to=2025-02-01",
          "format=docx",
        ]
      ) {
        const res = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/reports/schedule-c?${q}`);
        assertEquals(res.status, 422, q);
        assertEquals(res.headers.get("content-type"), "application/problem+json");
        assert(res.body.errors.length === 1, q);
      }
    });

    await t.step("another firm gets 404; read-only members may read", async () => {
      const other = await createFirm(s.t, "Elsewhere LLP");
      const res = await api(s.t, other, "GET", `/api/v1/clients/${s.clientId}/reports/schedule-c`);
      assertEquals(res.status, 404);
      const reader = await addMember(s.t, s.owner.firmId, "read_only");
      await s.t.db
        .sql`insert into client_assignments (firm_id, client_id, user_id) values (${s.owner.firmId}, ${s.clientId}, ${reader.userId})`;
      assertEquals((await api(s.t, reader, "GET", `/api/v1/clients/${s.clientId}/reports/schedule-c`)).status, 200);
    });
  } finally {
    await s.t.close();
  }
});
