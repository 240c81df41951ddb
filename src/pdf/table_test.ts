import { assertEquals } from "../../tests/support/assert.ts";
import { fitColumns } from "./table.ts";
import { tokenize, wrap } from "./wrap.ts";
import { loadFaces } from "./fonts.ts";
import { Typesetter } from "./text.ts";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

Deno.test("columns that fit keep their natural widths; the widest text column takes the rest", () => {
  const widths = fitColumns([30, 100, 60, 50], [30, 60, 60, 50], ["left", "left", "right", "right"], 400);
  assertEquals(widths, [30, 260, 60, 50]);
});

Deno.test("columns that do not fit keep their longest word and share the room by how much they want", () => {
  const widths = fitColumns([40, 600, 60], [40, 80, 60], ["left", "left", "right"], 300);
  assertEquals(widths.map(Math.round), [40, 200, 60]);
  assertEquals(Math.round(sum(widths)), 300);
  const squeezed = fitColumns([200, 200], [200, 200], ["left", "left"], 100);
  assertEquals(squeezed, [50, 50]);
});

Deno.test("wrapping keeps lines within the measure, breaks long words and keeps code indentation", async () => {
  const ts = new Typesetter(await loadFaces());
  const lines = wrap(ts, tokenize(ts, [{ text: "alpha beta gamma delta " + "x".repeat(80) }], 10), 60);
  for (const line of lines) assertEquals(line.width <= 60, true);
  assertEquals(
    lines.map((l) => l.pieces.map((p) => p.text).join("")).join("").replace(/ /g, ""),
    "alphabetagammadelta" + "x".repeat(80),
  );
  const code = wrap(ts, tokenize(ts, [{ text: "if x:\n    y  = 1", code: true }], 10), 500);
  assertEquals(code.map((l) => l.pieces.map((p) => p.text).join("")), ["if x:", "    y  = 1"]);
  const prose = wrap(ts, tokenize(ts, [{ text: "  many   spaces\u00a0here " }], 10), 500);
  assertEquals(prose.map((l) => l.pieces.map((p) => p.text).join("")), ["many spaces here"]);
});
