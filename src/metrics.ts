/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in
 * the text exposition format (version 0.0.4).
 */

type Labels = Record<string, string>;

const key = (labels: Labels) => Object.keys(labels).sort().map((k) => `${k}="${escapeLabel(labels[k])}"`).join(",");

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

interface Metric {
  render(): string;
}

/** A monotonically increasing count per label set. */
export class Counter implements Metric {
  #values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1) {
    const k = key(labels);
    this.#values.set(k, (this.#values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.#values.get(key(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.#values) lines.push(`${this.name}${k ? `{${k}}` : ""} ${v}`);
    return lines.join("\n");
  }
}

/** A value read when the metrics are scraped. */
export class Gauge implements Metric {
  #values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  set(labels: Labels, value: number) {
    this.#values.set(key(labels), value);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [k, v] of this.#values) lines.push(`${this.name}${k ? `{${k}}` : ""} ${v}`);
    return lines.join("\n");
  }
}

/** Observations counted into cumulative buckets (seconds by default). */
export class Histogram implements Metric {
  #series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ) {}
  observe(labels: Labels, value: number) {
    const k = key(labels);
    let s = this.#series.get(k);
    if (!s) this.#series.set(k, s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 });
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }
  count(labels: Labels = {}): number {
    return this.#series.get(key(labels))?.count ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.#series) {
      const sep = k ? "," : "";
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{${k}${sep}le="${b}"} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket{${k}${sep}le="+Inf"} ${s.count}`);
      lines.push(`${this.name}_sum${k ? `{${k}}` : ""} ${s.sum}`);
      lines.push(`${this.name}_count${k ? `{${k}}` : ""} ${s.count}`);
    }
    return lines.join("\n");
  }
}

/** The metrics LedgerFlow exports. One instance per process (created in main, passed as a dependency). */
export class Metrics {
  readonly httpDuration = new Histogram(
    "ledgerflow_http_request_duration_seconds",
    "HTTP request duration by method, route template and status",
  );
  readonly jobRuns = new Counter("ledgerflow_job_runs_total", "Job runs by task and outcome");
  readonly jobDuration = new Histogram(
    "ledgerflow_job_duration_seconds",
    "Job run duration by task and outcome",
    [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  );
  readonly queueDepth = new Gauge("ledgerflow_job_queue_depth", "Jobs waiting to run, by state");
  readonly reportLookups = new Counter(
    "ledgerflow_report_cache_total",
    "Report requests by report and outcome (hit: served from the cache; miss: computed)",
  );

  /** Renders every metric; `refresh` may update gauges first. */
  render(): string {
    return [this.httpDuration, this.jobRuns, this.jobDuration, this.queueDepth, this.reportLookups].map((m) =>
      m.render()
    ).join("\n") +
      "\n";
  }
}
