/**
 * The HTTP shell: health and readiness, metrics, errors as problem+json or HTML, 404/405,
 * security headers, static caching, compression, request logs, OpenAPI, and the
 * one-handler-two-representations helper on the status resource.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./support/assert.ts";
import { createTestApp } from "./support/app.ts";

Deno.test("healthz is alive; readyz is 503 until a worker heartbeat exists, then 200", async () => {
  const t = await createTestApp();
  try {
    assertEquals(await (await t.request("/healthz")).json(), { status: "ok" });
    const notReady = await t.request("/readyz");
    assertEquals(notReady.status, 503);
    assertEquals(await notReady.json(), {
      ready: false,
      checks: { database: "ok", migrations: "ok", worker: "no live worker" },
    });
    await t.db.sql`insert into worker_heartbeats values ('w1', 'host', 1, 2, now(), now() - interval '60 seconds')`;
    assertEquals((await t.request("/readyz")).status, 503, "a stale heartbeat does not count");
    await t.db.sql`update worker_heartbeats set seen_at = now()`;
    const ready = await t.request("/readyz");
    assertEquals(ready.status, 200);
    assertEquals((await ready.json()).checks, { database: "ok", migrations: "ok", worker: "ok" });
  } finally {
    await t.close();
  }
});

Deno.test("readyz reports pending migrations", async () => {
  const t = await createTestApp();
  try {
    await t.db.sql`delete from schema_migrations`;
    await t.db.sql`insert into worker_heartbeats values ('w1', 'host', 1, 2, now(), now())`;
    const res = await t.request("/readyz");
    assertEquals(res.status, 503);
    assertMatch((await res.json()).checks.migrations, /^\d+ pending$/);
  } finally {
    await t.close();
  }
});

Deno.test("metrics: Prometheus text with request histogram by route template, and queue depth", async () => {
  const t = await createTestApp();
  try {
    await t.db.sql`insert into queue_probes default values`;
    await t.request("/healthz");
    await t.request("/api/v1/status/queue-probes/00000000-0000-4000-8000-000000000000");
    const res = await t.request("/metrics");
    assertEquals(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    assertStringIncludes(
      text,
      'ledgerflow_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1',
    );
    assertStringIncludes(
      text,
      'ledgerflow_http_request_duration_seconds_count{method="GET",route="/api/v1/status/queue-probes/:id",status="404"} 1',
    );
    assertStringIncludes(text, 'ledgerflow_job_queue_depth{state="waiting"} 1');
    assertStringIncludes(text, "# TYPE ledgerflow_job_runs_total counter");
  } finally {
    await t.close();
  }
});

Deno.test("errors: problem+json under /api, an HTML page elsewhere, a fragment for htmx", async () => {
  const t = await createTestApp();
  try {
    const api = await t.request("/api/v1/nothing-here");
    assertEquals(api.status, 404);
    assertEquals(api.headers.get("content-type"), "application/problem+json");
    const problem = await api.json();
    assertEquals(problem.title, "Not Found");
    assertEquals(problem.status, 404);
    assertEquals(problem.instance, "/api/v1/nothing-here");
    assertEquals(problem.request_id, api.headers.get("x-request-id"));

    const page = await t.request("/nothing-here");
    assertEquals(page.status, 404);
    assertStringIncludes(page.headers.get("content-type")!, "text/html");
    const html = await page.text();
    assertStringIncludes(html, "<html");
    assertStringIncludes(html, "Back to the home page");

    const fragment = await t.request("/nothing-here", { headers: { "HX-Request": "true" } });
    assertEquals(fragment.status, 404);
    assertEquals(fragment.headers.get("hx-retarget"), "#flash");
    const body = await fragment.text();
    assert(!body.includes("<html"), "no full page for htmx");
    assertStringIncludes(body, 'role="alert"');
  } finally {
    await t.close();
  }
});

Deno.test("405 with an Allow header, in the same formats", async () => {
  const t = await createTestApp();
  try {
    const api = await t.request("/api/v1/status", { method: "DELETE" });
    assertEquals(api.status, 405);
    assertEquals(api.headers.get("allow"), "GET, HEAD");
    assertEquals(api.headers.get("content-type"), "application/problem+json");
    assertEquals((await api.json()).detail, "DELETE is not supported here; use GET, HEAD");
    const page = await t.request("/status", { method: "PUT", headers: { Origin: "http://localhost" } });
    assertEquals(page.status, 405);
    assertStringIncludes(await page.text(), "Method Not Allowed");
  } finally {
    await t.close();
  }
});

Deno.test("an unexpected error is a 500 without internals, logged with the request id", async () => {
  const t = await createTestApp();
  try {
    await t.db.sql`drop table queue_probes cascade`;
    const res = await t.request("/api/v1/status/queue-probes", { method: "POST" });
    assertEquals(res.status, 500);
    const problem = await res.json();
    assertEquals(problem.detail, "An unexpected error occurred; it has been logged");
    assert(!JSON.stringify(problem).includes("queue_probes"), "no SQL detail leaks");
    const logged = t.logs.find((l) => l.msg === "unhandled error");
    assertEquals(logged?.request_id, problem.request_id);
  } finally {
    await t.close();
  }
});

Deno.test("security headers: a CSP that allows our own scripts and nothing inline", async () => {
  const t = await createTestApp();
  try {
    const res = await t.request("/signin");
    const csp = res.headers.get("content-security-policy")!;
    assertStringIncludes(csp, "script-src 'self'");
    assertStringIncludes(csp, "style-src 'self'");
    assertStringIncludes(csp, "frame-ancestors 'none'");
    assert(!csp.includes("unsafe-inline") && !csp.includes("unsafe-eval"));
    assertEquals(res.headers.get("x-content-type-options"), "nosniff");
    assertEquals(res.headers.get("x-frame-options"), "SAMEORIGIN");
    const html = await res.text();
    assert(!/<script(?![^>]*\ssrc=)[^>]*>/.test(html), "no inline script");
    assert(!/\sstyle="/.test(html), "no inline style attributes");
    assert(!/\son[a-z]+="/.test(html), "no inline event handlers");
  } finally {
    await t.close();
  }
});

Deno.test("static files: fingerprinted URLs cached for a year, ETags, 304, compression", async () => {
  const t = await createTestApp();
  try {
    const html = await (await t.request("/signin")).text();
    const cssUrl = html.match(/href="(\/static\/css\/app\.css\?v=[0-9a-f]{16})"/)?.[1];
    assert(cssUrl, "the page links the fingerprinted stylesheet");
    const htmxUrl = html.match(/src="(\/static\/vendor\/htmx\.min\.js\?v=[0-9a-f]{16})"/)?.[1];
    assert(htmxUrl, "htmx is served from static/vendor");

    const res = await t.request(cssUrl, { headers: { "Accept-Encoding": "gzip" } });
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assertEquals(res.headers.get("content-encoding"), "gzip");
    assertStringIncludes(res.headers.get("content-type")!, "text/css");
    await res.body?.cancel();

    const etag = res.headers.get("etag")!;
    const again = await t.request(cssUrl, { headers: { "If-None-Match": etag } });
    assertEquals(again.status, 304);

    const unversioned = await t.request("/static/css/app.css");
    assertEquals(unversioned.headers.get("cache-control"), "public, max-age=0, must-revalidate");
    await unversioned.body?.cancel();
    assertEquals((await t.request("/static/../deno.json")).status, 404);
  } finally {
    await t.close();
  }
});

Deno.test("one structured log line per request with method, route template, status, ms and id", async () => {
  const t = await createTestApp();
  try {
    const res = await t.request("/api/v1/status/queue-probes/not-a-uuid");
    await res.body?.cancel();
    const lines = t.logs.filter((l) => l.msg === "request");
    assertEquals(lines.length, 1);
    const [line] = lines;
    assertEquals(line.method, "GET");
    assertEquals(line.route, "/api/v1/status/queue-probes/:id");
    assertEquals(line.status, 404);
    assertEquals(typeof line.ms, "number");
    assertEquals(line.request_id, res.headers.get("x-request-id"));
  } finally {
    await t.close();
  }
});

Deno.test("status: one loader, JSON at /api/v1/status, a page at /status, a fragment for htmx", async () => {
  const t = await createTestApp();
  try {
    await t.db.sql`insert into worker_heartbeats values ('w1', 'build-host', 4242, 3, now(), now())`;
    const api = await t.request("/api/v1/status");
    assertEquals(api.status, 200);
    assertStringIncludes(api.headers.get("vary")!, "HX-Request");
    const json = await api.json();
    assertEquals(json.ready, true);
    assertEquals(json.database.reachable, true);
    assertEquals(json.workers.map((w: { host: string }) => w.host), ["build-host"]);
    assertEquals(json.cache, { kind: "memory" });

    const page = await t.request("/status");
    const html = await page.text();
    assertStringIncludes(html, "<html");
    assertStringIncludes(html, "build-host");
    assertStringIncludes(html, "Run self-test");
    assertStringIncludes(page.headers.get("vary")!, "HX-Request");

    const fragment = await (await t.request("/status", { headers: { "HX-Request": "true" } })).text();
    assert(!fragment.includes("<html") && !fragment.includes("Run self-test"), "just the live panels");
    assertStringIncludes(fragment, 'id="status-panels"');
    assertStringIncludes(fragment, "build-host");

    const spanish = await (await t.request("/status", { headers: { "Accept-Language": "es-ES,es;q=0.9" } })).text();
    assertStringIncludes(spanish, "Estado del sistema");
    assertStringIncludes(spanish, 'lang="es-ES"');
  } finally {
    await t.close();
  }
});

Deno.test("queue probe: 201 from the API, a redirect for plain forms, 404 for unknown ids", async () => {
  const t = await createTestApp();
  try {
    const created = await t.request("/api/v1/status/queue-probes", { method: "POST" });
    assertEquals(created.status, 201);
    const probe = await created.json();
    assertEquals(probe.completed_at, null);
    const [job] = await t.db.sql`select key from graphile_worker.jobs`;
    assertEquals(job.key, `queue_probe:${probe.id}`);

    const crossSite = await t.request("/status/queue-probes", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
    });
    assertEquals(crossSite.status, 403, "cookie-style form posts must be same-origin");
    await crossSite.body?.cancel();
    const form = await t.request("/status/queue-probes", { method: "POST", headers: { Origin: "http://localhost" } });
    assertEquals(form.status, 303);
    assertMatch(form.headers.get("location")!, /^\/status\/queue-probes\/[0-9a-f-]{36}$/);

    const missing = await t.request("/api/v1/status/queue-probes/00000000-0000-4000-8000-000000000000");
    assertEquals(missing.status, 404);
    assertEquals((await missing.json()).detail, "No queue probe with that id");
    const hostile = await t.request("/api/v1/status/queue-probes/'%20or%201=1--");
    assertEquals(hostile.status, 404);
    await hostile.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("OpenAPI 3.1 document lists every /api/v1 route with JSON schemas", async () => {
  const t = await createTestApp();
  try {
    const doc = await (await t.request("/api/v1/openapi.json")).json();
    assertEquals(doc.openapi, "3.1.0");
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const routes = t.app.routes
      .filter((r) => r.path.startsWith("/api/v1/") && r.path !== "/api/v1/openapi.json" && r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    for (const route of routes) assert(documented.has(route), `${route} is documented`);
    const ref = doc.paths["/api/v1/status"].get.responses["200"].content["application/json"].schema;
    assertEquals(ref, { $ref: "#/components/schemas/SystemStatus" });
    const status = doc.components.schemas.SystemStatus;
    assertEquals(status.type, "object");
    assert(status.required.includes("workers"));
    const docsPage = await (await t.request("/api/docs")).text();
    assertStringIncludes(docsPage, "/api/v1/status");
  } finally {
    await t.close();
  }
});
