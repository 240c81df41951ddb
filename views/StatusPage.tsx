/** The system status page: readiness, database, migrations, workers, queue, cache, self-test. */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { QueueProbe } from "../src/system/queue_probes.ts";
import type { SystemStatus } from "../src/system/status.ts";

/** The live panels; `full` adds the heading and the self-test form around them. */
export function StatusPanels({ c, status, full }: { c: Context<AppEnv>; status: SystemStatus; full: boolean }) {
  const { t, number, dateTime } = c.var.i18n;
  const panels = (
    <div id="status-panels" class="grid" hx-get="/status" hx-trigger="every 5s" hx-swap="outerHTML">
      <article class="card">
        <h2>{t("status.database")}</h2>
        {status.database.reachable
          ? (
            <>
              <p class="ok">{t("status.database.ok", { ms: number(status.database.latency_ms ?? 0) })}</p>
              <p class="muted">{t("status.database.version")}: {status.database.server_version}</p>
            </>
          )
          : <p class="bad">{t("status.database.down")}: {status.database.error}</p>}
      </article>
      <article class="card">
        <h2>{t("status.migrations")}</h2>
        {status.migrations.current
          ? <p class="ok">{t("status.migrations.current", { count: status.migrations.applied })}</p>
          : <p class="bad">{withCode(t("status.migrations.pending", { count: status.migrations.pending.length }))}</p>}
      </article>
      <article class="card">
        <h2>{t("status.queue")}</h2>
        <dl class="stats">
          <div>
            <dt>{t("status.queue.waiting")}</dt>
            <dd>{number(status.queue.waiting)}</dd>
          </div>
          <div>
            <dt>{t("status.queue.running")}</dt>
            <dd>{number(status.queue.running)}</dd>
          </div>
          <div>
            <dt>{t("status.queue.failed")}</dt>
            <dd class={status.queue.failed ? "bad" : undefined}>{number(status.queue.failed)}</dd>
          </div>
        </dl>
      </article>
      <article class="card">
        <h2>{t("status.cache")}</h2>
        <p>{status.cache.kind === "upstash" ? t("status.cache.upstash") : t("status.cache.memory")}</p>
        <p class="muted">
          {t("status.version")} {status.version} · {t("status.uptime")} {dateTime(status.started_at)}
        </p>
      </article>
      <article class="card card-wide">
        <h2>{t("status.workers")}</h2>
        {status.workers.length === 0 ? <p class="bad">{withCode(t("status.workers.none"))}</p> : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("status.workers.host")}</th>
                <th scope="col">{t("status.workers.pid")}</th>
                <th scope="col" class="num">{t("status.workers.concurrency")}</th>
                <th scope="col">{t("status.workers.seen")}</th>
              </tr>
            </thead>
            <tbody>
              {status.workers.map((w) => (
                <tr>
                  <td>{w.host}</td>
                  <td>{w.pid}</td>
                  <td class="num">{w.concurrency}</td>
                  <td>{dateTime(w.seen_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </article>
    </div>
  );
  if (!full) return panels;
  return (
    <>
      <div class="page-header">
        <h1>{t("status.title")}</h1>
        <span class={`badge ${status.ready ? "badge-ok" : "badge-bad"}`} data-testid="readiness">
          {status.ready ? t("status.ready") : t("status.not_ready")}
        </span>
      </div>
      <p class="lead">{t("status.lead")}</p>
      {panels}
      <section class="card">
        <h2>{t("status.probe.title")}</h2>
        <p>{t("status.probe.body")}</p>
        <form method="post" action="/status/queue-probes" hx-post="/status/queue-probes" hx-target="#probe-result">
          <button type="submit" class="button">{t("status.probe.run")}</button>
        </form>
        <div id="probe-result" aria-live="polite"></div>
      </section>
    </>
  );
}

/**
 * The page of one probe (where the self-test form lands without JavaScript): the result, a
 * refresh link while it waits (htmx polls instead when scripts run), and the way back.
 */
export function ProbePage({ c, probe }: { c: Context<AppEnv>; probe: QueueProbe }) {
  const { t } = c.var.i18n;
  return (
    <>
      <h1>{t("status.probe.title")}</h1>
      <p class="lead">{t("status.probe.body")}</p>
      <section class="card">
        <ProbeResult c={c} probe={probe} />
        <p class="actions">
          {!probe.completed_at && (
            <noscript>
              <a class="button" href={`/status/queue-probes/${probe.id}`}>{t("status.refresh")}</a>
            </noscript>
          )}
          <a class="button button-secondary" href="/status">{t("nav.status")}</a>
        </p>
      </section>
    </>
  );
}

/** One probe; polls itself every half second until a worker completes it. */
export function ProbeResult({ c, probe }: { c: Context<AppEnv>; probe: QueueProbe }) {
  const { t, number } = c.var.i18n;
  if (probe.completed_at) {
    return (
      <p class="ok" data-testid="probe-done">
        {t("status.probe.done", { worker: probe.worker_id ?? "?", ms: number(probe.round_trip_ms ?? 0) })}
      </p>
    );
  }
  return (
    <p
      class="muted"
      hx-get={`/status/queue-probes/${probe.id}`}
      hx-trigger="every 500ms"
      hx-swap="outerHTML"
    >
      <span class="spinner" aria-hidden="true"></span> {t("status.probe.waiting")}
    </p>
  );
}

/** Shows the `backticked` commands inside a message as code. */
function withCode(text: string) {
  const parts = text.split(/`([^`]+)`/);
  const out: unknown[] = [];
  for (let i = 0; i < parts.length; i++) out.push(i % 2 ? <code>{parts[i]}</code> : parts[i]);
  return <>{out}</>;
}
