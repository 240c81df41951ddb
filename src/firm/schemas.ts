/**
 * JSON shapes of the firm API (also the OpenAPI schemas) and the request bodies, shared by the
 * JSON API and the page forms (`readInput` validates both with the same schema).
 */
import { z } from "zod";
import { ROLES } from "../auth/permissions.ts";

/** Roles an invite may carry (owners are made by changing a member's role). */
export const INVITE_ROLES = ["admin", "preparer", "reviewer", "read_only"] as const;

/** Lifecycle of an invite. */
export const INVITE_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;

export const Firm = z.object({
  id: z.uuid(),
  name: z.string(),
  require_two_factor: z.boolean(),
  created_at: z.string(),
}).meta({ id: "Firm" });

export const Member = z.object({
  user_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  two_factor_enabled: z.boolean(),
  joined_at: z.string(),
}).meta({ id: "Member" });

export const MemberList = z.object({ items: z.array(Member) }).meta({ id: "MemberList" });

export const Invite = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(INVITE_ROLES),
  client_ids: z.array(z.uuid()),
  status: z.enum(INVITE_STATUSES),
  expires_at: z.string(),
  created_at: z.string(),
}).meta({ id: "Invite" });

export const CreatedInvite = Invite.extend({
  url: z.string().describe("The invite link; shown only in this response"),
}).meta({ id: "CreatedInvite" });

export const InviteList = z.object({ items: z.array(Invite) }).meta({ id: "InviteList" });

/** A boolean from JSON, or from a form (a hidden "false" followed by a checkbox "true": the last value wins). */
const formBoolean = z.preprocess((v) => {
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  if (last === "true" || last === "on") return true;
  if (last === "false") return false;
  return last;
}, z.boolean({ error: "Must be true or false" }));

const email = z.string({ error: "Enter an email address" }).trim().toLowerCase()
  .max(254, "An email address has at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }));

/** One id or a list of ids (a form sends one checkbox as a single value). */
const idList = z.preprocess(
  (v) => v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v],
  z.array(z.uuid({ error: "Not a valid client id" })).max(1000, "Too many clients"),
);

export const FirmPatch = z.object({
  name: z.string().trim().min(1, "Enter the firm name").max(200, "A firm name has at most 200 characters").optional(),
  require_two_factor: formBoolean.optional(),
}).meta({ id: "FirmPatch" });

export const FirmDelete = z.object({
  confirm_name: z.string({ error: "Type the firm name to confirm" }).max(400),
}).meta({ id: "FirmDelete" });

export const MemberCreate = z.object({
  email,
  role: z.enum(ROLES, { error: "Choose a role" }),
}).meta({ id: "MemberCreate" });

export const RoleChange = z.object({
  role: z.enum(ROLES, { error: "Choose a role" }),
}).meta({ id: "RoleChange" });

export const InviteCreate = z.object({
  email,
  role: z.enum(INVITE_ROLES, { error: "Choose one of: admin, preparer, reviewer, read_only" }),
  client_ids: idList.optional(),
}).meta({ id: "InviteCreate" });

export type FirmView = z.output<typeof Firm>;
export type MemberView = z.output<typeof Member>;
export type InviteView = z.output<typeof Invite>;
export type CreatedInviteView = z.output<typeof CreatedInvite>;
