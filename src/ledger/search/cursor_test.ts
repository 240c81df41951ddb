import { assertEquals, assertMatch } from "../../../tests/support/assert.ts";
import { ValidationError } from "../../errors.ts";
import { decodeCursor, encodeCursor, queryHash } from "./cursor.ts";
import { parseTransactionQuery } from "./schema.ts";

const ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

function rejects(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

Deno.test("a cursor round-trips for its sort and query", () => {
  const q = parseTransactionQuery({ q: "coffee", sort: "relevance" });
  const text = encodeCursor({
    sort: "relevance",
    key: ["0.0607927", "2025-03-14", ID],
    fuzzy: true,
    hash: queryHash(q),
  });
  assertMatch(text, /^[A-Za-z0-9_-]+$/);
  assertEquals(decodeCursor(text, { ...q, cursor: text }), {
    sort: "relevance",
    key: ["0.0607927", "2025-03-14", ID],
    fuzzy: true,
    hash: queryHash(q),
  });
});

Deno.test("a cursor from another sort, another search, or garbage is a 422 on `cursor`", () => {
  const q = parseTransactionQuery({ q: "coffee" });
  const byDate = encodeCursor({ sort: "date_desc", key: ["2025-03-14", ID], fuzzy: false, hash: queryHash(q) });
  const other = rejects(() => decodeCursor(byDate, { ...q, sort: "amount_desc" }));
  assertEquals(other.status, 422);
  assertMatch(other.message, /sort=date_desc, not sort=amount_desc/);
  assertEquals((other.extra.errors as { path: string }[])[0].path, "cursor");
  assertMatch(rejects(() => decodeCursor(byDate, parseTransactionQuery({ q: "tea" }))).message, /another search/);
  for (const bad of ["", "x", "!!!", btoa("[1,2]"), btoa('{"s":"date_desc","k":["2025-03-14","nope"]}')]) {
    rejects(() => decodeCursor(bad, q));
  }
  const wrongShape = encodeCursor({ sort: "date_desc", key: ["-12", ID], fuzzy: false, hash: queryHash(q) });
  rejects(() => decodeCursor(wrongShape, q));
});

Deno.test("the query schema: defaults, empty values absent, field errors", () => {
  const q = parseTransactionQuery({ q: "", account: "", limit: undefined });
  assertEquals([q.sort, q.limit, q.q, q.account], ["date_desc", 100, undefined, undefined]);
  assertEquals(parseTransactionQuery({ review: "true", uncategorized: "0" }).review, true);
  const error = rejects(() =>
    parseTransactionQuery({
      account: "x",
      from: "2025-02-30",
      min: "1.234",
      category: "food",
      sort: "random",
      limit: "501",
      review: "maybe",
      q: "x".repeat(501),
    })
  );
  const paths = (error.extra.errors as { path: string }[]).map((e) => e.path).sort();
  assertEquals(paths, ["account", "category", "from", "limit", "min", "q", "review", "sort"]);
  const order = rejects(() => parseTransactionQuery({ from: "2025-03-02", to: "2025-03-01", min: "10", max: "-10" }));
  assertEquals((order.extra.errors as { path: string }[]).map((e) => e.path), ["to", "max"]);
});
