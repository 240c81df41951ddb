/**
 * OFX / QFX bank and credit-card statements (OFX 1.x SGML and 2.x XML), one or several per file.
 */
import { decodeText } from "../csv/decode.ts";
import { type Decimal, formatDecimal, parseAmount, parsePlainDecimal } from "../csv/decimal.ts";
import { lastFour } from "../csv/statement.ts";
import { DocumentError } from "../types.ts";
import { child, findAll, type OfxNode, parseOfxTree, valueOf } from "./tree.ts";

/** A malformed or unsupported OFX file; the message says what and where. */
export class OfxError extends DocumentError {
  constructor(message: string) {
    super("failed", message);
    this.name = "OfxError";
  }
}

/** One `<STMTTRN>`. Amounts are decimal strings, signed as in the OFX (the holder's view). */
export interface OfxTransaction {
  fitid: string;
  /** TRNTYPE: DEBIT, CREDIT, POS, ATM, CHECK, XFER, FEE, INT, … */
  type: string;
  /** DTPOSTED as YYYY-MM-DD. */
  date: string;
  /** DTUSER (when the holder made the transaction) as YYYY-MM-DD, or null. */
  userDate: string | null;
  amount: string;
  name: string | null;
  memo: string | null;
  checkNum: string | null;
  refNum: string | null;
}

/** One `<STMTRS>` (bank) or `<CCSTMTRS>` (credit card). */
export interface OfxStatement {
  kind: "bank" | "creditcard";
  /** The financial institution's name from the sign-on (`<FI><ORG>`), or null. */
  institution: string | null;
  bankId: string | null;
  branchId: string | null;
  /** The full ACCTID: sensitive, encrypt at rest. */
  accountId: string;
  accountLast4: string | null;
  /** ACCTTYPE (CHECKING, SAVINGS, MONEYMRKT, CREDITLINE, CD) or "CREDITCARD". */
  accountType: string;
  /** CURDEF (ISO 4217), or null when absent. */
  currency: string | null;
  period: { start: string | null; end: string | null };
  /** LEDGERBAL: BALAMT as OFX signs it (holder's view: a card balance owed is negative) and DTASOF. */
  ledgerBalance: { amount: string; date: string | null } | null;
  availableBalance: { amount: string; date: string | null } | null;
  transactions: OfxTransaction[];
  warnings: string[];
}

const OFX_DATE =
  /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2})(?:\.\d{1,6})?)?)?\s*(?:\[\s*[+-]?\d{1,2}(?:[.:]\d{1,2})?\s*(?::\s*[A-Za-z0-9_ +-]*)?\])?$/;

/** An OFX datetime ("20250131", "20250131120000.000[-5:EST]") as the YYYY-MM-DD it was written with; null if invalid. */
export function parseOfxDate(raw: string): string | null {
  const m = OFX_DATE.exec(raw.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 60)) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** An OFX amount: "-12.50", "+3", "1234,5" (the spec allows a comma); tolerates grouping "1,234.56". */
export function parseOfxAmount(raw: string): Decimal | null {
  const plain = parsePlainDecimal(raw);
  if (plain) return plain;
  const s = raw.trim();
  const decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
  const r = parseAmount(s, decimal);
  return r.ok && /^[+-]?[\d.,]+$/.test(s) ? r.value : null;
}

function balance(node: OfxNode | undefined, what: string, fail: (m: string) => never) {
  if (!node) return null;
  const raw = valueOf(node, "BALAMT");
  if (raw === null) return null;
  const amount = parseOfxAmount(raw);
  if (!amount) fail(`the ${what} BALAMT ${JSON.stringify(raw)} is not a number`);
  const asof = valueOf(node, "DTASOF");
  return { amount: formatDecimal(amount), date: asof === null ? null : parseOfxDate(asof) };
}

