import { assert, assertEquals } from "../../tests/support/assert.ts";
import { en } from "../i18n/en.ts";
import { BUILTIN_TEMPLATES } from "./builtin/index.ts";
import { checkTemplate } from "./engine.ts";
import { MODEL_FIELDS, MODEL_SCHEMA } from "./fields.ts";
import { fieldKey } from "./schema.ts";

Deno.test("every field of the data model is described in the catalogue", () => {
  const missing = MODEL_FIELDS.map((f) => fieldKey(f.path)).filter((key) => !(key in en));
  assertEquals(missing, []);
  assert(MODEL_FIELDS.length > 60, `${MODEL_FIELDS.length} fields`);
});

Deno.test("the field list names list items as they are written inside their section", () => {
  const amount = MODEL_FIELDS.find((f) => f.path === "transactions[].amount");
  assertEquals(amount, {
    path: "transactions[].amount",
    tag: "amount",
    kind: "value",
    type: "money",
    safe: true,
    depth: 1,
  });
  const month = MODEL_FIELDS.find((f) => f.path === "coverage.accounts[].months_missing[]");
  assertEquals(month?.tag, ".");
  assertEquals(month?.depth, 2);
  assertEquals(MODEL_FIELDS.find((f) => f.path === "client.name")?.safe, false);
});

Deno.test("the shipped templates pass validation against the data model", () => {
  assertEquals(BUILTIN_TEMPLATES.map((t) => t.id), [
    "builtin-year-end-letter",
    "builtin-missing-statements",
    "builtin-schedule-c-summary",
  ]);
  for (const t of BUILTIN_TEMPLATES) assertEquals(checkTemplate(t.body, MODEL_SCHEMA), [], t.id);
});
