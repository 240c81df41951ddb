/** Plain text as blocks: paragraphs at blank lines, line breaks kept, form feeds as page breaks. */
import type { Block } from "./types.ts";

/** Converts plain text to blocks. */
export function textToBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const pages = String(text ?? "").replace(/\r\n?/g, "\n").split("\f");
  pages.forEach((page, i) => {
    if (i > 0) blocks.push({ type: "pagebreak" });
    for (const para of page.split(/\n[ \t]*\n+/)) {
      const lines = para.split("\n").map((l) => l.trimEnd());
      while (lines.length && !lines[0].trim()) lines.shift();
      while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
      if (lines.length) blocks.push({ type: "paragraph", runs: [{ text: lines.join("\n") }] });
    }
  });
  return blocks;
}
