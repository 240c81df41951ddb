/**
 * OFX/QFX import over realistic files: a Chase-like QFX (SGML), an OFX 2.2 XML with two accounts,
 * a credit-card OFX; then malformed input.
 */
import assert from "node:assert/strict";
import {
  describe,
  OfxError,
  ofxToStatement,
  ofxToStatements,
  type OfxTransaction,
  parseOfx,
  parseOfxDate,
} from "./mod.ts";

/** A Chase-like QFX (OFX 1.02 SGML): unclosed elements, CRLF, an INTU.BID, an escaped "&". */
const CHASE_QFX = `OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1>
<SONRS>
<STATUS>
<CODE>0
<SEVERITY>INFO
<MESSAGE>SUCCESS
</STATUS>
<DTSERVER>20250201120000.000[-5:EST]
<LANGUAGE>ENG
<FI>
<ORG>B1
<FID>10898
</FI>
<INTU.BID>10898
</SONRS>
</SIGNONMSGSRSV1>
<BANKMSGSRSV1>
<STMTTRNRS>
<TRNUID>1
<STATUS>
<CODE>0
<SEVERITY>INFO
<MESSAGE>Success
</STATUS>
<STMTRS>
<CURDEF>USD
<BANKACCTFROM>
<BANKID>322271627
<ACCTID>000000123456789
<ACCTTYPE>CHECKING
</BANKACCTFROM>
<BANKTRANLIST>
<DTSTART>20250101120000[0:GMT]
<DTEND>20250131120000[0:GMT]
<STMTTRN>
<TRNTYPE>DEBIT
<DTPOSTED>20250131120000[0:GMT]
<TRNAMT>-500.00
<FITID>202501310
<NAME>ONLINE TRANSFER TO SAV ...1234
<MEMO>TRANSACTION#: 23456789
</STMTTRN>
<STMTTRN>
<TRNTYPE>CREDIT
<DTPOSTED>20250130120000[0:GMT]
<TRNAMT>2500.00
<FITID>202501300
<NAME>ACME CORP PAYROLL
<MEMO>ACME CORP PAYROLL
</STMTTRN>
<STMTTRN>
<TRNTYPE>DEBIT
<DTPOSTED>20250128120000[0:GMT]
<DTUSER>20250126120000[0:GMT]
<TRNAMT>-23.99
<FITID>202501280
<NAME>AMAZON MKTPL*2K4ABC123
<MEMO>AMAZON MKTPL*2K4ABC123 Amzn.com/bill WA
</STMTTRN>
<STMTTRN>
<TRNTYPE>CHECK
<DTPOSTED>20250127120000[0:GMT]
<TRNAMT>-150.00
<FITID>202501270
<CHECKNUM>1042
<NAME>CHECK 1042
<MEMO>
</STMTTRN>
<STMTTRN>
<TRNTYPE>DEBIT
<DTPOSTED>20250125120000[0:GMT]
<TRNAMT>-41.07
<FITID>202501250
<NAME>AT&amp;T MOBILITY
</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL>
<BALAMT>3326.01
<DTASOF>20250131120000[0:GMT]
</LEDGERBAL>
<AVAILBAL>
<BALAMT>3326.01
<DTASOF>20250131120000[0:GMT]
</AVAILBAL>
</STMTRS>
</STMTTRNRS>
</BANKMSGSRSV1>
</OFX>
`.replace(/\n/g, "\r\n");

