import assert from "node:assert/strict";
import { asText } from "./decode.ts";
import { detectDelimiter, parseCsv } from "./rfc4180.ts";

const fields = (text: string, delimiter = ",") => parseCsv(text, delimiter).records.map((r) => r.fields);

Deno.test("parseCsv: quotes, escaped quotes, delimiters and line breaks inside quotes", () => {
  assert.deepEqual(fields('a,"b,c","say ""hi""","two\nlines"\n1,2,3,4\n'), [
    ["a", "b,c", 'say "hi"', "two\nlines"],
    ["1", "2", "3", "4"],
  ]);
});

Deno.test("parseCsv: CRLF, LF and lone CR line ends; trailing delimiter; empty fields", () => {
  assert.deepEqual(fields("a,b\r\nc,d\ne,f\rg,\n,"), [["a", "b"], ["c", "d"], ["e", "f"], ["g", ""], ["", ""]]);
});

Deno.test("parseCsv: record line numbers count line breaks inside quoted fields", () => {
  const { records } = parseCsv('h1,h2\n"x\r\ny",1\nz,2\n', ",");
  assert.deepEqual(records.map((r) => r.line), [1, 2, 4]);
});

Deno.test("parseCsv: lenient like spreadsheets — spaces before a quote, text after it, quotes mid-field", () => {
  assert.deepEqual(fields('a, "b, c" ,d"e"f,"g"h'), [["a", "b, c", 'd"e"f', "gh"]]);
});

Deno.test("parseCsv: skipLines skips a preamble that is not valid CSV; maxRecords stops early", () => {
  const text = 'Report "Q1\nsecond line\nx;y\n1;2\n3;4\n';
  const r = parseCsv(text, ";", { skipLines: 2, maxRecords: 2 });
  assert.deepEqual(r.records.map((x) => [x.line, ...x.fields]), [[3, "x", "y"], [4, "1", "2"]]);
  assert.equal(r.complete, false);
});

Deno.test("parseCsv: an unterminated quote is reported with the line it starts on", () => {
  const r = parseCsv('a,b\n1,"oops\n2,3\n', ",");
  assert.equal(r.unterminatedQuoteLine, 2);
  assert.deepEqual(r.records[1].fields, ["1", "oops\n2,3\n"]);
});

Deno.test("asText strips a UTF-8 BOM from text and from bytes", () => {
  assert.equal(asText("\ufeffa,b"), "a,b");
  assert.equal(asText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62])), "a,b");
  const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x09, 0, 0x62, 0]);
  assert.equal(asText(utf16), "a\tb");
});

Deno.test("detectDelimiter: , ; tab | by consistent field counts", () => {
  assert.equal(detectDelimiter("a,b,c\n1,2,3\n4,5,6\n")?.delimiter, ",");
  assert.equal(detectDelimiter("a;b;c\n1;2,5;3\n4;5,5;6\n")?.delimiter, ";");
  assert.equal(detectDelimiter("a\tb, c\n1\t2\n3\t4\n")?.delimiter, "\t");
  assert.equal(detectDelimiter("a|b\n1|2\n")?.delimiter, "|");
  // Comma decimals in every row split consistently on "," too; the header settles it.
  assert.equal(detectDelimiter("Datum;Betrag\n01.01.2025;-12,50\n02.01.2025;3,00\n")?.delimiter, ";");
  // Without a header both splits are 2 wide: ";" is preferred.
  assert.equal(detectDelimiter("01.01.2025;-12,50\n02.01.2025;3,00\n")?.delimiter, ";");
  assert.equal(detectDelimiter("just one column\nof prose\n"), null);
});

Deno.test("detectDelimiter: a preamble does not count; rows with extra trailing empty fields still belong", () => {
  const g = detectDelimiter("Bank export\nAccount 1234\nDate,Desc,Amount\n01/02/2025,A,1.00,\n01/03/2025,B,2.00,\n")!;
  assert.equal(g.delimiter, ",");
  assert.equal(g.run.start, 2);
  assert.equal(g.run.length, 3);
});
