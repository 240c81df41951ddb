/**
 * The review queue: transfer pairs between a client's accounts (checking ↔ savings, a card
 * payment) suggested, confirmed (Transfer category, audited) or rejected (never suggested
 * again); a CSV-like and a PDF-like row of one purchase detected as duplicates and merged,
 * keeping both sources; statement coverage with a missing month in the grid and the queue;
 * documents needing review; the navigation badge; roles and firms; and the detect_links job
 * queued by a real parse.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import { testWorker, uploadFile, waitForFinal } from "./support/documents.ts";
import { waitFor } from "./support/wait.ts";
import { generateStatement, type StatementSpec, type TransactionSpec } from "./fixtures/statements.ts";

interface Setup {
  t: TestApp;
  owner: Member;
  clientId: string;
  firmId: string;
}

async function setUp(): Promise<Setup> {
  const t = await createTestApp();
  const owner = await createFirm(t);
  const client = await api(t, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
  assertEquals(client.status, 201);
  return { t, owner, clientId: client.body.id, firmId: owner.firmId };
}

let shaCounter = 0;

/** Inserts a document (already parsed unless said otherwise). */
async function doc(
  s: Setup,
  filename: string,
  opts: { status?: string; reason?: string; result?: unknown; at?: string } = {},
): Promise<string> {
  const kind = filename.endsWith(".csv") ? "csv" : "pdf";
  const sha = (++shaCounter).toString(16).padStart(64, "0");
  const [row] = await s.t.db.sql`
    insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key, status, reason, result,
                           created_at)
    values (${s.firmId}, ${s.clientId}, ${filename}, ${kind}, 100, ${sha}, ${`${s.firmId}/${sha}`},
            ${opts.status ?? "parsed"}, ${opts.reason ?? null},
            ${opts.result === undefined ? null : s.t.db.sql.json(opts.result as never)},
            ${opts.at ?? new Date().toISOString()})
    returning id`;
  return row.id;
}

async function account(s: Setup, type: string, last4: string, institution = "Harbor Bank"): Promise<string> {
  const [row] = await s.t.db.sql`
    insert into accounts (firm_id, client_id, institution, number_last4, type, name)
    values (${s.firmId}, ${s.clientId}, ${institution}, ${last4}, ${type}, ${`${institution} …${last4}`})
    returning id`;
  return row.id;
}

async function statement(
  s: Setup,
  accountId: string,
  documentId: string,
  start: string | null,
  end: string | null,
) {
  const [row] = await s.t.db.sql`
    insert into statements (firm_id, client_id, account_id, document_id, period_start, period_end, currency,
                            verification_status)
    values (${s.firmId}, ${s.clientId}, ${accountId}, ${documentId}, ${start}, ${end}, 'USD', 'passed')
    returning id`;
  return row.id as string;
}

interface Txn {
  date: string;
  description: string;
  cents: number;
  payee?: string;
  at?: string;
  memo?: string;
  categoryId?: string;
  edited?: string[];
}

let lineNo = 0;

/** Inserts a transaction of a statement, with its document as its source. */
async function txn(s: Setup, accountId: string, statementId: string, documentId: string, x: Txn): Promise<string> {
  const [row] = await s.t.db.sql`
    insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                              currency, fingerprint, line_no, payee, memo, category_id, edited_fields, created_at)
    values (${s.firmId}, ${s.clientId}, ${accountId}, ${statementId}, ${documentId}, ${x.date}, ${x.description},
            ${x.cents}, 'USD', ${crypto.randomUUID()}, ${++lineNo}, ${x.payee ?? ""}, ${x.memo ?? ""},
            ${x.categoryId ?? null}, ${x.edited ?? []}, ${x.at ?? new Date().toISOString()})
    returning id`;
  await s.t.db.sql`
    insert into transaction_sources (transaction_id, firm_id, document_id, statement_id, line_no)
    values (${row.id}, ${s.firmId}, ${documentId}, ${statementId}, ${lineNo})`;
  return row.id;
}

async function category(s: Setup, name: string): Promise<string> {
  const [row] = await s.t.db.sql`select id from categories where firm_id = ${s.firmId} and name = ${name}`;
  return row.id;
}

