import { assert, assertEquals, assertStringIncludes } from "../../tests/support/assert.ts";
import { checkTemplate, renderTemplate } from "./engine.ts";
import { TemplateError, type TemplateIssue } from "./errors.ts";
import { LIMITS } from "./parse.ts";
import { RENDER_LIMITS } from "./render.ts";
import { list, object, value } from "./schema.ts";

const schema = object({
  client: object({ name: value("text"), contact_email: value("text") }),
  period: object({ label: value("text", true) }),
  totals: object({ net_profit: value("money") }),
  has_gaps: value("boolean"),
  months: list(value("text", true)),
  notes: list(value("text")),
  transactions: list(object({ date: value("date"), description: value("text"), amount: value("money") })),
  accounts: list(object({ name: value("text"), months_missing: list(value("text", true)) })),
});

const data = {
  client: { name: "Riverside Bakery LLC", contact_email: "" },
  period: { label: "2025" },
  totals: { net_profit: "$12,345.67" },
  has_gaps: false,
  months: ["January", "March"],
  notes: ["<b>bold</b>"],
  transactions: [
    { date: "2025-01-02", description: "Flour & sugar", amount: "-$45.00" },
    { date: "2025-01-03", description: "Sale", amount: "$120.00" },
  ],
  accounts: [{ name: "Checking", months_missing: ["2025-03", "2025-04"] }],
};

const render = (source: string, format: "md" | "txt" | "html" = "txt") => renderTemplate(source, format, schema, data);

/** The problems of a template, as "line:column message". */
function problems(source: string): string[] {
  return checkTemplate(source, schema).map((i: TemplateIssue) => `${i.line}:${i.column} ${i.message}`);
}

Deno.test("variables, dotted names and escaping per format", () => {
  assertEquals(render("Dear {{client.name}},"), "Dear Riverside Bakery LLC,");
  assertEquals(render("{{ client.name }} / {{period.label}}"), "Riverside Bakery LLC / 2025");
  assertEquals(render("<p>{{client.name}}</p>", "html"), "<p>Riverside Bakery LLC</p>");
  assertEquals(render("{{#notes}}{{.}}{{/notes}}", "html"), "&#60;b&#62;bold&#60;/b&#62;");
  assertEquals(render("{{#notes}}{{.}}{{/notes}}", "txt"), "<b>bold</b>");
  assertEquals(render("{{#notes}}{{.}}{{/notes}}", "md"), "\\<b\\>bold\\</b\\>");
  assertEquals(render("{{#transactions}}{{description}};{{/transactions}}", "html"), "Flour &#38; sugar;Sale;");
});

Deno.test("Markdown escaping keeps values from changing the formatting", () => {
  const md = (text: string) => renderTemplate("{{#notes}}{{.}}{{/notes}}", "md", schema, { ...data, notes: [text] });
  assertEquals(
    md("*bold* _it_ `code` [link](x) a|b ~s~"),
    "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) a\\|b \\~s\\~",
  );
  assertEquals(md("# not a heading"), "\\# not a heading");
  assertEquals(md("- not a list"), "\\- not a list");
  assertEquals(md("1. not a list"), "1\\. not a list");
  assertEquals(md("two\n\nparagraphs"), "two  paragraphs");
  assertEquals(md("AT&amp;T & Sons"), "AT\\&amp;T & Sons");
  // Block markers only matter where the value starts a line.
  const money = (amount: string, source: string) =>
    renderTemplate(source, "md", schema, { ...data, totals: { net_profit: amount } });
  assertEquals(money("-$5.00", "Net: {{totals.net_profit}}"), "Net: -$5.00");
  assertEquals(money("-$5.00", "Net:\n{{totals.net_profit}}"), "Net:\n\\-$5.00");
});

Deno.test("sections loop over lists, show once for true values, inverted sections show for empty ones", () => {
  assertEquals(
    render("{{#transactions}}{{date}} {{amount}}\n{{/transactions}}"),
    "2025-01-02 -$45.00\n2025-01-03 $120.00\n",
  );
  assertEquals(render("{{#months}}[{{.}}]{{/months}}"), "[January][March]");
  assertEquals(render("{{#has_gaps}}gaps{{/has_gaps}}{{^has_gaps}}complete{{/has_gaps}}"), "complete");
  assertEquals(render("{{#client.name}}named {{.}}{{/client.name}}"), "named Riverside Bakery LLC");
  assertEquals(render("{{^client.contact_email}}no email{{/client.contact_email}}"), "no email");
  assertEquals(render("{{#client}}{{name}}{{/client}}"), "Riverside Bakery LLC");
  // Names resolve outward: the client's name inside a transaction loop.
  assertEquals(
    render("{{#transactions}}{{client.name}};{{/transactions}}"),
    "Riverside Bakery LLC;Riverside Bakery LLC;",
  );
  assertEquals(
    render("{{#accounts}}{{name}}:{{#months_missing}} {{.}}{{/months_missing}}{{/accounts}}"),
    "Checking: 2025-03 2025-04",
  );
  assertEquals(
    renderTemplate("{{^transactions}}none{{/transactions}}", "txt", schema, { ...data, transactions: [] }),
    "none",
  );
});

