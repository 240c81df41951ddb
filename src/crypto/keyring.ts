/**
 * Field and file encryption: AES-256-GCM with a versioned key ring.
 *
 * The ring comes from LEDGERFLOW_ENCRYPTION_KEYS ("1:<base64 32 bytes>,2:<…>"); the highest
 * version encrypts and every version decrypts, so keys rotate by adding a newer one and
 * re-encrypting the values for which {@link KeyRing.needsRotation} is true.
 *
 * Two encodings of the same scheme (a random 12-byte IV per call, a 16-byte tag):
 * - text tokens for database fields: `v<version>.<base64url(iv || ciphertext+tag)>`;
 * - binary envelopes for files: `"LFE1" || uint32 BE version || iv || ciphertext+tag`.
 *
 * The optional `aad` (additional authenticated data) binds a ciphertext to its context, e.g.
 * `"clients.account_number:<id>"`: it is not stored, and decrypting with another value fails.
 */

const VARIABLE = "LEDGERFLOW_ENCRYPTION_KEYS";
const HINT = "use comma-separated version:base64 pairs of 32-byte keys, e.g. 1:q2V...=";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_VERSION = 0xffff_ffff;
const MAGIC = new Uint8Array([0x4c, 0x46, 0x45, 0x31]); // "LFE1"
const HEADER_BYTES = MAGIC.length + 4 + IV_BYTES;
const TOKEN = /^v([1-9][0-9]{0,9})\.([A-Za-z0-9_-]+)$/;
const encoder = new TextEncoder();

/** Thrown when a token or envelope cannot be decrypted; the message never holds key material. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

/**
 * Parses the LEDGERFLOW_ENCRYPTION_KEYS text ("1:<base64>,2:<base64>") into a {@link KeyRing}.
 * Throws an `Error` with a one-line message naming the variable (never the key) when the text is
 * empty, a version is not a whole number from 1 to 4294967295 or appears twice, or a key is not
 * base64 of exactly 32 bytes.
 */
export function parseKeyRing(text: string): KeyRing {
  const fail = (reason: string): never => {
    throw new Error(`Cannot parse ${VARIABLE}: ${reason}; ${HINT}`);
  };
  if (text.trim() === "") fail("it is empty");
  const keys = new Map<number, Uint8Array>();
  text.split(",").forEach((raw, index) => {
    const entry = raw.trim();
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(":");
    if (entry === "") fail(`${where} is empty`);
    if (colon < 0) fail(`${where} has no "version:" prefix`);
    const label = entry.slice(0, colon).trim();
    if (!/^[0-9]+$/.test(label) || Number(label) < 1 || Number(label) > MAX_VERSION) {
      fail(`${where} has version ${JSON.stringify(label)}, which is not a whole number from 1 to ${MAX_VERSION}`);
    }
    const version = Number(label);
    if (keys.has(version)) fail(`version ${version} appears more than once`);
    const key = decodeStrictBase64(entry.slice(colon + 1).trim());
    if (!key) fail(`the key of version ${version} is not valid base64`);
    if (key!.length !== KEY_BYTES) {
      fail(`the key of version ${version} is ${key!.length} bytes long, not ${KEY_BYTES}`);
    }
    keys.set(version, key!);
  });
  return new KeyRing(keys);
}

/** AES-256-GCM keys by version; the highest version encrypts, all of them decrypt. */
export class KeyRing {
  /** The version that new ciphertexts are made with (the highest in the ring). */
  readonly currentVersion: number;
  /** Every version in the ring, ascending. */
  readonly versions: readonly number[];
  #raw: Map<number, Uint8Array>;
  #imported = new Map<number, Promise<CryptoKey>>();