async function categoryOf(s: Setup, id: string): Promise<string | null> {
  const [row] = await s.t.db.sql`
    select k.name from transactions t left join categories k on k.id = t.category_id where t.id = ${id}`;
  return row?.name ?? null;
}

/** Checking, savings and a card, with two transfers, a card payment and things that must not pair. */
async function transfers(s: Setup) {
  const checking = await account(s, "checking", "4821");
  const savings = await account(s, "savings", "9932");
  const card = await account(s, "credit_card", "1093", "Summit");
  const [d1, d2, d3] = [await doc(s, "checking.pdf"), await doc(s, "savings.pdf"), await doc(s, "card.pdf")];
  const [s1, s2, s3] = [
    await statement(s, checking, d1, "2025-03-01", "2025-03-31"),
    await statement(s, savings, d2, "2025-03-01", "2025-03-31"),
    await statement(s, card, d3, "2025-03-01", "2025-03-31"),
  ];
  const ids = {
    toSavings: await txn(s, checking, s1, d1, {
      date: "2025-03-05",
      description: "ONLINE TRANSFER TO SAV XXXXXX9932",
      cents: -50000,
    }),
    fromChecking: await txn(s, savings, s2, d2, {
      date: "2025-03-06",
      description: "ONLINE TRANSFER FROM CHK XXXXXX4821",
      cents: 50000,
    }),
    // Same amount, same window, no hint: loses to the real transfer and stays unpaired.
    rent: await txn(s, checking, s1, d1, { date: "2025-03-06", description: "RENT MARCH", cents: -50000 }),
    cardAutopay: await txn(s, checking, s1, d1, {
      date: "2025-03-20",
      description: "SUMMIT CARD AUTOPAY",
      cents: -120000,
      categoryId: await category(s, "Office expense"),
      edited: ["category_id"],
    }),
    cardPayment: await txn(s, card, s3, d3, { date: "2025-03-22", description: "PAYMENT THANK YOU", cents: 120000 }),
    // Four days apart: not a transfer.
    coffee: await txn(s, checking, s1, d1, { date: "2025-03-10", description: "BLUE BOTTLE", cents: -4500 }),
    refund: await txn(s, card, s3, d3, { date: "2025-03-14", description: "REFUND BLUE BOTTLE", cents: 4500 }),
  };
  return { checking, savings, card, ids };
}

