/**
 * Password hashing (argon2id, PHC strings) and the password policy.
 *
 * Hashing uses hash-wasm (pure WebAssembly) with OWASP's argon2id baseline: m=19456 KiB, t=2,
 * p=1, a random 16-byte salt and a 32-byte hash. Passwords are NFKC-normalized first (NIST
 * SP 800-63B), so the same password typed on another keyboard or OS still verifies.
 *
 * `common_passwords.txt` (beside this file) holds the 10,000 most frequent passwords of the
 * `passwords.json` dictionary (ranked by frequency) in the npm package
 * `@zxcvbn-ts/language-common@4.1.3` (MIT, © Dan Wheeler, Dropbox and zxcvbn-ts), lower-cased
 * and deduplicated, one per line. Reproduce it with:
 *
 * ```sh
 * cd "$(mktemp -d)" && npm pack @zxcvbn-ts/language-common@4.1.3 && tar xzf *.tgz
 * deno eval 'const all = JSON.parse(Deno.readTextFileSync("package/src/passwords.json"));
 *   const out = [...new Set(all.map((p) => p.toLowerCase().trim()).filter(Boolean))].slice(0, 10000);
 *   Deno.writeTextFileSync(Deno.args[0], out.join("\n") + "\n");' /path/to/src/auth/common_passwords.txt
 * ```
 */
import { argon2id } from "hash-wasm";

/** The argon2id parameters new hashes are made with (OWASP Password Storage Cheat Sheet). */
export const PASSWORD_HASH_PARAMS = Object.freeze({
  memoryKiB: 19456,
  iterations: 2,
  parallelism: 1,
  saltBytes: 16,
  hashBytes: 32,
});

/** The shortest and longest passwords the policy accepts, in characters. */
export const PASSWORD_LENGTH = Object.freeze({ min: 12, max: 256 });

/** Limits on parameters read from a stored hash, so a corrupt row cannot exhaust memory or time. */
const MAX_MEMORY_KIB = 262_144;
const MAX_ITERATIONS = 16;
const MAX_PARALLELISM = 16;
const PHC =
  /^\$argon2id\$v=19\$m=([0-9]{1,7}),t=([0-9]{1,3}),p=([0-9]{1,3})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{22,})$/;
/** Trailing or leading digits, punctuation, symbols and spaces: "Password123!" → "password". */
const TRAILING_JUNK = /[\p{N}\p{P}\p{S}\s]+$/u;
const LEADING_JUNK = /^[\p{N}\p{P}\p{S}\s]+/u;
/** Name and email parts shorter than this are ignored, so "Al" does not reject "alpine…". */
const MIN_PERSONAL_TOKEN = 4;

interface ParsedHash {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

/** Hashes a password with argon2id; returns a PHC string `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  const p = PASSWORD_HASH_PARAMS;
  const salt = crypto.getRandomValues(new Uint8Array(p.saltBytes));
  const hash = await derive(password, { ...p, salt });
  return `$argon2id$v=19$m=${p.memoryKiB},t=${p.iterations},p=${p.parallelism}$${b64(salt)}$${b64(hash)}`;
}

/**
 * True when `password` matches the PHC `hash`. Returns false, and never throws, when the hash is
 * malformed, not argon2id v19, or asks for more than 256 MiB, 16 iterations or 16 lanes.
 */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (!parsed || typeof password !== "string") return false;
  try {
    return constantTimeEqual(await derive(password, { ...parsed, hashBytes: parsed.hash.length }), parsed.hash);
  } catch {
    return false;
  }
}

/** True when `hash` was not made with the current {@link PASSWORD_HASH_PARAMS} (rehash after the next login). */
export function needsRehash(hash: string): boolean {
  const parsed = parseHash(hash);
  const p = PASSWORD_HASH_PARAMS;
  return !parsed || parsed.memoryKiB !== p.memoryKiB || parsed.iterations !== p.iterations ||
    parsed.parallelism !== p.parallelism || parsed.salt.length !== p.saltBytes || parsed.hash.length !== p.hashBytes;
}

