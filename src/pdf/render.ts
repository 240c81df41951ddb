/**
 * Turns laid-out pages into a PDF with @cantoo/pdf-lib: running header and footer on every
 * page, subset TrueType fonts (real, selectable text) and document metadata.
 */
import { PDFDocument, type PDFFont, rgb } from "@cantoo/pdf-lib";
import { FEATURES, type FontKey, sharedFontkit } from "./fonts.ts";
import { COLORS, type Layout, type Op } from "./layout.ts";
import { cleanText } from "./text.ts";

/** What goes around the content of every page, and into the file's metadata. */
export interface Chrome {
  title: string;
  /** Running header, e.g. "Firm · Client · 2025". */
  header: string;
  /** Left side of the footer, e.g. "Generated Dec 2, 2026". */
  footer: string;
  /** Right side of the footer for page n of m. */
  pageLabel: (n: number, m: number) => string;
  locale: string;
  author?: string;
  created: Date;
}

const HEADER_SIZE = 8;

/** Adds header and footer operations to every page. */
function addChrome(layout: Layout, chrome: Chrome): void {
  const { ts, geo } = layout;
  const left = geo.left;
  const right = geo.width - geo.right;
  const m = layout.pages.length;
  const header = ts.truncate(
    cleanText(chrome.header).replace(/\s+/g, " ").trim(),
    "regular",
    HEADER_SIZE,
    right - left,
  );
  const footerText = cleanText(chrome.footer).replace(/\s+/g, " ");
  const head = 44;
  const foot = geo.height - 40;
  layout.pages.forEach((ops, i) => {
    const text = (pieces: ReturnType<typeof ts.pieces>, x: number, y: number) => {
      for (const p of pieces) {
        ops.push({ kind: "text", x, y, size: p.size, font: p.font, text: p.text, color: COLORS.muted });
        x += p.width;
      }
    };
    text(header, left, head - 6);
    ops.push({ kind: "line", x1: left, y1: head, x2: right, y2: head, width: 0.5, color: COLORS.rule });
    ops.push({ kind: "line", x1: left, y1: foot, x2: right, y2: foot, width: 0.5, color: COLORS.rule });
    const page = ts.pieces(chrome.pageLabel(i + 1, m), "regular", HEADER_SIZE);
    const pageWidth = page.reduce((w, p) => w + p.width, 0);
    const footer = ts.truncate(footerText, "regular", HEADER_SIZE, right - left - pageWidth - 24);
    text(footer, left, foot + 13);
    text(page, right - pageWidth, foot + 13);
  });
}

/** Draws the pages into a new PDF and returns its bytes. */
export async function renderPdf(layout: Layout, chrome: Chrome): Promise<Uint8Array> {
  addChrome(layout, chrome);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(sharedFontkit(layout.ts.faces) as Parameters<typeof pdf.registerFontkit>[0]);
  const used = new Set<FontKey>();
  for (const ops of layout.pages) for (const op of ops) if (op.kind === "text") used.add(op.font);
  const fonts = new Map<FontKey, PDFFont>();
  for (const key of used) {
    fonts.set(key, await pdf.embedFont(layout.ts.faces[key].bytes, { subset: true, features: { ...FEATURES } }));
  }
  const { width, height } = layout.geo;
  for (const ops of layout.pages) {
    const page = pdf.addPage([width, height]);
    for (const op of ops) draw(page, op, height, fonts);
  }
  const title = cleanText(chrome.title).replace(/\s+/g, " ").trim();
  pdf.setTitle(title, { showInWindowTitleBar: true });
  if (chrome.author) pdf.setAuthor(cleanText(chrome.author).replace(/\s+/g, " ").trim());
  pdf.setCreator("LedgerFlow");
  pdf.setProducer("LedgerFlow");
  pdf.setLanguage(chrome.locale);
  pdf.setCreationDate(chrome.created);
  pdf.setModificationDate(chrome.created);
  return await pdf.save({ useObjectStreams: true });
}

type Page = ReturnType<PDFDocument["addPage"]>;

function draw(page: Page, op: Op, height: number, fonts: Map<FontKey, PDFFont>): void {
  switch (op.kind) {
    case "text":
      page.drawText(op.text, {
        x: op.x,
        y: height - op.y,
        size: op.size,
        font: fonts.get(op.font)!,
        color: rgb(...op.color),
      });
      break;
    case "line":
      page.drawLine({
        start: { x: op.x1, y: height - op.y1 },
        end: { x: op.x2, y: height - op.y2 },
        thickness: op.width,
        color: rgb(...op.color),
      });
      break;
    case "rect":
      page.drawRectangle({
        x: op.x,
        y: height - op.y - op.h,
        width: op.w,
        height: op.h,
        color: op.fill ? rgb(...op.fill) : undefined,
        borderColor: op.stroke ? rgb(...op.stroke) : undefined,
        borderWidth: op.stroke ? 0.75 : 0,
      });
      break;
  }
}