Deno.test("transfers between checking and savings and a card payment are suggested; confirming categorizes and audits", async () => {
  const s = await setUp();
  try {
    const { ids } = await transfers(s);
    const detect = await api(s.t, s.owner, "POST", `/api/v1/clients/${s.clientId}/links/detect`);
    assertEquals(detect.status, 200);
    assertEquals(detect.body, { transfers: 2, duplicates: 0 });

    const review = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    assertEquals(review.status, 200);
    const pairs = review.body.transfers.map((l: any) => [l.a.id, l.b.id]);
    assertEquals(pairs.length, 2);
    assert(pairs.some(([a, b]: string[]) => a === ids.toSavings && b === ids.fromChecking), "checking → savings");
    assert(pairs.some(([a, b]: string[]) => a === ids.cardAutopay && b === ids.cardPayment), "card payment");
    const savingsPair = review.body.transfers.find((l: any) => l.a.id === ids.toSavings);
    assertEquals(savingsPair.status, "suggested");
    assert(savingsPair.score >= 0.9, `hints and last four digits score high (${savingsPair.score})`);
    assertStringIncludes(savingsPair.reason, "ONLINE TRANSFER");
    assertStringIncludes(savingsPair.reason, "…9932");
    assertEquals(savingsPair.a.amount, "-500.00");
    assertEquals(savingsPair.b.account.name, "Harbor Bank …9932");
    assertEquals(review.body.counts.transfers, 2);
    assertEquals(review.body.counts.duplicates, 0);

    // Idempotent: nothing new the second time.
    const again = await api(s.t, s.owner, "POST", `/api/v1/clients/${s.clientId}/links/detect`);
    assertEquals(again.body, { transfers: 0, duplicates: 0 });
    const [{ n }] = await s.t.db.sql`select count(*)::int as n from transaction_links`;
    assertEquals(n, 2);

    // Confirm checking → savings: both get the Transfer category, with an audit row each.
    const confirm = await api(s.t, s.owner, "POST", `/api/v1/links/${savingsPair.id}/confirm`);
    assertEquals(confirm.status, 200, JSON.stringify(confirm.body));
    assertEquals(confirm.body.link.status, "confirmed");
    assertEquals(confirm.body.categorized.sort(), [ids.toSavings, ids.fromChecking].sort());
    assertEquals(confirm.body.merged, null);
    assertEquals(await categoryOf(s, ids.toSavings), "Transfer");
    assertEquals(await categoryOf(s, ids.fromChecking), "Transfer");
    assertEquals(await auditCount(s.t, "transaction_link.confirm", savingsPair.id), 1);
    assertEquals(await auditCount(s.t, "transaction.categorize", ids.toSavings), 1);
    assertEquals(await auditCount(s.t, "transaction.categorize", ids.fromChecking), 1);
    const [audit] = await s.t.db.sql`
      select actor_id, changes from audit_log where action = 'transaction.categorize' and entity_id = ${ids.toSavings}`;
    assertEquals(audit.actor_id, s.owner.userId);
    assertEquals(audit.changes.category, { from: null, to: "Transfer" });

    // The card payment: a person already categorized the checking side, so only the card side changes.
    const cardPair = review.body.transfers.find((l: any) => l.a.id === ids.cardAutopay);
    const card = await api(s.t, s.owner, "POST", `/api/v1/links/${cardPair.id}/confirm`);
    assertEquals(card.status, 200);
    assertEquals(card.body.categorized, [ids.cardPayment]);
    assertEquals(await categoryOf(s, ids.cardAutopay), "Office expense");
    assertEquals(await categoryOf(s, ids.cardPayment), "Transfer");

    // Decided once: a second decision is a conflict and changes nothing.
    const twice = await api(s.t, s.owner, "POST", `/api/v1/links/${savingsPair.id}/reject`);
    assertEquals(twice.status, 409);
    const [{ status }] = await s.t.db.sql`select status from transaction_links where id = ${savingsPair.id}`;
    assertEquals(status, "confirmed");

    // Confirmed transactions are not suggested again.
    assertEquals((await api(s.t, s.owner, "POST", `/api/v1/clients/${s.clientId}/links/detect`)).body, {
      transfers: 0,
      duplicates: 0,
    });
    const after = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    assertEquals(after.body.transfers, []);
  } finally {
    await s.t.close();
  }
});

Deno.test("a rejected transfer is not suggested again after detection runs again", async () => {
  const s = await setUp();
  try {
    const { ids } = await transfers(s);
    await api(s.t, s.owner, "POST", `/api/v1/clients/${s.clientId}/links/detect`);
    const review = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    const pair = review.body.transfers.find((l: any) => l.a.id === ids.toSavings);
    const reject = await api(s.t, s.owner, "POST", `/api/v1/links/${pair.id}/reject`);
    assertEquals(reject.status, 200);
    assertEquals(reject.body.status, "rejected");
    assertEquals(await auditCount(s.t, "transaction_link.reject", pair.id), 1);
    assertEquals(await categoryOf(s, ids.toSavings), null, "rejecting changes no transaction");

    const again = await api(s.t, s.owner, "POST", `/api/v1/clients/${s.clientId}/links/detect`);
    assertEquals(again.status, 200);
    const after = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    assert(
      !after.body.transfers.some((l: any) =>
        [l.a.id, l.b.id].sort().join() === [ids.toSavings, ids.fromChecking].sort().join()
      ),
      "the rejected pair is not suggested again",
    );
    const [{ n }] = await s.t.db.sql`
      select count(*)::int as n from transaction_links
       where (a_id = ${ids.toSavings} and b_id = ${ids.fromChecking}) or (a_id = ${ids.fromChecking} and b_id = ${ids.toSavings})`;
    assertEquals(n, 1, "only the rejected row for that pair");
    // The savings deposit may pair with the rent payment now (same amount, a day apart) — a new pair, not the old one.
    assertEquals(after.body.counts.transfers, after.body.transfers.length);
  } finally {
    await s.t.close();
  }
});

