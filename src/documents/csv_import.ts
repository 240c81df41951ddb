/**
 * The column-mapping step of a CSV import: preview a CSV document (sniffed columns, sample and
 * suggested mapping), check a mapping against the whole file, then save it as the client's
 * import profile for that header — with the account its statements belong to — and queue the
 * document again. The next CSV with the same header is read with the profile, no step needed.
 */
import { z } from "zod";
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import type { Tx } from "../db/tenant.ts";
import { ValidationError } from "../errors.ts";
import {
  applyCsvMapping,
  CsvImportError,
  type CsvMapping,
  CsvMappingSchema,
  type CsvRowError,
  type CsvSniff,
  sniffCsv,
} from "../parsing/csv/mod.ts";
import { csvHeaderSignature } from "./csv_profiles.ts";
import type { DocumentRow } from "./documents.ts";

/** Account types an import profile's account may have. */
export const ACCOUNT_TYPES = ["checking", "savings", "credit_card", "other"] as const;

/** How many row errors a refused mapping lists. */
export const MAX_ROW_ERRORS = 20;

/** One of the client's accounts, as the preview lists it. */
export const CsvAccountJson = z.object({
  id: z.uuid(),
  institution: z.string(),
  number_last4: z.string(),
  type: z.enum(ACCOUNT_TYPES),
  currency: z.string(),
}).meta({ id: "CsvAccount" });
export type CsvAccountJson = z.infer<typeof CsvAccountJson>;

/** An existing account of the document's client. */
export const ExistingAccountSchema = z.object({ id: z.uuid("Choose one of this client's accounts") });

/** A new account (or the existing one with the same institution, last 4 digits and type). */
export const NewAccountSchema = z.object({
  institution: z.string().trim().min(1, "Enter the bank or card issuer").max(200),
  number_last4: z.string().trim().regex(/^[0-9]{0,4}$/, "Enter up to the last 4 digits of the account number")
    .optional(),
  type: z.enum(ACCOUNT_TYPES, "Choose checking, savings, credit_card or other"),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Enter a 3-letter currency code such as USD")
    .optional(),
});

/** The account a mapping's statements belong to. */
export type AccountChoice = z.infer<typeof ExistingAccountSchema> | z.infer<typeof NewAccountSchema>;

/** The body of `POST /api/v1/documents/:id/mapping` (for the API documentation). */
export const MappingRequestSchema = z.object({
  mapping: CsvMappingSchema,
  account: z.union([ExistingAccountSchema, NewAccountSchema]),
}).meta({ id: "CsvMappingRequest" });

/** What the mapping step shows: the file's layout, suggestions, the client's accounts. */
export const CsvPreviewJson = z.object({
  delimiter: z.string(),
  header_row: z.number().int().nullable(),
  columns: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  suggestions: CsvMappingSchema,
  notes: z.array(z.string()),
  encoding: z.string(),
  /** A currency the header or sample names (e.g. "Betrag (EUR)"), else null. */
  currency: z.string().nullable(),
  accounts: z.array(CsvAccountJson),
  /** The import profile already saved for this header, when remapping. */
  profile: z.object({ mapping: CsvMappingSchema, account_id: z.uuid().nullable() }).nullable(),
}).meta({ id: "CsvPreview" });
export type CsvPreviewJson = z.infer<typeof CsvPreviewJson>;

/** Sniffs a CSV; a file that is not delimited text is a 422 naming the problem. */
export function sniffDocument(bytes: Uint8Array): CsvSniff {
  try {
    return sniffCsv(bytes);
  } catch (error) {
    if (error instanceof CsvImportError) {
      throw new ValidationError(error.message, [{ path: "file", message: error.message }]);
    }
    throw error;
  }
}

