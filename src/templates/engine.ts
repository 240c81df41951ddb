/**
 * The logic-less template engine for Markdown, plain text and HTML templates: parse, check
 * every tag against the data model's schema, render with the format's escaping. Nothing in a
 * template can run code, read files or reach beyond the data it is given; every problem comes
 * back as a {@link TemplateError} listing line, column and message.
 */
import { TemplateError, type TemplateIssue } from "./errors.ts";
import { parseTemplate, type TemplateNode } from "./parse.ts";
import { renderNodes, type TemplateData, type TextFormat } from "./render.ts";
import type { Field } from "./schema.ts";
import { validateTemplate } from "./validate.ts";

export type { TemplateData, TextFormat };

/** A template that parsed and passed validation. */
export interface CompiledTemplate {
  format: TextFormat;
  nodes: TemplateNode[];
}

/** Every problem of `source` (syntax first; field checks only when the syntax is sound). */
export function checkTemplate(source: string, schema: Field): TemplateIssue[] {
  const parsed = parseTemplate(source);
  if (parsed.errors.length) return parsed.errors;
  return validateTemplate(parsed.nodes, schema);
}

/** Parses and validates; throws a {@link TemplateError} listing every problem. */
export function compileTemplate(source: string, format: TextFormat, schema: Field): CompiledTemplate {
  const parsed = parseTemplate(source);
  if (parsed.errors.length) throw new TemplateError(parsed.errors);
  const issues = validateTemplate(parsed.nodes, schema);
  if (issues.length) throw new TemplateError(issues);
  return { format, nodes: parsed.nodes };
}

/** Renders a compiled template over data shaped by the schema it was compiled against. */
export function renderCompiled(template: CompiledTemplate, data: TemplateData): string {
  return renderNodes(template.nodes, data, template.format);
}

/** Compiles and renders in one step. */
export function renderTemplate(source: string, format: TextFormat, schema: Field, data: TemplateData): string {
  return renderCompiled(compileTemplate(source, format, schema), data);
}
