/**
 * One export in a process of its own, so its peak resident memory is its own: reads a client's
 * transactions in one format through openTransactionExport (the code behind
 * GET /api/v1/clients/:id/transactions/export: cursor, writer, stream) as the application role
 * under row-level security, consumes the body, and prints one JSON line: rows, bytes, seconds,
 * resident memory before and at peak. With format "copy" it streams PostgreSQL's own
 * `COPY (select …) TO STDOUT` of the same rows and columns through postgres.js instead, as the
 * reference.
 *
 *   deno run -A bench/support/exports_child.ts <database url> <firm id> <client id> <format>
 */
import postgres from "postgres";
import { APP_ROLE, createSql } from "../../src/db/client.ts";
import { exportLabels, openTransactionExport } from "../../src/exports/mod.ts";
import { createI18n } from "../../src/i18n/mod.ts";
import type { Principal } from "../../src/auth/principal.ts";

const [url, firmId, clientId, format] = Deno.args;

/** Resident memory now and at peak (VmRSS, VmHWM), in bytes. */
async function memory(): Promise<{ rss: number; peak: number }> {
  const status = await Deno.readTextFile("/proc/self/status");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

const LABELS = exportLabels(createI18n("en").t);

async function viaExport(): Promise<{ rows: number; bytes: number }> {
  const sql = createSql(url, { max: 2, applicationName: "ledgerflow-bench-export", role: APP_ROLE });
  try {
    const principal: Principal = {
      userId: "00000000-0000-0000-0000-000000000000",
      email: "bench@example.test",
      name: "Bench",
      firmId,
      firmName: "Bench Bookkeeping",
      role: "owner",
      sessionId: null,
      tokenId: null,
      via: "bearer",
      twoFactorEnabled: false,
      firmRequiresTwoFactor: false,
    } as Principal;
    const { meta, body, done } = await openTransactionExport(sql, {
      principal,
      actor: { type: "system", id: null, label: "bench" },
      clientId,
      format,
      query: {},
      labels: LABELS,
    });
    let bytes = 0;
    for await (const chunk of body) bytes += chunk.length;
    const { error } = await done;
    if (error) throw error;
    return { rows: meta.count, bytes };
  } finally {
    await sql.end();
  }
}

async function viaCopy(): Promise<{ rows: number; bytes: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const stream = await sql.unsafe(`
      copy (select t.id, t.account_id, t.date, t.posted_date, t.description, t.payee, t.memo, t.tags, t.amount,
                   t.currency, t.balance, t.business_pct, t.needs_review, t.category_id, t.category_name,
                   c.line, c.kind, d.filename,
                   coalesce((select json_agg(json_build_object('category_id', s.category_id, 'category_name', k.name,
                                                               'line', k.line, 'kind', k.kind, 'amount', s.amount,
                                                               'memo', s.memo) order by s.position, s.id)
                               from transaction_splits s left join categories k on k.id = s.category_id
                              where s.transaction_id = t.id), '[]'::json)
              from transactions t
              left join categories c on c.id = t.category_id
              left join documents d on d.id = t.document_id
             where t.client_id = '${clientId.replace(/[^0-9a-f-]/g, "")}'
             order by t.date, t.id) to stdout with (format csv)`).readable();
    let bytes = 0, rows = 0;
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) rows++;
    }
    return { rows, bytes };
  } finally {
    await sql.end();
  }
}

const before = await memory();
const started = performance.now();
const { rows, bytes } = format === "copy" ? await viaCopy() : await viaExport();
const seconds = (performance.now() - started) / 1000;
const after = await memory();
console.log(JSON.stringify({ format, rows, bytes, seconds, rssBefore: before.rss, peakRss: after.peak }));