/** An OFX 2.2 XML file with two accounts (checking and savings) of one bank. */
const XML_TWO_ACCOUNTS = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
  <SIGNONMSGSRSV1>
    <SONRS>
      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
      <DTSERVER>20250301083000.000[-8:PST]</DTSERVER>
      <LANGUAGE>ENG</LANGUAGE>
      <FI><ORG>Example Credit Union</ORG><FID>1234</FID></FI>
    </SONRS>
  </SIGNONMSGSRSV1>
  <BANKMSGSRSV1>
    <STMTTRNRS>
      <TRNUID>0</TRNUID>
      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
      <STMTRS>
        <CURDEF>USD</CURDEF>
        <BANKACCTFROM>
          <BANKID>321180379</BANKID>
          <ACCTID>9876543210</ACCTID>
          <ACCTTYPE>CHECKING</ACCTTYPE>
        </BANKACCTFROM>
        <BANKTRANLIST>
          <DTSTART>20250201000000.000[-8:PST]</DTSTART>
          <DTEND>20250228235959.000[-8:PST]</DTEND>
          <STMTTRN>
            <TRNTYPE>POS</TRNTYPE>
            <DTPOSTED>20250203</DTPOSTED>
            <TRNAMT>-64.10</TRNAMT>
            <FITID>CHK-0001</FITID>
            <NAME>SAFEWAY #1234</NAME>
            <MEMO>POS PURCHASE SAFEWAY #1234 SAN JOSE CA</MEMO>
          </STMTTRN>
          <STMTTRN>
            <TRNTYPE>DIRECTDEP</TRNTYPE>
            <DTPOSTED>20250214</DTPOSTED>
            <TRNAMT>1850.00</TRNAMT>
            <FITID>CHK-0002</FITID>
            <PAYEE><NAME>EMPLOYER INC</NAME><ADDR1>1 Main St</ADDR1><CITY>San Jose</CITY><STATE>CA</STATE><POSTALCODE>95113</POSTALCODE></PAYEE>
            <MEMO></MEMO>
          </STMTTRN>
          <STMTTRN>
            <TRNTYPE>XFER</TRNTYPE>
            <DTPOSTED>20250215</DTPOSTED>
            <TRNAMT>-300.00</TRNAMT>
            <FITID>CHK-0003</FITID>
            <NAME>Transfer to Savings</NAME>
            <BANKACCTTO><BANKID>321180379</BANKID><ACCTID>9876543299</ACCTID><ACCTTYPE>SAVINGS</ACCTTYPE></BANKACCTTO>
          </STMTTRN>
        </BANKTRANLIST>
        <LEDGERBAL><BALAMT>2485.90</BALAMT><DTASOF>20250228235959.000[-8:PST]</DTASOF></LEDGERBAL>
      </STMTRS>
    </STMTTRNRS>
    <STMTTRNRS>
      <TRNUID>0</TRNUID>
      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
      <STMTRS>
        <CURDEF>USD</CURDEF>
        <BANKACCTFROM>
          <BANKID>321180379</BANKID>
          <ACCTID>9876543299</ACCTID>
          <ACCTTYPE>SAVINGS</ACCTTYPE>
        </BANKACCTFROM>
        <BANKTRANLIST>
          <DTSTART>20250201</DTSTART>
          <DTEND>20250228</DTEND>
          <STMTTRN>
            <TRNTYPE>XFER</TRNTYPE>
            <DTPOSTED>20250215</DTPOSTED>
            <TRNAMT>300.00</TRNAMT>
            <FITID>SAV-0001</FITID>
            <NAME>Transfer from Checking</NAME>
          </STMTTRN>
          <STMTTRN>
            <TRNTYPE>INT</TRNTYPE>
            <DTPOSTED>20250228</DTPOSTED>
            <TRNAMT>4.17</TRNAMT>
            <FITID>SAV-0002</FITID>
            <NAME>Interest Paid</NAME>
          </STMTTRN>
        </BANKTRANLIST>
        <LEDGERBAL><BALAMT>10304.17</BALAMT><DTASOF>20250228</DTASOF></LEDGERBAL>
      </STMTRS>
    </STMTTRNRS>
  </BANKMSGSRSV1>
