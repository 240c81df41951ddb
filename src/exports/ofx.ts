/**
 * The OFX export (OFX 2.1.1, XML): one statement per account — `<STMTRS>` in the bank message
 * set for checking, savings and other accounts, `<CCSTMTRS>` in the credit-card set for cards —
 * with the account's selected transactions in date order. FITID is the transaction id, so a
 * program that imports the file twice keeps one copy. Amounts are signed from the holder's view
 * (negative is money out), as banks write them.
 *
 * Dates: DTPOSTED is the posting date when there is one, with DTUSER the transaction date;
 * otherwise DTPOSTED is the transaction date. NAME holds the first 32 characters of the
 * description (OFX's limit) and EXTDNAME the whole of it (up to 100); MEMO the memo.
 * LEDGERBAL is the running balance after the account's last exported transaction, else the
 * latest statement closing balance up to then; a card's balance owed is written negative.
 */
import { compactDate, money, oneLine } from "./text.ts";
import type { AccountSpan, ExportAccount, ExportContext, ExportWriter } from "./types.ts";

/** Text for an OFX element: one line, XML special characters as entities, at most `max` characters. */
export function ofxText(text: string, max: number): string {
  const plain = Array.from(oneLine(text)).slice(0, max).join("").trim();
  return plain.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const el = (name: string, value: string) => `<${name}>${value}</${name}>`;

const OFX_ACCOUNT_TYPES: Record<ExportAccount["type"], string> = {
  checking: "CHECKING",
  savings: "SAVINGS",
  other: "CHECKING",
  credit_card: "CREDITCARD",
};

/** ACCTID: the last four digits we know, or the account's id when there are none. */
const accountId = (a: ExportAccount) => a.number_last4 || a.id.replaceAll("-", "").slice(0, 22);

const timestamp = (d: Date) => d.toISOString().replace(/[-:T]/g, "").slice(0, 14);

function header(ctx: ExportContext): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n` +
    `<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n` +
    `<OFX>\n<SIGNONMSGSRSV1><SONRS>` +
    `<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>` +
    `${el("DTSERVER", timestamp(ctx.generatedAt))}<LANGUAGE>ENG</LANGUAGE>` +
    `</SONRS></SIGNONMSGSRSV1>\n`;
}

async function* statement(ctx: ExportContext, span: AccountSpan, account: ExportAccount, uid: number) {
  const card = account.type === "credit_card";
  const from = card
    ? `<CCACCTFROM>${el("ACCTID", accountId(account))}</CCACCTFROM>`
    : `<BANKACCTFROM><BANKID>000000000</BANKID>${el("ACCTID", accountId(account))}${
      el("ACCTTYPE", OFX_ACCOUNT_TYPES[account.type])
    }</BANKACCTFROM>`;
  const [rs, trnrs] = card ? ["CCSTMTRS", "CCSTMTTRNRS"] : ["STMTRS", "STMTTRNRS"];
  yield `<${trnrs}>${el("TRNUID", String(uid))}<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n` +
    `<${rs}>${el("CURDEF", account.currency)}${from}\n<BANKTRANLIST>${el("DTSTART", compactDate(span.first))}${
      el("DTEND", compactDate(span.last))
    }\n`;
  let balance: { amount: string; date: string } | null = null;
  for await (const batch of ctx.rows(account.id)) {
    let out = "";
    for (const r of batch) {
      const amount = BigInt(r.amount);
      const description = oneLine(r.description) || oneLine(r.payee);
      out += "<STMTTRN>" + el("TRNTYPE", amount < 0n ? "DEBIT" : "CREDIT") +
        el("DTPOSTED", compactDate(r.posted_date ?? r.date)) +
        (r.posted_date ? el("DTUSER", compactDate(r.date)) : "") +
        el("TRNAMT", money(amount)) + el("FITID", r.id) + el("NAME", ofxText(description, 32) || "UNKNOWN") +
        (Array.from(description).length > 32 ? el("EXTDNAME", ofxText(description, 100)) : "") +
        (oneLine(r.memo) ? el("MEMO", ofxText(r.memo, 255)) : "") + "</STMTTRN>\n";
      if (r.balance !== null) balance = { amount: r.balance, date: r.date };
    }
    yield out;
  }
  balance ??= span.closing;
  const ledger = balance
    ? `<LEDGERBAL>${el("BALAMT", card ? money(-BigInt(balance.amount)) : money(balance.amount))}${
      el("DTASOF", compactDate(balance.date))
    }</LEDGERBAL>`
    : "";
  yield `</BANKTRANLIST>${ledger}</${rs}></${trnrs}>\n`;
}

/** The OFX export. */
export const writeOfx: ExportWriter = async function* (ctx: ExportContext) {
  yield header(ctx);
  const withRows = ctx.spans.map((span) => ({ span, account: ctx.accounts.get(span.account_id)! }))
    .filter((s) => s.account);
  const banks = withRows.filter((s) => s.account.type !== "credit_card");
  const cards = withRows.filter((s) => s.account.type === "credit_card");
  let uid = 0;
  if (banks.length || !cards.length) {
    yield "<BANKMSGSRSV1>\n";
    for (const s of banks) yield* statement(ctx, s.span, s.account, ++uid);
    yield "</BANKMSGSRSV1>\n";
  }
  if (cards.length) {
    yield "<CREDITCARDMSGSRSV1>\n";
    for (const s of cards) yield* statement(ctx, s.span, s.account, ++uid);
    yield "</CREDITCARDMSGSRSV1>\n";
  }
  yield "</OFX>\n";
};
