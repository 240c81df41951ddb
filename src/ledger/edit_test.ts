import { assert, assertEquals } from "../../tests/support/assert.ts";
import { ValidationError } from "../errors.ts";
import { diffState, type EditableState, mayEdit, normalizeTags, TransactionPatch } from "./edit.ts";

Deno.test("normalizeTags: trimmed, lower-case, spaces collapsed, unique, order kept", () => {
  assertEquals(normalizeTags(["  Travel ", "TRAVEL", "client  dinner", "", "  ", "Q1"]), [
    "travel",
    "client dinner",
    "q1",
  ]);
});

Deno.test("normalizeTags: at most 20 after normalization", () => {
  assertEquals(normalizeTags(Array.from({ length: 25 }, (_, i) => `T${i % 20}`)).length, 20);
  let error: unknown;
  try {
    normalizeTags(Array.from({ length: 21 }, (_, i) => `t${i}`));
  } catch (e) {
    error = e;
  }
  assert(error instanceof ValidationError);
});

Deno.test("mayEdit: editors change anything, reviewers only needs_review, read-only nothing", () => {
  assert(mayEdit({ role: "preparer" }, ["payee", "splits"]));
  assert(mayEdit({ role: "admin" }, ["category_id"]));
  assert(mayEdit({ role: "reviewer" }, ["needs_review"]));
  assert(mayEdit({ role: "reviewer" }, []));
  assert(!mayEdit({ role: "reviewer" }, ["needs_review", "memo"]));
  assert(!mayEdit({ role: "read_only" }, ["needs_review"]));
});

Deno.test("diffState: only changed fields, with before and after", () => {
  const current: EditableState = {
    category_id: null,
    payee: "Starbucks",
    memo: "",
    tags: ["a"],
    business_pct: 100,
    needs_review: false,
    splits: [],
  };
  const diff = diffState(current, { payee: "Starbucks", tags: ["a", "b"], business_pct: 50, splits: [] });
  assertEquals(diff, {
    changed: ["tags", "business_pct"],
    before: { tags: ["a"], business_pct: 100 },
    after: { tags: ["a", "b"], business_pct: 50 },
  });
});

Deno.test("TransactionPatch: unknown fields and out-of-range values are refused", () => {
  assert(!TransactionPatch.safeParse({ amount: "1.00" }).success);
  assert(!TransactionPatch.safeParse({ business_pct: 101 }).success);
  assert(!TransactionPatch.safeParse({ business_pct: 50.5 }).success);
  assert(!TransactionPatch.safeParse({ payee: "x".repeat(201) }).success);
  assert(TransactionPatch.safeParse({ splits: null, category_id: null }).success);
});
