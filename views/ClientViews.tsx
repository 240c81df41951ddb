/** Shared bits of the client pages: labels for entity types, months and roles. */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import type { MessageKey } from "../src/i18n/mod.ts";
import { ENTITY_TYPES } from "../src/clients/schema.ts";

/** The translated label of an entity type. */
export function entityLabel(c: Context<AppEnv>, type: string): string {
  return c.var.i18n.t(`clients.entity.${type}` as MessageKey);
}

/** Entity types as select options. */
export function entityOptions(c: Context<AppEnv>): { value: string; label: string }[] {
  return ENTITY_TYPES.map((value) => ({ value, label: entityLabel(c, value) }));
}

/** The name of month `m` (1–12) in the user's language. */
export function monthName(c: Context<AppEnv>, m: number): string {
  return new Intl.DateTimeFormat(c.var.i18n.locale, { month: "long", timeZone: "UTC" })
    .format(new Date(Date.UTC(2000, m - 1, 1)));
}

/** Months as select options. */
export function monthOptions(c: Context<AppEnv>): { value: string; label: string }[] {
  return Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: monthName(c, i + 1) }));
}

/** The translated label of a member's role. */
export function roleLabel(c: Context<AppEnv>, role: string): string {
  return c.var.i18n.t(`clients.role.${role}` as MessageKey);
}
