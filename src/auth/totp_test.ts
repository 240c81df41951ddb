import { assert, assertEquals, assertMatch, assertRejects } from "../../tests/support/assert.ts";
import {
  decodeBase32,
  encodeBase32,
  generateRecoveryCodes,
  generateTotpSecret,
  normalizeRecoveryCode,
  otpauthUri,
  totpCode,
  verifyTotp,
} from "./totp.ts";

/** RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
const RFC_SECRET = encodeBase32(new TextEncoder().encode("12345678901234567890"));
const RFC_VECTORS: Array<[number, string]> = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

Deno.test("RFC 6238 Appendix B SHA-1 vectors, 8 digits and the 6-digit truncation", async () => {
  assertEquals(RFC_SECRET, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  for (const [seconds, expected] of RFC_VECTORS) {
    assertEquals(await totpCode(RFC_SECRET, seconds * 1000, { digits: 8 }), expected, `T=${seconds}`);
    assertEquals(await totpCode(RFC_SECRET, seconds * 1000), expected.slice(2), `T=${seconds} (6 digits)`);
  }
});

Deno.test("base32 follows RFC 4648 and round trips", () => {
  const vectors: Array<[string, string]> = [
    ["", ""],
    ["f", "MY"],
    ["fo", "MZXQ"],
    ["foo", "MZXW6"],
    ["foob", "MZXW6YQ"],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI"],
  ];
  const bytes = (s: string) => new TextEncoder().encode(s);
  for (const [plain, encoded] of vectors) {
    assertEquals(encodeBase32(bytes(plain)), encoded);
    assertEquals(decodeBase32(encoded), bytes(plain));
  }
  assertEquals(decodeBase32("mzxw 6ytb oi======"), bytes("foobar"));
  for (let length = 0; length < 40; length++) {
    const random = crypto.getRandomValues(new Uint8Array(length));
    assertEquals(decodeBase32(encodeBase32(random)), random);
  }
  let error: unknown;
  try {
    decodeBase32("MZXW1");
  } catch (e) {
    error = e;
  }
  assert(error instanceof TypeError && error.message.startsWith("Cannot decode base32"));
});

Deno.test("generated secrets are 20 random bytes in base32", () => {
  const a = generateTotpSecret();
  assertMatch(a, /^[A-Z2-7]{32}$/);
  assertEquals(decodeBase32(a).length, 20);
  assert(a !== generateTotpSecret());
});

Deno.test("verifyTotp accepts the window around now and returns the matched step", async () => {
  const secret = generateTotpSecret();
  const at = 1_700_000_015_000;
  const step = Math.floor(at / 30_000);
  const codeAt = (s: number) => totpCode(secret, s * 30_000);
  assertEquals(await verifyTotp(secret, await codeAt(step), { atMs: at }), step);
  assertEquals(await verifyTotp(secret, await codeAt(step - 1), { atMs: at }), step - 1);
  assertEquals(await verifyTotp(secret, await codeAt(step + 1), { atMs: at }), step + 1);
  assertEquals(await verifyTotp(secret, await codeAt(step - 2), { atMs: at }), null);
  assertEquals(await verifyTotp(secret, await codeAt(step + 2), { atMs: at }), null);
  assertEquals(await verifyTotp(secret, await codeAt(step - 2), { atMs: at, window: 2 }), step - 2);
  assertEquals(await verifyTotp(secret, await codeAt(step - 1), { atMs: at, window: 0 }), null);
  const now = await totpCode(secret, Date.now());
  assert((await verifyTotp(secret, now)) !== null);
  await assertRejects(() => verifyTotp(secret, now, { window: 11 }), RangeError);
});

Deno.test("verifyTotp strips spaces and rejects malformed codes", async () => {
  const at = 59_000;
  const code = await totpCode(RFC_SECRET, at); // "287082"
  assertEquals(await verifyTotp(RFC_SECRET, ` ${code.slice(0, 3)} ${code.slice(3)} `, { atMs: at }), 1);
  for (const bad of ["", "28708", "2870820", "94287082", "28708a", "２８７０８２", "287-082", "+28708"]) {
    assertEquals(await verifyTotp(RFC_SECRET, bad, { atMs: at }), null, JSON.stringify(bad));
  }
  assertEquals(await verifyTotp(RFC_SECRET, null as unknown as string, { atMs: at }), null);
});

Deno.test("otpauthUri builds the key URI with proper encoding", () => {
  const uri = otpauthUri({
    secret: "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp",
    account: "jane+tax@example.com",
    issuer: "Acme & Co",
  });
  assertEquals(
    uri,
    "otpauth://totp/Acme%20%26%20Co:jane%2Btax%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" +
      "&issuer=Acme%20%26%20Co&algorithm=SHA1&digits=6&period=30",
  );
  const parsed = new URL(uri);
  assertEquals(parsed.protocol, "otpauth:");
  assertEquals(parsed.searchParams.get("issuer"), "Acme & Co");
  for (const bad of [{ issuer: "A:B", account: "x" }, { issuer: "A", account: "" }]) {
    let error: unknown;
    try {
      otpauthUri({ secret: generateTotpSecret(), ...bad });
    } catch (e) {
      error = e;
    }
    assert(error instanceof TypeError);
  }
});

Deno.test("recovery codes are unambiguous, unique and normalize back", () => {
  const codes = generateRecoveryCodes();
  assertEquals(codes.length, 10);
  assertEquals(new Set(codes).size, 10);
  for (const code of codes) {
    assertMatch(code, /^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{2}$/);
    assertEquals(normalizeRecoveryCode(code), code);
    assertEquals(normalizeRecoveryCode(` ${code.toUpperCase().replace(/-/g, " ")} `), code);
    assertEquals(normalizeRecoveryCode(code.replace(/-/g, "")), code);
  }
  assertEquals(generateRecoveryCodes(3).length, 3);
  const all = generateRecoveryCodes(100).join("");
  assert(!/[01oli]/.test(all));
  for (const bad of ["", "abcd-efgh-j", "abcd-efgh-jkm", "abc0-efgh-jk", "abcl-efgh-jk", "abcd_efgh_jk"]) {
    assertEquals(normalizeRecoveryCode(bad), null, bad);
  }
});
