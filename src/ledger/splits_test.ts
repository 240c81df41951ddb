import { assert, assertEquals } from "../../tests/support/assert.ts";
import { ValidationError } from "../errors.ts";
import { parseSplits, sameSplits } from "./splits.ts";

const A = "0b8f6a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b";
const B = "1c9e7b2f-4d3e-4f60-9bac-1d2e3f4a5b6c";

function rejects(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    assert(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
    return error;
  }
  throw new Error("expected a ValidationError");
}

Deno.test("parseSplits: exact parts become canonical decimal strings", () => {
  assertEquals(
    parseSplits([{ category_id: A, amount: "-60" }, { category_id: B, amount: "-40.5", memo: "x" }], -10050n),
    [
      { category_id: A, amount: "-60.00", memo: "" },
      { category_id: B, amount: "-40.50", memo: "x" },
    ],
  );
  // Mixed signs are fine as long as the sum is exact (a purchase with a refunded part).
  assertEquals(
    parseSplits([{ category_id: A, amount: "-120.00" }, { category_id: B, amount: "20.00" }], -10000n).length,
    2,
  );
});

Deno.test("parseSplits: a wrong sum names the difference", () => {
  const error = rejects(() =>
    parseSplits([{ category_id: A, amount: "-60.00" }, { category_id: B, amount: "-39.99" }], -10000n)
  );
  assertEquals(error.message, "The parts add up to -99.99 but the transaction amount is -100.00");
  assertEquals(error.extra.errors, [{ path: "splits", message: "Off by -0.01" }]);
});

Deno.test("parseSplits: one part, zero parts and zero amounts are refused", () => {
  rejects(() => parseSplits([{ category_id: A, amount: "-100.00" }], -10000n));
  const error = rejects(() =>
    parseSplits([{ category_id: A, amount: "-100.00" }, { category_id: B, amount: "0.00" }], -10000n)
  );
  assertEquals(error.extra.errors, [{ path: "splits.1.amount", message: "A part cannot be zero" }]);
});

Deno.test("sameSplits compares category, amount and memo in order", () => {
  const one = [{ category_id: A, amount: "-1.00", memo: "" }, { category_id: B, amount: "-2.00", memo: "" }];
  assert(sameSplits(one, structuredClone(one)));
  assert(!sameSplits(one, [...one].reverse()));
  assert(!sameSplits(one, []));
});