Deno.test("a purchase in a CSV export and the PDF statement is a duplicate; merging keeps both sources", async () => {
  const s = await setUp();
  try {
    const checking = await account(s, "checking", "4821");
    const pdf = await doc(s, "march.pdf", { at: "2025-04-02T10:00:00Z" });
    const csv = await doc(s, "march.csv", { at: "2025-04-03T10:00:00Z" });
    const s1 = await statement(s, checking, pdf, "2025-03-01", "2025-03-31");
    const s2 = await statement(s, checking, csv, "2025-03-01", "2025-03-31");
    const fromPdf = await txn(s, checking, s1, pdf, {
      date: "2025-03-14",
      description: "AMAZON MKTPL*2K4LL8 SEATTLE WA",
      cents: -2399,
      at: "2025-04-02T10:00:00Z",
    });
    const fromCsv = await txn(s, checking, s2, csv, {
      date: "2025-03-15",
      description: "Amazon Mktpl 2K4LL8 Seattle",
      cents: -2399,
      at: "2025-04-03T10:00:00Z",
      memo: "printer paper",
      edited: ["memo"],
    });
    // Two identical lines of one statement are two purchases, never duplicates of each other.
    await txn(s, checking, s1, pdf, { date: "2025-03-20", description: "COFFEE", cents: -450 });
    await txn(s, checking, s1, pdf, { date: "2025-03-20", description: "COFFEE", cents: -450 });
    // Same account and amount, but nothing alike: not a duplicate.
    await txn(s, checking, s2, csv, { date: "2025-03-14", description: "CITY WATER DEPT", cents: -2399 });

    const detect = await api(s.t, s.owner, "POST", `/api/v1/clients/${s.clientId}/links/detect`);
    assertEquals(detect.body, { transfers: 0, duplicates: 1 });
    const review = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    assertEquals(review.body.duplicates.length, 1);
    const dup = review.body.duplicates[0];
    assertEquals([dup.a.id, dup.b.id], [fromPdf, fromCsv], "the earlier import is kept");
    assertEquals(dup.kind, "duplicate");
    assertStringIncludes(dup.reason, "march.pdf");
    assertStringIncludes(dup.reason, "march.csv");
    assertEquals(dup.b.sources.map((x: any) => x.filename), ["march.csv"]);

    const confirm = await api(s.t, s.owner, "POST", `/api/v1/links/${dup.id}/confirm`);
    assertEquals(confirm.status, 200, JSON.stringify(confirm.body));
    assertEquals(confirm.body.merged, { kept_id: fromPdf, removed_id: fromCsv });
    assertEquals(confirm.body.link.status, "confirmed");
    assertEquals(confirm.body.link.a.sources.map((x: any) => x.filename).sort(), ["march.csv", "march.pdf"]);

    const gone = await s.t.db.sql`select 1 from transactions where id = ${fromCsv}`;
    assertEquals(gone.length, 0, "the duplicate is deleted");
    const sources = await s.t.db.sql`
      select d.filename from transaction_sources x join documents d on d.id = x.document_id
       where x.transaction_id = ${fromPdf} order by d.filename`;
    assertEquals(sources.map((r) => r.filename), ["march.csv", "march.pdf"], "provenance kept");
    const [kept] = await s.t.db.sql`select memo, edited_fields from transactions where id = ${fromPdf}`;
    assertEquals(kept.memo, "printer paper", "a person's memo on the duplicate is carried over");
    assertEquals(kept.edited_fields, ["memo"]);

    const [audit] = await s.t.db.sql`
      select changes from audit_log where action = 'transaction.merge' and entity_id = ${fromPdf}`;
    assertEquals(audit.changes.duplicate.from.id, fromCsv);
    assertEquals(audit.changes.duplicate.to, null);
    assertEquals(audit.changes.kept.from.sources.length, 1);
    assertEquals(audit.changes.kept.to.sources.length, 2);
    assertEquals(audit.changes._details.removed_id, fromCsv);
    assertEquals(await auditCount(s.t, "transaction_link.confirm", dup.id), 1);

    const again = await api(s.t, s.owner, "POST", `/api/v1/clients/${s.clientId}/links/detect`);
    assertEquals(again.body, { transfers: 0, duplicates: 0 });
  } finally {
    await s.t.close();
  }
});

