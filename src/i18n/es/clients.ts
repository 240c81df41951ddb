/** Spanish: clients list and forms. */
import type { clients as en } from "../en/clients.ts";

export const clients: Record<keyof typeof en, string> = {};
