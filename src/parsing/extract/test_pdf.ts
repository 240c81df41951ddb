/**
 * A tiny PDF writer for extraction tests: Helvetica text at given positions, optional image-only
 * pages and RC4 (standard security handler, revision 3) encryption. Test support only — the
 * fixture generator in tests/fixtures/ makes realistic statements.
 */
import { createHash } from "node:crypto";

/** A run of text at a position (points, origin bottom-left). */
export interface PdfText {
  x: number;
  y: number;
  text: string;
  size?: number;
}

/** One page: text runs, or an image covering the page (a "scan"), or raw content. */
export interface PdfPage {
  texts?: PdfText[];
  image?: boolean;
  raw?: string;
}

export interface PdfOptions {
  width?: number;
  height?: number;
  /** Encrypt with RC4 128-bit (R3); the user password opens the file. */
  userPassword?: string;
  ownerPassword?: string;
}

const PAD = new Uint8Array([
  0x28,
  0xbf,
  0x4e,
  0x5e,
  0x4e,
  0x75,
  0x8a,
  0x41,
  0x64,
  0x00,
  0x4e,
  0x56,
  0xff,
  0xfa,
  0x01,
  0x08,
  0x2e,
  0x2e,
  0x00,
  0xb6,
  0xd0,
  0x68,
  0x3e,
  0x80,
  0x2f,
  0x0c,
  0xa9,
  0xfe,
  0x64,
  0x53,
  0x69,
  0x7a,
]);

function md5(...parts: Uint8Array[]): Uint8Array {
  const h = createHash("md5");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256).map((_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 255];
  }
  return out;
}

function padPassword(pw: string): Uint8Array {
  const bytes = latin1(pw).slice(0, 32);
  const out = new Uint8Array(32);
  out.set(bytes);
  out.set(PAD.subarray(0, 32 - bytes.length), bytes.length);
  return out;
}

function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 255);
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

interface Security {
  key: Uint8Array;
  dict: string;
  id: Uint8Array;
}

function makeSecurity(user: string, owner: string): Security {
  const id = md5(latin1(`ledgerflow-test-${user}-${owner}`));
  const n = 16;
  // Algorithm 3: O entry.
  let ok = md5(padPassword(owner));
  for (let i = 0; i < 50; i++) ok = md5(ok);
  let o = rc4(ok, padPassword(user));
  for (let i = 1; i <= 19; i++) o = rc4(ok.map((b) => b ^ i), o);
  // Algorithm 2: file key.
  const p = -4; // all permissions
  const pBytes = new Uint8Array(4);
  new DataView(pBytes.buffer).setInt32(0, p, true);
  let key = md5(padPassword(user), o, pBytes, id);
  for (let i = 0; i < 50; i++) key = md5(key.subarray(0, n));
  key = key.subarray(0, n);
  // Algorithm 5: U entry.
  let u = rc4(key, md5(PAD, id));
  for (let i = 1; i <= 19; i++) u = rc4(key.map((b) => b ^ i), u);
  const uFull = new Uint8Array(32);
  uFull.set(u);
  const dict = `<< /Filter /Standard /V 2 /R 3 /Length 128 /P ${p} /O <${hex(o)}> /U <${hex(uFull)}> >>`;
  return { key, dict, id };
}

function objectKey(sec: Security, num: number): Uint8Array {
  const extra = new Uint8Array([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0]);
  return md5(sec.key, extra).subarray(0, Math.min(sec.key.length + 5, 16));
}

function escapeText(s: string): string {
  return s.replace(/[\\()]/g, (c) => "\\" + c);
}

function pageContent(page: PdfPage, width: number, height: number): string {
  if (page.raw !== undefined) return page.raw;
  if (page.image) return `q ${width} 0 0 ${height} 0 0 cm /Im1 Do Q`;
  return (page.texts ?? [])
    .map((t) => `BT /F1 ${t.size ?? 10} Tf ${t.x} ${t.y} Td (${escapeText(t.text)}) Tj ET`)
    .join("\n");
}

/** Builds a PDF from pages. */
export function makePdf(pages: PdfPage[], opts: PdfOptions = {}): Uint8Array {
  const width = opts.width ?? 612;
  const height = opts.height ?? 792;
  const sec = opts.userPassword !== undefined
    ? makeSecurity(opts.userPassword, opts.ownerPassword ?? opts.userPassword + "-owner")
    : undefined;
  // Objects: 1 catalog, 2 pages, 3 font, 4 image, then (page, content) pairs, then encrypt dict.
  type Obj = { dict: string; stream?: Uint8Array };
  const objs: Obj[] = [];
  const kids: string[] = [];
  objs.push({ dict: "<< /Type /Catalog /Pages 2 0 R >>" });
  objs.push({ dict: "" }); // filled below
  objs.push({ dict: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>" });
  const img = new Uint8Array(64 * 64).map((_, i) => (i * 37) & 255);
  objs.push({
    dict: "<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8",
    stream: img,
  });
  for (const page of pages) {
    const pageNum = objs.length + 1;
    kids.push(`${pageNum} 0 R`);
    objs.push({
      dict: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] ` +
        `/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> /Contents ${pageNum + 1} 0 R >>`,
    });
    objs.push({ dict: "<<", stream: latin1(pageContent(page, width, height)) });
  }
  objs[1].dict = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages.length} >>`;
  let encryptRef = "";
  if (sec) {
    objs.push({ dict: sec.dict });
    encryptRef = ` /Encrypt ${objs.length} 0 R /ID [<${hex(sec.id)}> <${hex(sec.id)}>]`;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const write = (b: Uint8Array | string) => {
    const bytes = typeof b === "string" ? latin1(b) : b;
    chunks.push(bytes);
    size += bytes.length;
  };
  write("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(size);
    const num = i + 1;
    write(`${num} 0 obj\n`);
    if (o.stream) {
      const isEncryptDict = sec && num === objs.length;
      const data = sec && !isEncryptDict ? rc4(objectKey(sec, num), o.stream) : o.stream;
      write(`${o.dict} /Length ${data.length} >>\nstream\n`);
      write(data);
      write("\nendstream");
    } else {
      write(o.dict);
    }
    write("\nendobj\n");
  });
  const xref = size;
  write(`xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`);
  for (const off of offsets) write(`${String(off).padStart(10, "0")} 00000 n \n`);
  write(`trailer\n<< /Size ${objs.length + 1} /Root 1 0 R${encryptRef} >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A PDF whose page tree claims `count` pages, all pointing at one small page object. */
export function manyPagesPdf(count: number): Uint8Array {
  const kids = Array.from({ length: count }, () => "3 0 R").join(" ");
  const content = "BT /F1 10 Tf 72 700 Td (x) Tj ET";
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`,
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  return rawPdf(objs);
}

/** Assembles numbered objects (already serialized) into a PDF with a correct xref table. */
export function rawPdf(objs: string[]): Uint8Array {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("") +
    `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(out);
}
