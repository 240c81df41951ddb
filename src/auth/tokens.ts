/**
 * Token primitives: EdDSA access JWTs (jose) signed with a key ring whose newest key signs and
 * whose older keys still verify, and opaque random tokens stored only as SHA-256 hashes.
 */
import { errors, importJWK, type JWK, jwtVerify, SignJWT } from "jose";
import { decodeBase64 } from "../crypto/base64.ts";

/** Lifetime of an access token. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
const ISSUER = "ledgerflow";
const AUDIENCE = "ledgerflow";

/** What an access token says. */
export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Session id (the refresh-token family). */
  sid: string;
  /** Firm the session acts in. */
  firm: string;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Thrown for any token that must be rejected; carries no detail for the client. */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "InvalidTokenError";
  }
}

/** Signs and verifies access tokens with a key ring. */
export class TokenSigner {
  private constructor(private readonly keys: SigningKey[]) {}

  /** Parses `kid:base64(PKCS#8 Ed25519),…`; the last key signs, all verify. */
  static async fromConfig(text: string): Promise<TokenSigner> {
    const keys: SigningKey[] = [];
    for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
      const at = part.indexOf(":");
      const kid = part.slice(0, at);
      if (at < 1 || !/^[A-Za-z0-9_-]{1,40}$/.test(kid)) {
        throw new Error(`Cannot read LEDGERFLOW_SIGNING_KEYS: "${kid}" is not a valid key id`);
      }
      if (keys.some((k) => k.kid === kid)) {
        throw new Error(`Cannot read LEDGERFLOW_SIGNING_KEYS: key id "${kid}" appears twice`);
      }
      let privateKey: CryptoKey;
      try {
        privateKey = await crypto.subtle.importKey(
          "pkcs8",
          decodeBase64(part.slice(at + 1)),
          { name: "Ed25519" },
          true,
          [
            "sign",
          ],
        );
      } catch {
        throw new Error(`Cannot read LEDGERFLOW_SIGNING_KEYS: key "${kid}" is not a base64 PKCS#8 Ed25519 private key`);
      }
      const jwk = await crypto.subtle.exportKey("jwk", privateKey) as JWK;
      const publicKey = await importJWK({ kty: "OKP", crv: "Ed25519", x: jwk.x }, "EdDSA") as CryptoKey;
      keys.push({ kid, privateKey, publicKey });
    }
    if (!keys.length) throw new Error("Cannot read LEDGERFLOW_SIGNING_KEYS: no keys given");
    return new TokenSigner(keys);
  }

  /** Key id used for new tokens. */
  get currentKid(): string {
    return this.keys[this.keys.length - 1].kid;
  }

  /** Issues an access token valid for {@link ACCESS_TOKEN_SECONDS}. */
  async sign(claims: AccessClaims, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
    const key = this.keys[this.keys.length - 1];
    return await new SignJWT({ sid: claims.sid, firm: claims.firm })
      .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds - 5)
      .setExpirationTime(nowSeconds + ACCESS_TOKEN_SECONDS)
      .setJti(crypto.randomUUID())
      .sign(key.privateKey);
  }

  /** Verifies signature, algorithm, kid, issuer, audience and time; throws InvalidTokenError. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, (header) => {
        const key = this.keys.find((k) => k.kid === header.kid);
        if (!key) throw new InvalidTokenError("unknown key id");
        return key.publicKey;
      }, { algorithms: ["EdDSA"], issuer: ISSUER, audience: AUDIENCE, clockTolerance: 5 });
      if (typeof payload.sub !== "string" || typeof payload.sid !== "string" || typeof payload.firm !== "string") {
        throw new InvalidTokenError("missing claims");
      }
      return { sub: payload.sub, sid: payload.sid, firm: payload.firm };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
      throw new InvalidTokenError("malformed token");
    }
  }
}

/** A random opaque token like `lf_rt_<43 base64url chars>` (256 bits). */
export function randomToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `${prefix}_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** SHA-256 hex of a token: what the database stores instead of the token. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
