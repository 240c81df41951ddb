/**
 * The OpenAPI 3.1 document, generated from the zod schemas that the route modules also use
 * to shape their JSON. Route modules add operations to an {@link ApiRegistry}.
 */
import { z } from "zod";

/** One documented API operation. */
export interface ApiOperation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Hono-style path, e.g. `/api/v1/documents/:id`. */
  path: string;
  summary: string;
  tags: string[];
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status → description and (optional) schema of the JSON body. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

/** Collects operations; one registry per app instance. */
export class ApiRegistry {
  readonly operations: ApiOperation[] = [];

  add(op: ApiOperation): void {
    this.operations.push(op);
  }

  /** The OpenAPI 3.1 document. */
  document(info: { title: string; version: string; description?: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    const components: Record<string, unknown> = {};
    const jsonSchema = (schema: z.ZodType, io: "input" | "output") => toComponentSchema(schema, io, components);
    for (const op of this.operations) {
      const path = op.path.replace(/:([A-Za-z_]+)/g, "{$1}");
      const parameters: unknown[] = [...op.path.matchAll(/:([A-Za-z_]+)/g)].map(([, name]) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
      }));
      if (op.query) {
        for (const [name, schema] of Object.entries(op.query.shape)) {
          const s = schema as z.ZodType;
          parameters.push({
            name,
            in: "query",
            required: !s.safeParse(undefined).success,
            schema: jsonSchema(s, "input"),
            description: s.description,
          });
        }
      }
      const responses: Record<string, unknown> = {};
      for (const [status, r] of Object.entries(op.responses)) {
        responses[status] = {
          description: r.description,
          ...(r.schema ? { content: { "application/json": { schema: jsonSchema(r.schema, "output") } } } : {}),
        };
      }
      responses.default = {
        description: "Error (RFC 9457 problem details)",
        content: { "application/problem+json": { schema: jsonSchema(Problem, "output") } },
      };
      (paths[path] ??= {})[op.method] = {
        summary: op.summary,
        tags: op.tags,
        operationId: operationId(op),
        ...(parameters.length ? { parameters } : {}),
        ...(op.body
          ? {
            requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } },
          }
          : {}),
        responses,
      };
    }
    return {
      openapi: "3.1.0",
      info,
      jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
      paths,
      components: { schemas: components },
    };
  }
}

/** RFC 9457 problem details, as returned by every API error. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  request_id: z.string().optional(),
}).loose();

/**
 * JSON Schema for one zod schema; schemas named with `.meta({ id })` are hoisted into
 * `components.schemas` and referenced, so shared shapes appear once in the document.
 */
function toComponentSchema(
  schema: z.ZodType,
  io: "input" | "output",
  components: Record<string, unknown>,
): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as {
    [key: string]: unknown;
  };
  delete out.$schema;
  const defs = (out.$defs ?? {}) as Record<string, unknown>;
  delete out.$defs;
  const rewrite = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
  for (const [name, def] of Object.entries(defs)) components[name] = rewrite(def);
  return rewrite(out);
}

function operationId(op: ApiOperation): string {
  const words = op.path.replace(/^\/api\/v1\//, "").split(/[/_-]/).filter(Boolean)
    .map((w) => w.startsWith(":") ? `By${cap(w.slice(1))}` : cap(w));
  return op.method + words.join("");
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
