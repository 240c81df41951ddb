import { assert, assertEquals } from "../../tests/support/assert.ts";
import { graphemes, labelEvery, niceStep, niceTicks, textWidth, truncate } from "./scale.ts";

Deno.test("niceTicks: round steps from zero, covering both ends", () => {
  assertEquals(niceTicks(0, 1234), [0, 500, 1000, 1500]);
  assertEquals(niceTicks(-600, 1500), [-1000, -500, 0, 500, 1000, 1500]);
  assertEquals(niceTicks(-80, -20), [-80, -60, -40, -20, 0], "all-negative data still shows zero");
  assertEquals(niceTicks(0, 0.3), [0, 0.1, 0.2, 0.3], "no 0.30000000000000004");
  assertEquals(niceTicks(0, 0), [0]);
  assertEquals(niceTicks(3, 3), [0, 1, 2, 3]);
});

Deno.test("niceTicks: every range gives 3–8 evenly spaced ticks on the 1–2–5 ladder", () => {
  let seed = 42;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 2000; i++) {
    const scale = 10 ** Math.floor(random() * 14 - 4);
    const a = (random() - 0.3) * scale;
    const b = (random() - 0.3) * scale * (random() < 0.1 ? 1000 : 1);
    const [min, max] = [Math.min(a, b), Math.max(a, b)];
    const ticks = niceTicks(min, max);
    assert(ticks.length >= 2 && ticks.length <= 8, `${ticks.length} ticks for ${min}…${max}`);
    assert(ticks.includes(0), "zero is a tick");
    assert(ticks[0] <= Math.min(0, min) && ticks.at(-1)! >= Math.max(0, max), `${ticks} covers ${min}…${max}`);
    const step = ticks[1] - ticks[0];
    const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6));
    assert([1, 2, 5].includes(mantissa), `step ${step} is 1, 2 or 5 × 10ⁿ`);
    for (const [k, t] of ticks.entries()) {
      assert(Math.abs(t - ticks[0] - k * step) <= step * 1e-9, `even spacing ${ticks}`);
      assert(Number(t.toPrecision(12)) === t, `${t} is a round number`);
    }
  }
});

Deno.test("niceStep refuses spans that cannot be divided", () => {
  for (const span of [0, -1, NaN, Infinity]) {
    let failed = false;
    try {
      niceStep(span);
    } catch (e) {
      failed = e instanceof RangeError;
    }
    assert(failed, `span ${span}`);
  }
  assertEquals(niceStep(1e6), 200000);
});

Deno.test("labelEvery: labels thin in calendar-friendly steps", () => {
  assertEquals(labelEvery(60, 25), 1);
  assertEquals(labelEvery(17.6, 25), 2);
  assertEquals(labelEvery(10, 22), 3);
  assertEquals(labelEvery(10, 25), 4);
  assertEquals(labelEvery(5, 24), 6);
  assertEquals(labelEvery(1, 50), 56);
});

Deno.test("truncate: an ellipsis only when needed, never splitting a character", () => {
  assertEquals(truncate("Adobe", 100, 13), "Adobe");
  const cut = truncate("Amazon Web Services EMEA SARL (Luxembourg)", 150, 13);
  assert(cut.endsWith("…") && textWidth(cut, 13) <= 150, cut);
  assert(!cut.includes(" …"), "no space before the ellipsis");
  const family = "👨‍👩‍👧";
  assertEquals(graphemes(`${family}x`).length, 2);
  const emoji = truncate(`${family.repeat(20)}`, 60, 13);
  assert(graphemes(emoji).slice(0, -1).every((g) => g === family), "whole emoji or none");
  assert(textWidth("MMMM", 12) > textWidth("iiii", 12));
  assert(textWidth("$1,234.00", 12, true) > textWidth("$1,234.00", 12));
});