/** Who the password belongs to, so it cannot simply repeat their email or name. */
export interface PasswordContext {
  /** The user's email address; its local part may not appear in the password. */
  email?: string;
  /** The user's name; it (or any word of it of 4+ characters) may not appear in the password. */
  name?: string;
}

/**
 * Checks a new password against the policy; returns `null` when it is acceptable, else a short
 * user-facing reason: 12 to 256 characters, not one of the 10,000 most common passwords (also
 * after stripping leading/trailing digits and symbols, so "Password123!" is refused), and not
 * containing the user's email local part or name.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): string | null {
  const normalized = password.normalize("NFKC");
  const length = [...normalized].length;
  if (length < PASSWORD_LENGTH.min) return `Use at least ${PASSWORD_LENGTH.min} characters`;
  if (length > PASSWORD_LENGTH.max) return `Use at most ${PASSWORD_LENGTH.max} characters`;
  const lower = normalized.toLowerCase();
  const common = commonPasswords();
  const stripped = lower.replace(TRAILING_JUNK, "");
  const candidates = [lower, stripped, lower.replace(LEADING_JUNK, ""), stripped.replace(LEADING_JUNK, "")];
  if (candidates.some((c) => c !== "" && common.has(c))) {
    return "This password is too common; choose one that is harder to guess";
  }
  const email = context.email?.normalize("NFKC").toLowerCase() ?? "";
  const local = email.includes("@") ? email.slice(0, email.lastIndexOf("@")) : email;
  if (personalTokens(local).some((token) => lower.includes(token))) {
    return "Do not use your email address in the password";
  }
  const name = context.name?.normalize("NFKC").toLowerCase() ?? "";
  if (personalTokens(name).some((token) => lower.includes(token))) return "Do not use your name in the password";
  return null;
}

let common: Set<string> | undefined;

/** The common-password list, read once on first use. */
function commonPasswords(): Set<string> {
  if (!common) {
    const text = Deno.readTextFileSync(new URL("./common_passwords.txt", import.meta.url));
    common = new Set(text.split("\n").map((line) => line.trim()).filter(Boolean));
  }
  return common;
}

/** "jane.doe-smith" → ["jane.doe-smith", "janedoesmith", "jane", "smith"] (short parts dropped). */
function personalTokens(text: string): string[] {
  const words = text.split(/[^\p{L}\p{N}]+/u);
  const tokens = [text.trim(), words.join(""), ...words];
  return [...new Set(tokens)].filter((token) => [...token].length >= MIN_PERSONAL_TOKEN);
}

function parseHash(hash: string): ParsedHash | undefined {
  const match = typeof hash === "string" ? PHC.exec(hash) : null;
  if (!match) return undefined;
  const [memoryKiB, iterations, parallelism] = [match[1], match[2], match[3]].map(Number);
  const salt = unb64(match[4]);
  const digest = unb64(match[5]);
  if (
    !salt || !digest || salt.length < 8 || digest.length < 16 || digest.length > 64 ||
    iterations < 1 || iterations > MAX_ITERATIONS || parallelism < 1 || parallelism > MAX_PARALLELISM ||
    memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB
  ) {
    return undefined;
  }
  return { memoryKiB, iterations, parallelism, salt, hash: digest };
}

type DeriveParams = Omit<ParsedHash, "hash"> & { hashBytes: number };

async function derive(password: string, p: DeriveParams): Promise<Uint8Array> {
  return await argon2id({
    password: password.normalize("NFKC"),
    salt: p.salt,
    memorySize: p.memoryKiB,
    iterations: p.iterations,
    parallelism: p.parallelism,
    hashLength: p.hashBytes,
    outputType: "binary",
  });
}

/** PHC base64: standard alphabet, no padding. */
function b64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
}

function unb64(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  try {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return b64(bytes) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
