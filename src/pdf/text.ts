/**
 * Text preparation for the PDF writer: cleaning hostile strings, choosing a face per character
 * (with a visible replacement for characters no face has) and measuring.
 */
import type { Face, FontKey, Style } from "./fonts.ts";
import { STYLE_FACES } from "./fonts.ts";

/** What is drawn for a character no face has. */
export const REPLACEMENT = "\uFFFD";

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** A character class of code point ranges (built from numbers: the ranges include controls). */
function charClass(ranges: [number, number][], flags: string): RegExp {
  const hex = (n: number) => `\\u{${n.toString(16)}}`;
  return new RegExp(`[${ranges.map(([a, b]) => `${hex(a)}-${hex(b)}`).join("")}]`, `u${flags}`);
}

// C0/C1 controls (except tab and newlines), bidi embeddings and isolates, zero-width and
// direction marks, the byte order mark and interlinear annotations: never drawn.
const INVISIBLE = charClass([
  [0x00, 0x08],
  [0x0b, 0x0b],
  [0x0e, 0x1f],
  [0x7f, 0x9f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0xfeff, 0xfeff],
  [0xfff9, 0xfffb],
], "g");
// Line breaks other than LF: CR (with or without LF), NEL, form feed, line/paragraph separators.
const BREAKS = charClass([[0x0c, 0x0c], [0x85, 0x85], [0x2028, 0x2029]], "g");

/**
 * Makes any string safe to draw: well-formed (lone surrogates become U+FFFD), NFC-composed,
 * invisible controls removed, CR/LF/line separators as "\n", tabs as spaces.
 */
export function cleanText(text: string, tabWidth = 4): string {
  let s = String(text ?? "").toWellFormed().replace(/\r\n?/g, "\n").replace(BREAKS, "\n").replace(INVISIBLE, "");
  s = s.normalize("NFC");
  if (s.includes("\t")) {
    s = s.split("\n").map((line) => {
      let out = "";
      for (const ch of line) out += ch === "\t" ? " ".repeat(tabWidth - (out.length % tabWidth)) : ch;
      return out;
    }).join("\n");
  }
  return s;
}

/** A piece of text in one face and size. `width` is in points. */
export interface Piece {
  text: string;
  font: FontKey;
  size: number;
  width: number;
}

/** Measures and splits text into faces. */
export class Typesetter {
  constructor(readonly faces: Record<FontKey, Face>) {}

  /** Width in points of `text` in one face. */
  width(text: string, font: FontKey, size: number): number {
    return this.faces[font].width(text) * size;
  }

  /**
   * Splits clean text (no newlines) into pieces by face: a grapheme goes to the style's own face
   * when it has every code point, else to the fallback face, else becomes {@link REPLACEMENT}.
   * Spaces between two fallback characters stay in the fallback face, so that a right-to-left
   * phrase is shaped as one run.
   */
  pieces(text: string, style: Style, size: number): Piece[] {
    if (!text) return [];
    const { primary, fallback } = STYLE_FACES[style];
    // Fast path: printable ASCII is in every primary face.
    if (/^[\x20-\x7e]*$/.test(text)) return [this.piece(text, primary, fallback, size)];
    const faces = this.faces;
    const segs: { text: string; font: FontKey | null }[] = [];
    for (const { segment } of graphemes.segment(text)) {
      if (segment === " ") {
        segs.push({ text: segment, font: null });
        continue;
      }
      const cps = [...segment].map((c) => c.codePointAt(0)!);
      const covers = (key: FontKey) => cps.every((cp) => faces[key].font.hasGlyphForCodePoint(cp));
      if (covers(primary)) segs.push({ text: segment, font: primary });
      else if (covers(fallback)) segs.push({ text: segment, font: fallback });
      else segs.push({ text: REPLACEMENT, font: fallback });
    }
    // Spaces take the fallback face only between two fallback characters.
    for (let i = 0; i < segs.length; i++) {
      if (segs[i].font !== null) continue;
      let j = i;
      while (j < segs.length && segs[j].font === null) j++;
      const font = segs[i - 1]?.font === fallback && segs[j]?.font === fallback ? fallback : primary;
      for (let k = i; k < j; k++) segs[k].font = font;
      i = j - 1;
    }
    const pieces: Piece[] = [];
    let text_ = "";
    let font: FontKey | null = null;
    for (const seg of segs) {
      if (seg.font !== font && text_) {
        pieces.push(this.piece(text_, font!, fallback, size));
        text_ = "";
      }
      font = seg.font;
      text_ += seg.text;
    }
    if (text_) pieces.push(this.piece(text_, font!, fallback, size));
    return pieces;
  }

  /** A measured piece; text that cannot be shaped becomes replacement characters. */
  piece(text: string, font: FontKey, fallback: FontKey, size: number): Piece {
    try {
      return { text, font, size, width: this.width(text, font, size) };
    } catch {
      const safe = REPLACEMENT.repeat([...text].length);
      return { text: safe, font: fallback, size, width: this.width(safe, fallback, size) };
    }
  }

  /** Shortens one line of text to `max` points, ending it with "…". */
  truncate(text: string, style: Style, size: number, max: number): Piece[] {
    const pieces = this.pieces(text, style, size);
    if (total(pieces) <= max) return pieces;
    const chars = splitGraphemes(text);
    let lo = 0, hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (total(this.pieces(chars.slice(0, mid).join("").trimEnd() + "…", style, size)) <= max) lo = mid;
      else hi = mid - 1;
    }
    return this.pieces(chars.slice(0, lo).join("").trimEnd() + "…", style, size);
  }
}

/** Total width of pieces. */
export function total(pieces: Piece[]): number {
  let w = 0;
  for (const p of pieces) w += p.width;
  return w;
}

/** Splits text into graphemes (for breaking words that are too long for a line). */
export function splitGraphemes(text: string): string[] {
  return [...graphemes.segment(text)].map((s) => s.segment);
}
