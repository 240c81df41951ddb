/**
 * A small statement-like PDF that a spare extraction child reads while it waits for its real
 * file (see spare.ts): two pages with a header, a table of dated rows with amounts and a footer
 * in Helvetica and Courier, FlateDecode content streams. Reading it compiles the hot paths of
 * PDF.js and of our line building, so the real file runs on warm code.
 */

const FONTS = ["Helvetica", "Helvetica-Bold", "Courier"];
const WORDS = ["POS PURCHASE", "ACH DEBIT", "MOBILE DEPOSIT", "ZELLE PAYMENT TO", "CHECK", "ONLINE TRANSFER"];
const PLACES = ["SEATTLE WA", "AUSTIN TX", "DENVER CO", "PORTLAND OR", "CONF# 38323116", "REF #375889981"];

function text(font: number, size: number, x: number, y: number, s: string): string {
  return `BT /F${font} ${size} Tf ${x} ${y} Td (${s.replace(/[()\\]/g, "\\$&")}) Tj ET`;
}

function pageContent(page: number): string {
  const ops = [
    text(2, 14, 50, 750, "Warm-up Savings Bank"),
    text(1, 9, 400, 750, `Statement period: 03/01/2024 to 03/31/2024`),
    text(2, 9, 50, 700, "Date"),
    text(2, 9, 110, 700, "Description"),
    text(2, 9, 430, 700, "Amount"),
    text(2, 9, 510, 700, "Balance"),
  ];
  let balance = 250_000 + page * 1_000;
  for (let i = 0; i < 30; i++) {
    const y = 680 - i * 20;
    const cents = ((i * 7919 + page * 104_729) % 90_000) - 45_000 || 100;
    balance += cents;
    const money = (c: number) =>
      `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100).toLocaleString("en-US")}.${
        String(Math.abs(c) % 100).padStart(2, "0")
      }`;
    const day = String(1 + ((i + page * 30) % 28)).padStart(2, "0");
    ops.push(
      "0.95 0.95 0.95 rg",
      i % 2 ? `48 ${y - 4} 520 16 re f` : "",
      "0 0 0 rg",
      text(3, 8, 50, y, `03/${day}`),
      text(1, 8, 110, y, `${WORDS[i % WORDS.length]} ${PLACES[(i * 5) % PLACES.length]}`),
      text(1, 8, 430, y, money(cents)),
      text(1, 8, 510, y, money(balance)),
    );
  }
  ops.push(text(1, 7, 50, 30, `Member FDIC · Page ${page} of 2`));
  return ops.filter(Boolean).join("\n");
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Builds the warm-up PDF (about 4 KiB). */
export async function warmUpPdf(): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const fonts = FONTS.map((_, i) => `/F${i + 1} ${5 + i} 0 R`).join(" ");
  const objects: (string | Uint8Array)[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << ${fonts} >> >> /Contents 8 0 R >>`,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << ${fonts} >> >> /Contents 9 0 R >>`,
    ...FONTS.map((name) => `<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`),
  ];
  for (const page of [1, 2]) {
    const z = await deflate(enc.encode(pageContent(page)));
    const head = enc.encode(`<< /Length ${z.length} /Filter /FlateDecode >>\nstream\n`);
    const tail = enc.encode("\nendstream");
    const body = new Uint8Array(head.length + z.length + tail.length);
    body.set(head);
    body.set(z, head.length);
    body.set(tail, head.length + z.length);
    objects.push(body);
  }
  const parts: Uint8Array[] = [enc.encode("%PDF-1.4\n")];
  let size = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(size);
    const chunk = [enc.encode(`${i + 1} 0 obj\n`), typeof o === "string" ? enc.encode(o) : o, enc.encode("\nendobj\n")];
    for (const c of chunk) {
      parts.push(c);
      size += c.length;
    }
  });
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f ",
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n `),
    "trailer",
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    "startxref",
    String(size),
    "%%EOF\n",
  ].join("\n");
  parts.push(enc.encode(xref));
  const out = new Uint8Array(size + parts.at(-1)!.length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
