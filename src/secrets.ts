/**
 * Development secrets: generated once into `<data dir>/secrets.json` (mode 0600) when the
 * environment does not provide them, so a fresh checkout runs with no set-up.
 */
import { encodeBase64 } from "./crypto/base64.ts";

/** The secret material LedgerFlow needs, in the same text form as the environment variables. */
export interface Secrets {
  encryptionKeys: string;
  signingKeys: string;
}

/** Returns the secrets stored in the data dir, creating them (and warning) the first time. */
export async function loadOrCreateSecrets(dataDir: string, warn: (message: string) => void): Promise<Secrets> {
  const path = `${dataDir}/secrets.json`;
  try {
    const stored = JSON.parse(await Deno.readTextFile(path));
    if (typeof stored.encryptionKeys === "string" && typeof stored.signingKeys === "string") return stored;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const secrets = await generateSecrets();
  await Deno.mkdir(dataDir, { recursive: true });
  await Deno.writeTextFile(path, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  warn(
    `generated development secrets in ${path}; set LEDGERFLOW_ENCRYPTION_KEYS and LEDGERFLOW_SIGNING_KEYS in production`,
  );
  return secrets;
}

/** Makes a fresh AES-256 key (version 1) and Ed25519 signing key (kid "k1"). */
export async function generateSecrets(): Promise<Secrets> {
  const aes = crypto.getRandomValues(new Uint8Array(32));
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  return { encryptionKeys: `1:${encodeBase64(aes)}`, signingKeys: `k1:${encodeBase64(pkcs8)}` };
}