function readTransaction(node: OfxNode, index: number, where: string, fail: (m: string) => never): OfxTransaction {
  const fitid = valueOf(node, "FITID");
  if (!fitid) fail(`transaction ${index} has no FITID${where}`);
  const id = `transaction FITID ${JSON.stringify(fitid)}${where}`;
  const posted = valueOf(node, "DTPOSTED");
  if (!posted) fail(`${id} has no DTPOSTED`);
  const date = parseOfxDate(posted);
  if (!date) fail(`${id} has an invalid DTPOSTED ${JSON.stringify(posted)}`);
  const rawAmount = valueOf(node, "TRNAMT");
  if (!rawAmount) fail(`${id} has no TRNAMT`);
  const amount = parseOfxAmount(rawAmount);
  if (!amount) fail(`${id} has an invalid TRNAMT ${JSON.stringify(rawAmount)}`);
  const user = valueOf(node, "DTUSER");
  const name = valueOf(node, "NAME") ?? valueOf(child(node, "PAYEE"), "NAME");
  const extended = valueOf(node, "EXTDNAME");
  return {
    fitid,
    type: (valueOf(node, "TRNTYPE") ?? "OTHER").toUpperCase(),
    date,
    userDate: user === null ? null : parseOfxDate(user),
    amount: formatDecimal(amount),
    name: extended && (!name || extended.startsWith(name)) ? extended : name,
    memo: valueOf(node, "MEMO"),
    checkNum: valueOf(node, "CHECKNUM"),
    refNum: valueOf(node, "REFNUM"),
  };
}

function same(a: OfxTransaction, b: OfxTransaction): boolean {
  return a.date === b.date && a.amount === b.amount && a.name === b.name && a.memo === b.memo;
}

function readStatement(stmt: OfxNode, number: number, many: boolean, institution: string | null): OfxStatement {
  const kind = stmt.name === "CCSTMTRS" ? "creditcard" : "bank";
  const from = child(stmt, kind === "bank" ? "BANKACCTFROM" : "CCACCTFROM");
  const label = many ? `statement ${number}: ` : "";
  const fail = (m: string): never => {
    throw new OfxError(`Cannot read OFX: ${label}${m}`);
  };
  const accountId = valueOf(from, "ACCTID");
  if (!accountId) fail(`no <ACCTID> in <${kind === "bank" ? "BANKACCTFROM" : "CCACCTFROM"}>`);
  const accountLast4 = lastFour(accountId!);
  const where = ` (account ending ${accountLast4})`;
  const warnings: string[] = [];

  const list = child(stmt, "BANKTRANLIST");
  if (!list) warnings.push(`No <BANKTRANLIST> in the statement for account ending ${accountLast4}: no transactions`);
  const all = (list?.children ?? []).filter((c) => c.name === "STMTTRN");
  const transactions: OfxTransaction[] = [];
  const byId = new Map<string, number>();
  all.forEach((node, i) => {
    const t = readTransaction(node, i + 1, where, fail);
    if (valueOf(node, "DTUSER") !== null && t.userDate === null) {
      warnings.push(
        `Transaction FITID "${t.fitid}": DTUSER ${JSON.stringify(valueOf(node, "DTUSER"))} is not a date; ignored`,
      );
    }
    const correct = valueOf(node, "CORRECTFITID"), action = valueOf(node, "CORRECTACTION")?.toUpperCase();
    if (correct && (action === "DELETE" || action === "REPLACE") && byId.has(correct)) {
      const at = byId.get(correct)!;
      if (action === "DELETE") {
        transactions.splice(at, 1);
        byId.delete(correct);
        byId.forEach((v, k) => v > at && byId.set(k, v - 1));
        warnings.push(`Transaction FITID "${t.fitid}" deletes transaction FITID "${correct}"`);
        return;
      }
      transactions[at] = t;
      byId.delete(correct);
      byId.set(t.fitid, at);
      warnings.push(`Transaction FITID "${t.fitid}" replaces transaction FITID "${correct}"`);
      return;
    }
    const seen = byId.get(t.fitid);
    if (seen !== undefined) {
      const differs = same(transactions[seen], t)
        ? "an exact repeat"
        : "it differs from the first — check the statement";
      warnings.push(
        `Duplicate FITID "${t.fitid}"${where}: kept the first transaction, dropped transaction ${i + 1} (${differs})`,
      );
      return;
    }
    byId.set(t.fitid, transactions.length);
    transactions.push(t);
  });

  const dateOf = (name: string) => {
    const raw = valueOf(list, name);
    if (raw === null) return null;
    const d = parseOfxDate(raw);
    if (!d) warnings.push(`${name} ${JSON.stringify(raw)} is not a date; the period comes from the transactions`);
    return d;
  };
  const dates = transactions.map((t) => t.date).sort();
  const period = { start: dateOf("DTSTART") ?? dates[0] ?? null, end: dateOf("DTEND") ?? dates.at(-1) ?? null };
  const ledgerBalance = balance(child(stmt, "LEDGERBAL"), "ledger balance", fail);
  if (!ledgerBalance) warnings.push(`No ledger balance (<LEDGERBAL>) for account ending ${accountLast4}`);

  return {
    kind,
    institution,
    bankId: valueOf(from, "BANKID"),
    branchId: valueOf(from, "BRANCHID"),
    accountId: accountId!,
    accountLast4,
    accountType: kind === "creditcard" ? "CREDITCARD" : (valueOf(from, "ACCTTYPE") ?? "CHECKING").toUpperCase(),
    currency: valueOf(stmt, "CURDEF")?.toUpperCase() ?? null,
    period,
    ledgerBalance,
    availableBalance: balance(child(stmt, "AVAILBAL"), "available balance", fail),
    transactions,
    warnings,
  };
}