</OFX>
`;

/** A credit-card OFX (SGML, closing tags on elements as some issuers write them): purchases negative. */
const CREDIT_CARD_OFX = `OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20250205</DTSERVER><LANGUAGE>ENG</LANGUAGE><FI><ORG>AMEX</ORG><FID>3101</FID></FI></SONRS></SIGNONMSGSRSV1>
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>0</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<CCSTMTRS><CURDEF>USD</CURDEF>
<CCACCTFROM><ACCTID>XXXXXXXXXXX51007</ACCTID></CCACCTFROM>
<BANKTRANLIST><DTSTART>20250106</DTSTART><DTEND>20250205</DTEND>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20250108000000.000[-7:MST]</DTPOSTED><DTUSER>20250107</DTUSER><TRNAMT>-412.30</TRNAMT><FITID>320250080001</FITID><REFNUM>320250080001</REFNUM><NAME>DELTA AIR LINES</NAME><MEMO>ATLANTA GA</MEMO></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20250112</DTPOSTED><TRNAMT>-4.75</TRNAMT><FITID>320250120002</FITID><NAME>STARBUCKS #123</NAME></STMTTRN>
<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20250120</DTPOSTED><TRNAMT>200.00</TRNAMT><FITID>320250200003</FITID><NAME>PAYMENT RECEIVED - THANK YOU</NAME></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20250112</DTPOSTED><TRNAMT>-4.75</TRNAMT><FITID>320250120002</FITID><NAME>STARBUCKS #123</NAME></STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>-1217.05</BALAMT><DTASOF>20250205</DTASOF></LEDGERBAL>
</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>
`;

Deno.test("Chase QFX (SGML): account, period, balances, transactions as written", () => {
  const [st, ...rest] = parseOfx(CHASE_QFX);
  assert.equal(rest.length, 0);
  assert.equal(st.kind, "bank");
  assert.equal(st.institution, "B1");
  assert.deepEqual([st.bankId, st.accountId, st.accountLast4, st.accountType], [
    "322271627",
    "000000123456789",
    "6789",
    "CHECKING",
  ]);
  assert.equal(st.currency, "USD");
  assert.deepEqual(st.period, { start: "2025-01-01", end: "2025-01-31" });
  assert.deepEqual(st.ledgerBalance, { amount: "3326.01", date: "2025-01-31" });
  assert.equal(st.transactions.length, 5);
  assert.deepEqual(st.transactions[2], {
    fitid: "202501280",
    type: "DEBIT",
    date: "2025-01-28",
    userDate: "2025-01-26",
    amount: "-23.99",
    name: "AMAZON MKTPL*2K4ABC123",
    memo: "AMAZON MKTPL*2K4ABC123 Amzn.com/bill WA",
    checkNum: null,
    refNum: null,
  });
  assert.equal(st.transactions[3].checkNum, "1042");
  assert.equal(st.transactions[3].memo, null);
  assert.equal(st.transactions[4].name, "AT&T MOBILITY");
  assert.deepEqual(st.warnings, []);
});

Deno.test("Chase QFX → statement: date order, descriptions, FITIDs, bank balance convention", () => {
  const [parsed] = ofxToStatements(CHASE_QFX);
  assert.equal(parsed.parser, "ofx");
  assert.deepEqual(parsed.account, { number: "6789", type: "checking", currency: "USD" });
  assert.deepEqual(parsed.balances, { opening: "1541.07", closing: "3326.01" });
  assert.deepEqual(parsed.transactions.map((t) => [t.date, t.posted_date, t.amount, t.description, t.external_id]), [
    ["2025-01-25", null, "-41.07", "AT&T MOBILITY", "202501250"],
    ["2025-01-27", null, "-150.00", "CHECK 1042", "202501270"],
    ["2025-01-26", "2025-01-28", "-23.99", "AMAZON MKTPL*2K4ABC123 Amzn.com/bill WA", "202501280"],
    ["2025-01-30", null, "2500.00", "ACME CORP PAYROLL", "202501300"],
    ["2025-01-31", null, "-500.00", "ONLINE TRANSFER TO SAV ...1234 TRANSACTION#: 23456789", "202501310"],
  ]);
  assert.ok(parsed.transactions.every((t) => t.balance === null));
  assert.ok(parsed.warnings.some((w) => w.includes("derived")));
});

Deno.test("bytes in, Windows-1252 out: a QFX with CHARSET:1252 and an accented name", () => {
  const text = CHASE_QFX.replace("AT&amp;T MOBILITY", "CAF\u00c9 DE FLORE");
  const bytes = Uint8Array.from([...text], (c) => c.charCodeAt(0));
  const [st] = parseOfx(bytes);
  assert.equal(st.transactions[4].name, "CAF\u00c9 DE FLORE");
});

Deno.test("XML OFX 2.2 with two accounts: both statements, in file order", () => {
  const statements = parseOfx(XML_TWO_ACCOUNTS);
  assert.deepEqual(statements.map((s) => [s.accountId, s.accountType, s.institution]), [
    ["9876543210", "CHECKING", "Example Credit Union"],
    ["9876543299", "SAVINGS", "Example Credit Union"],
  ]);
  const [checking, savings] = statements;
  assert.deepEqual(checking.period, { start: "2025-02-01", end: "2025-02-28" });
  assert.equal(checking.transactions[1].name, "EMPLOYER INC");
  assert.equal(checking.transactions[1].memo, null);
  assert.equal(checking.transactions[2].name, "Transfer to Savings");
  const [c, s] = statements.map(ofxToStatement);
  assert.deepEqual(c.balances, { opening: "1000.00", closing: "2485.90" });
  assert.equal(c.transactions[0].description, "POS PURCHASE SAFEWAY #1234 SAN JOSE CA");
  assert.deepEqual(s.account, { number: "3299", type: "savings", currency: "USD" });
  assert.deepEqual(s.balances, { opening: "10000.00", closing: "10304.17" });
  assert.equal(savings.transactions.length, 2);
});

Deno.test("credit card OFX: owed balances positive, amounts as in the file, duplicate FITID dropped", () => {
  const [st] = parseOfx(CREDIT_CARD_OFX);
  assert.equal(st.kind, "creditcard");
  assert.deepEqual([st.accountId, st.accountLast4, st.accountType, st.bankId], [
    "XXXXXXXXXXX51007",
    "1007",
    "CREDITCARD",
    null,
  ]);
  assert.equal(st.transactions.length, 3);
  assert.equal(st.warnings.length, 1);
  assert.match(
    st.warnings[0],
    /Duplicate FITID "320250120002" \(account ending 1007\): kept the first transaction, dropped transaction 4 \(an exact repeat\)/,
  );
  const parsed = ofxToStatement(st);
  assert.equal(parsed.institution, "AMEX");
  assert.deepEqual(parsed.account, { number: "1007", type: "credit_card", currency: "USD" });
  // Owed 1,000.00 before; +412.30 +4.75 purchases, −200.00 payment → owed 1,217.05 (BALAMT −1217.05).
  assert.deepEqual(parsed.balances, { opening: "1000.00", closing: "1217.05" });
  assert.deepEqual(parsed.transactions.map((t) => t.amount), ["-412.30", "-4.75", "200.00"]);
  assert.deepEqual(parsed.transactions[0], {
    date: "2025-01-07",
    posted_date: "2025-01-08",
    description: "DELTA AIR LINES ATLANTA GA",
    amount: "-412.30",
    balance: null,
    external_id: "320250080001",
  });
});

Deno.test("credit card with a positive BALAMT: a credit balance, owed negative, with a warning", () => {
  const [parsed] = ofxToStatements(CREDIT_CARD_OFX.replace("<BALAMT>-1217.05", "<BALAMT>25.00"));
  assert.equal(parsed.balances.closing, "-25.00");
  assert.ok(parsed.warnings.some((w) => w.includes("credit in the holder's favour")));
});

Deno.test("duplicate FITID with different content keeps the first and says it differs", () => {
  const text = CHASE_QFX.replace("<FITID>202501270", "<FITID>202501280");
  const [st] = parseOfx(text);
  assert.equal(st.transactions.length, 4);
  assert.match(st.warnings[0], /dropped transaction 4 \(it differs from the first/);
});

Deno.test("CORRECTACTION REPLACE and DELETE", () => {
  const extra =
    `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20250131<TRNAMT>-45.00<FITID>FIX1<CORRECTFITID>202501250<CORRECTACTION>REPLACE<NAME>AT&amp;T FIXED</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20250131<TRNAMT>0<FITID>DEL1<CORRECTFITID>202501300<CORRECTACTION>DELETE</STMTTRN>
