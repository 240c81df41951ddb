/**
 * Every transaction export format, written from a fixed set of rows (hostile text, splits,
 * cards and bank accounts, review flags, posting dates) and read back with its format's
 * reader: CSV and QuickBooks Online CSV with our RFC 4180 reader, XLSX with exceljs, OFX with
 * our OFX parser, IIF as TSV, beancount with bean-check and bean-query, hledger with
 * `hledger check` and `hledger print`.
 */
import ExcelJS from "exceljs";
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { ensureJournalTools } from "./support/journal_tools.ts";
import { parseCsv } from "../src/parsing/csv/rfc4180.ts";
import { ofxToStatements, parseOfx } from "../src/parsing/ofx/mod.ts";
import { FORMAT_INFO } from "../src/exports/mod.ts";
import type { ExportFormat } from "../src/exports/mod.ts";
import type { ExportAccount, ExportCategory, ExportContext, ExportLabels, ExportRow } from "../src/exports/types.ts";

const HOSTILE = `Joe's "Best" Café; *star* \t tab\nnew line 😀 =cmd|' /C calc'!A0 | pipe \\ back`;

const chk: ExportAccount = {
  id: "00000000-0000-4000-8000-0000000000a1",
  institution: "First Bank",
  name: "Operating",
  type: "checking",
  number_last4: "4821",
  currency: "USD",
};
const card: ExportAccount = {
  id: "00000000-0000-4000-8000-0000000000a2",
  institution: "AMEX",
  name: "Business card",
  type: "credit_card",
  number_last4: "1234",
  currency: "USD",
};
const categories: ExportCategory[] = [
  { id: "c1", name: "Gross receipts or sales", line: "1", kind: "income", parent_id: null },
  { id: "c18", name: "Office expense", line: "18", kind: "expense", parent_id: null },
  { id: "c22", name: "Supplies", line: "22", kind: "expense", parent_id: null },
  { id: "c24b", name: "Deductible meals", line: "24b", kind: "expense", parent_id: null },
  { id: "cx", name: 'Coffee: "meetings"', line: null, kind: "expense", parent_id: "c24b" },
  { id: "cown", name: "Owner draw", line: null, kind: "owner", parent_id: null },
  { id: "cunc", name: "Uncategorized", line: null, kind: "uncategorized", parent_id: null },
];
const cat = (id: string) => categories.find((c) => c.id === id)!;

function row(n: number, over: Partial<ExportRow>): ExportRow {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    account_id: chk.id,
    date: "2025-01-05",
    posted_date: null,
    description: "COFFEE SHOP",
    payee: "",
    memo: "",
    tags: [],
    amount: "-450",
    currency: "USD",
    balance: null,
    business_pct: 100,
    needs_review: false,
    category_id: null,
    category_name: "",
    category_line: null,
    category_kind: null,
    document: "jan.pdf",
    splits: [],
    ...over,
  };
}

const withCategory = (id: string) => ({
  category_id: id,
  category_name: cat(id).name,
  category_line: cat(id).line,
  category_kind: cat(id).kind,
});

const ROWS: ExportRow[] = [
  row(1, {
    date: "2025-01-02",
    description: "STRIPE TRANSFER",
    amount: "250000",
    balance: "1250000",
    ...withCategory("c1"),
  }),
  row(2, {
    date: "2025-01-05",
    posted_date: "2025-01-07",
    description: HOSTILE,
    payee: HOSTILE,
    memo: '=HYPERLINK("http://x") [2025-99-99] date:2025-99-99',
    tags: ["client; lunch", "travel"],
    amount: "-1234567",
    needs_review: true,
    business_pct: 60,
    ...withCategory("cx"),
    document: 'stmt "jan".pdf',
  }),
  row(3, {
    date: "2025-01-09",
    description: "COSTCO WHSE #1",
    amount: "-10001",
    splits: [
      {
        category_id: "c18",
        category_name: "Office expense",
        line: "18",
        kind: "expense",
        amount: "-6000",
        memo: "paper",
      },
      { category_id: "c22", category_name: "Supplies", line: "22", kind: "expense", amount: "-4001", memo: "" },
    ],
  }),
  row(4, {
    account_id: card.id,
    date: "2025-01-10",
    description: "+1 DELTA AIR LINES",
    amount: "-45099",
    ...withCategory("c18"),
  }),
  row(5, { account_id: card.id, date: "2025-02-01", description: "PAYMENT THANK YOU", amount: "50000", balance: "0" }),
  row(6, { date: "2025-02-03", description: "@SUM(A1)", amount: "-1", ...withCategory("cown") }),
  row(7, { date: "2025-02-04", description: "-5 DISCOUNT", amount: "-99", ...withCategory("cunc") }),
];

