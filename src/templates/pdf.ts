/**
 * A generated document as PDF: the rendered Markdown, HTML or text (a DOCX's paragraphs)
 * turned into blocks and typeset by src/pdf, with the client and period in the running header.
 */
import { htmlToBlocks, markdownToBlocks, renderBlocksPdf, textToBlocks } from "../pdf/mod.ts";
import { type Rendered, textOf } from "./output.ts";

/** What the PDF says about itself. */
export interface PdfMeta {
  title: string;
  header: string;
  locale: string;
  author: string;
}

/** The rendered document as a PDF. */
export async function documentPdf(rendered: Rendered, meta: PdfMeta): Promise<Uint8Array> {
  const { kind, text } = textOf(rendered);
  const blocks = kind === "md" ? markdownToBlocks(text) : kind === "html" ? htmlToBlocks(text) : textToBlocks(text);
  return await renderBlocksPdf(
    { title: meta.title, header: meta.header, blocks },
    { locale: meta.locale, author: meta.author, showTitle: false },
  );
}
