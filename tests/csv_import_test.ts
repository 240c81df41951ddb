/**
 * The CSV mapping step end to end, with a real worker: a CSV with no saved profile ends in
 * needs_mapping; the preview suggests the columns; a mapping is checked against every row
 * (refused with row errors, saving nothing) or saved as the client's import profile and the
 * document parsed; the next file with the same header is parsed with no step, into the same
 * account. German exports, the page (a plain form with cookies), roles and firms.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./support/assert.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addMember, api, auditCount, createFirm, type Member } from "./support/identity.ts";
import { testWorker, uploadFile, waitForFinal } from "./support/documents.ts";
import type { WorkerHandle } from "../src/worker/runner.ts";

interface Setup {
  t: TestApp;
  owner: Member;
  clientId: string;
  worker: WorkerHandle;
}

async function setUp(): Promise<Setup> {
  const t = await createTestApp();
  const owner = await createFirm(t);
  const client = await api(t, owner, "POST", "/api/v1/clients", { name: "Riverside Bakery LLC" });
  const worker = await testWorker(t);
  return { t, owner, clientId: client.body.id as string, worker };
}

async function tearDown(s: Setup) {
  await s.worker.stop(5000);
  await s.t.close();
}

const encode = (text: string) => new TextEncoder().encode(text);

/** A US export (Date,Description,Debit,Credit,Balance) with a correct running balance. */
function usCsv(openingCents: number, rows: [date: string, description: string, cents: number][]): string {
  let balance = openingCents;
  const money = (c: number) => {
    const s = (Math.abs(c) / 100).toFixed(2);
    return Math.abs(c) >= 100_000 ? `"${Number(s).toLocaleString("en-US", { minimumFractionDigits: 2 })}"` : s;
  };
  const lines = rows.map(([date, description, cents]) => {
    balance += cents;
    const desc = /[",]/.test(description) ? `"${description.replaceAll('"', '""')}"` : description;
    return [date, desc, cents < 0 ? money(cents) : "", cents > 0 ? money(cents) : "", (balance / 100).toFixed(2)]
      .join(",");
  });
  return ["Date,Description,Debit,Credit,Balance", ...lines, ""].join("\n");
}

/** January: 25 rows, opening 1,500.00. */
const JANUARY_ROWS: [string, string, number][] = [
  ["01/03/2025", "AMAZON MKTPL*2K4, SEATTLE WA", -2399],
  ["01/05/2025", "PAYROLL ACME CORP", 250000],
  ["01/07/2025", "CHECK 1042", -15000],
  ["01/13/2025", 'TRANSFER TO SAVINGS "EMERGENCY"', -50000],
  ...Array.from({ length: 21 }, (_, i): [string, string, number] => [
    `01/${String(14 + Math.floor(i / 2)).padStart(2, "0")}/2025`,
    `CARD PURCHASE ${i + 1} CORNER STORE`,
    -(100 + i * 37),
  ]),
];
const JANUARY = usCsv(150000, JANUARY_ROWS);
const JANUARY_CLOSING = 150000 + JANUARY_ROWS.reduce((n, [, , c]) => n + c, 0);
const FEBRUARY = usCsv(JANUARY_CLOSING, [
  ["02/02/2025", "COFFEE SHOP", -450],
  ["02/14/2025", "CLIENT PAYMENT INV-7", 120000],
  ["02/20/2025", "ELECTRIC CO", -8810],
]);

/** The mapping a bookkeeper confirms for the US export. */
const US_MAPPING = {
  skipRows: 0,
  hasHeader: true,
  delimiter: ",",
  date: 0,
  description: [1],
  debit: 2,
  credit: 3,
  balance: 4,
  dateFormat: "MM/DD/YYYY",
  decimal: ".",
  flipSign: false,
};

/** A German bank export: ";" delimited, DD.MM.YYYY, "1.234,56", newest first, running balance. */
const GERMAN = [
  "Buchungstag;Wertstellung;Buchungstext;Auftraggeber / Begünstigter;Verwendungszweck;Betrag (EUR);Saldo (EUR)",
  "31.01.2025;31.01.2025;Gehalt;Muster GmbH;Gehalt Januar 2025;3.250,00;4.480,33",
  "28.01.2025;28.01.2025;Lastschrift;Stadtwerke München;Abschlag Strom 01/2025;-89,00;1.230,33",
  "15.01.2025;15.01.2025;Kartenzahlung;REWE Markt GmbH;Einkauf 15.01.;-45,67;1.319,33",
  '02.01.2025;03.01.2025;Dauerauftrag;Vermieter Schmidt;"Miete Januar; Whg. 3";-1.234,56;1.365,00',
  "",
].join("\r\n");

async function uploadAndWait(s: Setup, name: string, text: string) {
  const up = await uploadFile(s.t, s.owner, s.clientId, name, encode(text));
  assertEquals(up.status, 201, JSON.stringify(up.body));
  return await waitForFinal(s.t, s.owner, up.body.id);
}

const counts = async (t: TestApp) => {
  const [row] = await t.db.sql<{ accounts: number; profiles: number; transactions: number }[]>`
    select (select count(*)::int from accounts) as accounts,
           (select count(*)::int from import_profiles) as profiles,
           (select count(*)::int from transactions) as transactions`;
  return { ...row };
};

Deno.test("US CSV: needs mapping, preview, a refused mapping, a saved one, then the next file by itself", async () => {
  const s = await setUp();
  try {
    const first = await uploadAndWait(s, "january.csv", JANUARY);
    assertEquals(first.status, "needs_mapping");
    assertMatch(first.reason, /which columns/);

    const preview = await api(s.t, s.owner, "GET", `/api/v1/documents/${first.id}/csv-preview`);
    assertEquals(preview.status, 200);
    assertEquals(preview.body.delimiter, ",");
    assertEquals(preview.body.header_row, 0);
    assertEquals(preview.body.columns, ["Date", "Description", "Debit", "Credit", "Balance"]);
    assertEquals(preview.body.sample.length, 10);
    assertEquals(preview.body.sample[0][1], "AMAZON MKTPL*2K4, SEATTLE WA");
    const m = preview.body.suggestions;
    assertEquals([m.date, m.description, m.debit, m.credit, m.balance, m.amount], [0, [1], 2, 3, 4, undefined]);
    assertEquals([m.dateFormat, m.decimal, m.flipSign], ["MM/DD/YYYY", ".", false]);
    assertEquals(preview.body.accounts, []);
    assertEquals(preview.body.profile, null);

    // The date column pointed at the description: every row is refused, the first 20 listed.
    const bad = await api(s.t, s.owner, "POST", `/api/v1/documents/${first.id}/mapping`, {
      mapping: { ...m, date: 1 },
      account: { institution: "Chase", number_last4: "1234", type: "checking" },
    });
    assertEquals(bad.status, 422);
    assertMatch(bad.body.detail, /^25 rows could not be read with this mapping/);
    assertEquals(bad.body.row_error_count, 25);
    assertEquals(bad.body.errors.length, 20);
    assertEquals(
      bad.body.errors[0].message,
      'Row 2: cannot read the date "AMAZON MKTPL*2K4, SEATTLE WA" as MM/DD/YYYY',
    );
    assertEquals(await counts(s.t), { accounts: 0, profiles: 0, transactions: 0 }, "nothing saved");
    assertEquals(await auditCount(s.t, "import_profile.save"), 0);
    assertEquals((await waitForFinal(s.t, s.owner, first.id)).status, "needs_mapping");

    // An invalid mapping or account is a 422 per field.
    const invalid = await api(s.t, s.owner, "POST", `/api/v1/documents/${first.id}/mapping`, {
      mapping: { ...m, amount: 2 },
      account: { institution: "", type: "brokerage" },
    });
    assertEquals(invalid.status, 422);
    const paths = invalid.body.errors.map((e: { path: string }) => e.path);
    assert(paths.includes("mapping.amount"), paths.join());
    assert(paths.includes("account.institution") && paths.includes("account.type"), paths.join());

    const good = await api(s.t, s.owner, "POST", `/api/v1/documents/${first.id}/mapping`, {
      mapping: m,
      account: { institution: "Chase", number_last4: "1234", type: "checking" },
    });
    assertEquals(good.status, 202, JSON.stringify(good.body));
    assertEquals(good.body.status, "queued");
    const parsed = await waitForFinal(s.t, s.owner, first.id);
    assertEquals(parsed.status, "parsed", parsed.reason);
    assertEquals(parsed.transaction_count, 25);
    assertEquals(parsed.statement.institution, "Chase");
    assertEquals(parsed.statement.account, { number: "1234", type: "checking", currency: "USD" });
    assertEquals(parsed.statement.balances, { opening: "1500.00", closing: (JANUARY_CLOSING / 100).toFixed(2) });
    assertEquals(parsed.statement.verification.status, "passed");
    const rows = await s.t.db.sql<{ date: string; description: string; amount: string; balance: string }[]>`
      select to_char(date, 'YYYY-MM-DD') as date, description, amount::text, balance::text
        from transactions where document_id = ${first.id} order by line_no limit 4`;
    assertEquals(rows.map((r) => ({ ...r })), [
      { date: "2025-01-03", description: "AMAZON MKTPL*2K4, SEATTLE WA", amount: "-2399", balance: "147601" },
      { date: "2025-01-05", description: "PAYROLL ACME CORP", amount: "250000", balance: "397601" },
      { date: "2025-01-07", description: "CHECK 1042", amount: "-15000", balance: "382601" },
      { date: "2025-01-13", description: 'TRANSFER TO SAVINGS "EMERGENCY"', amount: "-50000", balance: "332601" },
    ]);

    // February: same header, new rows → parsed with the saved profile, into the same account.
    const second = await uploadAndWait(s, "february.csv", FEBRUARY);
    assertEquals(second.status, "parsed", second.reason);
    assertEquals(second.transaction_count, 3);
    assertEquals(second.statement.institution, "Chase");
    assertEquals(second.statement.account.number, "1234");
    assertEquals(second.statement.balances, {
      opening: (JANUARY_CLOSING / 100).toFixed(2),
      closing: ((JANUARY_CLOSING - 450 + 120000 - 8810) / 100).toFixed(2),
    });
    const accounts = await s.t.db.sql`select distinct account_id from transactions`;
    assertEquals(accounts.length, 1, "both files in one account");
    assertEquals(await counts(s.t), { accounts: 1, profiles: 1, transactions: 28 });

    const [profile] = await s.t.db.sql`select id, header_signature, mapping from import_profiles`;
    assertEquals(profile.header_signature, ",:date|description|debit|credit|balance");
    assertEquals(profile.mapping.debit, 2);
    assertEquals(await auditCount(s.t, "import_profile.save"), 1, "exactly one audit row for the save");
    assertEquals(await auditCount(s.t, "import_profile.save", profile.id), 1);

    // The preview now lists the account and the saved profile (for remapping).
    const again = await api(s.t, s.owner, "GET", `/api/v1/documents/${second.id}/csv-preview`);
    assertEquals(again.body.accounts.length, 1);
    assertEquals(again.body.accounts[0].institution, "Chase");
    assertEquals(again.body.profile.account_id, again.body.accounts[0].id);
  } finally {
    await tearDown(s);
  }
});

Deno.test("German CSV: ';', 1.234,56 and DD.MM.YYYY, the currency from the header", async () => {
  const s = await setUp();
  try {
    const doc = await uploadAndWait(s, "umsaetze.csv", GERMAN);
    assertEquals(doc.status, "needs_mapping");
    const preview = await api(s.t, s.owner, "GET", `/api/v1/documents/${doc.id}/csv-preview`);
    assertEquals(preview.status, 200);
    const m = preview.body.suggestions;
    assertEquals(preview.body.delimiter, ";");
    assertEquals(preview.body.currency, "EUR");
    assertEquals([m.date, m.description, m.amount, m.balance], [0, [2, 3, 4], 5, 6]);
    assertEquals([m.dateFormat, m.decimal], ["DD.MM.YYYY", ","]);
    assertEquals(preview.body.sample[3][4], "Miete Januar; Whg. 3");

    const saved = await api(s.t, s.owner, "POST", `/api/v1/documents/${doc.id}/mapping`, {
      mapping: m,
      account: { institution: "Sparkasse", number_last4: "3000", type: "checking" },
    });
    assertEquals(saved.status, 202, JSON.stringify(saved.body));
    const parsed = await waitForFinal(s.t, s.owner, doc.id);
    assertEquals(parsed.status, "parsed", parsed.reason);
    assertEquals(parsed.statement.account, { number: "3000", type: "checking", currency: "EUR" });
    assertEquals(parsed.statement.period, { start: "2025-01-02", end: "2025-01-31" });
    assertEquals(parsed.statement.balances, { opening: "2599.56", closing: "4480.33" });
    const rows = await s.t.db.sql<{ amount: string; currency: string; description: string }[]>`
      select amount::text, currency, description from transactions order by date, line_no`;
    assertEquals(rows.map((r) => r.amount), ["-123456", "-4567", "-8900", "325000"]);
    assertEquals(new Set(rows.map((r) => r.currency)), new Set(["EUR"]));
    assertEquals(rows[0].description, "Dauerauftrag Vermieter Schmidt Miete Januar; Whg. 3");
    const [account] = await s.t.db.sql`select institution, number_last4, type, currency from accounts`;
    assertEquals({ ...account }, { institution: "Sparkasse", number_last4: "3000", type: "checking", currency: "EUR" });

    // The next export of the same account keeps its currency.
    const next = await uploadAndWait(
      s,
      "umsaetze-februar.csv",
      GERMAN.split("\r\n")[0] + "\r\n03.02.2025;03.02.2025;Kartenzahlung;Bäckerei Kunz;Brötchen;-7,80;4.472,53\r\n",
    );
    assertEquals(next.status, "parsed", next.reason);
    assertEquals(next.statement.account.currency, "EUR");
    const [{ n }] = await s.t.db.sql`select count(*)::int as n from accounts where currency = 'EUR'`;
    assertEquals(n, 1);
  } finally {
    await tearDown(s);
  }
});

Deno.test("an existing account is chosen by id; another client's account is refused", async () => {
  const s = await setUp();
  try {
    const other = await api(s.t, s.owner, "POST", "/api/v1/clients", { name: "Other Client Inc" });
    const [foreign] = await s.t.db.sql<{ id: string }[]>`
      insert into accounts (firm_id, client_id, institution, number_last4, type)
      values (${s.owner.firmId}, ${other.body.id}, 'Wells Fargo', '9999', 'checking') returning id`;
    const [own] = await s.t.db.sql<{ id: string }[]>`
      insert into accounts (firm_id, client_id, institution, number_last4, type)
      values (${s.owner.firmId}, ${s.clientId}, 'Chase', '1234', 'checking') returning id`;
    const doc = await uploadAndWait(s, "january.csv", JANUARY);
    const preview = await api(s.t, s.owner, "GET", `/api/v1/documents/${doc.id}/csv-preview`);
    assertEquals(preview.body.accounts.map((a: { id: string }) => a.id), [own.id], "only this client's accounts");

    const refused = await api(s.t, s.owner, "POST", `/api/v1/documents/${doc.id}/mapping`, {
      mapping: US_MAPPING,
      account: { id: foreign.id },
    });
    assertEquals(refused.status, 422);
    assertEquals(refused.body.errors[0].path, "account.id");
    assertEquals((await counts(s.t)).profiles, 0);

    const ok = await api(s.t, s.owner, "POST", `/api/v1/documents/${doc.id}/mapping`, {
      mapping: US_MAPPING,
      account: { id: own.id },
    });
    assertEquals(ok.status, 202);
    assertEquals((await waitForFinal(s.t, s.owner, doc.id)).status, "parsed");
    const [{ account_id }] = await s.t.db.sql`select distinct account_id from transactions`;
    assertEquals(account_id, own.id);
    assertEquals((await counts(s.t)).accounts, 2, "no new account");
  } finally {
    await tearDown(s);
  }
});

Deno.test("the mapping page: a plain form with cookies, inline row errors, then 303 to the document", async () => {
  const s = await setUp();
  try {
    const doc = await uploadAndWait(s, "january.csv", JANUARY);
    const page = (path: string, init: RequestInit = {}) =>
      s.t.request(path, { ...init, headers: { ...s.owner.browser, ...(init.headers ?? {}) } });

    const docPage = await (await page(`/documents/${doc.id}`)).text();
    assertStringIncludes(docPage, `href="/documents/${doc.id}/mapping"`);

    const res = await page(`/documents/${doc.id}/mapping`);
    assertEquals(res.status, 200);
    const html = await res.text();
    assertStringIncludes(html, "AMAZON MKTPL*2K4, SEATTLE WA");
    assertStringIncludes(html, "CARD PURCHASE 6 CORNER STORE", "ten sample rows");
    assert(!html.includes("CARD PURCHASE 7 CORNER STORE"), "no more than ten");
    assertMatch(html, /<select id="field-date"[^>]*>(?:(?!<\/select>).)*<option value="0" selected>/s);
    assertMatch(html, /<select id="field-debit"[^>]*>(?:(?!<\/select>).)*<option value="2" selected>/s);
    assertMatch(html, /<option value="MM\/DD\/YYYY" selected>/);
    assertMatch(html, /name="amount_mode" value="split" checked>/);

    const form = (overrides: Record<string, string> = {}) => {
      const body = new URLSearchParams({
        delimiter: ",",
        skip_rows: "0",
        has_header: "1",
        date: "0",
        posted_date: "",
        amount_mode: "split",
        amount: "",
        debit: "2",
        credit: "3",
        balance: "4",
        date_format: "MM/DD/YYYY",
        decimal: ".",
        account_id: "new",
        institution: "Chase",
        number_last4: "1234",
        type: "checking",
        currency: "",
        ...overrides,
      });
      body.append("description", "1");
      return { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body };
    };

    const bad = await page(`/documents/${doc.id}/mapping`, form({ date: "1" }));
    assertEquals(bad.status, 422);
    const badHtml = await bad.text();
    assertStringIncludes(badHtml, "25 rows could not be read with this mapping");
    assertStringIncludes(badHtml, "Row 2: cannot read the date &quot;AMAZON MKTPL*2K4, SEATTLE WA&quot;");
    assertMatch(badHtml, /<select id="field-date"[^>]*>(?:(?!<\/select>).)*<option value="1" selected>/s, "as entered");

    const missing = await page(`/documents/${doc.id}/mapping`, form({ date: "", institution: "" }));
    assertEquals(missing.status, 422);
    const missingHtml = await missing.text();
    assertStringIncludes(missingHtml, "Choose the column with the transaction date");
    assertStringIncludes(missingHtml, "Enter the bank or card issuer");
    assertEquals(await counts(s.t), { accounts: 0, profiles: 0, transactions: 0 });

    const crossSite = await page(`/documents/${doc.id}/mapping`, {
      ...form(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
    });
    assertEquals(crossSite.status, 403);

    const ok = await page(`/documents/${doc.id}/mapping`, form());
    assertEquals(ok.status, 303);
    assertEquals(ok.headers.get("Location"), `/documents/${doc.id}`);
    const parsed = await waitForFinal(s.t, s.owner, doc.id);
    assertEquals(parsed.status, "parsed", parsed.reason);
    assertEquals(parsed.transaction_count, 25);
    assertEquals(await auditCount(s.t, "import_profile.save"), 1);

    // Spanish page, same form.
    const es = await page(`/documents/${doc.id}/mapping`, { headers: { "Accept-Language": "es" } });
    assertStringIncludes(await es.text(), "Asignar las columnas de january.csv");
  } finally {
    await tearDown(s);
  }
});

/** A UK export: a 3-line preamble, a reference column, £ amounts and a totals line at the end. */
const UK = `Account Name:,Everyday Account
Account Number:,XXXX-XXXX-7890
Statement Period:,01/01/2025 - 31/01/2025
Date,Type,Description,Reference,Paid Out,Paid In,Balance
02/01/2025,DD,COUNCIL TAX,REF001,£120.00,,"£1,880.00"
14/01/2025,CR,SALARY ACME LTD,REF002,,"£2,400.00","£4,280.00"
21/01/2025,DEB,TESCO STORES 2041,REF003,£56.20,,"£4,223.80"
Total,,,,£176.20,"£2,400.00",
`;

Deno.test("the page keeps a preamble, a totals line and a reference column; £ makes a GBP account", async () => {
  const s = await setUp();
  try {
    const doc = await uploadAndWait(s, "everyday.csv", UK);
    assertEquals(doc.status, "needs_mapping");
    const html = await (await s.t.request(`/documents/${doc.id}/mapping`, { headers: s.owner.browser })).text();
    assertMatch(html, /name="skip_rows" type="number" value="3"/);
    assertMatch(html, /name="footer_rows" type="number" value="1"/);
    assertMatch(html, /<select id="field-external_id"[^>]*>(?:(?!<\/select>).)*<option value="3" selected>/s);
    assertMatch(html, /name="currency" type="text" value="GBP"/);

    const post = (footer: string) => {
      const body = new URLSearchParams({
        delimiter: ",",
        skip_rows: "3",
        footer_rows: footer,
        has_header: "1",
        date: "0",
        description: "2",
        amount_mode: "split",
        debit: "4",
        credit: "5",
        balance: "6",
        external_id: "3",
        date_format: "DD/MM/YYYY",
        decimal: ".",
        account_id: "new",
        institution: "Barclays",
        number_last4: "7890",
        type: "checking",
        currency: "GBP",
      });
      return s.t.request(`/documents/${doc.id}/mapping`, {
        method: "POST",
        headers: { ...s.owner.browser, "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
    };
    const withTotals = await post("0");
    assertEquals(withTotals.status, 422);
    assertMatch(await withTotals.text(), /Row 8: cannot read the date &quot;Total&quot;/);

    const ok = await post("1");
    assertEquals(ok.status, 303);
    const parsed = await waitForFinal(s.t, s.owner, doc.id);
    assertEquals(parsed.status, "parsed", parsed.reason);
    assertEquals(parsed.statement.account, { number: "7890", type: "checking", currency: "GBP" });
    const rows = await s.t.db.sql`select external_id, amount::text from transactions order by line_no`;
    assertEquals(rows.map((r) => [r.external_id, r.amount]), [["REF001", "-12000"], ["REF002", "240000"], [
      "REF003",
      "-5620",
    ]]);
  } finally {
    await tearDown(s);
  }
});

Deno.test("roles and firms: read_only may preview but not map (403); another firm gets 404; not a CSV is 409", async () => {
  const s = await setUp();
  try {
    const doc = await uploadAndWait(s, "january.csv", JANUARY);
    const readOnly = await addMember(s.t, s.owner.firmId, "read_only");
    await api(s.t, s.owner, "PUT", `/api/v1/clients/${s.clientId}/assignments`, { user_ids: [readOnly.userId] });
    const body = { mapping: US_MAPPING, account: { institution: "Chase", type: "checking" } };

    assertEquals((await api(s.t, readOnly, "GET", `/api/v1/documents/${doc.id}/csv-preview`)).status, 200);
    assertEquals((await api(s.t, readOnly, "POST", `/api/v1/documents/${doc.id}/mapping`, body)).status, 403);
    const roPage = await s.t.request(`/documents/${doc.id}/mapping`, { headers: readOnly.browser });
    assertEquals(roPage.status, 403);
    const roPost = await s.t.request(`/documents/${doc.id}/mapping`, {
      method: "POST",
      headers: { ...readOnly.browser, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ date: "0", description: "1", debit: "2", institution: "X", type: "checking" }),
    });
    assertEquals(roPost.status, 403);
    const roDoc = await (await s.t.request(`/documents/${doc.id}`, { headers: readOnly.browser })).text();
    assert(!roDoc.includes(`/documents/${doc.id}/mapping`), "no mapping link for read_only");

    const otherFirm = await createFirm(s.t, "Other Firm");
    assertEquals((await api(s.t, otherFirm, "GET", `/api/v1/documents/${doc.id}/csv-preview`)).status, 404);
    assertEquals((await api(s.t, otherFirm, "POST", `/api/v1/documents/${doc.id}/mapping`, body)).status, 404);
    const foreignPage = await s.t.request(`/documents/${doc.id}/mapping`, { headers: otherFirm.browser });
    assertEquals(foreignPage.status, 404);

    assertEquals(await counts(s.t), { accounts: 0, profiles: 0, transactions: 0 });
    assertEquals(await auditCount(s.t, "import_profile.save"), 0);
    assertEquals((await waitForFinal(s.t, s.owner, doc.id)).status, "needs_mapping");

    const ofx = await uploadFile(
      s.t,
      s.owner,
      s.clientId,
      "statement.ofx",
      encode("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>\n<SIGNONMSGSRSV1></SIGNONMSGSRSV1>\n</OFX>\n"),
    );
    assertEquals(ofx.body.kind, "ofx");
    const notCsv = await api(s.t, s.owner, "GET", `/api/v1/documents/${ofx.body.id}/csv-preview`);
    assertEquals(notCsv.status, 409);
    assertEquals(notCsv.body.detail, "This document is not a CSV file");
    const notCsvPost = await api(s.t, s.owner, "POST", `/api/v1/documents/${ofx.body.id}/mapping`, body);
    assertEquals(notCsvPost.status, 409);
    await waitForFinal(s.t, s.owner, ofx.body.id);
  } finally {
    await tearDown(s);
  }
});
