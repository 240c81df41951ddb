/**
 * Document templates over HTTP: creating, checking, changing, duplicating and archiving (with
 * audit rows and permissions), another firm's ids, DOCX uploads, and each shipped template
 * rendered for a client with a seeded ledger — the letter carries the client's name and the net
 * profit the Schedule C report gives.
 */
import PizZip from "pizzip";
import { extractText, getDocumentProxy } from "unpdf";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import { seedAccount, seedClient, seedStatement, seedTransactions } from "./support/ledger.ts";
import { buildDocx } from "../src/templates/testing/docx.ts";
import { docxParagraphs } from "../src/templates/docx.ts";

interface Setup {
  t: TestApp;
  owner: Member;
  clientId: string;
}

/** A firm with a client whose 2025 ledger has income, expenses, uncategorized money and missing statements. */
async function setUp(): Promise<Setup> {
  const t = await createTestApp();
  const owner = await createFirm(t, "Harbor & Co Accountants");
  const clientId = await seedClient(t.db.sql, owner.firmId, "Riverside Bakery & Sons LLC");
  await t.db.sql`update clients set contact_name = 'Rosa Rivera' where id = ${clientId}`;
  const checking = await seedAccount(t.db.sql, owner.firmId, clientId, {
    from: "2025-01-01",
    to: "2025-03-31",
    last4: "4821",
  });
  await seedStatement(t.db.sql, checking, "2025-06-01", "2025-12-31");
  await seedTransactions(t.db.sql, checking, [
    { date: "2025-01-15", description: "Wholesale order", cents: 1_250_000, category: "Gross receipts or sales" },
    { date: "2025-02-03", description: "Flour *bulk*", cents: -84_550, category: "Supplies" },
    { date: "2025-02-20", description: "Facebook ads", cents: -30_000, category: "Advertising" },
    { date: "2025-03-01", description: "Mystery payment", cents: -12_345 },
    { date: "2025-07-09", description: "Café catering", cents: 320_000, category: "Gross receipts or sales" },
  ]);
  return { t, owner, clientId };
}

const md = (t: TestApp, who: Member, body: string, name = "Letter") =>
  api(t, who, "POST", "/api/v1/templates", { name, format: "md", body });

