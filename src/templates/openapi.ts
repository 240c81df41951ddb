/** The template API as documented in the OpenAPI document (routes/templates.tsx serves it). */
import { z } from "zod";
import type { ApiOperation } from "../http/openapi.ts";
import { CheckBody, TemplateBody, TemplateCheck, TemplateDetail, TemplateFields, TemplateList } from "./json.ts";

const TAGS = ["Templates"];
const PROBLEMS =
  "422 with errors [{line, column, message}] (paragraph and column for DOCX) when the template has problems";

const op = (
  method: ApiOperation["method"],
  path: string,
  summary: string,
  status: number,
  schema?: z.ZodType,
  extra: Partial<ApiOperation> = {},
): ApiOperation => ({
  method,
  path,
  summary,
  tags: TAGS,
  responses: { [status]: { description: summary.split(":")[0], ...(schema ? { schema } : {}) } },
  ...extra,
});

/** Every operation of the template API. */
export const TEMPLATE_API: ApiOperation[] = [
  op(
    "get",
    "/api/v1/templates",
    "Templates: the built-in ones, then the firm's own (archived=true: archived ones)",
    200,
    TemplateList,
  ),
  op("get", "/api/v1/templates/fields", "The fields templates can use, with descriptions", 200, TemplateFields),
  op(
    "post",
    "/api/v1/templates/check",
    "Check a template without saving it: JSON {format, body}, or multipart with a file. Every problem with its position",
    200,
    TemplateCheck,
    { body: CheckBody },
  ),
  op(
    "post",
    "/api/v1/templates",
    `Create a template: JSON {name, format, body}, or multipart with name and a .md/.txt/.html/.docx file; ${PROBLEMS}`,
    201,
    TemplateDetail,
    { body: TemplateBody },
  ),
  op("get", "/api/v1/templates/:id", "A template, with its text for text formats", 200, TemplateDetail),
  op("get", "/api/v1/templates/:id/file", "The DOCX file of a DOCX template", 200),
  op(
    "patch",
    "/api/v1/templates/:id",
    `Change a firm template (JSON or multipart as for create; built-in ones are 409, duplicate them); ${PROBLEMS}`,
    200,
    TemplateDetail,
    { body: TemplateBody.partial() },
  ),
  op(
    "post",
    "/api/v1/templates/:id/duplicate",
    "Copy a built-in or firm template into a new firm template",
    201,
    TemplateDetail,
  ),
  op("post", "/api/v1/templates/:id/archive", "Archive a firm template", 200, TemplateDetail),
  op(
    "get",
    "/api/v1/clients/:id/templates/:tid/render",
    "Generate a document for the client: the period as period=2025|fy2025|2025-q1|2025-03|last-year or from/to, " +
      `format=md|txt|html|docx|pdf (the template's own format, html for Markdown, or pdf); audited; ${PROBLEMS}`,
    200,
    undefined,
    {
      query: z.object({
        period: z.string().optional(),
        from: z.string().optional(),
        to: z.string().optional(),
        format: z.string(),
      }),
    },
  ),
];
