/**
 * The shapes of clients at the edges: the JSON object the API returns (also the OpenAPI
 * schema), and the inputs that create, update and assign them — one zod schema per input,
 * shared by the JSON API and the page forms.
 */
import { z } from "zod";
import { isUuid } from "../auth/principal.ts";
import { normalizeTaxId } from "./tax_id.ts";

/** Legal forms a client can have (the migration's check constraint). */
export const ENTITY_TYPES = [
  "individual",
  "sole_proprietor",
  "single_member_llc",
  "partnership",
  "s_corp",
  "c_corp",
  "nonprofit",
  "other",
] as const;
export type EntityType = typeof ENTITY_TYPES[number];

/** A client as the API returns it: the tax id only masked, dates as ISO strings. */
export const Client = z.object({
  id: z.uuid(),
  name: z.string(),
  entity_type: z.enum(ENTITY_TYPES),
  tax_id_masked: z.string().nullable().describe('The last four digits of the EIN/SSN, e.g. "•••••6789"'),
  contact_name: z.string(),
  contact_email: z.string(),
  contact_phone: z.string(),
  fiscal_year_start: z.number().int().min(1).max(12).describe("Month the fiscal year starts (1 = January)"),
  notes: z.string(),
  archived: z.boolean(),
  archived_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  assigned_user_ids: z.array(z.uuid()),
}).meta({ id: "Client" });
export type ClientJson = z.infer<typeof Client>;

/** `GET /api/v1/clients`. */
export const ClientList = z.object({ items: z.array(Client) }).meta({ id: "ClientList" });

/** A staff member assigned to a client. */
export const Assignee = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
}).meta({ id: "ClientAssignee" });
export type AssigneeJson = z.infer<typeof Assignee>;

/** `GET|PUT /api/v1/clients/:id/assignments`. */
export const Assignments = z.object({
  user_ids: z.array(z.uuid()),
  users: z.array(Assignee),
}).meta({ id: "ClientAssignments" });

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const fields = {
  name: z.string({ error: "Enter the client's name" }).trim()
    .min(1, "Enter the client's name")
    .max(200, "Use at most 200 characters"),
  entity_type: z.enum(ENTITY_TYPES, { error: `Choose one of: ${ENTITY_TYPES.join(", ")}` }),
  tax_id: z.string({ error: "Enter 9 digits, e.g. 12-3456789 (EIN) or 123-45-6789 (SSN)" }).trim()
    .refine(
      (v) => v === "" || normalizeTaxId(v) !== undefined,
      "Enter 9 digits, e.g. 12-3456789 (EIN) or 123-45-6789 (SSN)",
    )
    .transform((v) => v === "" ? null : normalizeTaxId(v)!)
    .nullable()
    .describe('EIN or SSN: "12-3456789", "123-45-6789" or 9 digits; null or "" clears it. Never returned in full.'),
  contact_name: z.string().trim().max(200, "Use at most 200 characters"),
  contact_email: z.string().trim().max(254, "Use at most 254 characters")
    .refine((v) => v === "" || EMAIL.test(v), "Enter an email address like name@example.com"),
  contact_phone: z.string().trim().max(50, "Use at most 50 characters"),
  fiscal_year_start: z.union([z.number(), z.string().trim().regex(/^\d{1,2}$/).transform(Number)], {
    error: "Enter a month number from 1 to 12",
  }).pipe(
    z.number().int("Enter a month number from 1 to 12")
      .min(1, "Enter a month number from 1 to 12")
      .max(12, "Enter a month number from 1 to 12"),
  ),
  notes: z.string().max(10000, "Use at most 10,000 characters"),
};

/** `POST /api/v1/clients` and the new-client form. */
export const ClientCreate = z.object({
  name: fields.name,
  entity_type: fields.entity_type.default("sole_proprietor"),
  tax_id: fields.tax_id.optional().transform((v) => v ?? null),
  contact_name: fields.contact_name.default(""),
  contact_email: fields.contact_email.default(""),
  contact_phone: fields.contact_phone.default(""),
  fiscal_year_start: fields.fiscal_year_start.default(1),
  notes: fields.notes.default(""),
}).meta({ id: "ClientCreate" });
export type ClientCreateInput = z.output<typeof ClientCreate>;

/** `PATCH /api/v1/clients/:id`: any subset of the fields; a missing field stays as it is. */
export const ClientUpdate = z.object({
  name: fields.name.optional(),
  entity_type: fields.entity_type.optional(),
  tax_id: fields.tax_id.optional(),
  contact_name: fields.contact_name.optional(),
  contact_email: fields.contact_email.optional(),
  contact_phone: fields.contact_phone.optional(),
  fiscal_year_start: fields.fiscal_year_start.optional(),
  notes: fields.notes.optional(),
}).meta({ id: "ClientUpdate" });
export type ClientUpdateInput = z.output<typeof ClientUpdate>;

/**
 * The edit form: like {@link ClientUpdate}, but an empty tax id field keeps the stored one
 * (pages never show it in full) and the `clear_tax_id` checkbox removes it.
 */
export const ClientEditForm = ClientUpdate.extend({
  clear_tax_id: z.string().optional(),
}).transform(({ clear_tax_id, tax_id, ...rest }): ClientUpdateInput => ({
  ...rest,
  ...(clear_tax_id ? { tax_id: null } : tax_id ? { tax_id } : {}),
}));

const userId = z.string().refine(isUuid, "Not a user id");

/** `PUT /api/v1/clients/:id/assignments`: the complete list of assigned members. */
export const AssignmentsUpdate = z.object({
  user_ids: z.array(userId, { error: "Send user_ids as an array of user ids" }).max(1000),
}).meta({ id: "ClientAssignmentsUpdate" });

/** The assignments form: checked boxes arrive as one value, several, or none at all. */
export const AssignmentsForm = z.object({
  user_ids: z.preprocess((v) => v === undefined ? [] : Array.isArray(v) ? v : [v], z.array(userId).max(1000)),
});

/** `GET /api/v1/clients` query parameters. */
export const ClientListQuery = z.object({
  q: z.string().max(200, "Use at most 200 characters").optional()
    .describe("Case-insensitive search in the name and contact fields"),
  archived: z.enum(["true", "false"], { error: 'Use "true" or "false"' }).optional()
    .describe("true lists archived clients instead of active ones"),
  limit: z.string().regex(/^\d{1,4}$/, "Use a number from 1 to 1000").optional()
    .describe("At most this many clients (default 200, at most 1000)"),
});
