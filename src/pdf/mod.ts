/**
 * PDF documents: reports ({@link renderReportPdf}) and documents of blocks
 * ({@link renderBlocksPdf}) converted from Markdown, HTML or plain text.
 */
export { renderBlocksPdf } from "./blocks.ts";
export type { BlocksDocument, BlocksOptions } from "./blocks.ts";
export { renderReportPdf } from "./report.ts";
export type { ReportPdfOptions } from "./report.ts";
export { markdownToBlocks } from "./markdown.ts";
export { htmlToBlocks } from "./html.ts";
export { textToBlocks } from "./plain.ts";
export type { Block, PdfLabels, PdfOptions, Run } from "./types.ts";