/**
 * Parses an OFX/QFX file (text, or bytes: UTF-8, else Windows-1252) into its bank and credit-card
 * statements, in file order. Transactions keep the file's order; a repeated FITID keeps the first
 * and warns. Throws {@link OfxError} with a precise message for malformed content.
 */
export function parseOfx(input: string | Uint8Array): OfxStatement[] {
  const text = typeof input === "string" ? input : decodeText(input).text;
  const tree = parseOfxTree(text);
  if (!tree) throw new OfxError("Cannot read OFX: no <OFX> element found");
  const institution = valueOf(child(findAll(tree.root, "SONRS")[0], "FI"), "ORG");
  const statements = [...findAll(tree.root, "STMTRS"), ...findAll(tree.root, "CCSTMTRS")];
  // Keep file order across the two kinds.
  const order = new Map<OfxNode, number>();
  let n = 0;
  const walk = (node: OfxNode) => node.children.forEach((c) => (order.set(c, n++), walk(c)));
  walk(tree.root);
  statements.sort((a, b) => order.get(a)! - order.get(b)!);

  if (statements.length === 0) {
    const failures = [
      ...findAll(tree.root, "STMTTRNRS"),
      ...findAll(tree.root, "CCSTMTTRNRS"),
      ...findAll(tree.root, "SONRS"),
    ]
      .map((rs) => child(rs, "STATUS"))
      .filter((s) => s && valueOf(s, "CODE") !== null && valueOf(s, "CODE") !== "0")
      .map((s) => `code ${valueOf(s, "CODE")}${valueOf(s, "MESSAGE") ? `: ${valueOf(s, "MESSAGE")}` : ""}`);
    if (failures.length) throw new OfxError(`Cannot read OFX: the institution reported an error (${failures[0]})`);
    if (findAll(tree.root, "INVSTMTRS").length) {
      throw new OfxError("Cannot read OFX: investment statements (<INVSTMTRS>) are not supported");
    }
    throw new OfxError("Cannot read OFX: no <STMTRS> or <CCSTMTRS> statement found");
  }
  return statements.map((s, i) => readStatement(s, i + 1, statements.length > 1, institution));
}
