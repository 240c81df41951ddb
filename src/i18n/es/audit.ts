/** Spanish: the audit log. */
import type { audit as en } from "../en/audit.ts";

export const audit: Record<keyof typeof en, string> = {};
