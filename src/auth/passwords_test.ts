import { argon2id, argon2Verify } from "hash-wasm";
import { assert, assertEquals, assertMatch } from "../../tests/support/assert.ts";
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from "./passwords.ts";

/** A hash with cheap parameters (m=64 KiB, t=1) made by hash-wasm itself, for fast interop tests. */
function cheapHash(password: string): Promise<string> {
  return argon2id({
    password,
    salt: crypto.getRandomValues(new Uint8Array(16)),
    memorySize: 64,
    iterations: 1,
    parallelism: 1,
    hashLength: 32,
    outputType: "encoded",
  });
}

Deno.test("hashPassword makes an OWASP argon2id PHC string that verifies (5 full-cost hashes)", async () => {
  const password = "correct horse battery staple ✓";
  const hash = await hashPassword(password);
  assertMatch(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert(await verifyPassword(hash, password));
  assert(!(await verifyPassword(hash, "correct horse battery staple")));
  assert(await argon2Verify({ password, hash }), "hash-wasm's own verifier accepts our PHC string");
  assert(!needsRehash(hash));
  // NFKC: a decomposed "é" verifies against the composed one.
  const composed = await hashPassword("caf\u00e9-au-lait-2024");
  assert(await verifyPassword(composed, "cafe\u0301-au-lait-2024"));
  assert(composed !== hash && composed.split("$")[4] !== hash.split("$")[4], "fresh salt per hash");
});

Deno.test("verifyPassword accepts other argon2id parameters; needsRehash flags them", async () => {
  const old = await cheapHash("an older hash");
  assert(await verifyPassword(old, "an older hash"));
  assert(!(await verifyPassword(old, "an older hasH")));
  assert(needsRehash(old));
  const [, , v, , salt, digest] = old.split("$");
  for (const params of ["m=19456,t=3,p=1", "m=65536,t=2,p=1", "m=19456,t=2,p=2"]) {
    assert(needsRehash(`$argon2id$${v}$${params}$${salt}$${digest}`), params);
  }
  assert(needsRehash("not a hash"));
});

Deno.test("verifyPassword returns false, never throws, on malformed hashes", async () => {
  const good = await cheapHash("pw");
  const [, , v, params, salt, digest] = good.split("$");
  const bad = [
    "",
    "plaintext",
    "$argon2i$v=19$m=64,t=1,p=1$" + `${salt}$${digest}`,
    "$argon2d$v=19$m=64,t=1,p=1$" + `${salt}$${digest}`,
    `$argon2id$v=16$${params}$${salt}$${digest}`,
    `$argon2id$${v}$m=64,t=1$${salt}$${digest}`,
    `$argon2id$${v}$${params}$${salt}`,
    `$argon2id$${v}$${params}$!!!$${digest}`,
    `$argon2id$${v}$${params}$${salt}$${digest}=`,
    `$argon2id$${v}$${params}$c2FsdA$${digest}`, // 4-byte salt
    `$argon2id$${v}$m=4194304,t=1,p=1$${salt}$${digest}`, // 4 GiB: refused, not attempted
    `$argon2id$${v}$m=64,t=0,p=1$${salt}$${digest}`,
    `$argon2id$${v}$m=64,t=1,p=0$${salt}$${digest}`,
    `${good}\n`,
  ];
  for (const hash of bad) {
    assertEquals(await verifyPassword(hash, "pw"), false, hash);
    assert(needsRehash(hash));
  }
  assertEquals(await verifyPassword(null as unknown as string, "pw"), false);
  assertEquals(await verifyPassword(good, undefined as unknown as string), false);
});

Deno.test("the policy checks length", () => {
  assertEquals(checkPasswordPolicy("Xk9#vT2$qL7"), "Use at least 12 characters");
  assertEquals(checkPasswordPolicy(""), "Use at least 12 characters");
  assertEquals(
    checkPasswordPolicy("🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊"),
    "Use at least 12 characters",
    "counts characters, not UTF-16 units",
  );
  assertEquals(checkPasswordPolicy("Xk9#vT2$qL7!"), null);
  assertEquals(checkPasswordPolicy("a-b-c-d-e-f-".repeat(21) + "abcd"), null); // 256
  assertEquals(checkPasswordPolicy("a-b-c-d-e-f-".repeat(21) + "abcde"), "Use at most 256 characters");
});

Deno.test("the policy refuses common passwords, also with digits and symbols around them", () => {
  const reason = "This password is too common; choose one that is harder to guess";
  for (
    const pw of ["password1234", "qwertyuiop123", "Password123!!!", "QWERTYUIOP!!", "!!!!Sunshine2024", "iloveyou2024!"]
  ) {
    assertEquals(checkPasswordPolicy(pw), reason, pw);
  }
  assertEquals(checkPasswordPolicy("password-tide-lamp"), null, "a common word inside a longer phrase is fine");
});

Deno.test("the policy refuses the email local part and the name", () => {
  const context = { email: "Jane.Doe@Example.com", name: "Jane Marie Doe" };
  assertEquals(checkPasswordPolicy("xx-jane.doe-2024!", context), "Do not use your email address in the password");
  assertEquals(
    checkPasswordPolicy("JaneDoe-taxes!!", { email: "jane.doe@example.com" }),
    "Do not use your email address in the password",
  );
  assertEquals(checkPasswordPolicy("marie-ledger-77!", context), "Do not use your name in the password");
  assertEquals(
    checkPasswordPolicy("JANEMARIEDOE#1", { name: "Jane Marie Doe" }),
    "Do not use your name in the password",
  );
  assertEquals(checkPasswordPolicy("Example.com rocks!", context), null, "the domain is not personal");
  assertEquals(
    checkPasswordPolicy("planning-banner-42", { name: "Ann Li", email: "al@x.io" }),
    null,
    "short parts ignored",
  );
});

Deno.test("a strong random password is accepted", () => {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  const random = btoa(String.fromCharCode(...bytes));
  assertEquals(checkPasswordPolicy(random, { email: "someone@example.com", name: "Some One" }), null);
  assertEquals(checkPasswordPolicy("tundra-violet-copper-49"), null);
});
