/** Builds small DOCX files for tests: one paragraph per string, each string split into runs at "|". */
import PizZip from "pizzip";

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The document.xml of the paragraphs (runs split at "|", as Word often splits a tag). */
export function documentXml(paragraphs: string[]): string {
  const body = paragraphs.map((p) =>
    `<w:p><w:pPr><w:spacing w:after="120"/></w:pPr>${
      p.split("|").map((run) => `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${escape(run)}</w:t></w:r>`)
        .join("")
    }</w:p>`
  ).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`;
}

/** A DOCX file with the given paragraphs; `files` adds or replaces entries. */
export function buildDocx(paragraphs: string[], files: Record<string, string> = {}): Uint8Array {
  const zip = new PizZip();
  zip.file("[Content_Types].xml", CONTENT_TYPES);
  zip.file("_rels/.rels", RELS);
  zip.file("word/document.xml", documentXml(paragraphs));
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generate({ type: "uint8array", compression: "DEFLATE" });
}