Deno.test("statement coverage: a missing month is a gap in the grid and in the queue", async () => {
  const s = await setUp();
  try {
    const checking = await account(s, "checking", "4821", "Chase");
    const savings = await account(s, "savings", "9932", "Chase");
    for (
      const [start, end] of [["2025-01-01", "2025-01-31"], ["2025-02-01", "2025-02-28"], ["2025-04-01", "2025-04-30"], [
        "2025-05-01",
        "2025-05-15",
      ]]
    ) {
      await statement(s, checking, await doc(s, `checking-${start}.pdf`), start, end);
    }
    // One statement from mid-February to mid-March: both months partly covered.
    await statement(s, savings, await doc(s, "savings.pdf"), "2025-02-10", "2025-03-09");
    // A statement without a printed period spans its transactions' dates.
    const card = await account(s, "credit_card", "1093", "Chase");
    const cardDoc = await doc(s, "card.pdf");
    const undated = await statement(s, card, cardDoc, null, null);
    await txn(s, card, undated, cardDoc, { date: "2025-03-03", description: "HOTEL", cents: -18944 });
    await txn(s, card, undated, cardDoc, { date: "2025-04-20", description: "PAYMENT THANK YOU", cents: 18944 });

    const review = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    assertEquals(review.status, 200);
    const { coverage } = review.body;
    assertEquals(coverage.months, ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]);
    const grid = Object.fromEntries(coverage.accounts.map((a: any) => [a.name, a.months]));
    assertEquals(grid["Chase …4821"], [
      { month: "2025-01", covered: true, partial: false },
      { month: "2025-02", covered: true, partial: false },
      { month: "2025-03", covered: false, partial: false },
      { month: "2025-04", covered: true, partial: false },
      { month: "2025-05", covered: true, partial: true },
    ]);
    assertEquals(grid["Chase …1093"], [
      { month: "2025-03", covered: true, partial: true },
      { month: "2025-04", covered: true, partial: true },
    ]);
    assertEquals(grid["Chase …9932"], [
      { month: "2025-02", covered: true, partial: true },
      { month: "2025-03", covered: true, partial: true },
    ]);
    assertEquals(coverage.gaps, [{
      account_id: checking,
      account_name: "Chase …4821",
      month: "2025-03",
      message: "No statement for Chase …4821 covering March 2025",
    }]);
    assertEquals(review.body.counts.gaps, 1);

    const page = await s.t.request(`/clients/${s.clientId}/review`, { headers: s.owner.browser });
    assertEquals(page.status, 200);
    const html = await page.text();
    assertStringIncludes(html, "No statement for Chase …4821 covering March 2025");
    assertStringIncludes(html, "Statements per account and month");
    assertMatch(html, /<th scope="row">Chase …4821<\/th>/);
    assertMatch(
      html,
      /<td class="coverage-gap" data-month="2025-03" data-state="gap" title="[^"]+"><span aria-hidden="true">gap<\/span>/,
    );
    assertMatch(
      html,
      /data-month="2025-01" data-state="covered" title="Chase …4821, January 2025: covered by statements"/,
    );
    assertMatch(html, /data-month="2025-05" data-state="partial"/);

    const spanish = await s.t.request(`/api/v1/clients/${s.clientId}/review`, {
      headers: { ...s.owner.bearer, "Accept-Language": "es" },
    });
    const body = await spanish.json();
    assertEquals(body.coverage.gaps[0].message, "No hay extracto de Chase …4821 para marzo de 2025");
  } finally {
    await s.t.close();
  }
});

