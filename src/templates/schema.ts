/**
 * The shape of template data as a machine-readable schema: which fields exist, which are
 * groups and lists, and which values may be inserted unescaped. Validation checks every tag
 * against it, and the "fields you can use" panel lists it.
 */

/** How a value is written. */
export type ValueType = "text" | "money" | "decimal" | "date" | "integer" | "boolean";

/** A field of the data model. */
export type Field =
  | {
    kind: "value";
    type: ValueType;
    /** Produced by LedgerFlow itself (figures, dates, labels), never typed by a person: safe unescaped. */
    safe?: boolean;
  }
  | { kind: "object"; fields: Record<string, Field> }
  | { kind: "list"; item: Field };

/** A value field. */
export const value = (type: ValueType, safe = type !== "text"): Field => ({ kind: "value", type, safe });
/** A group of fields. */
export const object = (fields: Record<string, Field>): Field => ({ kind: "object", fields });
/** A list of items. */
export const list = (item: Field): Field => ({ kind: "list", item });

/** One entry of the field list: its dotted path (`transactions[].amount` inside lists), kind and type. */
export interface FieldInfo {
  /** Dotted path; list items are marked with `[]`, e.g. "transactions[].amount". */
  path: string;
  /** The name to write in a tag where it is used: "client.name", or "amount" inside {{#transactions}}. */
  tag: string;
  kind: Field["kind"];
  type?: ValueType;
  safe?: boolean;
  /** Nesting: 0 at the top, 1 inside one list, … */
  depth: number;
}

/** Every field of a schema, depth first, in declaration order. */
export function listFields(root: Field): FieldInfo[] {
  const out: FieldInfo[] = [];
  const walk = (field: Field, path: string, tag: string, depth: number) => {
    if (path) {
      out.push({
        path,
        tag: tag || ".",
        kind: field.kind,
        ...(field.kind === "value" ? { type: field.type, safe: field.safe ?? false } : {}),
        depth,
      });
    }
    if (field.kind === "object") {
      for (const [name, child] of Object.entries(field.fields)) {
        walk(child, path ? `${path}.${name}` : name, tag ? `${tag}.${name}` : name, depth);
      }
    } else if (field.kind === "list") {
      const item = field.item;
      if (item.kind !== "value") walk(item, `${path}[]`, "", depth + 1);
      else out.push({ path: `${path}[]`, tag: ".", kind: "value", type: item.type, safe: item.safe, depth: depth + 1 });
    }
  };
  walk(root, "", "", 0);
  return out.filter((f) => !f.path.endsWith("[]") || f.kind === "value");
}

/** The i18n key that describes a field: "templates.field." + its path ("….item" for a list's values). */
export function fieldKey(path: string): string {
  return `templates.field.${path.replace(/\[\]$/, ".item").replaceAll("[]", "")}`;
}