  /**
   * Makes a ring from `version → 32-byte key` pairs (the bytes are copied). Prefer
   * {@link parseKeyRing}, which explains a bad environment variable.
   */
  constructor(keys: Iterable<readonly [number, Uint8Array]>) {
    this.#raw = new Map();
    for (const [version, key] of keys) {
      if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) {
        throw new RangeError(
          `Cannot create key ring: version ${version} is not a whole number from 1 to ${MAX_VERSION}`,
        );
      }
      if (key.length !== KEY_BYTES) {
        throw new RangeError(`Cannot create key ring: the key of version ${version} is not ${KEY_BYTES} bytes long`);
      }
      if (this.#raw.has(version)) throw new RangeError(`Cannot create key ring: version ${version} appears twice`);
      this.#raw.set(version, key.slice());
    }
    if (this.#raw.size === 0) throw new RangeError("Cannot create key ring: it has no keys");
    this.versions = Object.freeze([...this.#raw.keys()].sort((a, b) => a - b));
    this.currentVersion = this.versions[this.versions.length - 1];
  }

  /** Encrypts with the current key; returns the token `v<version>.<base64url(iv || ciphertext+tag)>`. */
  async encrypt(plaintext: string | Uint8Array, aad?: string): Promise<string> {
    const { iv, sealed } = await this.#seal(plaintext, aad);
    const body = new Uint8Array(IV_BYTES + sealed.length);
    body.set(iv);
    body.set(sealed, IV_BYTES);
    return `v${this.currentVersion}.${encodeBase64Url(body)}`;
  }

  /** Decrypts a token made by {@link encrypt}; throws {@link DecryptionError} on any failure. */
  async decrypt(token: string, aad?: string): Promise<Uint8Array> {
    const version = this.versionOf(token);
    const body = decodeBase64Url(token.slice(token.indexOf(".") + 1));
    if (!body || body.length < IV_BYTES + TAG_BYTES) throw new DecryptionError("Cannot decrypt: malformed token");
    return await this.#open(version, body.subarray(0, IV_BYTES), body.subarray(IV_BYTES), aad);
  }

  /** {@link decrypt} then UTF-8 decoding; throws {@link DecryptionError} when the bytes are not UTF-8. */
  async decryptText(token: string, aad?: string): Promise<string> {
    const bytes = await this.decrypt(token, aad);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new DecryptionError("Cannot decrypt: the plaintext is not UTF-8 text");
    }
  }

  /** The key version of a token; throws {@link DecryptionError} when the token is malformed. */
  versionOf(token: string): number {
    const match = typeof token === "string" ? TOKEN.exec(token) : null;
    const version = match ? Number(match[1]) : NaN;
    if (!(version <= MAX_VERSION)) throw new DecryptionError("Cannot read token: malformed token");
    return version;
  }

  /** True when the token was made with an older key than the current one and should be re-encrypted. */
  needsRotation(token: string): boolean {
    return this.versionOf(token) < this.currentVersion;
  }

  /** Encrypts bytes (a file) with the current key into a binary envelope: "LFE1", version, IV, ciphertext+tag. */
  async encryptBytes(bytes: Uint8Array, aad?: string): Promise<Uint8Array> {
    const { iv, sealed } = await this.#seal(bytes, aad);
    const out = new Uint8Array(HEADER_BYTES + sealed.length);
    out.set(MAGIC);
    new DataView(out.buffer).setUint32(MAGIC.length, this.currentVersion);
    out.set(iv, MAGIC.length + 4);
    out.set(sealed, HEADER_BYTES);
    return out;
  }

  /** Decrypts an envelope made by {@link encryptBytes}; throws {@link DecryptionError} on any failure. */
  async decryptBytes(envelope: Uint8Array, aad?: string): Promise<Uint8Array> {
    if (
      !(envelope instanceof Uint8Array) || envelope.length < HEADER_BYTES + TAG_BYTES ||
      MAGIC.some((byte, i) => envelope[i] !== byte)
    ) {
      throw new DecryptionError("Cannot decrypt: not an LFE1 envelope");
    }
    const version = new DataView(envelope.buffer, envelope.byteOffset, envelope.byteLength).getUint32(MAGIC.length);
    const iv = envelope.subarray(MAGIC.length + 4, HEADER_BYTES);
    return await this.#open(version, iv, envelope.subarray(HEADER_BYTES), aad);
  }

  /** Keeps key bytes out of `console.log` and `Deno.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return `KeyRing { versions: [${this.versions.join(", ")}], currentVersion: ${this.currentVersion} }`;
  }

  /** Keeps key bytes out of JSON. */
  toJSON(): { versions: readonly number[]; currentVersion: number } {
    return { versions: this.versions, currentVersion: this.currentVersion };
  }

  async #seal(plaintext: string | Uint8Array, aad?: string): Promise<{ iv: Uint8Array; sealed: Uint8Array }> {
    const data = typeof plaintext === "string" ? encoder.encode(plaintext) : plaintext;
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const key = await this.#key(this.currentVersion);
    const sealed = await crypto.subtle.encrypt(params(iv, aad), key!, data as Uint8Array<ArrayBuffer>);
    return { iv, sealed: new Uint8Array(sealed) };
  }

  async #open(version: number, iv: Uint8Array, sealed: Uint8Array, aad?: string): Promise<Uint8Array> {
    const key = await this.#key(version);
    if (!key) throw new DecryptionError(`Cannot decrypt: key version ${version} is not in the key ring`);
    try {
      return new Uint8Array(await crypto.subtle.decrypt(params(iv, aad), key, sealed as Uint8Array<ArrayBuffer>));
    } catch {
      throw new DecryptionError("Cannot decrypt: the ciphertext was altered or the key or context is wrong");
    }
  }

  /** Imports each version's CryptoKey once (non-extractable) and caches it. */
  #key(version: number): Promise<CryptoKey> | undefined {
    let key = this.#imported.get(version);
    const raw = this.#raw.get(version);
    if (!key && raw) {
      key = crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, "AES-GCM", false, ["encrypt", "decrypt"]);
      this.#imported.set(version, key);
    }
    return key;
  }
}

function params(iv: Uint8Array, aad?: string): AesGcmParams {
  const out: AesGcmParams = { name: "AES-GCM", iv: iv as Uint8Array<ArrayBuffer>, tagLength: TAG_BYTES * 8 };
  if (aad !== undefined) out.additionalData = encoder.encode(aad);
  return out;
}

function decodeStrictBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function encodeBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Strict base64url (no padding, canonical trailing bits), else undefined. */
function decodeBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  try {
    const bytes = Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    return encodeBase64Url(bytes) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}
