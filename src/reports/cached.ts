/**
 * Reports through the cache. The key holds the client, the client's ledger version, the
 * report, the period (and the month, for reports that stop at the current one). Every write to
 * a client's ledger bumps its version in the same transaction (migrations 00004 and 00009), so a
 * cached report is never stale: a changed ledger has a new key, and an unchanged one is served
 * from the cache without recomputing.
 *
 * The version is read before the report is computed, so an entry can only ever be newer than
 * its key (a write committed in between), never older: a reader that sees version N sees at
 * least the ledger of version N.
 */
import type { Cache } from "../cache.ts";
import type { Tx } from "../db/tenant.ts";
import type { Metrics } from "../metrics.ts";
import type { Period } from "./period.ts";
import { type ReportData, type ReportName, REPORTS } from "./registry.ts";

/** How long an entry lives when nothing changes (a safety net; the version makes entries exact). */
export const REPORT_TTL_SECONDS = 7 * 24 * 3600;

/** Bumped when a report's shape changes, so old entries are not read back. */
const SCHEMA_VERSION = 1;

/** What {@link getReport} needs besides the transaction. */
export interface ReportDeps {
  cache: Cache;
  metrics?: Metrics;
}

/** The client's ledger version, read in `tx`'s snapshot. */
export async function ledgerVersion(tx: Tx, clientId: string): Promise<string> {
  const [row] = await tx<{ v: string }[]>`select ledger_version::text as v from clients where id = ${clientId}`;
  return row?.v ?? "0";
}

/** The cache key of a report. */
export function reportKey(
  name: ReportName,
  clientId: string,
  version: string,
  period: Pick<Period, "from" | "to">,
  today: Date,
): string {
  const month = REPORTS[name].dependsOnToday ? `:${today.toISOString().slice(0, 7)}` : "";
  return `report:${SCHEMA_VERSION}:${clientId}:${version}:${name}:${period.from}:${period.to}${month}`;
}

/** A report with whether it came from the cache. */
export interface ReportResult<N extends ReportName> {
  data: ReportData[N];
  cached: boolean;
  version: string;
}

/**
 * Returns the report from the cache, or computes and stores it. Call inside withFirm, after
 * checking that the member may see the client. Cache failures fall back to computing.
 */
export async function getReport<N extends ReportName>(
  deps: ReportDeps,
  tx: Tx,
  name: N,
  clientId: string,
  period: Period,
  today = new Date(),
): Promise<ReportResult<N>> {
  const version = await ledgerVersion(tx, clientId);
  const key = reportKey(name, clientId, version, period, today);
  const hit = await deps.cache.get<ReportData[N]>(key).catch(() => undefined);
  if (hit !== undefined) {
    deps.metrics?.reportLookups.inc({ report: name, outcome: "hit" });
    return { data: { ...hit, period }, cached: true, version };
  }
  const data = await REPORTS[name].compute(tx, clientId, period, today) as ReportData[N];
  deps.metrics?.reportLookups.inc({ report: name, outcome: "miss" });
  await deps.cache.set(key, data, { ttlSeconds: REPORT_TTL_SECONDS }).catch(() => {});
  return { data, cached: false, version };
}
