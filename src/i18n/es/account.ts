/** Spanish: my account: password, two-factor, sessions, API tokens. */
import type { account as en } from "../en/account.ts";

export const account: Record<keyof typeof en, string> = {};
