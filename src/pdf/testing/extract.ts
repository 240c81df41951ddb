/** Reads generated PDFs back for tests, with the project's own extractor. */
import { extractPdf } from "../../parsing/extract/pdf.ts";
import { PDFDocument } from "@cantoo/pdf-lib";

/** Every line of every page (repeated headers and footers included), top to bottom. */
export async function pageLines(bytes: Uint8Array): Promise<string[][]> {
  const doc = await extractPdf(bytes);
  const pages: { y: number; text: string }[][] = Array.from({ length: doc.pages }, () => []);
  for (const line of [...doc.lines, ...doc.furniture]) pages[line.page - 1].push({ y: line.y, text: line.text });
  return pages.map((lines) => lines.sort((a, b) => b.y - a.y).map((l) => l.text));
}

/** The text of each page, lines joined with "\n". */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  return (await pageLines(bytes)).map((lines) => lines.join("\n"));
}

/** Page sizes in points. */
export async function pageSizes(bytes: Uint8Array): Promise<{ width: number; height: number }[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((p) => p.getSize());
}