Deno.test("documents needing review are listed with their reason and failing rows", async () => {
  const s = await setUp();
  try {
    const check = {
      name: "running_balance",
      ok: false,
      detail: "Row 3 does not follow the running balance",
      rows: [2, 3],
    };
    const bad = await doc(s, "april.pdf", {
      status: "needs_review",
      reason: "Does not reconcile: Row 3 does not follow the running balance",
      result: {
        statements: [{
          verification: { status: "failed", checks: [{ name: "opening", ok: true, detail: "ok" }, check] },
        }],
      },
    });
    const locked = await doc(s, "locked.pdf", {
      status: "needs_password",
      reason: "This PDF is protected by a password",
    });
    await doc(s, "fine.pdf");

    const review = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    assertEquals(review.body.documents.map((d: any) => d.id).sort(), [bad, locked].sort());
    const listed = review.body.documents.find((d: any) => d.id === bad);
    assertEquals(listed.status, "needs_review");
    assertEquals(listed.reason, "Does not reconcile: Row 3 does not follow the running balance");
    assertEquals(listed.failed_checks, [{ name: check.name, detail: check.detail, rows: [2, 3] }]);
    assertEquals(review.body.counts.documents, 2);

    const html = await (await s.t.request(`/clients/${s.clientId}/review`, { headers: s.owner.browser })).text();
    assertStringIncludes(html, `href="/documents/${bad}"`);
    assertStringIncludes(html, "Row 3 does not follow the running balance");
    assertStringIncludes(html, "2 rows highlighted on the statement");
  } finally {
    await s.t.close();
  }
});

Deno.test("the navigation shows a badge with the open items of the clients a member may see", async () => {
  const s = await setUp();
  try {
    await transfers(s);
    await api(s.t, s.owner, "POST", `/api/v1/clients/${s.clientId}/links/detect`);
    await doc(s, "april.pdf", { status: "needs_review", reason: "Does not reconcile" });
    const review = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    // 2 transfers + 1 document + uncategorized transactions (all but the one a person categorized).
    assertEquals(review.body.counts.transfers, 2);
    assertEquals(review.body.counts.documents, 1);
    assertEquals(review.body.uncategorized_count, 6);
    assertEquals(review.body.counts.total, 9);

    const page = await (await s.t.request("/clients", { headers: s.owner.browser })).text();
    assertMatch(
      page,
      /<a href="\/review"[^>]*>\s*Review<span id="review-badge" hx-get="\/review\/badge" hx-trigger="load"/,
    );
    const badge = await s.t.request("/review/badge", { headers: { ...s.owner.browser, "HX-Request": "true" } });
    assertEquals(badge.status, 200);
    const html = await badge.text();
    assertStringIncludes(html, 'data-count="9"');
    assertStringIncludes(html, "9 open review items");

    const summary = await api(s.t, s.owner, "GET", "/api/v1/review");
    assertEquals(summary.status, 200);
    assertEquals(summary.body.total, 9);
    assertEquals(summary.body.clients[0].counts.total, 9);
    const summaryPage = await (await s.t.request("/review", { headers: s.owner.browser })).text();
    assertStringIncludes(summaryPage, `href="/clients/${s.clientId}/review"`);

    // A preparer who is not assigned to the client sees nothing of it.
    const preparer = await addMember(s.t, s.firmId, "preparer");
    const theirs = await s.t.request("/review/badge", { headers: preparer.browser });
    assertStringIncludes(await theirs.text(), 'data-count="0"');
    assertEquals((await api(s.t, preparer, "GET", `/api/v1/clients/${s.clientId}/review`)).status, 404);

    // Deciding inline (htmx) updates the item, the section count and the badge.
    const link = review.body.transfers[0];
    const inline = await s.t.request(`/links/${link.id}/reject`, {
      method: "POST",
      headers: { ...s.owner.browser, "HX-Request": "true" },
    });
    assertEquals(inline.status, 200);
    const fragment = await inline.text();
    assertStringIncludes(fragment, `id="link-${link.id}"`);
    assertStringIncludes(fragment, 'role="status"');
    assertMatch(fragment, /id="count-transfers" hx-swap-oob="true">1</);
    assertMatch(fragment, /id="review-badge"[^>]*hx-swap-oob="true"/);
    assertStringIncludes(fragment, 'data-count="8"');
    // Without htmx the form posts and redirects back to the queue.
    const other = review.body.transfers[1];
    const plain = await s.t.request(`/links/${other.id}/confirm`, { method: "POST", headers: s.owner.browser });
    assertEquals(plain.status, 303);
    assertEquals(plain.headers.get("Location"), `/clients/${s.clientId}/review#review-transfers`);
  } finally {
    await s.t.close();
  }
});

