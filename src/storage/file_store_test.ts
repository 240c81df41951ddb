import { assert, assertEquals, assertRejects } from "../../tests/support/assert.ts";
import { parseKeyRing } from "../crypto/keyring.ts";
import { DecryptionError } from "../crypto/keyring.ts";
import { EncryptedFileStore, LocalFileStore } from "./file_store.ts";

const ring = parseKeyRing(`1:${btoa(String.fromCharCode(...new Uint8Array(32).fill(7)))}`);

Deno.test("files are encrypted at rest, read back intact, and deleted", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new EncryptedFileStore(new LocalFileStore(dir), ring);
    const bytes = new TextEncoder().encode("%PDF-1.7 account 000123454821");
    await store.put("firm-1/doc-1", bytes);
    const raw = await Deno.readFile(`${dir}/firm-1/doc-1`);
    assert(!new TextDecoder().decode(raw).includes("000123454821"), "no plaintext on disk");
    assertEquals((await Deno.stat(`${dir}/firm-1/doc-1`)).mode! & 0o777, 0o600);
    assertEquals(await store.get("firm-1/doc-1"), bytes);
    const leftovers = [...Deno.readDirSync(`${dir}/firm-1`)].map((e) => e.name);
    assertEquals(leftovers, ["doc-1"], "no temporary files left behind");
    await store.delete("firm-1/doc-1");
    assertEquals(await store.get("firm-1/doc-1"), undefined);
    await store.delete("firm-1/doc-1");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file moved under another key does not decrypt; hostile keys are refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new EncryptedFileStore(new LocalFileStore(dir), ring);
    await store.put("a/one", new Uint8Array([1, 2, 3]));
    await Deno.mkdir(`${dir}/b`);
    await Deno.copyFile(`${dir}/a/one`, `${dir}/b/two`);
    await assertRejects(() => store.get("b/two"), DecryptionError);
    await assertRejects(() => store.put("../etc/passwd", new Uint8Array([1])), Error, "unexpected characters");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
