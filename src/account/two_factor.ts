/**
 * Two-factor enrolment for a signed-in user: a pending TOTP secret (stored encrypted with the
 * AAD `totp:<userId>`, `totp_enabled_at` still null) becomes active once the user proves their
 * app shows the right code; ten single-use recovery codes are then issued and only their hashes
 * kept. Turning it off or issuing new recovery codes asks for the password again.
 */
import { type AuditActor, writeAudit } from "../audit/audit.ts";
import { qrSvg } from "../auth/qr.ts";
import { hashToken } from "../auth/tokens.ts";
import {
  generateRecoveryCodes,
  generateTotpSecret,
  normalizeRecoveryCode,
  otpauthUri,
  verifyTotp,
} from "../auth/totp.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import type { Tx } from "../db/tenant.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { assertCurrentPassword } from "./account.ts";

/** The issuer shown in authenticator apps. */
export const TOTP_ISSUER = "LedgerFlow";
/** How many recovery codes a user holds after enrolling or regenerating. */
export const RECOVERY_CODE_COUNT = 10;

/** Where a user stands with two-factor sign-in. */
export interface TwoFactorStatus {
  enabled: boolean;
  /** Set up started but not confirmed with a code yet. */
  pending: boolean;
  enabled_at: string | null;
  recovery_codes_remaining: number;
}

/** What the user needs to add the secret to their authenticator app. */
export interface TwoFactorEnrolment {
  secret: string;
  otpauth_uri: string;
  /** An accessible inline SVG of the otpauth URI (no styles, no scripts). */
  qr_svg: string;
}

/** The user acting on their own two-factor settings. */
export interface TwoFactorContext {
  userId: string;
  email: string;
  firmId: string;
  actor: AuditActor;
}

interface TotpRow {
  totp_secret_enc: string | null;
  totp_enabled_at: Date | null;
  recovery_count: number;
}

const aad = (userId: string) => `totp:${userId}`;

async function lockUser(tx: Tx, userId: string): Promise<TotpRow> {
  const [row] = await tx<TotpRow[]>`
    select totp_secret_enc, totp_enabled_at, jsonb_array_length(recovery_codes)::int as recovery_count
      from users where id = ${userId} for update`;
  return row;
}

/** The user's two-factor status. */
export async function getTwoFactorStatus(tx: Tx, userId: string): Promise<TwoFactorStatus> {
  const [row] = await tx<TotpRow[]>`
    select totp_secret_enc, totp_enabled_at, jsonb_array_length(recovery_codes)::int as recovery_count
      from users where id = ${userId}`;
  return {
    enabled: row.totp_enabled_at !== null,
    pending: row.totp_enabled_at === null && row.totp_secret_enc !== null,
    enabled_at: row.totp_enabled_at?.toISOString() ?? null,
    recovery_codes_remaining: row.totp_enabled_at ? row.recovery_count : 0,
  };
}

function enrolment(secret: string, email: string, qrLabel: string): TwoFactorEnrolment {
  const uri = otpauthUri({ secret, account: email.replaceAll(":", ""), issuer: TOTP_ISSUER });
  return { secret, otpauth_uri: uri, qr_svg: qrSvg(uri, qrLabel, { moduleSize: 5 }) };
}

/** Starts (or restarts) enrolment with a fresh secret; 409 when two-factor is already on. */
export async function startTwoFactor(
  tx: Tx,
  keyring: KeyRing,
  ctx: TwoFactorContext,
  qrLabel: string,
): Promise<TwoFactorEnrolment> {
  const row = await lockUser(tx, ctx.userId);
  if (row.totp_enabled_at) {
    throw new ConflictError("Two-factor sign-in is already on; turn it off first to set up another app");
  }
  const secret = generateTotpSecret();
  const encrypted = await keyring.encrypt(secret, aad(ctx.userId));
  await tx`update users set totp_secret_enc = ${encrypted}, totp_enabled_at = null, totp_last_step = null,
           recovery_codes = '[]', updated_at = now() where id = ${ctx.userId}`;
  await writeAudit(tx, ctx.firmId, ctx.actor, {
    action: "user.two_factor_setup",
    entityType: "user",
    entityId: ctx.userId,
    details: { restarted: row.totp_secret_enc !== null },
  });
  return enrolment(secret, ctx.email, qrLabel);
}