const CURRENCY_CODES = ["USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "MXN", "JPY", "SEK", "NOK", "DKK", "PLN"];
const SYMBOLS: Record<string, string> = { "€": "EUR", "£": "GBP", "¥": "JPY" };

/** A currency named by the header ("Amount (EUR)") or carried by the sample cells ("€"), else null. */
export function guessCurrency(sniff: Pick<CsvSniff, "columns" | "sample">): string | null {
  const found = new Set<string>();
  for (const name of sniff.columns) {
    for (const code of name.toUpperCase().match(/\b[A-Z]{3}\b/g) ?? []) {
      if (CURRENCY_CODES.includes(code)) found.add(code);
    }
  }
  for (const row of sniff.sample) {
    for (const cell of row) {
      for (const [symbol, code] of Object.entries(SYMBOLS)) if (cell.includes(symbol)) found.add(code);
    }
  }
  return found.size === 1 ? [...found][0] : null;
}

/** The client's accounts, by institution. */
export async function listClientAccounts(tx: Tx, clientId: string): Promise<CsvAccountJson[]> {
  return await tx<CsvAccountJson[]>`
    select id, institution, number_last4, type, currency from accounts
     where client_id = ${clientId} order by lower(institution), number_last4, type`;
}

/** The saved profile for a header signature, if any. */
export async function getImportProfile(
  tx: Tx,
  clientId: string,
  signature: string,
): Promise<{ id: string; mapping: CsvMapping; account_id: string | null } | undefined> {
  const [row] = await tx<{ id: string; mapping: unknown; account_id: string | null }[]>`
    select id, mapping, account_id from import_profiles
     where client_id = ${clientId} and header_signature = ${signature}`;
  if (!row) return undefined;
  const mapping = CsvMappingSchema.safeParse(row.mapping);
  return mapping.success ? { id: row.id, mapping: mapping.data, account_id: row.account_id } : undefined;
}

/** The preview of a CSV document for its client. */
export async function previewCsvDocument(
  tx: Tx,
  doc: Pick<DocumentRow, "client_id">,
  bytes: Uint8Array,
): Promise<CsvPreviewJson> {
  const sniff = sniffDocument(bytes);
  const profile = await getImportProfile(tx, doc.client_id, csvHeaderSignature(sniff));
  return {
    delimiter: sniff.delimiter,
    header_row: sniff.headerRow,
    columns: sniff.columns,
    sample: sniff.sample,
    suggestions: sniff.suggestions,
    notes: sniff.notes,
    encoding: sniff.encoding,
    currency: guessCurrency(sniff),
    accounts: await listClientAccounts(tx, doc.client_id),
    profile: profile ? { mapping: profile.mapping, account_id: profile.account_id } : null,
  };
}

/** Zod issues as field errors under a prefix ("mapping.date"). */
function issuesAt(prefix: string, error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: [prefix, ...i.path].join("."), message: i.message }));
}

/**
 * Validates a mapping request body: the mapping, and an account given by id or described as a
 * new one. Throws a 422 listing each field (`mapping.amount`, `account.institution`…).
 */
export function parseMappingRequest(body: { mapping?: unknown; account?: unknown }): {
  mapping: CsvMapping;
  account: AccountChoice;
} {
  const errors: { path: string; message: string }[] = [];
  const mapping = CsvMappingSchema.safeParse(body.mapping);
  if (!mapping.success) errors.push(...issuesAt("mapping", mapping.error));
  const raw = body.account;
  const byId = typeof raw === "object" && raw !== null && "id" in raw;
  const account = byId ? ExistingAccountSchema.safeParse(raw) : NewAccountSchema.safeParse(raw ?? {});
  if (!account.success) errors.push(...issuesAt("account", account.error));
  if (!mapping.success || !account.success) throw new ValidationError("Some fields need attention", errors);
  return { mapping: mapping.data, account: account.data };
}

/** 422: rows of the file cannot be read with the mapping; lists the first {@link MAX_ROW_ERRORS}. */
export class MappingRowsError extends ValidationError {
  /** How many rows could not be read in all. */
  readonly total: number;
  constructor(errors: CsvRowError[]) {
    const n = errors.length;
    super(
      `${n} row${n === 1 ? "" : "s"} could not be read with this mapping (${errors[0].message})`,
      errors.slice(0, MAX_ROW_ERRORS).map((e) => ({ path: "rows", message: e.message })),
    );
    this.total = n;
    this.extra.row_error_count = n;
  }
}

/** What applying a mapping to the whole file found. */
export interface MappingCheck {
  transactions: number;
  /** A currency the amounts carry, else null. */
  currency: string | null;
}

/**
 * Applies `mapping` to every row of the file. Throws a 422 listing the first
 * {@link MAX_ROW_ERRORS} rows that cannot be read, or saying why nothing can be.
 */
