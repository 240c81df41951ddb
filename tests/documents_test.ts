/**
 * Documents end to end through the API, a real worker and real PDFs from the fixture
 * generator: upload → trigger → parse job → rows; duplicates and Idempotency-Key; size and
 * type limits; password, scanned and malformed files; re-parse; overlapping statements.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { api, auditCount, createFirm } from "./support/identity.ts";
import { testWorker, uploadFile, waitForFinal } from "./support/documents.ts";
import {
  encryptedStatement,
  FIXTURES,
  generateStatement,
  malformedFiles,
  scannedStatement,
} from "./fixtures/statements.ts";
import type { WorkerHandle } from "../src/worker/runner.ts";

async function setUp(env: Record<string, string> = {}) {
  const t = await createTestApp(env);
  const owner = await createFirm(t);
  const client = await api(t, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
  const worker = await testWorker(t);
  return { t, owner, clientId: client.body.id as string, worker };
}

async function tearDown(s: { t: TestApp; worker: WorkerHandle }) {
  await s.worker.stop(5000);
  await s.t.close();
}

const fixture = (name: string) => FIXTURES.find((f) => f.name === name)!;

Deno.test("a statement PDF is stored encrypted, parsed by the worker and its transactions listed", async () => {
  const s = await setUp();
  try {
    const { pdf, truth } = await generateStatement(fixture("us_checking").spec);
    const up = await uploadFile(s.t, s.owner, s.clientId, "march.pdf", pdf);
    assertEquals(up.status, 201);
    assertEquals(up.body.duplicate, false);
    assertEquals(up.body.kind, "pdf");
    const [{ key }] = await s.t.db.sql`select key from graphile_worker.jobs`;
    assertEquals(key, `parse_document:${up.body.id}`, "the insert queued exactly this job");
    const raw = await Deno.readFile(`${s.t.config.dataDir}/files/${s.owner.firmId}/${up.body.id}`);
    assert(!new TextDecoder("latin1").decode(raw).includes("%PDF"), "the file is encrypted on disk");

    const doc = await waitForFinal(s.t, s.owner, up.body.id);
    assertEquals(doc.status, "parsed", doc.reason);
    assertEquals(doc.transaction_count, truth.transactions.length);
    assertEquals(doc.statement.verification.status, "passed");
    assertEquals(doc.statement.account.number, truth.account.number);

    const page = await api(s.t, s.owner, "GET", `/api/v1/clients/${s.clientId}/transactions?limit=5`);
    assertEquals(page.status, 200);
    assertEquals(page.body.items.length, Math.min(5, truth.transactions.length));
    assertMatch(page.body.items[0].amount, /^-?\d+\.\d{2}$/);
    let seen = page.body.items.length;
    let cursor = page.body.next_cursor;
    while (cursor) {
      const next = await api(
        s.t,
        s.owner,
        "GET",
        `/api/v1/clients/${s.clientId}/transactions?limit=5&cursor=${cursor}`,
      );
      seen += next.body.items.length;
      cursor = next.body.next_cursor;
    }
    assertEquals(seen, truth.transactions.length, "cursor pagination visits every row once");
    assertEquals(await auditCount(s.t, "document.upload", up.body.id), 1);
  } finally {
    await tearDown(s);
  }
});

Deno.test("the same file again is a duplicate; Idempotency-Key replays the first answer", async () => {
  const s = await setUp();
  try {
    const { pdf } = await generateStatement(fixture("us_card_cr").spec);
    const first = await uploadFile(s.t, s.owner, s.clientId, "card.pdf", pdf, { "Idempotency-Key": "k-1" });
    assertEquals(first.status, 201);
    const again = await uploadFile(s.t, s.owner, s.clientId, "card (1).pdf", pdf);
    assertEquals(again.status, 200);
    assertEquals([again.body.id, again.body.duplicate], [first.body.id, true]);
    const replay = await uploadFile(s.t, s.owner, s.clientId, "card.pdf", pdf, { "Idempotency-Key": "k-1" });
    assertEquals(replay.body.id, first.body.id);
    const other = await generateStatement(fixture("us_checking").spec);
    const misuse = await uploadFile(s.t, s.owner, s.clientId, "x.pdf", other.pdf, { "Idempotency-Key": "k-1" });
    assertEquals(misuse.status, 422);
    const [{ n }] = await s.t.db.sql`select count(*)::int as n from documents`;
    assertEquals(n, 1, "no second copy");
  } finally {
    await tearDown(s);
  }
});

Deno.test("too large is 413, an unknown type is 415, and nothing is stored", async () => {
  const s = await setUp({ MAX_UPLOAD_MB: "1" });
  try {
    const big = new Uint8Array(1024 * 1024 + 10).fill(65);
    big.set(new TextEncoder().encode("%PDF-1.7\n"));
    const tooBig = await uploadFile(s.t, s.owner, s.clientId, "big.pdf", big);
    assertEquals(tooBig.status, 413);
    assertMatch(tooBig.body.detail, /larger than the limit of 1 MB/);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const image = await uploadFile(s.t, s.owner, s.clientId, "statement.pdf", png);
    assertEquals(image.status, 415);
    assertMatch(image.body.detail, /PDF statements, CSV exports and OFX/);
    const [{ n }] = await s.t.db.sql`select count(*)::int as n from documents`;
    assertEquals(n, 0);
  } finally {
    await tearDown(s);
  }
});

Deno.test("password-protected PDF: needs_password, a wrong password is refused, the right one parses", async () => {
  const s = await setUp();
  try {
    const locked = await encryptedStatement();
    const up = await uploadFile(s.t, s.owner, s.clientId, "locked.pdf", locked.pdf);
    let doc = await waitForFinal(s.t, s.owner, up.body.id);
    assertEquals(doc.status, "needs_password");
    const wrong = await api(s.t, s.owner, "POST", `/api/v1/documents/${up.body.id}/password`, { password: "nope" });
    assertEquals(wrong.status, 202);
    doc = await waitForFinal(s.t, s.owner, up.body.id);
    assertEquals(doc.status, "needs_password");
    assertMatch(doc.reason, /not correct/i);
    await api(s.t, s.owner, "POST", `/api/v1/documents/${up.body.id}/password`, { password: locked.password });
    doc = await waitForFinal(s.t, s.owner, up.body.id);
    assertEquals(doc.status, "parsed", doc.reason);
    const stored = await s.t.db.sql`select count(*)::int as n from audit_log where changes::text like '%s3cret%'`;
    assertEquals(stored[0].n, 0, "the password is not stored");
  } finally {
    await tearDown(s);
  }
});

Deno.test("scanned and malformed PDFs end in a clear state, and the worker keeps serving", async () => {
  const s = await setUp();
  try {
    const files: [string, Uint8Array][] = [["scan.pdf", (await scannedStatement()).pdf]];
    for (const [name, bytes] of Object.entries(await malformedFiles())) {
      files.push([`${name}.pdf`, bytes as Uint8Array]);
    }
    for (const [name, bytes] of files) {
      const up = await uploadFile(s.t, s.owner, s.clientId, name, bytes);
      assertEquals(up.status, 201, name);
      const doc = await waitForFinal(s.t, s.owner, up.body.id, 120_000);
      assert(["unreadable", "failed", "needs_review"].includes(doc.status), `${name}: ${doc.status}`);
      assert(doc.reason && doc.reason.length > 10, `${name} has a reason: ${doc.reason}`);
      if (name === "scan.pdf") assertMatch(doc.reason, /scanned/i);
    }
    const { pdf } = await generateStatement(fixture("savings_interest").spec);
    const after = await uploadFile(s.t, s.owner, s.clientId, "ok.pdf", pdf);
    assertEquals((await waitForFinal(s.t, s.owner, after.body.id)).status, "parsed", "the worker still works");
  } finally {
    await tearDown(s);
  }
});

Deno.test("re-parsing replaces a document's rows; overlapping statements never duplicate a transaction", async () => {
  const s = await setUp();
  try {
    const { pdf, truth } = await generateStatement(fixture("us_checking").spec);
    const up = await uploadFile(s.t, s.owner, s.clientId, "a.pdf", pdf);
    await waitForFinal(s.t, s.owner, up.body.id);
    const before = await s.t.db.sql`select fingerprint from transactions order by fingerprint`;
    const again = await api(s.t, s.owner, "POST", `/api/v1/documents/${up.body.id}/reparse`, {});
    assertEquals(again.status, 202);
    const doc = await waitForFinal(s.t, s.owner, up.body.id);
    assertEquals(doc.transaction_count, truth.transactions.length);
    const after = await s.t.db.sql`select fingerprint from transactions order by fingerprint`;
    assertEquals(after.map((r) => r.fingerprint), before.map((r) => r.fingerprint));

    // The same statement with a different layout (a second copy covering the same period).
    const spec = structuredClone(fixture("us_checking").spec);
    spec.institution = { ...spec.institution, footerNote: "Reprinted copy" };
    const copy = await generateStatement(spec);
    const second = await uploadFile(s.t, s.owner, s.clientId, "b.pdf", copy.pdf);
    const secondDoc = await waitForFinal(s.t, s.owner, second.body.id);
    const [{ n }] = await s.t.db.sql`select count(*)::int as n from transactions`;
    assertEquals(n, truth.transactions.length, `overlap imported nothing twice (${secondDoc.status})`);
    const [{ sources }] = await s.t.db.sql`select count(*)::int as sources from transaction_sources`;
    assertEquals(sources, 2 * truth.transactions.length, "each transaction keeps both statements as sources");
  } finally {
    await tearDown(s);
  }
});
