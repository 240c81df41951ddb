/**
 * Line breaking: styled runs → words and spaces → lines no wider than a measure. Words too long
 * for a line are broken between characters; "\n" forces a break; code keeps its spaces.
 */
import type { Style } from "./fonts.ts";
import { cleanText, type Piece, splitGraphemes, total, type Typesetter } from "./text.ts";
import type { Run } from "./types.ts";

/** A word, a space or a forced break, made of measured pieces. */
export interface Token {
  kind: "word" | "space" | "break";
  pieces: Piece[];
  width: number;
  /** A space inside code (kept as written). */
  code?: boolean;
}

/** One laid-out line: pieces of consecutive text, and its width in points. */
export interface Line {
  pieces: Piece[];
  width: number;
}

/** The style of a run, given a block-level bold (headings, table headers). */
export function styleOf(run: Run, bold = false): Style {
  const b = bold || !!run.bold;
  if (run.code) return b ? "monoBold" : "mono";
  if (run.italic) return b ? "boldItalic" : "italic";
  return b ? "bold" : "regular";
}

/** Tokenizes runs at a size. Whitespace collapses to one space, except in code. */
export function tokenize(ts: Typesetter, runs: Run[], size: number, bold = false): Token[] {
  const tokens: Token[] = [];
  let word: Piece[] = [];
  const flush = () => {
    if (word.length) tokens.push({ kind: "word", pieces: word, width: total(word) });
    word = [];
  };
  for (const run of runs) {
    const style = styleOf(run, bold);
    const code = !!run.code;
    const size_ = code ? size * 0.86 : size;
    const text = code ? cleanText(run.text) : cleanText(run.text).replace(/[ \t\u00a0\u3000\u2000-\u200a]+/g, " ");
    text.split("\n").forEach((part, i) => {
      if (i > 0) {
        flush();
        tokens.push({ kind: "break", pieces: [], width: 0 });
      }
      for (const piece of ts.pieces(part, style, size_)) {
        for (const chunk of piece.text.split(/( +)/)) {
          if (!chunk) continue;
          const measured = ts.piece(chunk, piece.font, piece.font, size_);
          if (chunk[0] === " ") {
            flush();
            const last = tokens[tokens.length - 1];
            if (!code && last?.kind === "space") continue;
            const space = code ? measured : ts.piece(" ", piece.font, piece.font, size_);
            tokens.push({ kind: "space", pieces: [space], width: space.width, code });
          } else {
            word.push(measured);
          }
        }
      }
    });
  }
  flush();
  return tokens;
}

/**
 * Breaks tokens into lines of at most `max` points. Spaces at the start of a wrapped line are
 * dropped (indentation after a forced break is kept); trailing spaces are never counted.
 */
export function wrap(ts: Typesetter, tokens: Token[], max: number): Line[] {
  const lines: Line[] = [];
  let line: Piece[] = [];
  let width = 0;
  let space: Token | undefined;
  let fresh = true; // at the start of a paragraph or after a forced break
  const finish = () => {
    lines.push({ pieces: merge(line), width });
    line = [];
    width = 0;
    space = undefined;
  };
  const place = (pieces: Piece[], w: number) => {
    line.push(...pieces);
    width += w;
  };
  for (const token of tokens) {
    if (token.kind === "break") {
      finish();
      fresh = true;
    } else if (token.kind === "space") {
      if (line.length) space = token;
      else if (fresh && token.code) place(token.pieces, token.width); // indentation of code
    } else {
      const gap = line.length && space ? space.width : 0;
      if (line.length && width + gap + token.width > max) finish();
      else if (space && gap) place(space.pieces, gap);
      space = undefined;
      fresh = false;
      if (width + token.width <= max) {
        place(token.pieces, token.width);
        continue;
      }
      // A word longer than the room left: break it between characters.
      for (const piece of token.pieces) {
        for (const g of splitGraphemes(piece.text)) {
          const part = ts.piece(g, piece.font, piece.font, piece.size);
          if (line.length && width + part.width > max) finish();
          place([part], part.width);
        }
      }
    }
  }
  if (line.length || !lines.length) finish();
  return lines;
}

/** Joins neighbouring pieces of the same face and size. */
export function merge(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && last.font === p.font && last.size === p.size) {
      out[out.length - 1] = { ...last, text: last.text + p.text, width: last.width + p.width };
    } else out.push({ ...p });
  }
  return out;
}
