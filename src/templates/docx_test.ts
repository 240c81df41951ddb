import PizZip from "pizzip";
import { assert, assertEquals, assertRejects } from "../../tests/support/assert.ts";
import { AppError, PayloadTooLargeError, UnsupportedMediaTypeError } from "../errors.ts";
import { checkDocxTemplate, docxParagraphs, renderDocx } from "./docx.ts";
import { TemplateError } from "./errors.ts";
import { MODEL_SCHEMA } from "./fields.ts";
import { list, object, value } from "./schema.ts";
import { buildDocx } from "./testing/docx.ts";
import { checkDocx, MAX_DOCX_BYTES } from "./zip_check.ts";

const schema = object({
  client: object({ name: value("text") }),
  totals: object({ net_profit: value("money") }),
  has_gaps: value("boolean"),
  months: list(value("text", true)),
  transactions: list(object({ date: value("date"), amount: value("money") })),
});

const data = {
  client: { name: "Riverside Bakery & Co" },
  totals: { net_profit: "$1,234.50" },
  has_gaps: false,
  months: ["March 2025", "April 2025"],
  transactions: [{ date: "2025-01-02", amount: "-$4.50" }, { date: "2025-01-09", amount: "$120.00" }],
};

Deno.test("a DOCX renders placeholders, dotted names split across runs, loops and inverted sections", async () => {
  const template = buildDocx([
    "Dear {client.|name},",
    "Net profit: {totals.net_profit}",
    "{#transactions}",
    "{date}: {amount}",
    "{/transactions}",
    "{^has_gaps}All statements received.{/has_gaps}",
    "Missing:{#months} {.}{/months}",
  ]);
  await checkDocx(template);
  const out = renderDocx(template, schema, data);
  assertEquals(docxParagraphs(out), [
    "Dear Riverside Bakery & Co,",
    "Net profit: $1,234.50",
    "2025-01-02: -$4.50",
    "2025-01-09: $120.00",
    "All statements received.",
    "Missing: March 2025 April 2025",
  ]);
  // The output is a DOCX again, with the ampersand escaped in its XML.
  await checkDocx(out);
  assert(new PizZip(out).file("word/document.xml")!.asText().includes("Bakery &amp; Co"));
});

Deno.test("unknown DOCX tags come back with paragraph, column, tag and a suggestion", () => {
  const template = buildDocx([
    "Dear {client.name},",
    "",
    "Your net profit was {totals.net_prfit} this year.",
    "{#transactions}{date} {amout}{/transactions}",
  ]);
  const issues = checkDocxTemplate(template, schema);
  assertEquals(issues, [
    {
      line: 3,
      column: 21,
      message: 'unknown field "totals.net_prfit"; did you mean "totals.net_profit"?',
      unit: "paragraph",
      tag: "totals.net_prfit",
    },
    { line: 4, column: 23, message: 'unknown field "amout"; did you mean "amount"?', unit: "paragraph", tag: "amout" },
  ]);
  try {
    renderDocx(template, schema, data);
    throw new Error("expected an error");
  } catch (error) {
    assert(error instanceof TemplateError);
    assertEquals(error.status, 422);
    assertEquals(
      error.message,
      'Cannot render template: unknown field "totals.net_prfit"; did you mean "totals.net_profit"? ' +
        "at paragraph 3, column 21 (and 1 more)",
    );
  }
});

Deno.test("DOCX syntax errors from docxtemplater are mapped to paragraph and column", () => {
  const unclosed = checkDocxTemplate(buildDocx(["Hello", "Dear {client.name"]), schema);
  assertEquals(unclosed.map((i) => [i.line, i.column, i.message]), [
    [2, 6, 'the tag beginning with "{client.name" is unclosed'],
  ]);
  const loop = checkDocxTemplate(buildDocx(["A & B {#transactions}", "{date}"]), schema);
  assertEquals(loop.map((i) => [i.line, i.column, i.tag]), [[1, 7, "transactions"]]);
  assert(loop[0].message.includes("transactions"), loop[0].message);
  const group = checkDocxTemplate(buildDocx(["{client}"]), schema);
  assertEquals(group.map((i) => i.message), ['"client" is a group of fields, not a value; use e.g. {client.name}']);
});