export function checkMapping(bytes: Uint8Array, mapping: CsvMapping): MappingCheck {
  let result;
  try {
    result = applyCsvMapping(bytes, mapping);
  } catch (error) {
    if (error instanceof CsvImportError) {
      throw new ValidationError(error.message, [{ path: "mapping", message: error.message }]);
    }
    throw error;
  }
  if (result.errors.length) throw new MappingRowsError(result.errors);
  if (!result.transactions.length) {
    throw new ValidationError("No transactions were found with this mapping", [{
      path: "mapping",
      message: "no rows",
    }]);
  }
  return { transactions: result.transactions.length, currency: result.currency };
}

/** What saving a mapping did. */
export interface SavedMapping {
  profileId: string;
  accountId: string;
  accountCreated: boolean;
}

/**
 * Saves the mapping for the document's header as the client's import profile, creating the
 * account when it is new (matched as the parser matches: institution, last 4 digits, type),
 * audits `import_profile.save`, and queues the document for parsing again — one transaction.
 */
export async function saveMapping(
  tx: Tx,
  actor: AuditActor,
  input: {
    doc: Pick<DocumentRow, "id" | "firm_id" | "client_id">;
    signature: string;
    mapping: CsvMapping;
    account: AccountChoice;
    /** The currency for a new account that names none (from the file), else USD. */
    currency: string | null;
  },
): Promise<SavedMapping> {
  const { doc, mapping } = input;
  const account = await resolveAccount(tx, doc, input.account, input.currency);
  const [before] = await tx<{ mapping: unknown; account_id: string | null }[]>`
    select mapping, account_id from import_profiles
     where client_id = ${doc.client_id} and header_signature = ${input.signature} for update`;
  const [profile] = await tx<{ id: string }[]>`
    insert into import_profiles (firm_id, client_id, account_id, header_signature, mapping)
    values (${doc.firm_id}, ${doc.client_id}, ${account.id}, ${input.signature}, ${tx.json(mapping as never)})
    on conflict (client_id, header_signature) do update
      set mapping = excluded.mapping, account_id = excluded.account_id, updated_at = now()
    returning id`;
  await tx`update documents set status = 'queued', reason = null, progress = 0, updated_at = now()
            where id = ${doc.id}`;
  await tx`select requeue_document(${doc.id}::uuid, ${tx.json({ document_id: doc.id } as never)}::json)`;
  await writeAudit(tx, doc.firm_id, actor, {
    action: "import_profile.save",
    entityType: "import_profile",
    entityId: profile.id,
    before: before ? { mapping: before.mapping, account_id: before.account_id } : null,
    after: { mapping, account_id: account.id },
    details: { document_id: doc.id, header_signature: input.signature, account_created: account.created },
  });
  return { profileId: profile.id, accountId: account.id, accountCreated: account.created };
}

async function resolveAccount(
  tx: Tx,
  doc: Pick<DocumentRow, "firm_id" | "client_id">,
  choice: AccountChoice,
  fileCurrency: string | null,
): Promise<{ id: string; created: boolean }> {
  if ("id" in choice) {
    const [row] = await tx<{ id: string }[]>`
      select id from accounts where id = ${choice.id} and client_id = ${doc.client_id}`;
    if (!row) {
      throw new ValidationError("Choose one of this client's accounts", [{
        path: "account.id",
        message: "Choose one of this client's accounts",
      }]);
    }
    return { id: row.id, created: false };
  }
  const institution = choice.institution.slice(0, 200);
  const last4 = choice.number_last4 ?? "";
  const currency = choice.currency ?? fileCurrency ?? "USD";
  const name = [institution, last4 && `…${last4}`].filter(Boolean).join(" ");
  // Same key as the parser's upsert (documents/persist.ts), so its statements land here.
  const [row] = await tx<{ id: string; created: boolean }[]>`
    insert into accounts (firm_id, client_id, institution, number_last4, type, currency, name)
    values (${doc.firm_id}, ${doc.client_id}, ${institution}, ${last4}, ${choice.type}, ${currency}, ${name})
    on conflict (client_id, institution, number_last4, type) do update
      set currency = ${choice.currency ? tx`excluded.currency` : tx`accounts.currency`}
    returning id, (xmax = 0) as created`;
  return row;
}
