/** Spanish: firm settings, members, invites. */
import type { firm as en } from "../en/firm.ts";

export const firm: Record<keyof typeof en, string> = {};
