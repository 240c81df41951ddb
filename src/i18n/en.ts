/** English messages: the reference catalogue every other language must match key for key. */
import { core } from "./en/core.ts";
import { auth } from "./en/auth.ts";
import { clients } from "./en/clients.ts";
import { firm } from "./en/firm.ts";
import { account } from "./en/account.ts";
import { audit } from "./en/audit.ts";
import { documents } from "./en/documents.ts";

export const en = { ...core, ...auth, ...clients, ...firm, ...account, ...audit, ...documents } as const;

/** A message key. */
export type MessageKey = keyof typeof en;
