/** Charts of the reports that have them (server-rendered SVG, see views/charts/). */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { ReportData, ReportName } from "../src/reports/registry.ts";

/** The charts of a report, or nothing. */
export function ReportCharts<N extends ReportName>(_props: { c: Context<AppEnv>; name: N; data: ReportData[N] }) {
  return null;
}
