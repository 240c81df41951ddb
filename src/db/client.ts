/** The postgres.js client factory. Pass the result (`sql`) to query functions. */
import postgres from "postgres";

/** A postgres.js tagged-template client (or a transaction of one). */
export type Sql = postgres.Sql;

/** Options for {@link createSql}. */
export interface SqlOptions {
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /**
   * Role to act as for the whole connection (a startup parameter). The application uses
   * {@link APP_ROLE}, which owns nothing and is subject to row-level security.
   */
  role?: string;
}

/** The database role the application runs as (created by migration 00002). */
export const APP_ROLE = "ledgerflow_app";

/** Opens a connection pool. Notices are dropped; `undefined` parameters become NULL. */
export function createSql(url: string, opts: SqlOptions = {}): Sql {
  return postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    transform: { undefined: null },
    connection: {
      application_name: opts.applicationName ?? "ledgerflow",
      ...(opts.role ? { role: opts.role } : {}),
    } as Record<string, string>,
  });
}
