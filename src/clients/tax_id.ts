/**
 * Client tax ids (EIN or SSN): nine digits, accepted as "12-3456789", "123-45-6789" or
 * "123456789". Stored encrypted (bound to the client by the AAD `client-tax-id:<id>`) next
 * to the last four digits, which are all that pages and the API ever show.
 */
import type { KeyRing } from "../crypto/keyring.ts";

const ACCEPTED = /^(?:\d{9}|\d{2}-\d{7}|\d{3}-\d{2}-\d{4})$/;

/** The nine digits of an EIN or SSN, or undefined when `input` is not one. */
export function normalizeTaxId(input: string): string | undefined {
  const text = input.trim();
  return ACCEPTED.test(text) ? text.replaceAll("-", "") : undefined;
}

/** "•••••6789" from the last four digits, or null when there is no tax id. */
export function maskTaxId(last4: string | null | undefined): string | null {
  return last4 ? `•••••${last4}` : null;
}

/** The AAD that binds a tax id ciphertext to its client. */
export function taxIdAad(clientId: string): string {
  return `client-tax-id:${clientId}`;
}

/** The stored form of a tax id: the ciphertext and the last four digits (both null to clear it). */
export interface SealedTaxId {
  tax_id_enc: string | null;
  tax_id_last4: string | null;
}

/** Encrypts normalized digits for `clientId`; null clears the tax id. */
export async function sealTaxId(keyring: KeyRing, clientId: string, digits: string | null): Promise<SealedTaxId> {
  if (digits === null) return { tax_id_enc: null, tax_id_last4: null };
  return { tax_id_enc: await keyring.encrypt(digits, taxIdAad(clientId)), tax_id_last4: digits.slice(-4) };
}

/** Decrypts a stored tax id (for comparisons; never sent to a client in full). */
export async function openTaxId(keyring: KeyRing, clientId: string, enc: string | null): Promise<string | null> {
  return enc === null ? null : await keyring.decryptText(enc, taxIdAad(clientId));
}