Deno.test("comments vanish, and lines holding only a section tag leave no blank lines", () => {
  assertEquals(render("a{{! a comment, with {braces} }}b"), "ab");
  assertEquals(render("Items:\n{{#months}}\n- {{.}}\n{{/months}}\nEnd\n"), "Items:\n- January\n- March\nEnd\n");
  assertEquals(render("  {{! indented comment }}\nline\n"), "line\n");
  assertEquals(render("{{#months}}{{.}} {{/months}}\r\n"), "January March \r\n");
  assertEquals(render("x {{#has_gaps}}\ny{{/has_gaps}}z"), "x z");
});

Deno.test("triple braces insert safe values unescaped and refuse text a person typed", () => {
  assertEquals(render("{{{period.label}}}|{{&totals.net_profit}}", "html"), "2025|$12,345.67");
  assertEquals(problems("Hi\n  {{{client.name}}}"), [
    '2:3 "client.name" may contain text a person typed and cannot be inserted unescaped; use {{client.name}}',
  ]);
  assertEquals(problems("{{#notes}}{{{.}}}{{/notes}}"), [
    "1:11 the current item cannot be inserted unescaped; use {{.}}",
  ]);
});

Deno.test("unknown fields are reported with line, column and a suggestion, inside loops too", () => {
  assertEquals(problems("Dear {{client.name}},\n\nYour {{client.nmae}}"), [
    '3:6 unknown field "client.nmae"; did you mean "client.name"?',
  ]);
  assertEquals(problems("{{clinet.name}}"), ['1:1 unknown field "clinet.name"; did you mean "client.name"?']);
  assertEquals(problems("{{#transactions}}\n  {{amout}}\n{{/transactions}}"), [
    '2:3 unknown field "amout"; did you mean "amount"?',
  ]);
  // Fields of a loop item are not visible outside the loop.
  assertEquals(problems("{{amount}}"), ['1:1 unknown field "amount"']);
  assertEquals(problems("{{zzzzzz}}"), ['1:1 unknown field "zzzzzz"']);
  assertEquals(problems("{{client.name.first}}"), [
    '1:1 unknown field "client.name.first": "client.name" is a single value and has no field "first"',
  ]);
  assertEquals(problems("{{constructor}} {{__proto__}}"), [
    '1:1 unknown field "constructor"',
    '1:17 unknown field "__proto__"',
  ]);
});

Deno.test("groups and lists cannot be printed, {{.}} needs a single value", () => {
  assertEquals(problems("{{client}}"), ['1:1 "client" is a group of fields, not a value; use e.g. {{client.name}}']);
  assertEquals(problems("{{transactions}}"), [
    '1:1 "transactions" is a list; loop over it with {{#transactions}}…{{/transactions}}',
  ]);
  assertEquals(problems("{{.}}"), [
    "1:1 {{.}} stands for the current item, which is a group of fields here; name a field",
  ]);
  assertEquals(problems("{{#transactions}}{{.}}{{/transactions}}"), [
    "1:18 {{.}} stands for the current item, which is a group of fields here; name a field",
  ]);
});

