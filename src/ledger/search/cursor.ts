/**
 * Keyset cursors: the sort, the sort key of the last row of a page, its id, whether the page
 * came from the fuzzy fallback, and a hash of the query, so a cursor cannot be replayed with
 * another sort or another search (both are a 422).
 */
import { z } from "zod";
import { ValidationError } from "../../errors.ts";
import type { Sort, TransactionQuery } from "./schema.ts";

/** The decoded cursor. `key` is the sort key of the last row, ending with its id. */
export interface Cursor {
  sort: Sort;
  key: string[];
  fuzzy: boolean;
  hash: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER = /^-?\d{1,19}$/;
const REAL = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const UUID = (v: string) => z.uuid().safeParse(v).success;

/** The shape of the key each sort uses. */
const KEY_SHAPES: Record<Sort, ((v: string) => boolean)[]> = {
  date_desc: [(v) => DATE.test(v), UUID],
  date_asc: [(v) => DATE.test(v), UUID],
  amount_desc: [(v) => INTEGER.test(v), UUID],
  amount_asc: [(v) => INTEGER.test(v), UUID],
  relevance: [(v) => REAL.test(v), (v) => DATE.test(v), UUID],
};

/** A short, stable hash of everything that selects rows (not the sort, page size or cursor). */
export function queryHash(q: TransactionQuery): string {
  const canonical = JSON.stringify([
    q.q?.trim().replace(/\s+/g, " ") ?? "",
    q.account ?? "",
    q.from ?? "",
    q.to ?? "",
    q.min ?? "",
    q.max ?? "",
    q.category ?? "",
    q.uncategorized ?? "",
    q.review ?? "",
    q.document ?? "",
    q.tag ?? "",
  ]);
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < canonical.length; i++) {
    h ^= canonical.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
const fromBase64Url = (text: string) =>
  new TextDecoder().decode(
    Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)),
  );

/** Encodes a cursor (opaque to clients). */
export function encodeCursor(c: Cursor): string {
  return toBase64Url(JSON.stringify({ s: c.sort, k: c.key, h: c.hash, ...(c.fuzzy ? { f: 1 } : {}) }));
}

const invalid = (message: string, detail = "The cursor is not valid; start again without it") =>
  new ValidationError(detail, [{ path: "cursor", message }]);

/** Decodes and checks a cursor against the query it is used with; 422 when it does not fit. */
export function decodeCursor(text: string, q: TransactionQuery): Cursor {
  let value: { s?: unknown; k?: unknown; h?: unknown; f?: unknown };
  try {
    value = JSON.parse(fromBase64Url(text));
  } catch {
    throw invalid("invalid");
  }
  if (!value || typeof value !== "object" || typeof value.s !== "string" || !(value.s in KEY_SHAPES)) {
    throw invalid("invalid");
  }
  const sort = value.s as Sort;
  if (sort !== q.sort) {
    throw invalid(
      `made for sort=${sort}`,
      `The cursor belongs to sort=${sort}, not sort=${q.sort}; start again without it`,
    );
  }
  const shape = KEY_SHAPES[sort];
  const key = value.k;
  if (
    !Array.isArray(key) || key.length !== shape.length ||
    !key.every((v, i) => typeof v === "string" && v.length <= 64 && shape[i](v))
  ) {
    throw invalid("invalid");
  }
  if (value.h !== queryHash(q)) {
    throw invalid("made for another search", "The cursor belongs to another search; start again without it");
  }
  return { sort, key: key as string[], fuzzy: value.f === 1, hash: value.h as string };
}
