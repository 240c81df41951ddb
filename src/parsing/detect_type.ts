/**
 * What an uploaded file is, by its content (never its name or declared type).
 */
import { decodeText } from "./csv/decode.ts";
import { detectDelimiter } from "./csv/rfc4180.ts";

/** File kinds the parsers accept. */
export type FileType = "pdf" | "csv" | "ofx" | "unknown";

const SNIFF_BYTES = 64 * 1024;
const PDF_WINDOW = 1024;

/** Formats that are certainly not ours (images, archives, office files, executables). */
const BINARY_MAGIC: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x50, 0x4b, 0x03, 0x04], // ZIP, XLSX, DOCX
  [0x1f, 0x8b], // gzip
  [0xd0, 0xcf, 0x11, 0xe0], // OLE (XLS, DOC)
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // PE
  [0x25, 0x21, 0x50, 0x53], // PostScript
];

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  return magic.every((b, i) => bytes[at + i] === b);
}

/** `%PDF-` after nothing but whitespace, NULs or a BOM, within the first 1 KB. */
function isPdf(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, PDF_WINDOW);
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < end && (bytes[i] === 0 || bytes[i] === 0x20 || (bytes[i] >= 0x09 && bytes[i] <= 0x0d))) i++;
  return i + 5 <= bytes.length && startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d], i) && i < end;
}

/** Text, not binary: no NULs, and almost no control characters other than tab and line breaks. */
function looksLikeText(text: string): boolean {
  if (text.length === 0) return false;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return false;
    if (
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd
    ) controls++;
  }
  return controls <= text.length * 0.01;
}

/**
 * Detects the file type from its bytes: PDF by its `%PDF-` header; OFX/QFX by the SGML
 * `OFXHEADER:` header or an XML `<?OFX …?>` / `<OFX>`; CSV when the text (UTF-8, UTF-16 with
 * BOM or Windows-1252) splits into at least two rows of the same shape (≥ 2 fields) with one of
 * , ; tab |. Anything else (images, archives, random bytes, prose) is "unknown".
 */
export function detectFileType(bytes: Uint8Array): FileType {
  if (bytes.length === 0) return "unknown";
  if (isPdf(bytes)) return "pdf";
  if (BINARY_MAGIC.some((m) => startsWith(bytes, m))) return "unknown";
  const head = bytes.subarray(0, SNIFF_BYTES);
  let text = decodeText(head, head.length < bytes.length).text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!looksLikeText(text)) return "unknown";
  const start = text.trimStart();
  if (/^OFXHEADER\s*:/i.test(start)) return "ofx";
  if (start.startsWith("<")) {
    const prologue = start.slice(0, 4096);
    return /<\?OFX[\s?]/i.test(prologue) || /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<OFX>/i.test(prologue)
      ? "ofx"
      : "unknown";
  }
  // A cut at SNIFF_BYTES leaves a partial last line; it must not spoil the shape.
  const complete = head.length < bytes.length ? text.slice(0, Math.max(text.lastIndexOf("\n"), 0)) : text;
  return detectDelimiter(complete || text) ? "csv" : "unknown";
}
