import { assertEquals } from "../../tests/support/assert.ts";
import { textToBlocks } from "./plain.ts";

Deno.test("plain text: paragraphs at blank lines, line breaks kept, form feeds break pages", () => {
  assertEquals(textToBlocks("Dear Maria,\r\n\r\nLine one\nLine two   \n\n\n\fPage two\n"), [
    { type: "paragraph", runs: [{ text: "Dear Maria," }] },
    { type: "paragraph", runs: [{ text: "Line one\nLine two" }] },
    { type: "pagebreak" },
    { type: "paragraph", runs: [{ text: "Page two" }] },
  ]);
  assertEquals(textToBlocks(""), []);
  assertEquals(textToBlocks("  \n \n"), []);
});
