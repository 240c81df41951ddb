/**
 * QR codes as inline SVG, for the otpauth URI shown when a user sets up two-factor sign-in.
 * The matrix comes from `uqr` (unjs); the SVG is drawn here so that it has accessible markup and
 * only presentation attributes (our CSP forbids inline styles and scripts).
 */
import { encode } from "uqr";

/** Options of {@link qrSvg}. */
export interface QrSvgOptions {
  /** Rendered width and height in CSS pixels per module (square); default 6. */
  moduleSize?: number;
  /** Error correction level; default "M" (15%), enough for screens. */
  ecc?: "L" | "M" | "Q" | "H";
}

/**
 * An accessible SVG QR code of `text`: `role="img"` and `aria-label` set to `label` (escaped),
 * black modules drawn as one path on a white background with a 4-module quiet zone, no `style`
 * attributes and no scripts. Throws a `RangeError` when the text does not fit in a QR code.
 */
export function qrSvg(text: string, label: string, options: QrSvgOptions = {}): string {
  const moduleSize = options.moduleSize ?? 6;
  if (!Number.isInteger(moduleSize) || moduleSize < 1 || moduleSize > 64) {
    throw new RangeError("Cannot render QR code: moduleSize must be a whole number from 1 to 64");
  }
  let matrix: boolean[][];
  try {
    matrix = encode(text, { ecc: options.ecc ?? "M", border: 4 }).data;
  } catch {
    throw new RangeError(`Cannot render QR code: the text (${text.length} characters) does not fit`);
  }
  const size = matrix.length;
  const pixels = size * moduleSize;
  let path = "";
  matrix.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (x + 1 < row.length && row[x + 1]) x++;
      path += `M${start} ${y}h${x - start + 1}v1h-${x - start + 1}z`;
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(label)}" ` +
    `width="${pixels}" height="${pixels}" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
