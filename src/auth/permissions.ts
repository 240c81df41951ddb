/**
 * The one permission table: which role may do what. Route guards and views both read it, so
 * what a user may not do is neither allowed nor shown.
 */

/** Roles, from most to least powerful. */
export const ROLES = ["owner", "admin", "preparer", "reviewer", "read_only"] as const;
export type Role = typeof ROLES[number];

/** Everything a member can be allowed to do inside a firm. */
export const ACTIONS = [
  "firm.delete",
  "firm.settings",
  "members.read",
  "members.manage",
  "clients.read_all",
  "clients.read",
  "clients.create",
  "clients.update",
  "clients.archive",
  "clients.assign",
  "ledger.edit",
  "ledger.review",
  "audit.read",
] as const;
export type Action = typeof ACTIONS[number];

const READ: Action[] = ["clients.read", "members.read"];
const REVIEW: Action[] = [...READ, "ledger.review"];
const PREPARE: Action[] = [...READ, "ledger.edit"];
const ADMIN: Action[] = [
  ...READ,
  "ledger.edit",
  "ledger.review",
  "clients.read_all",
  "clients.create",
  "clients.update",
  "clients.archive",
  "clients.assign",
  "members.manage",
  "firm.settings",
  "audit.read",
];

/** role → the actions it may perform. */
export const PERMISSIONS: Record<Role, ReadonlySet<Action>> = {
  owner: new Set<Action>([...ADMIN, "firm.delete"]),
  admin: new Set<Action>(ADMIN),
  preparer: new Set<Action>(PREPARE),
  reviewer: new Set<Action>(REVIEW),
  read_only: new Set<Action>(READ),
};

/** Whether `role` may perform `action`. */
export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].has(action);
}

/** Roles ordered by power: `outranks("admin", "preparer")` is true. */
export function rank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

/** Whether a role is at most as powerful as another (API tokens, invites). */
export function isAtMost(role: Role, limit: Role): boolean {
  return rank(role) <= rank(limit);
}

/** Roles a member with `role` may grant to others (invites, role changes). */
export function grantableRoles(role: Role): Role[] {
  if (!can(role, "members.manage")) return [];
  return ROLES.filter((r) => r !== "owner" || role === "owner");
}

/** Type guard for role strings from requests. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
