import assert from "node:assert/strict";
import { detectFileType } from "./detect_type.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), at += p.length);
  return out;
};

const PDF = bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");

Deno.test("pdf: by its magic, also after whitespace or a BOM, and whatever the file is called", () => {
  assert.equal(detectFileType(PDF), "pdf");
  assert.equal(detectFileType(concat(bytes("\r\n  \t"), PDF)), "pdf");
  assert.equal(detectFileType(concat(new Uint8Array([0xef, 0xbb, 0xbf]), PDF)), "pdf");
  // "statement.csv" that is really a PDF: the name is never consulted, the bytes say PDF.
  const renamed = { name: "statement.csv", bytes: PDF };
  assert.equal(detectFileType(renamed.bytes), "pdf");
  // Beyond the first KB, or after other text, it is not a PDF header.
  assert.notEqual(detectFileType(concat(bytes(" ".repeat(1100)), PDF)), "pdf");
  assert.notEqual(detectFileType(bytes("Date,Note\n2025-01-01,%PDF-1.4 mentioned\n2025-01-02,x\n")), "pdf");
});

Deno.test("ofx: SGML header, XML processing instruction, bare <OFX>", () => {
  assert.equal(detectFileType(bytes("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX>\r\n")), "ofx");
  assert.equal(detectFileType(bytes("\ufeff\n\nOFXHEADER:100\nDATA:OFXSGML\n")), "ofx");
  assert.equal(
    detectFileType(bytes('<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n<OFX></OFX>')),
    "ofx",
  );
  assert.equal(detectFileType(bytes("<OFX>\n<SIGNONMSGSRSV1>\n")), "ofx");
  assert.equal(detectFileType(bytes("<html><body>a,b\n1,2</body></html>")), "unknown");
});

Deno.test("csv: UTF-8, Windows-1252, UTF-16, any of the four delimiters, with a preamble", () => {
  assert.equal(detectFileType(bytes("Date,Description,Amount\n01/02/2025,Coffee,-3.50\n")), "csv");
  assert.equal(detectFileType(bytes("Datum;Betrag\n01.01.2025;-12,50\n")), "csv");
  assert.equal(detectFileType(bytes("a\tb\tc\n1\t2\t3\n")), "csv");
  assert.equal(detectFileType(bytes("a|b\n1|2\n")), "csv");
  assert.equal(
    detectFileType(
      new Uint8Array([...bytes("Date;Libell"), 0xe9, ...bytes(";Montant\n05/01;Caf"), 0xe9, ...bytes(";-4,50\n")]),
    ),
    "csv",
  );
  const utf16 = new Uint8Array([0xff, 0xfe, ...[..."a,b\n1,2\n"].flatMap((c) => [c.charCodeAt(0), 0])]);
  assert.equal(detectFileType(utf16), "csv");
  assert.equal(
    detectFileType(bytes("Bank export\nAccount: 1234\nDate,Amount\n2025-01-01,1.00\n2025-01-02,2.00\n")),
    "csv",
  );
});

Deno.test("csv: a large file cut mid-line and mid-character is still detected", () => {
  const row = "2025-01-01,Café crème,-3.50\n";
  assert.equal(detectFileType(bytes("Date,Description,Amount\n" + row.repeat(5000))), "csv");
});

Deno.test("unknown: images, archives, binary junk, prose, empty", () => {
  assert.equal(
    detectFileType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
    "unknown",
  );
  assert.equal(detectFileType(concat(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), bytes("a,b\n1,2\n"))), "unknown");
  let seed = 42;
  const junk = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
  assert.equal(detectFileType(junk), "unknown");
  assert.equal(detectFileType(concat(bytes("a,b\n1,2\n"), new Uint8Array([0, 1, 2, 3]))), "unknown");
  assert.equal(detectFileType(bytes("Dear customer,\nplease find attached.\n")), "unknown");
  assert.equal(detectFileType(new Uint8Array()), "unknown");
});