Deno.test("syntax errors carry the exact line and column", () => {
  assertEquals(problems("a\n{{#transactions}}\nb"), [
    "2:1 section {{#transactions}} is never closed; add {{/transactions}}",
  ]);
  assertEquals(problems("{{#months}}x{{/transactions}}"), [
    '1:13 {{/transactions}} does not match the open section "months" (opened at line 1, column 1)',
  ]);
  assertEquals(problems("x\n   {{/months}}"), ["2:4 {{/months}} closes no open section"]);
  assertEquals(problems("Hello {{client.name\nmore {{period.label}}"), [
    '1:7 tag "{{client.name" is not closed with }}',
  ]);
  assertEquals(problems("{{{client.name}}"), ['1:1 tag "{{{client.name}}" is not closed with }}}']);
  assertEquals(problems("{{> letterhead}}"), [
    "1:1 partials ({{> name}}) are not supported; a template cannot include files",
  ]);
  assertEquals(problems("{{=<% %>=}}"), ["1:1 changing the delimiters ({{=<% %>=}}) is not supported"]);
  assertEquals(problems("{{}}"), ["1:1 empty tag: put a field name between the braces, e.g. {{client.name}}"]);
  assertEquals(problems("{{client.name()}}"), [
    '1:1 "client.name()" is not a field name; use letters, digits, _ and dots, e.g. client.name',
  ]);
  assertEquals(problems("{{#.}}{{/.}}"), [
    "1:1 a section needs a field name, not {{.}}",
    "1:7 a section needs a field name, not {{.}}",
  ]);
});

Deno.test("several problems come back together, in order", () => {
  const found = problems("{{a}}\n{{b}}\n{{client.name}}\n{{c}}");
  assertEquals(found.map((p) => p.split(" ")[0]), ["1:1", "2:1", "4:1"]);
});

Deno.test("a template error is a 422 with the position in its detail", () => {
  try {
    renderTemplate("Dear {{client.nmae}}", "md", schema, data);
    throw new Error("expected an error");
  } catch (error) {
    assert(error instanceof TemplateError);
    assertEquals(error.status, 422);
    assertEquals(
      error.message,
      'Cannot render template: unknown field "client.nmae"; did you mean "client.name"? at line 1, column 6',
    );
    assertEquals((error.extra.errors as TemplateIssue[])[0].column, 6);
  }
});

Deno.test("hostile templates: deep nesting, huge sources, loops inside their own loop, runaway output", () => {
  const deep = "{{#client}}".repeat(LIMITS.depth + 1) + "x" + "{{/client}}".repeat(LIMITS.depth + 1);
  assertEquals(problems(deep), [`1:${11 * LIMITS.depth + 1} sections are nested deeper than ${LIMITS.depth} levels`]);
  assertEquals(
    problems("x".repeat(LIMITS.source + 1))[0],
    `1:${LIMITS.source + 1} the template is longer than ${LIMITS.source} characters`,
  );
  assertEquals(problems("{{#transactions}}\n{{#transactions}}{{amount}}{{/transactions}}\n{{/transactions}}"), [
    '2:1 "transactions" is already being looped over (by the section at line 1, column 1); ' +
    "a list cannot be looped over inside its own loop",
  ]);
  // A small template over a big list whose output passes the limit stops at the limit.
  const many = { ...data, months: Array.from({ length: 1000 }, () => "m") };
  const blowUp = `{{#months}}${"x".repeat(RENDER_LIMITS.output / 500)}{{/months}}`;
  try {
    renderTemplate(blowUp, "txt", schema, many);
    throw new Error("expected an error");
  } catch (error) {
    assert(error instanceof TemplateError, String(error));
    assertStringIncludes(error.message, `the output would be longer than ${RENDER_LIMITS.output} characters`);
  }
  // Nested loops over different lists are bounded by the work limit.
  const wide = {
    ...data,
    months: Array.from({ length: 2000 }, () => ""),
    notes: Array.from({ length: 2000 }, () => ""),
  };
  try {
    renderTemplate("{{#months}}{{#notes}}{{.}}{{/notes}}{{/months}}", "txt", schema, wide);
    throw new Error("expected an error");
  } catch (error) {
    assert(error instanceof TemplateError, String(error));
    assertStringIncludes(error.message, "the template does too much work");
  }
});

Deno.test("data is read only through own fields: no prototype, no functions", () => {
  const sneaky = JSON.parse('{"client": {"name": "x"}, "__proto__": {"polluted": "yes"}}');
  const out = renderTemplate("{{client.name}}", "txt", schema, sneaky);
  assertEquals(out, "x");
  assertEquals(({} as Record<string, unknown>).polluted, undefined);
  // Values a data object only inherits are never read, even under names the schema has.
  const inherited = {
    client: Object.create({ name: "from a prototype" }),
    period: { label: "2025" },
    totals: { net_profit: "$1.00" },
  };
  assertEquals(renderTemplate("[{{client.name}}] {{period.label}}", "txt", schema, inherited), "[] 2025");
  const top = Object.assign(Object.create({ period: { label: "from a prototype" } }), { client: { name: "x" } });
  assertEquals(renderTemplate("{{client.name}} [{{period.label}}]", "txt", schema, top), "x []");
});
