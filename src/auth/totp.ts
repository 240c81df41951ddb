/**
 * Two-factor authentication: RFC 6238 TOTP (HMAC-SHA-1, 6 digits, 30-second steps) over
 * RFC 4648 base32 secrets, `otpauth://` URIs for authenticator apps, and recovery codes.
 * WebCrypto only, no dependency.
 */

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PERIOD_MS = 30_000;
const DIGITS = 6;
/** Recovery-code alphabet: no 0/o, 1/l/i, so codes read back unambiguously. */
const RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const RECOVERY_GROUPS = [4, 4, 2];
const RECOVERY_LENGTH = RECOVERY_GROUPS.reduce((a, b) => a + b);

/** Encodes bytes as RFC 4648 base32 (upper case, no padding). */
export function encodeBase32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes RFC 4648 base32, ignoring case, spaces, dashes and trailing `=` padding.
 * Throws a `TypeError` on any other character.
 */
export function decodeBase32(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/[\s-]/g, "").replace(/=+$/, "").toUpperCase();
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of clean) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) throw new TypeError("Cannot decode base32: it contains a character outside A-Z and 2-7");
    value = ((value << 5) | digit) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

/** A new TOTP secret: 20 random bytes (160 bits, as RFC 4226 recommends) in base32. */
export function generateTotpSecret(): string {
  return encodeBase32(crypto.getRandomValues(new Uint8Array(20)));
}

/** Options of {@link totpCode}. */
export interface TotpCodeOptions {
  /** Number of digits, 6 (the default) to 8; authenticator apps use 6. */
  digits?: number;
}

/** The TOTP code of a base32 secret at a time in milliseconds since the epoch. */
export async function totpCode(secret: string, atMs: number = Date.now(), opts: TotpCodeOptions = {}): Promise<string> {
  const digits = opts.digits ?? DIGITS;
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new RangeError("Cannot compute TOTP code: digits must be 6, 7 or 8");
  }
  return hotp(await importSecret(secret), timeStep(atMs), digits);
}

/** Options of {@link verifyTotp}. */
export interface VerifyTotpOptions {
  /** The time to verify at, in milliseconds since the epoch; defaults to now. */
  atMs?: number;
  /** How many 30-second steps before and after to accept (clock drift), 0 to 10; default 1. */
  window?: number;
}

/**
 * Checks a 6-digit code (spaces allowed) against a base32 secret. Returns the matched time step,
 * which the caller stores so the same step cannot be used twice (replay), or `null` when the code
 * is malformed or wrong. Every candidate in the window is computed and compared in constant time.
 */
export async function verifyTotp(secret: string, code: string, opts: VerifyTotpOptions = {}): Promise<number | null> {
  const window = opts.window ?? 1;
  if (!Number.isInteger(window) || window < 0 || window > 10) {
    throw new RangeError("Cannot verify TOTP code: window must be a whole number from 0 to 10");
  }
  const key = await importSecret(secret);
  const given = typeof code === "string" ? code.replace(/\s/g, "") : "";
  if (!/^[0-9]{6}$/.test(given)) return null;
  const now = timeStep(opts.atMs ?? Date.now());
  let matched: number | null = null;
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue;
    if (constantTimeEqual(await hotp(key, step, DIGITS), given) && matched === null) matched = step;
  }
  return matched;
}

/** What {@link otpauthUri} needs. */
export interface OtpauthUriInput {
  /** The base32 secret. */
  secret: string;
  /** The account shown in the app, usually the user's email. */
  account: string;
  /** The service shown in the app, e.g. "LedgerFlow" or the firm's name. */
  issuer: string;
}

/**
 * The `otpauth://totp/Issuer:account?…` URI that authenticator apps scan (Google Authenticator's
 * key URI format). Issuer and account are percent-encoded (spaces as %20) and may not contain ":".
 */
export function otpauthUri({ secret, account, issuer }: OtpauthUriInput): string {
  for (const [name, value] of [["issuer", issuer], ["account", account]]) {
    if (!value || value.includes(":")) {
      throw new TypeError(`Cannot build otpauth URI: the ${name} must be non-empty and contain no ":"`);
    }
  }
  const cleanSecret = encodeBase32(decodeBase32(secret));
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${cleanSecret}&issuer=${encodeURIComponent(issuer)}` +
    `&algorithm=SHA1&digits=${DIGITS}&period=${PERIOD_MS / 1000}`;
}

/** `n` fresh single-use recovery codes like `7kq2-mzx9-4h`, from an alphabet with no 0/O/1/l/i. */
export function generateRecoveryCodes(n = 10): string[] {
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new RangeError("Cannot generate recovery codes: n must be a whole number from 1 to 100");
  }
  return Array.from({ length: n }, () => formatRecoveryCode(randomChars(RECOVERY_LENGTH)));
}

/**
 * The canonical form (`xxxx-xxxx-xx`, lower case) of a typed recovery code, ignoring case, spaces
 * and dashes; `null` when it cannot be a recovery code. Store and compare this form (hashed).
 */
export function normalizeRecoveryCode(input: string): string | null {
  if (typeof input !== "string") return null;
  const chars = input.toLowerCase().replace(/[\s-]/g, "");
  if (chars.length !== RECOVERY_LENGTH || [...chars].some((c) => !RECOVERY_ALPHABET.includes(c))) return null;
  return formatRecoveryCode(chars);
}

function formatRecoveryCode(chars: string): string {
  const groups: string[] = [];
  let at = 0;
  for (const size of RECOVERY_GROUPS) {
    groups.push(chars.slice(at, at + size));
    at += size;
  }
  return groups.join("-");
}

/** Uniformly random characters of the recovery alphabet (rejection sampling, no modulo bias). */
function randomChars(count: number): string {
  const limit = 256 - (256 % RECOVERY_ALPHABET.length);
  let out = "";
  while (out.length < count) {
    for (const byte of crypto.getRandomValues(new Uint8Array(count * 2))) {
      if (byte < limit && out.length < count) out += RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length];
    }
  }
  return out;
}

function timeStep(atMs: number): number {
  if (!Number.isFinite(atMs) || atMs < 0) throw new RangeError("Cannot compute TOTP code: the time must be >= 0");
  return Math.floor(atMs / PERIOD_MS);
}

async function importSecret(secret: string): Promise<CryptoKey> {
  const bytes = decodeBase32(secret);
  if (bytes.length < 16) throw new RangeError("Cannot use TOTP secret: it must hold at least 128 bits (RFC 4226)");
  return await crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
}

/** RFC 4226 HOTP with dynamic truncation. */
async function hotp(key: CryptoKey, counter: number, digits: number): Promise<string> {
  const message = new Uint8Array(8);
  const view = new DataView(message.buffer);
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = new DataView(mac.buffer).getUint32(offset) & 0x7fff_ffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
