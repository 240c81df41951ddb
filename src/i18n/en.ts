/** English messages: the reference catalogue every other language must match key for key. */
import { core } from "./en/core.ts";
import { auth } from "./en/auth.ts";
import { clients } from "./en/clients.ts";
import { firm } from "./en/firm.ts";
import { account } from "./en/account.ts";
import { audit } from "./en/audit.ts";
import { documents } from "./en/documents.ts";
import { review } from "./en/review.ts";
import { rules } from "./en/rules.ts";
import { workspace } from "./en/workspace.ts";
import { reports } from "./en/reports.ts";
import { templates } from "./en/templates.ts";
import { exportsMessages } from "./en/exports.ts";
import { pdf } from "./en/pdf.ts";

export const en = {
  ...core,
  ...auth,
  ...clients,
  ...firm,
  ...account,
  ...audit,
  ...documents,
  ...rules,
  ...workspace,
  ...review,
  ...reports,
  ...templates,
  ...exportsMessages,
  ...pdf,
} as const;

/** A message key. */
export type MessageKey = keyof typeof en;