</BANKTRANLIST>`.replace(/\n/g, "\r\n");
  const [st] = parseOfx(CHASE_QFX.replace("</BANKTRANLIST>", extra));
  assert.deepEqual(st.transactions.map((t) => t.fitid), ["202501310", "202501280", "202501270", "FIX1"]);
  assert.equal(st.transactions[3].amount, "-45.00");
});

Deno.test("OFX dates and the description rule", () => {
  assert.equal(parseOfxDate("20250131120000.000[-5:EST]"), "2025-01-31");
  assert.equal(parseOfxDate("20250131"), "2025-01-31");
  assert.equal(parseOfxDate("202501311200"), "2025-01-31");
  assert.equal(parseOfxDate("20250131235959[+5.30:IST]"), "2025-01-31");
  assert.equal(parseOfxDate("20250231"), null);
  assert.equal(parseOfxDate("2025-01-31"), null);
  assert.equal(parseOfxDate("20251301"), null);
  const t = (name: string | null, memo: string | null): OfxTransaction => ({
    fitid: "1",
    type: "DEBIT",
    date: "2025-01-01",
    userDate: null,
    amount: "-1.00",
    name,
    memo,
    checkNum: null,
    refNum: null,
  });
  assert.equal(describe(t("SHOP", "SHOP")), "SHOP");
  assert.equal(describe(t("SHOP", "")), "SHOP");
  assert.equal(describe(t("AMAZON MKT", "Amazon Mkt order 123")), "Amazon Mkt order 123");
  assert.equal(describe(t("SHOP", "Berlin")), "SHOP Berlin");
  assert.equal(describe(t("SHOP BERLIN DE", "berlin")), "SHOP BERLIN DE");
  assert.equal(describe(t(null, "Only memo")), "Only memo");
  assert.equal(describe(t(null, null)), "DEBIT");
});

Deno.test("malformed OFX: precise errors", () => {
  const err = (text: string) => {
    try {
      parseOfx(text);
    } catch (e) {
      assert.ok(e instanceof OfxError);
      assert.equal(e.state, "failed");
      return e.message;
    }
    throw new Error("expected an OfxError");
  };
  assert.equal(err("hello"), "Cannot read OFX: no <OFX> element found");
  assert.equal(
    err("OFXHEADER:100\n\n<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>"),
    "Cannot read OFX: no <STMTRS> or <CCSTMTRS> statement found",
  );
  assert.equal(
    err(
      "<OFX><BANKMSGSRSV1><STMTTRNRS><STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>Account closed</STATUS></STMTTRNRS></BANKMSGSRSV1></OFX>",
    ),
    "Cannot read OFX: the institution reported an error (code 2000: Account closed)",
  );
  assert.equal(
    err("<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>"),
    "Cannot read OFX: investment statements (<INVSTMTRS>) are not supported",
  );
  assert.equal(err(CHASE_QFX.replace("<ACCTID>000000123456789", "")), "Cannot read OFX: no <ACCTID> in <BANKACCTFROM>");

  // Transaction 5 of 5 loses its FITID.
  assert.equal(
    err(CHASE_QFX.replace("<FITID>202501250", "")),
    "Cannot read OFX: transaction 5 has no FITID (account ending 6789)",
  );
  assert.equal(
    err(CHASE_QFX.replace("<TRNAMT>-23.99", "<TRNAMT>-23.9x")),
    'Cannot read OFX: transaction FITID "202501280" (account ending 6789) has an invalid TRNAMT "-23.9x"',
  );
  assert.equal(
    err(CHASE_QFX.replace("<DTPOSTED>20250128120000[0:GMT]", "<DTPOSTED>20250230")),
    'Cannot read OFX: transaction FITID "202501280" (account ending 6789) has an invalid DTPOSTED "20250230"',
  );
  assert.equal(
    err(XML_TWO_ACCOUNTS.replace("<FITID>SAV-0002</FITID>", "")),
    "Cannot read OFX: statement 2: transaction 2 has no FITID (account ending 3299)",
  );
  assert.equal(
    err(CHASE_QFX.replace("<BALAMT>3326.01", "<BALAMT>N/A")),
    'Cannot read OFX: the ledger balance BALAMT "N/A" is not a number',
  );
});

Deno.test("lenient where it is safe: comma decimals, lower-case tags, unclosed <STMTTRN>, a missing ledger balance", () => {
  const text = CHASE_QFX.replace("<TRNAMT>-41.07", "<trnamt>-41,07").replace(/<LEDGERBAL>[\s\S]*?<\/LEDGERBAL>/, "");
  const [st] = parseOfx(text);
  assert.equal(st.transactions[4].amount, "-41.07");
  const unclosed = parseOfx(CHASE_QFX.replaceAll("</STMTTRN>", ""));
  assert.equal(unclosed[0].transactions.length, 5);
  assert.equal(st.ledgerBalance, null);
  const parsed = ofxToStatement(st);
  assert.deepEqual(parsed.balances, { opening: null, closing: null });
  assert.ok(parsed.warnings.some((w) => w.includes("No ledger balance")));
});
