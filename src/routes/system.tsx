/**
 * System endpoints: /healthz (alive), /readyz (ready to serve), /metrics (Prometheus),
 * the status page with its JSON twin /api/v1/status, and the queue self-test.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { RouteDeps } from "../app.ts";
import { NotFoundError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { guard } from "../http/policy.ts";
import { dualGet, isApiRequest, isFragmentRequest, type Representation, respond } from "../http/represent.ts";
import { createQueueProbe, getQueueProbe, type QueueProbe } from "../system/queue_probes.ts";
import { getQueueDepth, getSystemStatus, type SystemStatus } from "../system/status.ts";
import { VERSION } from "../version.ts";
import { ProbePage, ProbeResult, StatusPanels } from "../../views/StatusPage.tsx";

const Status = z.object({
  ready: z.boolean(),
  version: z.string(),
  started_at: z.string(),
  database: z.object({
    reachable: z.boolean(),
    latency_ms: z.number().nullable(),
    server_version: z.string().nullable(),
    error: z.string().nullable(),
  }),
  migrations: z.object({ applied: z.number().int(), pending: z.array(z.string()), current: z.boolean() }),
  workers: z.array(z.object({
    id: z.string(),
    host: z.string(),
    pid: z.number().int(),
    concurrency: z.number().int(),
    started_at: z.string(),
    seen_at: z.string(),
  })),
  queue: z.object({ waiting: z.number().int(), running: z.number().int(), failed: z.number().int() }),
  cache: z.object({ kind: z.enum(["memory", "upstash"]) }),
}).meta({ id: "SystemStatus" });

const Probe = z.object({
  id: z.uuid(),
  requested_at: z.string(),
  completed_at: z.string().nullable(),
  worker_id: z.string().nullable(),
  round_trip_ms: z.number().nullable(),
}).meta({ id: "QueueProbe" });

const statusRepresentation: Representation<SystemStatus> = {
  schema: Status,
  title: (_d, c) => c.var.i18n.t("status.title"),
  page: (data, c) => StatusPanels({ c, status: data, full: true }),
  fragment: (data, c) => StatusPanels({ c, status: data, full: false }),
};

const probeRepresentation: Representation<QueueProbe> = {
  schema: Probe,
  title: (_d, c) => c.var.i18n.t("status.probe.title"),
  page: (data, c) => ProbePage({ c, probe: data }),
  fragment: (data, c) => ProbeResult({ c, probe: data }),
};

/** Mounts the system routes. */
export function systemRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api } = deps;
  const status = () =>
    getSystemStatus(sql, {
      migrations: deps.migrations,
      version: VERSION,
      startedAt: deps.startedAt,
      cacheKind: deps.cache.kind,
    });

  app.get("/healthz", guard("public"), (c) => c.json({ status: "ok" }));

  app.get("/readyz", guard("public"), async (c) => {
    const s = await status();
    const checks = {
      database: s.database.reachable ? "ok" : `unreachable: ${s.database.error}`,
      migrations: s.migrations.current ? "ok" : `${s.migrations.pending.length} pending`,
      worker: s.workers.length > 0 ? "ok" : "no live worker",
    };
    return c.json({ ready: s.ready, checks }, s.ready ? 200 : 503);
  });

  app.get("/metrics", guard("public"), async (c) => {
    try {
      const q = await getQueueDepth(sql);
      for (const [state, n] of Object.entries(q)) deps.metrics.queueDepth.set({ state }, n);
    } catch (error) {
      deps.logger.warn("cannot read queue depth for metrics", { error: String(error) });
    }
    return c.body(deps.metrics.render(), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
  });

  dualGet(app, api, {
    path: "/status",
    summary: "System status: database, migrations, workers, queue and cache",
    tags: ["System"],
    policy: "public",
    representation: statusRepresentation,
  }, () => status());

  api.add({
    method: "post",
    path: "/api/v1/status/queue-probes",
    summary: "Start a queue self-test: a database trigger enqueues a job that a worker completes",
    tags: ["System"],
    responses: { 201: { description: "The probe, not yet completed", schema: Probe } },
  });
  const createProbe = async (c: Context<AppEnv>) => {
    const probe = await createQueueProbe(sql);
    if (!isApiRequest(c) && !isFragmentRequest(c)) return c.redirect(`/status/queue-probes/${probe.id}`, 303);
    return respond(c, probeRepresentation, probe, isApiRequest(c) ? 201 : 200);
  };
  app.post("/status/queue-probes", guard("public"), createProbe);
  app.post("/api/v1/status/queue-probes", guard("public"), createProbe);

  const IdParam = z.object({ id: z.uuid() });
  api.add({
    method: "get",
    path: "/api/v1/status/queue-probes/:id",
    summary: "A queue self-test and whether a worker has completed it",
    tags: ["System"],
    responses: { 200: { description: "The probe", schema: Probe } },
  });
  const showProbe = async (c: Context<AppEnv>) => {
    const params = IdParam.safeParse(c.req.param());
    const probe = params.success ? await getQueueProbe(sql, params.data.id) : undefined;
    if (!probe) throw new NotFoundError("No queue probe with that id");
    return respond(c, probeRepresentation, probe);
  };
  app.get("/status/queue-probes/:id", guard("public"), showProbe);
  app.get("/api/v1/status/queue-probes/:id", guard("public"), showProbe);
  return app;
}