const LABELS: ExportLabels = {
  sheet: "Transactions",
  date: "Date",
  posted_date: "Posted date",
  account: "Account",
  description: "Description",
  payee: "Payee",
  category: "Category",
  line: "Schedule C line",
  memo: "Memo",
  tags: "Tags",
  amount: "Amount",
  currency: "Currency",
  business_pct: "Business %",
  needs_review: "Needs review",
  splits: "Splits",
  document: "Document",
  id: "Transaction id",
  yes: "yes",
  no: "no",
  uncategorized: "Uncategorized",
};

function context(rows = ROWS, batch = 3): ExportContext {
  const spans = [chk, card].map((a) => {
    const mine = rows.filter((r) => r.account_id === a.id);
    return { account_id: a.id, count: mine.length, first: mine[0].date, last: mine.at(-1)!.date, closing: null };
  });
  return {
    clientName: `Riverside "Bakery"; LLC`,
    accounts: new Map([[chk.id, chk], [card.id, card]]),
    spans,
    categories,
    labels: LABELS,
    generatedAt: new Date("2026-12-02T10:00:00Z"),
    async *rows(accountId?: string) {
      const mine = rows.filter((r) => !accountId || r.account_id === accountId);
      for (let i = 0; i < mine.length; i += batch) yield mine.slice(i, i + batch);
    },
  };
}

async function produce(format: ExportFormat, ctx = context()): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for await (const piece of FORMAT_INFO[format].write(ctx)) {
    parts.push(typeof piece === "string" ? encoder.encode(piece) : piece);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), at += p.length);
  return out;
}

const text = async (format: ExportFormat) =>
  new TextDecoder("utf-8", { ignoreBOM: true }).decode(await produce(format));

const oneLine = (s: string) => s.replace(/[\t\r\n]+/g, " ").trim();

Deno.test("CSV: every column, parsed back field by field; formulas neutralised, splits listed", async () => {
  const csv = await text("csv");
  assert(csv.startsWith("\ufeff"), "UTF-8 byte order mark for spreadsheets");
  const { records, complete, unterminatedQuoteLine } = parseCsv(csv.slice(1), ",");
  assert(complete && unterminatedQuoteLine === null);
  const [head, ...body] = records.map((r) => r.fields);
  assertEquals(head, [
    "Date",
    "Posted date",
    "Account",
    "Description",
    "Payee",
    "Category",
    "Schedule C line",
    "Memo",
    "Tags",
    "Amount",
    "Currency",
    "Business %",
    "Needs review",
    "Splits",
    "Document",
    "Transaction id",
  ]);
  assertEquals(body.length, ROWS.length);
  const byId = new Map(body.map((f) => [f[15], f]));
  const hostile = byId.get(ROWS[1].id)!;
  assertEquals(hostile[0], "2025-01-05");
  assertEquals(hostile[1], "2025-01-07");
  assertEquals(hostile[2], "Operating …4821");
  assertEquals(hostile[3], HOSTILE, "quotes, semicolons, tabs, newlines and emoji survive");
  assertEquals(hostile[5], 'Coffee: "meetings"');
  assertEquals(hostile[7], `'=HYPERLINK("http://x") [2025-99-99] date:2025-99-99`, "a formula becomes text");
  assertEquals(hostile[8], "client; lunch, travel");
  assertEquals(hostile[9], "-12345.67");
  assertEquals(hostile[11], "60");
  assertEquals(hostile[12], "yes");
  assertEquals(hostile[14], 'stmt "jan".pdf');
  assertEquals(byId.get(ROWS[2].id)![13], "Office expense -60.00; Supplies -40.01");
  assertEquals(byId.get(ROWS[5].id)![3], "'@SUM(A1)");
  assertEquals(byId.get(ROWS[6].id)![3], "'-5 DISCOUNT");
  assertEquals(byId.get(ROWS[3].id)![3], "'+1 DELTA AIR LINES");
  assertEquals(body.map((f) => f[9]), ["2500.00", "-12345.67", "-100.01", "-450.99", "500.00", "-0.01", "-0.99"]);
});

