import { assertEquals } from "../../tests/support/assert.ts";
import nodeAssert from "node:assert/strict";
import type { ExtractedDocument, ParsedStatement, StatementParser } from "./types.ts";
import { chooseParser, listParsers, ParserRegistryError, registerParser, unregisterParser } from "./registry.ts";
import { genericParser } from "./generic/mod.ts";
import { namedParsers } from "./named/mod.ts";

const doc: ExtractedDocument = { pages: 1, pageWidth: 612, pageHeight: 792, lines: [], furniture: [] };

function fake(id: string, score: number | (() => number)): StatementParser {
  return {
    id,
    name: id,
    detect: typeof score === "number" ? () => score : score,
    parse: (): ParsedStatement => ({
      parser: id,
      institution: null,
      account: { number: null, type: "other", currency: null },
      period: { start: null, end: null },
      balances: { opening: null, closing: null },
      transactions: [],
      warnings: [],
    }),
  };
}

/** Registers parsers for one test and removes them afterwards. */
function withParsers(parsers: StatementParser[], fn: () => void) {
  for (const p of parsers) registerParser(p);
  try {
    fn();
  } finally {
    for (const p of parsers) unregisterParser(p.id);
  }
}

Deno.test("the generic parser and the named parsers are registered", () => {
  assertEquals(listParsers().map((p) => p.id), ["generic", ...namedParsers.map((p) => p.id)]);
  assertEquals(chooseParser(doc).id, "generic");
});

Deno.test("chooseParser takes the highest detect(); ties go to a named parser over the generic one", () => {
  // A stand-in generic parser that claims every document with 0.3.
  unregisterParser("generic");
  try {
    withParsers([fake("generic", 0.3)], () => {
      withParsers([fake("low", 0), fake("tie", 0.3), fake("high", 0.9), fake("high2", 0.9)], () => {
        assertEquals(chooseParser(doc).id, "high"); // first registered among equals
      });
      withParsers([fake("tie", 0.3)], () => assertEquals(chooseParser(doc).id, "tie"));
      withParsers([fake("below", 0.2)], () => assertEquals(chooseParser(doc).id, "generic"));
    });
  } finally {
    // Back as it was: generic first, then the named parsers.
    for (const p of namedParsers) unregisterParser(p.id);
    for (const p of [genericParser, ...namedParsers]) registerParser(p);
  }
  // Nothing claims the document: the generic parser reads it (and says what it could not find).
  withParsers([fake("nothing", 0)], () => assertEquals(chooseParser(doc).id, "generic"));
});

Deno.test("chooseParser ignores a parser whose detect() throws or returns nonsense", () => {
  withParsers([
    fake("throws", () => {
      throw new Error("boom");
    }),
    fake("nan", NaN),
  ], () => assertEquals(chooseParser(doc).id, "generic"));
  withParsers([fake("huge", 7)], () => assertEquals(chooseParser(doc).id, "huge"));
});

Deno.test("chooseParser honours a forced id, which must exist", () => {
  withParsers([fake("named", 0.9)], () => {
    assertEquals(chooseParser(doc, "generic").id, "generic");
    nodeAssert.throws(() => chooseParser(doc, "nope"), ParserRegistryError);
    nodeAssert.throws(
      () => chooseParser(doc, "nope"),
      /^ParserRegistryError: Unknown parser "nope"; available: generic, .*named/,
    );
  });
});

Deno.test("registerParser refuses a duplicate id", () => {
  nodeAssert.throws(() => registerParser(fake("generic", 1)), /Parser "generic" is already registered/);
});
