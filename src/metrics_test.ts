import { assertEquals, assertStringIncludes } from "../tests/support/assert.ts";
import { Counter, Gauge, Histogram } from "./metrics.ts";

Deno.test("histogram buckets are cumulative and labels are escaped", () => {
  const h = new Histogram("x_seconds", "help", [0.1, 1]);
  h.observe({ route: '/a"b' }, 0.05);
  h.observe({ route: '/a"b' }, 0.5);
  h.observe({ route: '/a"b' }, 5);
  const text = h.render();
  assertStringIncludes(text, 'x_seconds_bucket{route="/a\\"b",le="0.1"} 1');
  assertStringIncludes(text, 'x_seconds_bucket{route="/a\\"b",le="1"} 2');
  assertStringIncludes(text, 'x_seconds_bucket{route="/a\\"b",le="+Inf"} 3');
  assertStringIncludes(text, 'x_seconds_count{route="/a\\"b"} 3');
  assertStringIncludes(text, 'x_seconds_sum{route="/a\\"b"} 5.55');
});

Deno.test("counters add per label set; gauges overwrite", () => {
  const c = new Counter("runs_total", "help");
  c.inc({ task: "a", outcome: "success" });
  c.inc({ outcome: "success", task: "a" }, 2);
  assertEquals(c.get({ task: "a", outcome: "success" }), 3);
  assertStringIncludes(c.render(), 'runs_total{outcome="success",task="a"} 3');
  const g = new Gauge("depth", "help");
  g.set({ state: "waiting" }, 4);
  g.set({ state: "waiting" }, 1);
  assertStringIncludes(g.render(), 'depth{state="waiting"} 1');
});