Deno.test("QuickBooks Online CSV: Date, Description, Amount in MM/DD/YYYY, one line per transaction", async () => {
  const csv = await text("qbo");
  const { records } = parseCsv(csv, ",");
  const [head, ...body] = records.map((r) => r.fields);
  assertEquals(head, ["Date", "Description", "Amount"]);
  assertEquals(body.length, ROWS.length);
  assertEquals(body[0], ["01/02/2025", "STRIPE TRANSFER", "2500.00"]);
  assertEquals(body[1][0], "01/05/2025");
  assertEquals(body[1][1], oneLine(HOSTILE), "the payee already holds the description: said once, on one line");
  assertEquals(body[1][2], "-12345.67");
  assertEquals(body[5], ["02/03/2025", "'@SUM(A1)", "-0.01"]);
  assert(body.every((f) => f.length === 3 && !/[\r\n]/.test(f[1])));
});

Deno.test("XLSX: real dates, amounts to the cent, bold frozen header with autofilter, no formulas", async () => {
  const bytes = await produce("xlsx");
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  assertEquals(sheet.name, "Transactions");
  const view = sheet.views[0] as { state: string; ySplit: number };
  assertEquals([view.state, view.ySplit], ["frozen", 1]);
  assert(sheet.getRow(1).getCell(1).font?.bold, "bold header");
  assertEquals(sheet.getRow(1).getCell(10).value, "Amount");
  assertMatch(JSON.stringify(sheet.autoFilter), /A1.*P1/);
  assertEquals(sheet.rowCount, ROWS.length + 1);
  ROWS.forEach((r, i) => {
    const cells = sheet.getRow(i + 2);
    const date = cells.getCell(1).value;
    assert(date instanceof Date, `row ${i + 2}: date is a date`);
    assertEquals(date.toISOString().slice(0, 10), r.date);
    const amount = cells.getCell(10).value as number;
    assertEquals(typeof amount, "number");
    assertEquals(Math.round(amount * 100), Number(r.amount), `row ${i + 2}: amount to the cent`);
    assertEquals(cells.getCell(10).numFmt, "0.00");
    assertEquals(cells.getCell(13).value, r.needs_review);
    assertEquals(cells.getCell(16).value, r.id);
  });
  const hostile = sheet.getRow(3);
  assertEquals(hostile.getCell(2).value instanceof Date, true, "posted date");
  assertEquals(hostile.getCell(4).value, HOSTILE);
  assertEquals(hostile.getCell(8).value, ROWS[1].memo, "text that looks like a formula stays text");
  let cells = 0;
  sheet.eachRow((r) =>
    r.eachCell((cell) => {
      cells++;
      assert(cell.type !== ExcelJS.ValueType.Formula && !cell.formula, `${cell.address} is not a formula`);
    })
  );
  assert(cells > ROWS.length * 10);
});