async function download(s: Setup, who: Member, templateId: string, query: string) {
  const res = await s.t.request(`/api/v1/clients/${s.clientId}/templates/${templateId}/render?${query}`, {
    headers: who.bearer,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder().decode(bytes) };
}

Deno.test("templates: create, check, change, duplicate and archive, each audited; errors carry line and column", async () => {
  const s = await setUp();
  const { t, owner } = s;
  try {
    const created = await md(t, owner, "Dear {{client.name}},\n");
    assertEquals(created.status, 201);
    assertEquals(created.body.builtin, false);
    assertEquals(created.body.outputs, ["md", "html", "pdf"]);
    assertEquals(await auditCount(t, "template.create", created.body.id), 1);

    const bad = await api(t, owner, "PATCH", `/api/v1/templates/${created.body.id}`, {
      body: "Dear {{client.name}},\n\n  {{totals.net_proft}}\n{{#transactions}}",
    });
    assertEquals(bad.status, 422);
    assertEquals(bad.headers.get("Content-Type"), "application/problem+json");
    assertEquals(bad.body.errors, [
      { line: 4, column: 1, message: "section {{#transactions}} is never closed; add {{/transactions}}" },
    ]);
    const unknown = await api(t, owner, "PATCH", `/api/v1/templates/${created.body.id}`, {
      body: "Dear {{client.name}},\n\n  {{totals.net_proft}}\n",
    });
    assertEquals(unknown.status, 422);
    assertEquals(unknown.body.errors, [
      { line: 3, column: 3, message: 'unknown field "totals.net_proft"; did you mean "totals.net_profit"?' },
    ]);
    assertEquals(
      unknown.body.detail,
      'Cannot render template: unknown field "totals.net_proft"; did you mean "totals.net_profit"? at line 3, column 3',
    );
    const unchanged = await api(t, owner, "GET", `/api/v1/templates/${created.body.id}`);
    assertEquals(unchanged.body.body, "Dear {{client.name}},\n");
    assertEquals(await auditCount(t, "template.update", created.body.id), 0);

    const check = await api(t, owner, "POST", "/api/v1/templates/check", {
      format: "html",
      body: "<p>{{{client.name}}}</p>",
    });
    assertEquals(check.status, 200);
    assertEquals(check.body.ok, false);
    assertEquals(check.body.errors[0].column, 4);

    const changed = await api(t, owner, "PATCH", `/api/v1/templates/${created.body.id}`, {
      name: "Welcome letter",
      body: "Hello {{client.name}}",
    });
    assertEquals(changed.status, 200);
    assertEquals([changed.body.name, changed.body.body], ["Welcome letter", "Hello {{client.name}}"]);
    assertEquals(await auditCount(t, "template.update", created.body.id), 1);
    const renamed = await api(t, owner, "PATCH", `/api/v1/templates/${created.body.id}`, { name: "Welcome note" });
    assertEquals([renamed.status, renamed.body.name, renamed.body.body], [
      200,
      "Welcome note",
      "Hello {{client.name}}",
    ]);

    const builtinEdit = await api(t, owner, "PATCH", "/api/v1/templates/builtin-year-end-letter", { body: "x" });
    assertEquals(builtinEdit.status, 409);
    const copy = await api(t, owner, "POST", "/api/v1/templates/builtin-year-end-letter/duplicate");
    assertEquals(copy.status, 201);
    assertEquals(copy.body.name, "Year-end summary letter (copy)");
    const original = await api(t, owner, "GET", "/api/v1/templates/builtin-year-end-letter");
    assertEquals((await api(t, owner, "GET", `/api/v1/templates/${copy.body.id}`)).body.body, original.body.body);

    const archived = await api(t, owner, "POST", `/api/v1/templates/${created.body.id}/archive`);
    assertEquals([archived.status, archived.body.archived], [200, true]);
    assertEquals(await auditCount(t, "template.archive", created.body.id), 1);
    const list = await api(t, owner, "GET", "/api/v1/templates");
    assertEquals(list.body.items.map((i: { id: string }) => i.id), [
      "builtin-year-end-letter",
      "builtin-missing-statements",
      "builtin-schedule-c-summary",
      copy.body.id,
    ]);
    assertEquals((await api(t, owner, "PATCH", `/api/v1/templates/${created.body.id}`, { name: "x" })).status, 409);
    const gone = await download(s, owner, created.body.id, "format=md");
    assertEquals(gone.res.status, 409);
  } finally {
    await t.close();
  }
});

Deno.test("templates: who may manage, render and see them", async () => {
  const s = await setUp();
  const { t, owner } = s;
  try {
    const preparer = await addMember(t, owner.firmId, "preparer");
    const readOnly = await addMember(t, owner.firmId, "read_only");
    const admin = await addMember(t, owner.firmId, "admin");
    const other = await createFirm(t, "Other Firm");
    assertEquals((await md(t, preparer, "x")).status, 403);
    assertEquals((await md(t, readOnly, "x")).status, 403);
    const mine = await md(t, admin, "Hi {{client.name}}");
    assertEquals(mine.status, 201);
    assertEquals((await api(t, readOnly, "GET", "/api/v1/templates")).status, 200);
    // The read-only member sees the client only once assigned.
    assertEquals((await download(s, readOnly, mine.body.id, "format=md")).res.status, 404);
    await t.db.sql`insert into client_assignments (firm_id, client_id, user_id)
                   values (${owner.firmId}, ${s.clientId}, ${readOnly.userId})`;
    const rendered = await download(s, readOnly, mine.body.id, "format=md&period=2025");
    assertEquals([rendered.res.status, rendered.text], [200, "Hi Riverside Bakery & Sons LLC"]);
    // Another firm sees none of it.
    assertEquals((await api(t, other, "GET", `/api/v1/templates/${mine.body.id}`)).status, 404);
    assertEquals((await api(t, other, "POST", `/api/v1/templates/${mine.body.id}/duplicate`)).status, 404);
    assertEquals((await api(t, other, "POST", `/api/v1/templates/${mine.body.id}/archive`)).status, 404);
    assertEquals((await download(s, other, "builtin-year-end-letter", "format=md")).res.status, 404);
    assertEquals((await api(t, other, "GET", "/api/v1/templates")).body.items.length, 3);
  } finally {
    await t.close();
  }
});

Deno.test("the shipped templates render the client's figures as the reports give them", async () => {
  const s = await setUp();
  const { t, owner } = s;
  try {
    const report = await api(t, owner, "GET", `/api/v1/clients/${s.clientId}/reports/schedule-c?period=2025`);
    assertEquals(report.status, 200);
    assertEquals(report.body.net_profit, "14554.50");
    const net = "$14,554.50";

    const letter = await download(s, owner, "builtin-year-end-letter", "period=2025&format=md");
    assertEquals(letter.res.status, 200);
    assertEquals(letter.res.headers.get("Content-Type"), "text/markdown; charset=utf-8");
    assertMatch(
      letter.res.headers.get("Content-Disposition")!,
      /attachment; filename="year-end-summary-letter-riverside-bakery-sons-llc-2025\.md"/,
    );
    assertStringIncludes(letter.text, "**Harbor & Co Accountants**");
    assertStringIncludes(letter.text, "Riverside Bakery & Sons LLC");
    assertStringIncludes(letter.text, "Dear Rosa Rivera,");
    assertStringIncludes(letter.text, `| **Net profit** | **${net}** |`);
    assertStringIncludes(letter.text, "| Gross income | $15,700.00 |");
    assertStringIncludes(letter.text, "- Line 22, Supplies: $845.50");
    assertStringIncludes(letter.text, "1 transactions (-$123.45) are not categorized yet");
    assertStringIncludes(letter.text, "We are still missing 2 monthly statements");
    assert(!letter.text.includes("{{"), "no tag is left");
    assertEquals(await auditCount(t, "document.generate", s.clientId), 1);
    const [audit] = await t.db.sql`select changes from audit_log where action = 'document.generate'`;
    assertEquals(audit.changes._details.template_id, "builtin-year-end-letter");
    assertEquals(audit.changes._details.format, "md");

    const html = await download(s, owner, "builtin-year-end-letter", "period=2025&format=html");
    assertEquals(html.res.headers.get("Content-Type"), "text/html; charset=utf-8");
    assertStringIncludes(html.text, "<h1>Year-end summary for 2025</h1>");
    assertStringIncludes(html.text, `<strong>${net}</strong>`);

    const pdf = await download(s, owner, "builtin-year-end-letter", "period=2025&format=pdf");
    assertEquals([pdf.res.status, pdf.res.headers.get("Content-Type")], [200, "application/pdf"]);
    assertEquals(new TextDecoder().decode(pdf.bytes.slice(0, 5)), "%PDF-");
    const pdfText = (await extractText(await getDocumentProxy(pdf.bytes.slice()), { mergePages: true })).text;
    assertStringIncludes(pdfText, "Riverside Bakery & Sons LLC");
    assertStringIncludes(pdfText, net);
    const sheetPdf = await download(s, owner, "builtin-schedule-c-summary", "period=2025&format=pdf");
    const sheetText = (await extractText(await getDocumentProxy(sheetPdf.bytes.slice()), { mergePages: true })).text;
    assertStringIncludes(sheetText, "Schedule C worksheet summary");
    assertStringIncludes(sheetText, "Advertising");
    assert(!sheetText.includes("font-family"), "no style sheet text in the PDF");
    assertEquals(await auditCount(t, "document.generate", s.clientId), 4);

    const missing = await download(s, owner, "builtin-missing-statements", "period=2025&format=md");
    assertEquals(missing.res.status, 200);
    assertStringIncludes(missing.text, "we still need 2 monthly statements");
    assertStringIncludes(missing.text, "## Harbor Bank checking …4821\n\n- April 2025\n- May 2025\n");

    const worksheet = await download(s, owner, "builtin-schedule-c-summary", "period=2025&format=html");
    assertEquals(worksheet.res.status, 200);
    assertStringIncludes(
      worksheet.text,
      "<title>Schedule C worksheet · Riverside Bakery &#38; Sons LLC · 2025</title>",
    );
    assertStringIncludes(
      worksheet.text,
      '<tr><td>II</td><td>8</td><td>Advertising</td><td class="num">1</td><td class="num">$300.00</td></tr>',
    );
    assertStringIncludes(worksheet.text, `Line 31 · Net profit (loss)</th><td class="num">${net}</td>`);
    assertEquals(
      worksheet.res.headers.get("Content-Security-Policy"),
      "sandbox; default-src 'none'; style-src 'unsafe-inline'",
    );

    // A quarter without gaps or uncategorized money, by fiscal-year style parameters.
    const q3 = await download(s, owner, "builtin-missing-statements", "period=2025-q3&format=md");
    assertStringIncludes(q3.text, "We have every statement of **Riverside Bakery & Sons LLC**");

    assertEquals((await download(s, owner, "builtin-year-end-letter", "period=2025&format=docx")).res.status, 400);
    const badPeriod = await download(s, owner, "builtin-year-end-letter", "period=someday&format=md");
    assertEquals(badPeriod.res.status, 422);
    assertEquals(JSON.parse(badPeriod.text).errors[0].path, "period");
    assertEquals((await download(s, owner, "builtin-nope", "format=md")).res.status, 404);
  } finally {
    await t.close();
  }
});

Deno.test("DOCX templates: upload, render with the client's figures, and precise refusals", async () => {
  const s = await setUp();
  const { t, owner } = s;
  const upload = async (name: string, bytes: Uint8Array, method = "POST", path = "/api/v1/templates") => {
    const form = new FormData();
    form.append("name", "Engagement letter");
    form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
    const res = await t.request(path, { method, headers: owner.bearer, body: form });
    return { status: res.status, body: await res.json() };
  };
  try {
    const docx = buildDocx([
      "Dear {client.|contact_name},",
      "Net profit: {totals.net_profit}",
      "{#coverage.gaps}{month}, {/coverage.gaps}",
    ]);
    const created = await upload("letter.docx", docx);
    assertEquals(created.status, 201);
    assertEquals([created.body.format, created.body.outputs], ["docx", ["docx", "pdf"]]);
    const rendered = await download(s, owner, created.body.id, "period=2025&format=docx");
    assertEquals(rendered.res.status, 200);
    assertEquals(
      rendered.res.headers.get("Content-Type"),
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    assertEquals(docxParagraphs(rendered.bytes), [
      "Dear Rosa Rivera,",
      "Net profit: $14,554.50",
      "April 2025, May 2025, ",
    ]);
    new PizZip(rendered.bytes); // a readable archive

    const typo = await upload("typo.docx", buildDocx(["Hello", "Dear {client.nam}"]));
    assertEquals(typo.status, 422);
    assertEquals(typo.body.errors, [{
      line: 2,
      column: 6,
      message: 'unknown field "client.nam"; did you mean "client.name"?',
      unit: "paragraph",
      tag: "client.nam",
    }]);
    assertEquals(typo.body.detail.endsWith("at paragraph 2, column 6"), true);
    const fake = await upload("fake.docx", new TextEncoder().encode("not a zip"));
    assertEquals(fake.status, 415);
    assertStringIncludes(fake.body.detail, "it is not a ZIP archive");
    const text = await upload("letter.txt", new TextEncoder().encode("Hi {{client.name}}"));
    assertEquals([text.status, text.body.format], [201, "txt"]);
    const latin1 = await upload("letter.md", new Uint8Array([0x48, 0xe9, 0x6c]));
    assertEquals(latin1.status, 415);
  } finally {
    await t.close();
  }
});

Deno.test("template pages: inline errors with line and column, live checks, the generate page and its sandboxed preview", async () => {
  const s = await setUp();
  const { t, owner } = s;
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    t.request(path, {
      method: "POST",
      headers: { ...owner.browser, "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
    });
  try {
    const bad = await post("/templates", { name: "Letter", format: "md", body: "Hi\n  {{client.nmae}}" });
    assertEquals(bad.status, 422);
    const page = await bad.text();
    assertStringIncludes(page, "Line 2, column 3");
    assertStringIncludes(page, "unknown field &quot;client.nmae&quot;; did you mean &quot;client.name&quot;?");
    assertStringIncludes(page, "{{client.nmae}}", "the text is kept");
    assertEquals((await t.db.sql`select count(*)::int as n from document_templates`)[0].n, 0);

    const live = await post("/templates/check", { format: "md", body: "{{#transactions}}" }, { "HX-Request": "true" });
    assertEquals(live.status, 200);
    const fragment = await live.text();
    assert(fragment.startsWith('<div id="template-issues"'), fragment.slice(0, 80));
    assertStringIncludes(fragment, "Line 1, column 1");

    const good = await post("/templates", { name: "Letter", format: "md", body: "Hi {{client.name}}" });
    assertEquals(good.status, 303);
    assertMatch(good.headers.get("Location")!, /^\/templates\/[0-9a-f-]{36}\?saved=1$/);

    const generate = await t.request(
      `/clients/${s.clientId}/documents/generate?template=builtin-year-end-letter&period=2025`,
      { headers: owner.browser },
    );
    assertEquals(generate.status, 200);
    const html = await generate.text();
    const preview = `/clients/${s.clientId}/templates/builtin-year-end-letter/preview?period=2025`;
    assertStringIncludes(html, `sandbox="" src="${preview}"`);
    assertStringIncludes(
      html,
      `/clients/${s.clientId}/templates/builtin-year-end-letter/render?period=2025&amp;format=pdf`,
    );
    const frame = await t.request(preview, { headers: owner.browser });
    assertEquals(frame.status, 200);
    assertEquals(
      frame.headers.get("Content-Security-Policy"),
      "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
    );
    assertStringIncludes(await frame.text(), "<h1>Year-end summary for 2025</h1>");
    const badPeriod = await t.request(
      `/clients/${s.clientId}/documents/generate?template=builtin-year-end-letter&from=2025-05-01`,
      {
        headers: owner.browser,
      },
    );
    assertEquals(badPeriod.status, 422);
    assertStringIncludes(await badPeriod.text(), "a custom range needs both from and to");
  } finally {
    await t.close();
  }
});
