import { assert, assertEquals, assertMatch, assertRejects, assertStringIncludes } from "../../tests/support/assert.ts";
import { encodeBase64 } from "./base64.ts";
import { DecryptionError, KeyRing, parseKeyRing } from "./keyring.ts";

const key = (fill: number) => encodeBase64(new Uint8Array(32).fill(fill));
const K1 = key(1);
const K2 = key(2);

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

/** Flips one bit of the token's payload (keeps it well-formed base64url). */
function tamper(token: string, at: number): string {
  const [head, body] = token.split(".");
  const bytes = Uint8Array.from(atob(body.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  bytes[at] ^= 0x01;
  const b64 = encodeBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${head}.${b64}`;
}

Deno.test("text round trips: ascii, unicode and the empty string", async () => {
  const ring = parseKeyRing(`1:${K1}`);
  for (const text of ["DE89 3704 0044 0532 0130 00", "Ünïcødé — 账户 🧾", ""]) {
    const token = await ring.encrypt(text);
    assertMatch(token, /^v1\.[A-Za-z0-9_-]+$/);
    assertEquals(await ring.decryptText(token), text);
  }
});

Deno.test("bytes round trip through tokens and 1 MB envelopes", async () => {
  const ring = parseKeyRing(`1:${K1}`);
  const small = randomBytes(100);
  assertEquals(await ring.decrypt(await ring.encrypt(small)), small);
  const file = randomBytes(1024 * 1024);
  const envelope = await ring.encryptBytes(file, "documents:42");
  assertEquals(new TextDecoder().decode(envelope.subarray(0, 4)), "LFE1");
  assertEquals(new DataView(envelope.buffer).getUint32(4), 1);
  assertEquals(envelope.length, file.length + 4 + 4 + 12 + 16);
  assertEquals(await ring.decryptBytes(envelope, "documents:42"), file);
  // A view into a larger buffer works too.
  const padded = new Uint8Array(envelope.length + 8);
  padded.set(envelope, 8);
  assertEquals(await ring.decryptBytes(padded.subarray(8), "documents:42"), file);
});

Deno.test("every encryption uses a fresh IV", async () => {
  const ring = parseKeyRing(`1:${K1}`);
  const a = await ring.encrypt("same");
  const b = await ring.encrypt("same");
  assert(a !== b);
  const x = await ring.encryptBytes(new Uint8Array(8));
  const y = await ring.encryptBytes(new Uint8Array(8));
  assert(x.subarray(8, 20).some((byte, i) => byte !== y[8 + i]));
});

Deno.test("the AAD binds a ciphertext to its context", async () => {
  const ring = parseKeyRing(`1:${K1}`);
  const token = await ring.encrypt("secret", "clients.account_number:1");
  assertEquals(await ring.decryptText(token, "clients.account_number:1"), "secret");
  await assertRejects(() => ring.decrypt(token, "clients.account_number:2"), DecryptionError);
  await assertRejects(() => ring.decrypt(token), DecryptionError);
  const envelope = await ring.encryptBytes(new Uint8Array([1, 2, 3]), "documents:1");
  await assertRejects(() => ring.decryptBytes(envelope, "documents:2"), DecryptionError);
});

Deno.test("tampering is detected", async () => {
  const ring = parseKeyRing(`1:${K1}`);
  const token = await ring.encrypt("pay 100.00 to ACME");
  for (const at of [0, 11, 12, 20, 12 + 18 + 15]) { // IV, ciphertext, tag
    await assertRejects(() => ring.decrypt(tamper(token, at)), DecryptionError, "Cannot decrypt");
  }
  const envelope = await ring.encryptBytes(new Uint8Array(64));
  for (const at of [9, 30, envelope.length - 1]) {
    const copy = envelope.slice();
    copy[at] ^= 0x80;
    await assertRejects(() => ring.decryptBytes(copy), DecryptionError);
  }
  const other = envelope.slice();
  new DataView(other.buffer).setUint32(4, 7);
  await assertRejects(() => ring.decryptBytes(other), DecryptionError, "key version 7 is not in the key ring");
});

Deno.test("malformed tokens and envelopes throw DecryptionError", async () => {
  const ring = parseKeyRing(`1:${K1}`);
  const good = await ring.encrypt("x");
  const body = good.slice(3);
  for (
    const bad of [
      "",
      "v1",
      "v1.",
      "1." + body,
      "v0." + body,
      "v01." + body,
      "x1." + body,
      "v1." + body + "=",
      "v1.AAAA",
    ]
  ) {
    await assertRejects(() => ring.decrypt(bad), DecryptionError);
  }
  await assertRejects(() => ring.decrypt(good.slice(0, -1)), DecryptionError);
  await assertRejects(() => ring.decrypt("v3." + body), DecryptionError, "key version 3 is not in the key ring");
  await assertRejects(() => ring.decryptBytes(new Uint8Array(10)), DecryptionError, "not an LFE1 envelope");
  const wrongKey = parseKeyRing(`1:${K2}`);
  const error = await assertRejects(() => wrongKey.decrypt(good), DecryptionError);
  assert(!error.message.includes(K1) && !error.message.includes(K2));
});

Deno.test("old versions still decrypt after rotation; the newest version encrypts", async () => {
  const old = parseKeyRing(`1:${K1}`);
  const oldToken = await old.encrypt("kept");
  const oldEnvelope = await old.encryptBytes(new Uint8Array([9, 9]));
  const ring = parseKeyRing(`2:${K2}, 1:${K1}`);
  assertEquals(ring.currentVersion, 2);
  assertEquals(ring.versions, [1, 2]);
  assertEquals(await ring.decryptText(oldToken), "kept");
  assertEquals(await ring.decryptBytes(oldEnvelope), new Uint8Array([9, 9]));
  assertEquals(ring.versionOf(oldToken), 1);
  assert(ring.needsRotation(oldToken));
  const fresh = await ring.encrypt("kept");
  assertMatch(fresh, /^v2\./);
  assert(!ring.needsRotation(fresh));
  assertEquals(new DataView((await ring.encryptBytes(new Uint8Array(1))).buffer).getUint32(4), 2);
  await assertRejects(() => old.decrypt(fresh), DecryptionError, "key version 2");
});

Deno.test("parse errors name the variable and never the key", () => {
  const cases: Array<[string, string]> = [
    ["", "it is empty"],
    ["  ", "it is empty"],
    [`1:${K1},`, "entry 2 is empty"],
    [K1, 'entry 1 has no "version:" prefix'],
    [`0:${K1}`, 'version "0"'],
    [`-1:${K1}`, 'version "-1"'],
    [`1.5:${K1}`, 'version "1.5"'],
    [`a:${K1}`, 'version "a"'],
    [`4294967296:${K1}`, "not a whole number from 1 to 4294967295"],
    [`1:${K1},1:${K2}`, "version 1 appears more than once"],
    ["1:not*base64!", "the key of version 1 is not valid base64"],
    ["1:", "the key of version 1 is not valid base64"],
    [`1:${encodeBase64(new Uint8Array(16))}`, "the key of version 1 is 16 bytes long, not 32"],
    [`1:${encodeBase64(new Uint8Array(33))}`, "is 33 bytes long, not 32"],
  ];
  for (const [text, reason] of cases) {
    let message = "";
    try {
      parseKeyRing(text);
    } catch (error) {
      assert(error instanceof Error);
      message = error.message;
    }
    assertStringIncludes(message, "Cannot parse LEDGERFLOW_ENCRYPTION_KEYS: ");
    assertStringIncludes(message, reason);
    assert(!message.includes("\n"));
    assert(!message.includes(K1) && !message.includes(K2), `key leaked in: ${message}`);
  }
});

Deno.test("the ring does not show its keys when inspected or serialized", () => {
  const ring = parseKeyRing(`1:${K1},2:${K2}`);
  const shown = Deno.inspect(ring) + JSON.stringify(ring) + String(ring);
  assert(!shown.includes(K1) && !shown.includes(K2));
  assertStringIncludes(Deno.inspect(ring), "currentVersion: 2");
  assert(new KeyRing([[5, new Uint8Array(32)]]).currentVersion === 5);
});
