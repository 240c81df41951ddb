/** A readable rendering of the OpenAPI document: operations grouped by tag, with schemas. */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";

interface Op {
  method: string;
  path: string;
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

/** Body of /api/docs. */
export function ApiDocsPage({ c, document }: { c: Context<AppEnv>; document: Record<string, unknown> }) {
  const { t } = c.var.i18n;
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Op>>)) {
    for (const [method, op] of Object.entries(methods)) ops.push({ ...op, method, path });
  }
  const tags = [...new Set(ops.flatMap((o) => o.tags ?? ["Other"]))].sort();
  return (
    <>
      <h1>{t("api.title")}</h1>
      <p class="lead">
        {t("api.lead")} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
      </p>
      {tags.map((tag) => (
        <section>
          <h2>{tag}</h2>
          {ops.filter((o) => (o.tags ?? ["Other"]).includes(tag)).map((op) => (
            <details class="card api-op">
              <summary>
                <span class={`method method-${op.method}`}>{op.method.toUpperCase()}</span> <code>{op.path}</code> —
                {" "}
                {op.summary}
              </summary>
              {op.parameters?.length
                ? (
                  <>
                    <h3>{t("api.parameters")}</h3>
                    <ul>
                      {op.parameters.map((p) => (
                        <li>
                          <code>{p.name}</code> ({p.in}
                          {p.required ? ", required" : ""}){p.description ? ` — ${p.description}` : ""}
                        </li>
                      ))}
                    </ul>
                  </>
                )
                : null}
              {op.requestBody
                ? (
                  <>
                    <h3>{t("api.request")}</h3>
                    <pre>{JSON.stringify(op.requestBody.content["application/json"]?.schema, null, 2)}</pre>
                  </>
                )
                : null}
              <h3>{t("api.response")}</h3>
              {Object.entries(op.responses).map(([status, r]) => (
                <div>
                  <p>
                    <strong>{status}</strong> {r.description}
                  </p>
                  {r.content && status !== "default"
                    ? <pre>{JSON.stringify(Object.values(r.content)[0]?.schema, null, 2)}</pre>
                    : null}
                </div>
              ))}
            </details>
          ))}
        </section>
      ))}
    </>
  );
}
