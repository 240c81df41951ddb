/**
 * PDF text extraction with unpdf (PDF.js): positioned runs per page → lines → furniture removed.
 * Runs in the calling process; use {@link extractInSubprocess} for files from users.
 */
import { getDocumentProxy } from "unpdf";
import { DocumentError, type ExtractedDocument, type Line } from "../types.ts";
import { buildPageLines, type RawItem, removeFurniture } from "./lines.ts";

/** Options for {@link extractPdf}. */
export interface ExtractOptions {
  password?: string;
  /** Refuse documents with more pages (default {@link DEFAULT_MAX_PAGES}). */
  maxPages?: number;
}

export const DEFAULT_MAX_PAGES = 2000;

export const MESSAGES = {
  needsPassword: "This PDF is password-protected; enter its password to continue",
  wrongPassword: "The password is not correct",
  scanned: "This looks like a scanned image; it needs OCR, which LedgerFlow does not do yet",
  blank: "The PDF has no text to read (its pages are blank or damaged)",
  damaged: "The file is not a valid PDF (it is damaged or truncated)",
  notPdf: "The file is not a PDF",
  noPages: "The PDF has no pages",
  tooManyPages: (n: number, max: number) => `The PDF has ${n} pages; the limit is ${max}`,
} as const;

/** True when the bytes start like a PDF ("%PDF-" within the first 1024 bytes, as readers allow). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  return head.includes("%PDF-");
}

// PDF.js operator codes for painting images (OPS.paintImageXObject etc.).
const IMAGE_OPS = new Set([83, 84, 85, 86, 87, 88, 89]);

interface PdfJsError {
  name?: string;
  code?: number;
  message?: string;
}

function mapLoadError(error: unknown): DocumentError {
  if (error instanceof DocumentError) return error;
  const e = error as PdfJsError;
  if (e?.name === "PasswordException") {
    return new DocumentError("needs_password", e.code === 2 ? MESSAGES.wrongPassword : MESSAGES.needsPassword);
  }
  return new DocumentError("unreadable", MESSAGES.damaged);
}

/**
 * Extracts positioned lines from a PDF. Throws {@link DocumentError}: "needs_password" for an
 * encrypted file without (or with a wrong) password, "unreadable" for a file that is not a PDF,
 * is damaged, has no text on any page or has more than `maxPages` pages.
 */
export async function extractPdf(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<ExtractedDocument> {
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  if (!isPdf(bytes)) throw new DocumentError("unreadable", MESSAGES.notPdf);
  let pdf;
  try {
    pdf = await getDocumentProxy(bytes.slice(), {
      password: opts.password,
      maxImageSize: 50_000_000,
      verbosity: 0,
      disableFontFace: true,
      useSystemFonts: false,
      disableAutoFetch: true,
    });
  } catch (error) {
    throw mapLoadError(error);
  }
  try {
    const pages = pdf.numPages;
    if (pages === 0) throw new DocumentError("unreadable", MESSAGES.noPages);
    if (pages > maxPages) throw new DocumentError("unreadable", MESSAGES.tooManyPages(pages, maxPages));
    const pageLines: Line[][] = [];
    const heights: number[] = [];
    const bottoms: number[] = [];
    let width = 0;
    let height = 0;
    let readable = 0;
    let textRuns = 0;
    for (let n = 1; n <= pages; n++) {
      let page;
      try {
        page = await pdf.getPage(n);
      } catch {
        pageLines.push([]);
        heights.push(height || 792);
        bottoms.push(0);
        continue;
      }
      readable++;
      const [x0, y0, x1, y1] = page.view;
      if (n === 1) {
        width = x1 - x0;
        height = y1 - y0;
      }
      heights.push(y1 - y0);
      bottoms.push(y0);
      let runs: RawItem[] = [];
      try {
        const content = await page.getTextContent();
        runs = toRawItems(content.items, content.styles);
      } catch {
        // A broken content stream: the page has no readable text.
      }
      textRuns += runs.length;
      pageLines.push(buildPageLines(runs, n));
      page.cleanup();
    }
    if (readable === 0) throw new DocumentError("unreadable", MESSAGES.damaged);
    if (textRuns === 0) {
      throw new DocumentError("unreadable", (await hasImages(pdf, pages)) ? MESSAGES.scanned : MESSAGES.blank);
    }
    const { lines, furniture } = removeFurniture(pageLines, { pageHeights: heights, pageBottoms: bottoms });
    const empty = pageLines.flatMap((l, i) => (l.length ? [] : [i + 1]));
    const doc: ExtractedDocument = { pages, pageWidth: round(width), pageHeight: round(height), lines, furniture };
    if (empty.length) {
      doc.warnings = [
        empty.length === 1
          ? `Page ${empty[0]} has no text (a scanned page?); it was skipped`
          : `Pages ${formatRanges(empty)} have no text (scanned pages?); they were skipped`,
      ];
    }
    return doc;
  } catch (error) {
    throw mapLoadError(error);
  } finally {
    await pdf.loadingTask.destroy().catch(() => {});
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

interface PdfJsTextItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
  fontName?: string;
}

/** Keeps horizontal, left-to-right runs; rotated text (margin codes, watermarks) is left out. */
function toRawItems(items: unknown[], styles: Record<string, { fontFamily?: string }>): RawItem[] {
  const out: RawItem[] = [];
  for (const it of items as PdfJsTextItem[]) {
    if (typeof it.str !== "string" || !it.transform || !it.str.trim()) continue;
    const [a, b, c, d, e, f] = it.transform;
    if (a <= 0 || Math.abs(b) > 0.01 * a || Math.abs(c) > 0.01 * Math.abs(d)) continue;
    const size = Math.hypot(c, d) || it.height || 0;
    if (!(size > 0) || !Number.isFinite(e) || !Number.isFinite(f)) continue;
    out.push({
      text: it.str,
      x: e,
      y: f,
      width: it.width ?? 0,
      size,
      monospace: styles[it.fontName ?? ""]?.fontFamily === "monospace",
    });
  }
  return out;
}

/** Whether the first pages paint images (telling a scan from a blank or broken file). */
async function hasImages(pdf: { getPage(n: number): Promise<any> }, pages: number): Promise<boolean> {
  for (let n = 1; n <= Math.min(pages, 3); n++) {
    try {
      const page = await pdf.getPage(n);
      const ops = await page.getOperatorList();
      if (ops.fnArray.some((op: number) => IMAGE_OPS.has(op))) return true;
    } catch {
      // ignore: unreadable page
    }
  }
  return false;
}

/** "2, 4-6" */
function formatRanges(nums: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < nums.length; i++) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    parts.push(i === j ? `${nums[i]}` : `${nums[i]}-${nums[j]}`);
    i = j;
  }
  return parts.join(", ");
}
