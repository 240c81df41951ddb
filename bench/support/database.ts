/**
 * A database for a benchmark: a scratch database on DATABASE_URL's server (created, then dropped),
 * or an embedded PostgreSQL in a temporary directory when DATABASE_URL is unset.
 */
import postgres from "postgres";
import { startEmbeddedPostgres } from "../../src/db/embedded.ts";
import type { Logger } from "../../src/logger.ts";

/** An open benchmark database and what to run, in order, to remove it. */
export interface BenchDatabase {
  url: string;
  /** "DATABASE_URL" or "embedded". */
  kind: string;
  close(): Promise<void>;
}

/** Opens a scratch database (see the module doc); `port` is the embedded server's preferred port. */
export async function openBenchDatabase(logger: Logger, port: number): Promise<BenchDatabase> {
  const adminUrl = Deno.env.get("DATABASE_URL");
  if (adminUrl) {
    const name = `lf_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name}`);
    } catch (error) {
      throw new Error(`Cannot create a scratch database on DATABASE_URL: ${(error as Error).message}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind: "DATABASE_URL",
      async close() {
        const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists ${name} with (force)`).finally(() => admin.end());
      },
    };
  }
  const dir = await Deno.makeTempDir({ prefix: "ledgerflow-bench-pg-" });
  await Deno.chmod(dir, 0o755);
  console.log(`Starting an embedded PostgreSQL in ${dir} …`);
  try {
    const server = await startEmbeddedPostgres({ dir: `${dir}/data`, port, database: "ledgerflow", logger });
    return {
      url: server.url,
      kind: "embedded",
      async close() {
        await server.stop().finally(() => Deno.remove(dir, { recursive: true }));
      },
    };
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
}
