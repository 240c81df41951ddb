/**
 * Checks an uploaded DOCX before any library unpacks it: a ZIP archive (by its bytes, not its
 * name) with `[Content_Types].xml` declaring a Word document and a `word/document.xml`, at most
 * 5 MB packed, and — inflating every entry with a hard cap — at most 50 MB unpacked, with each
 * entry exactly as large as its header says. Zip bombs, lying headers, encrypted or ZIP64
 * archives and macro-enabled documents are refused with a precise 4xx.
 */
import { AppError, PayloadTooLargeError, UnsupportedMediaTypeError } from "../errors.ts";

/** Largest DOCX template accepted. */
export const MAX_DOCX_BYTES = 5 * 1024 * 1024;
/** Largest total size of a DOCX's unpacked entries. */
export const MAX_DOCX_UNPACKED = 50 * 1024 * 1024;
/** Most entries in the archive. */
export const MAX_DOCX_ENTRIES = 2_000;

const WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

const refuse = (why: string) => new UnsupportedMediaTypeError(`Cannot use the file as a DOCX template: ${why}`);
const tooBig = () =>
  new AppError(
    413,
    "Payload Too Large",
    `Cannot use the file as a DOCX template: it unpacks to more than ${MAX_DOCX_UNPACKED / 1048576} MB`,
    { limit_bytes: MAX_DOCX_UNPACKED },
  );

/** Whether the bytes start like a ZIP archive. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Throws unless `bytes` is a DOCX that is safe to unpack; returns its entries' names. */
export async function checkDocx(bytes: Uint8Array): Promise<string[]> {
  if (bytes.length > MAX_DOCX_BYTES) throw new PayloadTooLargeError(MAX_DOCX_BYTES);
  if (!looksLikeZip(bytes)) throw refuse("it is not a ZIP archive, so it is not a DOCX document");
  const entries = readDirectory(bytes);
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > MAX_DOCX_UNPACKED) throw tooBig();
  }
  const contents = new Map<string, Uint8Array>();
  for (const e of entries) {
    const data = await inflateEntry(bytes, e);
    if (e.name === "[Content_Types].xml" || e.name === "word/document.xml") contents.set(e.name, data);
  }
  const types = contents.get("[Content_Types].xml");
  if (!types) throw refuse("it has no [Content_Types].xml, so it is not an Office document");
  const typesText = new TextDecoder().decode(types);
  if (!typesText.includes(WORD_MAIN)) {
    if (typesText.includes("macroEnabled")) throw refuse("macro-enabled documents (.docm) are not accepted");
    throw refuse("its [Content_Types].xml does not declare a Word document");
  }
  if (!contents.has("word/document.xml")) throw refuse("it has no word/document.xml");
  return entries.map((e) => e.name);
}

/** The central directory of the archive. */
function readDirectory(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw refuse("the ZIP archive is damaged (no end of central directory)");
  const count = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw refuse("ZIP64 archives are not supported");
  if (count > MAX_DOCX_ENTRIES) throw refuse(`the archive has more than ${MAX_DOCX_ENTRIES} entries`);
  const entries: Entry[] = [];
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
      throw refuse("the ZIP archive is damaged (bad central directory)");
    }
    const nameLength = view.getUint16(at + 28, true);
    const entry: Entry = {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    if (entry.flags & 1) throw refuse("encrypted archives are not supported");
    if (entry.method !== 0 && entry.method !== 8) throw refuse(`entry "${entry.name}" uses an unknown compression`);
    entries.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** Inflates one entry, never producing more bytes than its header declares. */
async function inflateEntry(bytes: Uint8Array, e: Entry): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = e.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) {
    throw refuse(`the ZIP archive is damaged (entry "${e.name}")`);
  }
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const packed = bytes.subarray(start, start + e.compressedSize);
  if (packed.length !== e.compressedSize) throw refuse(`the ZIP archive is truncated (entry "${e.name}")`);
  if (e.method === 0) {
    if (e.size !== e.compressedSize) throw refuse(`entry "${e.name}" has inconsistent sizes`);
    return packed;
  }
  const stream = new Blob([packed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new DecompressionStream("deflate-raw"),
  );
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > e.size) throw refuse(`entry "${e.name}" unpacks to more than its header says (a zip bomb?)`);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (error instanceof AppError) throw error;
    throw refuse(`entry "${e.name}" cannot be unpacked`);
  }
  if (size !== e.size) throw refuse(`entry "${e.name}" unpacks to less than its header says`);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