/** The pending enrolment, to show the QR code again (e.g. after a reload); undefined when none. */
export async function getPendingEnrolment(
  tx: Tx,
  keyring: KeyRing,
  user: { userId: string; email: string },
  qrLabel: string,
): Promise<TwoFactorEnrolment | undefined> {
  const [row] = await tx<TotpRow[]>`
    select totp_secret_enc, totp_enabled_at, 0 as recovery_count from users where id = ${user.userId}`;
  if (!row?.totp_secret_enc || row.totp_enabled_at) return undefined;
  return enrolment(await keyring.decryptText(row.totp_secret_enc, aad(user.userId)), user.email, qrLabel);
}

/**
 * Turns two-factor on when `code` matches the pending secret (422 on `code` otherwise; 409 when
 * nothing is pending). Returns the new recovery codes: the only time they are shown.
 */
export async function confirmTwoFactor(
  tx: Tx,
  keyring: KeyRing,
  ctx: TwoFactorContext,
  code: string,
): Promise<string[]> {
  const row = await lockUser(tx, ctx.userId);
  if (row.totp_enabled_at) throw new ConflictError("Two-factor sign-in is already on");
  if (!row.totp_secret_enc) throw new ConflictError("Start two-factor setup first");
  const secret = await keyring.decryptText(row.totp_secret_enc, aad(ctx.userId));
  const step = await verifyTotp(secret, code);
  if (step === null) {
    const message = "That code is not right; enter the 6-digit code your app shows now";
    throw new ValidationError(message, [{ path: "code", message }]);
  }
  const codes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
  // The confirming code's step is recorded, so it cannot be replayed to sign in.
  await tx`update users set totp_enabled_at = now(), totp_last_step = ${step},
           recovery_codes = ${tx.json(await hashCodes(codes))}, updated_at = now() where id = ${ctx.userId}`;
  await writeAudit(tx, ctx.firmId, ctx.actor, {
    action: "user.two_factor_enable",
    entityType: "user",
    entityId: ctx.userId,
    before: { two_factor_enabled: false },
    after: { two_factor_enabled: true },
  });
  return codes;
}

/** Turns two-factor off (or cancels a pending setup) after checking the password; 409 when off. */
export async function disableTwoFactor(tx: Tx, ctx: TwoFactorContext, password: string): Promise<void> {
  await assertCurrentPassword(tx, ctx.userId, password);
  const row = await lockUser(tx, ctx.userId);
  if (!row.totp_enabled_at && !row.totp_secret_enc) throw new ConflictError("Two-factor sign-in is not on");
  await tx`update users set totp_secret_enc = null, totp_enabled_at = null, totp_last_step = null,
           recovery_codes = '[]', updated_at = now() where id = ${ctx.userId}`;
  await writeAudit(tx, ctx.firmId, ctx.actor, {
    action: "user.two_factor_disable",
    entityType: "user",
    entityId: ctx.userId,
    before: { two_factor_enabled: row.totp_enabled_at !== null },
    after: { two_factor_enabled: false },
    ...(row.totp_enabled_at ? {} : { details: { cancelled_setup: true } }),
  });
}

/** Replaces the recovery codes after checking the password; 409 when two-factor is off. */
export async function regenerateRecoveryCodes(tx: Tx, ctx: TwoFactorContext, password: string): Promise<string[]> {
  await assertCurrentPassword(tx, ctx.userId, password);
  const row = await lockUser(tx, ctx.userId);
  if (!row.totp_enabled_at) throw new ConflictError("Turn on two-factor sign-in first");
  const codes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
  await tx`update users set recovery_codes = ${tx.json(await hashCodes(codes))}, updated_at = now()
            where id = ${ctx.userId}`;
  await writeAudit(tx, ctx.firmId, ctx.actor, {
    action: "user.recovery_codes_regenerate",
    entityType: "user",
    entityId: ctx.userId,
    details: { unused_before: row.recovery_count, issued: codes.length },
  });
  return codes;
}

/** Hashes of the canonical forms, as the sign-in check compares them. */
async function hashCodes(codes: string[]): Promise<string[]> {
  return await Promise.all(codes.map((c) => hashToken(normalizeRecoveryCode(c) ?? c)));
}
