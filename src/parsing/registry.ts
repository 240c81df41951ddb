/**
 * The statement parser registry: the generic parser and the named (institution) parsers, and the
 * choice between them for a document — the highest `detect()` wins; on a tie a named parser wins
 * over the generic one.
 */
import type { ExtractedDocument, StatementParser } from "./types.ts";
import { genericParser } from "./generic/mod.ts";
import { namedParsers } from "./named/mod.ts";

export const GENERIC_ID = "generic";

const parsers = new Map<string, StatementParser>();

/** An unknown `--parser` id or a duplicate registration. */
export class ParserRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParserRegistryError";
  }
}

/** Adds a parser; its id must be new. */
export function registerParser(parser: StatementParser): void {
  if (parsers.has(parser.id)) throw new ParserRegistryError(`Parser "${parser.id}" is already registered`);
  parsers.set(parser.id, parser);
}

/** Removes a parser (tests); returns whether it was registered. */
export function unregisterParser(id: string): boolean {
  return parsers.delete(id);
}

/** The registered parsers, in registration order. */
export function listParsers(): StatementParser[] {
  return [...parsers.values()];
}

/** A parser by id, or undefined. */
export function getParser(id: string): StatementParser | undefined {
  return parsers.get(id);
}

function safeDetect(parser: StatementParser, doc: ExtractedDocument): number {
  try {
    const score = parser.detect(doc);
    return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
  } catch {
    return 0;
  }
}

/**
 * The parser for `doc`: `forcedId` when given (it must exist), else the one whose `detect()` is
 * highest; ties go to a named parser before the generic one, then to registration order.
 * The generic parser is the fallback when nothing claims the document.
 */
export function chooseParser(doc: ExtractedDocument, forcedId?: string): StatementParser {
  if (forcedId !== undefined) {
    const forced = parsers.get(forcedId);
    if (!forced) {
      throw new ParserRegistryError(`Unknown parser "${forcedId}"; available: ${[...parsers.keys()].join(", ")}`);
    }
    return forced;
  }
  let best: StatementParser | undefined;
  let bestScore = -1;
  for (const parser of parsers.values()) {
    const score = safeDetect(parser, doc);
    const better = score > bestScore || (score === bestScore && best?.id === GENERIC_ID);
    if (better) {
      best = parser;
      bestScore = score;
    }
  }
  if (!best || bestScore <= 0) {
    const generic = parsers.get(GENERIC_ID);
    if (generic) return generic;
  }
  if (!best) throw new ParserRegistryError("No statement parser is registered");
  return best;
}

registerParser(genericParser);
for (const parser of namedParsers) registerParser(parser);
