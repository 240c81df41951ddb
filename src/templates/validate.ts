/**
 * Checks a parsed template against the data model's schema, resolving names as Mustache does
 * (the innermost section's item first, then outward): unknown fields (with a "did you mean"),
 * groups or lists used as values, `{{.}}` where there is no single value, unescaped output of
 * fields a person typed, and a list looped over inside its own loop.
 */
import { MAX_ISSUES, type TemplateIssue } from "./errors.ts";
import type { Position, TemplateNode } from "./parse.ts";
import type { Field } from "./schema.ts";

/** How tags are written in messages: Mustache braces or DOCX single braces. */
export interface Syntax {
  open: string;
  close: string;
}

/** `{{` `}}` */
export const MUSTACHE: Syntax = { open: "{{", close: "}}" };

interface Scope {
  field: Field;
  /** The list looped over to get here, and where (a loop over it inside itself is refused). */
  loop?: { list: Field; pos: Position };
}

/** Every problem of `nodes` against `schema` (empty when the template is fine). */
export function validateTemplate(nodes: TemplateNode[], schema: Field, syntax: Syntax = MUSTACHE): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const fail = (pos: Position, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ line: pos.line, column: pos.column, message });
  };
  const tag = (body: string) => `${syntax.open}${body}${syntax.close}`;

  const walk = (list: TemplateNode[], scopes: Scope[]) => {
    for (const node of list) {
      if (node.type === "text") continue;
      if (node.type === "var" && node.name === ".") {
        const top = scopes[scopes.length - 1].field;
        if (top.kind !== "value") {
          fail(node.pos, `${tag(".")} stands for the current item, which is a group of fields here; name a field`);
        } else if (node.raw && !top.safe) {
          fail(node.pos, `the current item cannot be inserted unescaped; use ${tag(".")}`);
        }
        continue;
      }
      const found = resolve(node.name, scopes);
      if ("error" in found) {
        fail(node.pos, found.error);
        continue;
      }
      const field = found.field;
      if (node.type === "var") {
        if (field.kind === "object") {
          const first = Object.keys(field.fields)[0];
          fail(node.pos, `"${node.name}" is a group of fields, not a value; use e.g. ${tag(`${node.name}.${first}`)}`);
        } else if (field.kind === "list") {
          fail(node.pos, `"${node.name}" is a list; loop over it with ${tag(`#${node.name}`)}…${tag(`/${node.name}`)}`);
        } else if (node.raw && !field.safe) {
          fail(
            node.pos,
            `"${node.name}" may contain text a person typed and cannot be inserted unescaped; ` +
              `use ${tag(node.name)}`,
          );
        }
        continue;
      }
      if (node.inverted) {
        walk(node.children, scopes);
        continue;
      }
      if (field.kind === "list") {
        const outer = scopes.find((s) => s.loop?.list === field);
        if (outer?.loop) {
          const at = `line ${outer.loop.pos.line}, column ${outer.loop.pos.column}`;
          fail(
            node.pos,
            `"${node.name}" is already being looped over (by the section at ${at}); ` +
              "a list cannot be looped over inside its own loop",
          );
          continue;
        }
        walk(node.children, [...scopes, { field: field.item, loop: { list: field, pos: node.pos } }]);
      } else {
        walk(node.children, [...scopes, { field }]);
      }
    }
  };
  walk(nodes, [{ field: schema }]);
  return issues;
}

/** Resolves a dotted name through the scopes, innermost first. */
function resolve(name: string, scopes: Scope[]): { field: Field } | { error: string } {
  const [head, ...rest] = name.split(".");
  let field: Field | undefined;
  for (let i = scopes.length - 1; i >= 0 && !field; i--) {
    const scope = scopes[i].field;
    if (scope.kind === "object" && Object.hasOwn(scope.fields, head)) field = scope.fields[head];
  }
  if (!field) {
    const visible = scopes.flatMap((s) => s.field.kind === "object" ? pathsOf(s.field) : []);
    return { error: unknown(name, visible) };
  }
  let path = head;
  for (const part of rest) {
    if (field.kind !== "object") {
      const what = field.kind === "list" ? "a list" : "a single value";
      return { error: `unknown field "${name}": "${path}" is ${what} and has no field "${part}"` };
    }
    if (!Object.hasOwn(field.fields, part)) {
      return { error: unknown(name, Object.keys(field.fields).map((f) => `${path}.${f}`)) };
    }
    field = field.fields[part];
    path = `${path}.${part}`;
  }
  return { field };
}

/** Dotted names reachable from an object without entering lists. */
function pathsOf(field: Field, prefix = ""): string[] {
  if (field.kind !== "object") return [];
  return Object.entries(field.fields).flatMap(([name, child]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [path, ...pathsOf(child, path)];
  });
}

function unknown(name: string, candidates: string[]): string {
  const suggestion = closest(name, candidates);
  return `unknown field "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`;
}

/** The candidate nearest to `name` by edit distance, if it is near enough to be a typo. */
export function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const last = name.split(".").pop() ?? name;
  return bestDistance <= Math.max(2, Math.floor(last.length / 3)) ? best : undefined;
}

/** Levenshtein distance (short strings only: names of fields). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