Deno.test("a read-only member cannot decide (403); another firm gets 404 and changes nothing", async () => {
  const s = await setUp();
  try {
    await transfers(s);
    await api(s.t, s.owner, "POST", `/api/v1/clients/${s.clientId}/links/detect`);
    const review = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    const link = review.body.transfers[0];
    const readOnly = await addMember(s.t, s.firmId, "read_only");
    await api(s.t, s.owner, "PUT", `/api/v1/clients/${s.clientId}/assignments`, { user_ids: [readOnly.userId] });

    assertEquals((await api(s.t, readOnly, "GET", `/api/v1/clients/${s.clientId}/review`)).status, 200);
    assertEquals((await api(s.t, readOnly, "POST", `/api/v1/links/${link.id}/confirm`)).status, 403);
    assertEquals((await api(s.t, readOnly, "POST", `/api/v1/links/${link.id}/reject`)).status, 403);
    assertEquals((await api(s.t, readOnly, "POST", `/api/v1/clients/${s.clientId}/links/detect`)).status, 403);
    const page = await (await s.t.request(`/clients/${s.clientId}/review`, { headers: readOnly.browser })).text();
    assert(!page.includes(`/links/${link.id}/confirm`), "no confirm button for a read-only member");

    const other = await createFirm(s.t, "Other Firm");
    assertEquals((await api(s.t, other, "GET", `/api/v1/clients/${s.clientId}/review`)).status, 404);
    assertEquals((await api(s.t, other, "POST", `/api/v1/links/${link.id}/confirm`)).status, 404);
    assertEquals((await api(s.t, other, "POST", `/api/v1/links/${link.id}/reject`)).status, 404);
    assertEquals((await api(s.t, other, "POST", `/api/v1/clients/${s.clientId}/links/detect`)).status, 404);
    assertEquals((await s.t.request(`/clients/${s.clientId}/review`, { headers: other.browser })).status, 404);
    assertEquals((await api(s.t, other, "GET", "/api/v1/review")).body, { clients: [], total: 0 });

    const [{ status }] = await s.t.db.sql`select status from transaction_links where id = ${link.id}`;
    assertEquals(status, "suggested");
    const [{ n }] = await s.t.db.sql`
      select count(*)::int as n from audit_log where action like 'transaction%' and action <> 'transaction.rules_applied'`;
    assertEquals(n, 0);
  } finally {
    await s.t.close();
  }
});

Deno.test("rule conflicts: transactions where enabled rules set different categories are listed", async () => {
  const s = await setUp();
  try {
    const checking = await account(s, "checking", "4821");
    const d = await doc(s, "march.pdf");
    const st = await statement(s, checking, d, "2025-03-01", "2025-03-31");
    const travel = await category(s, "Travel");
    const meals = await category(s, "Deductible meals");
    const x = await txn(s, checking, st, d, { date: "2025-03-03", description: "UBER EATS", cents: -2300 });
    const conditions = (value: string) => ({
      match: "all",
      conditions: [{ field: "description", op: "contains", value }],
    });
    const [r1] = await s.t.db.sql`
      insert into rules (firm_id, name, position, conditions, actions)
      values (${s.firmId}, 'Uber is travel', 1, ${s.t.db.sql.json(conditions("UBER"))},
              ${s.t.db.sql.json([{ type: "set_category", category_id: travel }])}) returning id`;
    const [r2] = await s.t.db.sql`
      insert into rules (firm_id, name, position, conditions, actions)
      values (${s.firmId}, 'Eats are meals', 2, ${s.t.db.sql.json(conditions("EATS"))},
              ${s.t.db.sql.json([{ type: "set_category", category_id: meals }])}) returning id`;
    // What the rules engine records when it changes a transaction (src/rules/apply.ts).
    await s.t.db.sql`update transactions set category_id = ${meals}, rule_id = ${r2.id} where id = ${x}`;
    await s.t.db.sql`
      insert into audit_log (firm_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, changes)
      values (${s.firmId}, 'system', 'rules', 'rules', 'transaction.rules_applied', 'transaction', ${x},
              ${s.t.db.sql.json({ _details: { rule_id: r2.id, matched_rule_ids: [r1.id, r2.id] } })})`;

    const review = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
    assertEquals(review.body.rule_conflicts.length, 1);
    assertEquals(review.body.rule_conflicts[0].transaction.id, x);
    assertEquals(review.body.rule_conflicts[0].rules.map((r: any) => [r.name, r.category.name]), [
      ["Uber is travel", "Travel"],
      ["Eats are meals", "Deductible meals"],
    ]);
    assertEquals(review.body.counts.rule_conflicts, 1);

    // A person choosing the category resolves it; so does disabling one of the rules.
    await s.t.db.sql`update transactions set edited_fields = '{category_id}' where id = ${x}`;
    assertEquals(
      (await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`)).body.counts.rule_conflicts,
      0,
    );
    await s.t.db.sql`update transactions set edited_fields = '{}' where id = ${x}`;
    await s.t.db.sql`update rules set enabled = false where id = ${r1.id}`;
    assertEquals(
      (await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`)).body.counts.rule_conflicts,
      0,
    );
  } finally {
    await s.t.close();
  }
});

