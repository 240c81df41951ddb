/**
 * The typefaces of generated PDFs, read from installed npm font packages: Source Sans 3 for text
 * (SIL Open Font License), DejaVu Sans Mono for code and DejaVu Sans (Bitstream Vera licence) for
 * characters Source Sans lacks — Hebrew, Arabic, Armenian, Georgian, symbols. Only the glyphs a
 * document uses are embedded.
 */
import fontkit from "@cantoo/fontkit";
import type { Font } from "@cantoo/fontkit";

/** A typeface of the writer. */
export type FontKey =
  | "sans"
  | "sansBold"
  | "sansItalic"
  | "sansBoldItalic"
  | "mono"
  | "monoBold"
  | "fallback"
  | "fallbackBold";

/** A text style, before fallback. */
export type Style = "regular" | "bold" | "italic" | "boldItalic" | "mono" | "monoBold";

const FILES: Record<FontKey, string> = {
  sans: "source-sans/TTF/SourceSans3-Regular.ttf",
  sansBold: "source-sans/TTF/SourceSans3-Bold.ttf",
  sansItalic: "source-sans/TTF/SourceSans3-It.ttf",
  sansBoldItalic: "source-sans/TTF/SourceSans3-BoldIt.ttf",
  mono: "dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf",
  monoBold: "dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf",
  fallback: "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
  fallbackBold: "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
};

/** Each style's own face and the face that fills in for characters the first lacks. */
export const STYLE_FACES: Record<Style, { primary: FontKey; fallback: FontKey }> = {
  regular: { primary: "sans", fallback: "fallback" },
  bold: { primary: "sansBold", fallback: "fallbackBold" },
  italic: { primary: "sansItalic", fallback: "fallback" },
  boldItalic: { primary: "sansBoldItalic", fallback: "fallbackBold" },
  mono: { primary: "mono", fallback: "fallback" },
  monoBold: { primary: "monoBold", fallback: "fallbackBold" },
};

/**
 * OpenType features for measuring and drawing: no ligatures (extracted text stays "fi", not
 * "ﬁ"), tabular figures so that columns of amounts line up, and no kerning (the PDF text
 * operators draw glyphs at their advance widths anyway).
 */
export const FEATURES = { liga: false, clig: false, dlig: false, kern: false, tnum: true } as const;

/** A loaded face: the file for embedding and the parsed font for measuring. */
export interface Face {
  key: FontKey;
  bytes: Uint8Array;
  font: Font;
  /** Advance of a string in em (cached). */
  width(text: string): number;
}

let loading: Promise<Record<FontKey, Face>> | undefined;

/** Loads every face once per process. Throws when the font packages are not installed. */
export function loadFaces(): Promise<Record<FontKey, Face>> {
  loading ??= readFaces().catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function readFaces(): Promise<Record<FontKey, Face>> {
  const entries = await Promise.all(
    (Object.entries(FILES) as [FontKey, string][]).map(async ([key, file]) => {
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(new URL(import.meta.resolve(file)));
      } catch (error) {
        throw new Error(`Cannot load the PDF font ${file}: ${(error as Error).message}; run \`deno task install\``);
      }
      return [key, makeFace(key, bytes)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<FontKey, Face>;
}

function makeFace(key: FontKey, bytes: Uint8Array): Face {
  const font = memoizeLayout(fontkit.create(bytes) as Font);
  const cache = new Map<string, number>();
  const perEm = 1 / font.unitsPerEm;
  return {
    key,
    bytes,
    font,
    width(text) {
      let w = cache.get(text);
      if (w === undefined) {
        w = 0;
        for (const glyph of font.layout(text, { ...FEATURES }).glyphs) w += glyph.advanceWidth;
        w *= perEm;
        if (cache.size > 50_000) cache.clear();
        cache.set(text, w);
      }
      return w;
    },
  };
}

/**
 * Remembers the layout of strings (shaping is the costly part of drawing text, and table cells
 * repeat). Layouts are read, never changed, by the measuring and the PDF writer.
 */
function memoizeLayout(font: Font): Font {
  const layout = font.layout.bind(font);
  const runs = new Map<string, ReturnType<Font["layout"]>>();
  font.layout = (text, features, ...rest) => {
    if (rest.some((r) => r != null)) return layout(text, features, ...rest);
    const key = `${features ? JSON.stringify(features) : ""}\u0000${text}`;
    let run = runs.get(key);
    if (!run) {
      run = layout(text, features);
      if (runs.size > 20_000) runs.clear();
      runs.set(key, run);
    }
    return run;
  };
  return font;
}

/**
 * A fontkit for pdf-lib that hands out the already parsed (and memoized) faces for their bytes,
 * so that every document shares one parse of each font.
 */
export function sharedFontkit(faces: Record<FontKey, Face>): { create(bytes: Uint8Array): Font } {
  return {
    create(bytes: Uint8Array) {
      for (const face of Object.values(faces)) if (face.bytes === bytes) return face.font;
      return fontkit.create(bytes) as Font;
    },
  };
}
