/** Spanish messages. Each area file must define every key of its English twin (checked by the type). */
import type { MessageKey } from "./en.ts";
import { core } from "./es/core.ts";
import { auth } from "./es/auth.ts";
import { clients } from "./es/clients.ts";
import { firm } from "./es/firm.ts";
import { account } from "./es/account.ts";
import { audit } from "./es/audit.ts";
import { documents } from "./es/documents.ts";
import { review } from "./es/review.ts";
import { rules } from "./es/rules.ts";
import { workspace } from "./es/workspace.ts";
import { reports } from "./es/reports.ts";
import { templates } from "./es/templates.ts";
import { exportsMessages } from "./es/exports.ts";
import { pdf } from "./es/pdf.ts";

export const es: Record<MessageKey, string> = {
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
};