// End to end: two real statements parsed by a real worker queue detect_links, which suggests the transfer.
const HOLDER = { name: "Riverside Bakery LLC", address: ["12 Oak Ave", "Springfield, IL 62704"] };
const BANK = { name: "Harbor Bank", address: ["1 Main St", "Springfield, IL 62701"] };

function spec(type: "checking" | "savings", number: string, opening: number, rows: TransactionSpec[]): StatementSpec {
  return {
    institution: BANK,
    holder: HOLDER,
    account: { type, number, display: "masked" },
    currency: "USD",
    period: { start: "2025-03-01", end: "2025-03-31", format: "MM/DD/YYYY" },
    balances: { opening },
    transactions: rows,
    table: { columns: ["date", "description", "amount", "balance"], dateFormat: "MM/DD/YYYY", amountStyle: "signed" },
  };
}

Deno.test("parsing statements queues detect_links, which suggests the transfer between the two accounts", async () => {
  const s = await setUp();
  const worker = await testWorker(s.t);
  try {
    const checking = await generateStatement(spec("checking", "000123454821", 500_000, [
      { date: "2025-03-03", description: "PAYROLL DEPOSIT", amount: 250_000 },
      { date: "2025-03-07", description: "ONLINE TRANSFER TO SAV XXXXXX9932", amount: -100_000 },
      { date: "2025-03-12", description: "OFFICE DEPOT #112", amount: -8_950 },
    ]));
    const savings = await generateStatement(spec("savings", "000987659932", 1_000_000, [
      { date: "2025-03-08", description: "ONLINE TRANSFER FROM CHK XXXXXX4821", amount: 100_000 },
      { date: "2025-03-31", description: "INTEREST PAYMENT", amount: 412 },
    ]));
    const up1 = await uploadFile(s.t, s.owner, s.clientId, "checking-march.pdf", checking.pdf);
    const up2 = await uploadFile(s.t, s.owner, s.clientId, "savings-march.pdf", savings.pdf);
    assertEquals((await waitForFinal(s.t, s.owner, up1.body.id)).status, "parsed");
    assertEquals((await waitForFinal(s.t, s.owner, up2.body.id)).status, "parsed");
    const review = await waitFor(async () => {
      const r = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/review`);
      return r.body.transfers.length ? r.body : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200, what: "the transfer suggestion" });
    assertEquals(review.transfers.length, 1);
    const [link] = review.transfers;
    assertEquals(link.a.description, "ONLINE TRANSFER TO SAV XXXXXX9932");
    assertEquals(link.b.description, "ONLINE TRANSFER FROM CHK XXXXXX4821");
    assertEquals(link.a.amount, "-1000.00");
    assertEquals(review.coverage.gaps, []);
    assertEquals(review.coverage.accounts.length, 2);
    await waitFor(async () => {
      const [{ n }] = await s.t.db.sql`select count(*)::int as n from graphile_worker.jobs`;
      return n === 0;
    }, { timeoutMs: 30_000, what: "the queue to drain" });
  } finally {
    await worker.stop(5000);
    await s.t.close();
  }
});
