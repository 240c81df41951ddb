/**
 * Reading rendered charts in tests: parse the markup (htmlparser2) and pick out the
 * focusable values, their bars and the data table.
 */
import { DomUtils, parseDocument } from "htmlparser2";

type Node = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.findAll>[number];
type Parent = Node | Element;

/** Renders a hono/jsx element and parses the HTML (attribute names keep their case). */
export async function render(el: unknown): Promise<Node> {
  const html = String(await (el as { toString(): string | Promise<string> }).toString());
  return parseDocument(html, { lowerCaseAttributeNames: false, recognizeSelfClosing: true });
}

/** Every element under `root` for which `test` holds, in document order. */
export function all(root: Parent, test: (e: Element) => boolean | undefined): Element[] {
  return DomUtils.findAll((e) => Boolean(test(e)), root.children);
}

/** The single element under `root` for which `test` holds (throws on none or several). */
export function one(root: Parent, test: (e: Element) => boolean | undefined): Element {
  const found = all(root, test);
  if (found.length !== 1) throw new Error(`Expected one element, found ${found.length}`);
  return found[0];
}

/** An attribute's value, or "" when absent. */
export function attr(e: Element, name: string): string {
  return e.attribs?.[name] ?? "";
}

/** The text inside an element. */
export function text(e: Element): string {
  return DomUtils.textContent(e);
}

/** The elements a keyboard reaches: tabindex="0" groups and links. */
export function focusables(root: Parent): Element[] {
  return all(root, (e) => attr(e, "tabindex") === "0" || (e.name === "a" && attr(e, "href") !== ""));
}

/** Each value's accessible name, classes and the geometry of its visible bar. */
export function bars(
  root: Parent,
): { name: string; class: string; x: number; y: number; width: number; height: number }[] {
  return focusables(root).map((p) => {
    const bar = one(p, (e) => attr(e, "class") === "chart-bar");
    const n = (k: string) => Number(attr(bar, k));
    return {
      name: attr(p, "aria-label"),
      class: attr(p, "class"),
      x: n("x"),
      y: n("y"),
      width: n("width"),
      height: n("height"),
    };
  });
}

/** The body rows of a table as text: row header first, then the cells. */
export function tableRows(table: Element): string[][] {
  return all(table, (e) => e.name === "tr" && e.parent?.type === "tag" && (e.parent as Element).name === "tbody")
    .map((tr) => all(tr, (e) => e.name === "th" || e.name === "td").map(text));
}
