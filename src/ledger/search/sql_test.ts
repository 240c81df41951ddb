import { assertEquals } from "../../../tests/support/assert.ts";
import { parseSearchQuery } from "./query.ts";
import { parseTransactionQuery } from "./schema.ts";
import { rollupDates, type Selection } from "./sql.ts";

const selection = (params: Record<string, string>, tsquery: string | null = null): Selection => {
  const query = parseTransactionQuery(params);
  return {
    clientId: "c",
    query,
    operators: parseSearchQuery(query.q ?? "").operators,
    tsquery,
    lookups: {},
  };
};
const full = (params: Record<string, string>) => rollupDates(selection(params))?.full;

Deno.test("rollups serve totals filtered by account, category, review and dates only", () => {
  assertEquals(full({}), { start: null, end: null });
  assertEquals(full({ q: "account:4821 category:18 is:review is:uncategorized" }), { start: null, end: null });
  const notRollup: Record<string, string>[] = [
    { q: "amount:>5" },
    { q: "tag:x" },
    { q: "is:split" },
    { min: "1" },
    { tag: "x" },
    { document: "7c9e6679-7425-40de-944b-e07fc1f90ae7" },
  ];
  for (const p of notRollup) assertEquals(rollupDates(selection(p)), null, JSON.stringify(p));
  assertEquals(rollupDates(selection({}, "'coffee'")), null, "words need the rows");
});

Deno.test("whole months of a date range come from rollups; partial months from rows", () => {
  assertEquals(full({ q: "date:2025-01..2025-03" }), { start: "2025-01-01", end: "2025-04-01" });
  assertEquals(full({ from: "2025-01-15", to: "2025-03-31" }), { start: "2025-02-01", end: "2025-04-01" });
  assertEquals(full({ from: "2025-01-01", to: "2025-03-30" }), { start: "2025-01-01", end: "2025-03-01" });
  assertEquals(full({ from: "2024-12-15", to: "2025-01-31" }), { start: "2025-01-01", end: "2025-02-01" });
  assertEquals(full({ q: "date:2024-02-29" }), null, "one day: no whole month");
  assertEquals(full({ from: "2025-01-02", to: "2025-02-27" }), null);
  assertEquals(full({ q: "date:2025-03..", to: "2025-12-31" }), { start: "2025-03-01", end: "2026-01-01" });
  assertEquals(
    full({ q: "date:2025", from: "2025-06-10" }),
    { start: "2025-07-01", end: "2026-01-01" },
    "intersection",
  );
  assertEquals(full({ q: "date:..2025-02" }), { start: null, end: "2025-03-01" });
});