Deno.test("OFX: our reader parses it back, one statement per account, FITID = id, exact amounts", async () => {
  const ofx = await produce("ofx");
  const statements = parseOfx(ofx);
  assertEquals(statements.map((s) => [s.kind, s.accountLast4, s.accountType, s.currency]), [
    ["bank", "4821", "CHECKING", "USD"],
    ["creditcard", "1234", "CREDITCARD", "USD"],
  ]);
  const [bank, cc] = statements;
  assertEquals(bank.transactions.map((t) => t.fitid), ROWS.filter((r) => r.account_id === chk.id).map((r) => r.id));
  assertEquals(cc.transactions.map((t) => t.amount), ["-450.99", "500.00"]);
  const hostile = bank.transactions.find((t) => t.fitid === ROWS[1].id)!;
  assertEquals(hostile.name, oneLine(HOSTILE), "NAME/EXTDNAME carry the description, entities decoded");
  assertEquals(hostile.memo, ROWS[1].memo);
  assertEquals([hostile.date, hostile.userDate], ["2025-01-07", "2025-01-05"]);
  assertEquals(bank.period, { start: "2025-01-02", end: "2025-02-04" });
  assertEquals(bank.ledgerBalance, { amount: "12500.00", date: "2025-01-02" });
  assertEquals(cc.ledgerBalance, { amount: "0.00", date: "2025-02-01" });
  // As an import: the transaction date and posting date come back as they were.
  const parsed = ofxToStatements(ofx);
  const back = parsed[0].transactions.find((t) => t.external_id === ROWS[1].id)!;
  assertEquals([back.date, back.posted_date, back.amount], ["2025-01-05", "2025-01-07", "-12345.67"]);
  assertEquals(parsed.flatMap((s) => s.transactions).length, ROWS.length);
});