Deno.test("the shipped data model's schema accepts a DOCX of its fields", () => {
  const template = buildDocx([
    "{firm.name} · {client.name} · {period.label}",
    "{#schedule_c.lines}{line} {name} {total}{/schedule_c.lines}",
    "{#coverage.gaps}{account} {month}{/coverage.gaps}",
  ]);
  assertEquals(checkDocxTemplate(template, MODEL_SCHEMA), []);
});

Deno.test("DOCX loops that would do too much work stop with the paragraph of the loop", () => {
  const wide = {
    ...data,
    months: Array.from({ length: 2000 }, () => "m"),
    transactions: Array.from({ length: 2000 }, () => ({ date: "d", amount: "a" })),
  };
  const template = buildDocx(["Intro", "{#months}{#transactions}{date}{/transactions}{/months}"]);
  try {
    renderDocx(template, schema, wide);
    throw new Error("expected an error");
  } catch (error) {
    assert(error instanceof TemplateError, String(error));
    assertEquals(error.issues[0].unit, "paragraph");
    assertEquals(error.issues[0].line, 2);
    assert(error.message.includes("the template does too much work"), error.message);
  }
});

Deno.test("files that are not DOCX are refused precisely", async () => {
  const text = new TextEncoder().encode("Dear {client.name}");
  await assertRejects(() => checkDocx(text), UnsupportedMediaTypeError, "it is not a ZIP archive");
  const noTypes = new PizZip();
  noTypes.file("word/document.xml", "<w:document/>");
  await assertRejects(
    () => checkDocx(noTypes.generate({ type: "uint8array", compression: "DEFLATE" })),
    UnsupportedMediaTypeError,
    "it has no [Content_Types].xml",
  );
  const sheet = buildDocx([], {
    "[Content_Types].xml": '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.' +
      'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
  });
  await assertRejects(() => checkDocx(sheet), UnsupportedMediaTypeError, "does not declare a Word document");
  const big = new Uint8Array(MAX_DOCX_BYTES + 1);
  big.set([0x50, 0x4b, 0x03, 0x04]);
  await assertRejects(() => checkDocx(big), PayloadTooLargeError);
});

Deno.test("zip bombs are refused: too much unpacked data, or entries larger than their headers say", async () => {
  const bomb = buildDocx(["x"], { "word/media/zeros.bin": "\0".repeat(60 * 1024 * 1024) });
  assert(bomb.length < MAX_DOCX_BYTES, `the bomb packs small (${bomb.length} bytes)`);
  const error = await assertRejects(() => checkDocx(bomb), AppError, "unpacks to more than 50 MB");
  assertEquals(error.status, 413);

  // The same archive with a header claiming 1 KB for a 10 MB entry.
  const liar = buildDocx(["x"], { "word/media/zeros.bin": "\0".repeat(10 * 1024 * 1024) });
  const name = new TextEncoder().encode("word/media/zeros.bin");
  const view = new DataView(liar.buffer, liar.byteOffset, liar.byteLength);
  let patched = 0;
  for (let i = 0; i + 46 < liar.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig !== 0x02014b50 && sig !== 0x04034b50) continue;
    const nameAt = i + (sig === 0x02014b50 ? 46 : 30);
    if (!name.every((b, k) => liar[nameAt + k] === b)) continue;
    view.setUint32(i + (sig === 0x02014b50 ? 24 : 22), 1024, true);
    patched++;
  }
  assertEquals(patched, 2);
  await assertRejects(() => checkDocx(liar), UnsupportedMediaTypeError, "unpacks to more than its header says");
});
