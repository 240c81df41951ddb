/**
 * The templates every firm has: a year-end summary letter, a request for missing statements
 * and a Schedule C worksheet summary. They are read-only; a firm duplicates one to change it.
 * Their ids start with "builtin-", which no stored template id (a uuid) can.
 */
import type { MessageKey } from "../../i18n/mod.ts";
import type { TextFormat } from "../render.ts";

/** A shipped template. */
export interface BuiltinTemplate {
  id: string;
  /** i18n key of its name. */
  nameKey: MessageKey;
  format: TextFormat;
  body: string;
}

const SHIPPED: { id: string; nameKey: MessageKey; format: TextFormat; file: string }[] = [
  {
    id: "builtin-year-end-letter",
    nameKey: "templates.builtin.year_end_letter",
    format: "md",
    file: "year_end_letter.md",
  },
  {
    id: "builtin-missing-statements",
    nameKey: "templates.builtin.missing_statements",
    format: "md",
    file: "missing_statements.md",
  },
  {
    id: "builtin-schedule-c-summary",
    nameKey: "templates.builtin.schedule_c_summary",
    format: "html",
    file: "schedule_c_summary.html",
  },
];

/** The shipped templates, read once. */
export const BUILTIN_TEMPLATES: BuiltinTemplate[] = await Promise.all(
  SHIPPED.map(async ({ file, ...t }) => ({ ...t, body: await Deno.readTextFile(new URL(file, import.meta.url)) })),
);

/** A shipped template by id, or undefined. */
export function getBuiltinTemplate(id: string): BuiltinTemplate | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.id === id);
}

/** Whether an id names a shipped template (whether or not it exists). */
export function isBuiltinId(id: string): boolean {
  return id.startsWith("builtin-");
}