Deno.test("IIF: accounts, then TRNS/SPL/ENDTRNS per transaction, splits as several SPL lines, amounts balance", async () => {
  const iif = await text("iif");
  assert(iif.endsWith("\r\n") && !iif.replace(/\r\n/g, "").includes("\n"), "CRLF lines only");
  const lines = iif.split("\r\n").slice(0, -1).map((l) => l.split("\t"));
  const accnt = lines.filter((l) => l[0] === "ACCNT").map((l) => [l[1], l[2]]);
  assertEquals(accnt.slice(0, 3), [["First Bank Operating 4821", "BANK"], ["AMEX Business card 1234", "CCARD"], [
    "Uncategorized",
    "EXP",
  ]]);
  assert(accnt.some(([n, t]) => n === "Deductible meals:Coffee- 'meetings'" && t === "EXP"), JSON.stringify(accnt));
  assert(accnt.some(([n, t]) => n === "Owner draw" && t === "EQUITY"));
  const head = lines.find((l) => l[0] === "!TRNS")!;
  assertEquals(head, ["!TRNS", "TRNSID", "TRNSTYPE", "DATE", "ACCNT", "NAME", "AMOUNT", "DOCNUM", "MEMO", "CLEAR"]);
  assertEquals(lines.find((l) => l[0] === "!SPL")![1], "SPLID");
  // Group the transactions.
  const groups: string[][][] = [];
  for (const l of lines) {
    if (l[0] === "TRNS") groups.push([l]);
    else if (l[0] === "SPL") groups.at(-1)!.push(l);
  }
  assertEquals(groups.length, ROWS.length);
  assertEquals(lines.filter((l) => l[0] === "ENDTRNS").length, ROWS.length);
  for (const g of groups) {
    assert(g.every((l) => l.length === 10), "every line has every field");
    const cents = g.reduce((n, l) => n + Math.round(Number(l[6]) * 100), 0);
    assertEquals(cents, 0, "TRNS and SPL amounts add up to zero");
  }
  const costco = groups[2];
  assertEquals(costco.map((l) => [l[0], l[2], l[3], l[4], l[6]]), [
    ["TRNS", "CHECK", "01/09/2025", "First Bank Operating 4821", "-100.01"],
    ["SPL", "CHECK", "01/09/2025", "Office expense", "60.00"],
    ["SPL", "CHECK", "01/09/2025", "Supplies", "40.01"],
  ]);
  assertEquals(costco[1][8], "paper");
  const hostile = groups[1][0];
  assertEquals(hostile[5], Array.from(oneLine(HOSTILE).replace(/"/g, "'")).slice(0, 41).join("").trim());
  assert(!hostile.join("").includes('"'));
  assertEquals(groups[3][0][2], "CREDIT CARD");
  assertEquals(groups[4][0][2], "CCARD REFUND");
  assertEquals(groups[0][1][4], "Gross receipts or sales");
});

const tools = await ensureJournalTools();

async function runTool(cmd: string, args: string[]): Promise<{ ok: boolean; out: string; err: string }> {
  const res = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const d = new TextDecoder();
  return { ok: res.success, out: d.decode(res.stdout), err: d.decode(res.stderr) };
}

Deno.test({
  name: "beancount: bean-check accepts the journal; bean-query reads payees, narrations and postings back",
  ignore: !tools.beanCheck || !tools.beanQuery,
  async fn() {
    const file = await Deno.makeTempFile({ suffix: ".beancount" });
    try {
      await Deno.writeFile(file, await produce("beancount"));
      const check = await runTool(tools.beanCheck!, [file]);
      assert(check.ok && check.err.trim() === "", `bean-check: ${check.out}${check.err}`);
      const q = await runTool(tools.beanQuery!, [
        "-f",
        "csv",
        file,
        "select id, date, flag, payee, narration, account, number, currency",
      ]);
      assert(q.ok, q.err);
      const [, ...rows] = parseCsv(q.out, ",").records.map((r) => r.fields.map((f) => f.trim()));
      assertEquals(rows.length, ROWS.length * 2 + 1, "two postings each, three for the split");
      const hostile = rows.filter((r) => r[5].startsWith("Assets:Bank") && r[6] === "-12345.67");
      assertEquals(hostile.length, 1);
      assertEquals(hostile[0].slice(1, 5), ["2025-01-05", "!", oneLine(HOSTILE), oneLine(HOSTILE)]);
      const split = rows.filter((r) => r[1] === "2025-01-09").map((r) => [r[5], r[6]]);
      assertEquals(split, [
        ["Assets:Bank:First-Bank-Operating-4821", "-100.01"],
        ["Expenses:Office-expense", "60.00"],
        ["Expenses:Supplies", "40.01"],
      ]);
      assert(rows.some((r) => r[5] === "Expenses:Deductible-meals:Coffee-meetings" && r[6] === "12345.67"));
      assert(rows.some((r) => r[5] === "Liabilities:Credit-cards:AMEX-Business-card-1234"));
      assert(rows.some((r) => r[5] === "Equity:Owner:Owner-draw"));
    } finally {
      await Deno.remove(file);
    }
  },
});

Deno.test({
  name: "hledger: `hledger check --strict` accepts the journal; `hledger print` reads it back",
  ignore: !tools.hledger,
  async fn() {
    const file = await Deno.makeTempFile({ suffix: ".journal" });
    try {
      await Deno.writeFile(file, await produce("hledger"));
      const check = await runTool(tools.hledger!, ["-f", file, "--strict", "check"]);
      assert(check.ok, `hledger check: ${check.out}${check.err}`);
      const printed = await runTool(tools.hledger!, ["-f", file, "print", "-O", "json"]);
      assert(printed.ok, printed.err);
      const txns = JSON.parse(printed.out) as {
        tdate: string;
        tstatus: string;
        tdescription: string;
        tcomment: string;
        tpostings: { paccount: string; pamount: { aquantity: { decimalMantissa: number } }[] }[];
      }[];
      assertEquals(txns.length, ROWS.length);
      const hostile = txns[1];
      const cut = hostile.tdescription.indexOf(" | ");
      const [payee, note] = [hostile.tdescription.slice(0, cut), hostile.tdescription.slice(cut + 3)];
      assertEquals(payee, oneLine(HOSTILE).replace(/;/g, ",").replace(/\|/g, "/"));
      assertEquals(note, oneLine(HOSTILE).replace(/;/g, ","));
      assertEquals(hostile.tstatus, "Pending");
      assertEquals(hostile.tdate, "2025-01-05", "comment text that looks like a date does not move it");
      assertMatch(hostile.tcomment, new RegExp(`ledgerflow-id: ${ROWS[1].id}`));
      for (const [i, t] of txns.entries()) {
        const cents = t.tpostings.map((p) => p.pamount[0].aquantity.decimalMantissa);
        assertEquals(cents[0], Number(ROWS[i].amount), `transaction ${i}: the bank posting`);
        assertEquals(cents.reduce((a, b) => a + b, 0), 0, `transaction ${i}: balanced`);
      }
      assertEquals(txns[2].tpostings.map((p) => p.paccount), [
        "Assets:Bank:First-Bank-Operating-4821",
        "Expenses:Office-expense",
        "Expenses:Supplies",
      ]);
    } finally {
      await Deno.remove(file);
    }
  },
});
