import { assertEquals, assertRejects } from "../../tests/support/assert.ts";
import { createTestDatabase } from "../../tests/support/db.ts";
import { KeyRing } from "../crypto/keyring.ts";
import { withFirm } from "../db/tenant.ts";
import { ValidationError } from "../errors.ts";
import {
  archiveClient,
  createClient,
  getClient,
  likePattern,
  listAssignments,
  listClients,
  restoreClient,
  setAssignments,
  updateClient,
} from "./clients.ts";
import { ClientCreate } from "./schema.ts";

const ring = new KeyRing([[1, crypto.getRandomValues(new Uint8Array(32))]]);

Deno.test("likePattern escapes LIKE wildcards", () => {
  assertEquals(likePattern("50%_off\\"), "%50\\%\\_off\\\\%");
});

Deno.test("client queries: scoping by firm and assignment, malformed ids, archive/restore, assignments", async () => {
  const db = await createTestDatabase();
  try {
    const [a, b] = await db.sql<{ id: string }[]>`insert into firms (name) values ('A'), ('B') returning id`;
    const users = await db.sql<{ id: string }[]>`
      insert into users (email, name, password_hash)
      values ('own@a.test', 'Own', 'x'), ('prep@a.test', 'Prep', 'x'), ('own@b.test', 'Other', 'x') returning id`;
    const [owner, preparer, outsider] = users.map((u) => u.id);
    await db.sql`insert into memberships (firm_id, user_id, role)
                 values (${a.id}, ${owner}, 'owner'), (${a.id}, ${preparer}, 'preparer'), (${b.id}, ${outsider}, 'owner')`;
    const asOwner = { userId: owner, role: "owner" as const };
    const asPreparer = { userId: preparer, role: "preparer" as const };
    const asOutsider = { userId: outsider, role: "owner" as const };

    const client = await withFirm(
      db.appSql,
      a.id,
      (tx) => createClient(tx, ring, a.id, ClientCreate.parse({ name: "Zed", tax_id: "12-3456789" })),
    );
    await withFirm(db.appSql, a.id, (tx) => createClient(tx, ring, a.id, ClientCreate.parse({ name: "alpha" })));
    assertEquals(client.tax_id_last4, "6789");
    assertEquals(client.assigned_user_ids, []);

    await withFirm(db.appSql, a.id, async (tx) => {
      assertEquals((await listClients(tx, asOwner)).map((c) => c.name), ["alpha", "Zed"]);
      assertEquals((await listClients(tx, asPreparer)).length, 0);
      assertEquals(await getClient(tx, asPreparer, client.id), undefined);
      assertEquals(await getClient(tx, asOwner, "not-a-uuid"), undefined);
      assertEquals(await getClient(tx, asOwner, "'; drop table clients; --"), undefined);
      assertEquals((await getClient(tx, asOwner, client.id.toUpperCase()))?.id, client.id);

      assertEquals(await setAssignments(tx, client.id, [preparer, preparer]), [preparer]);
      assertEquals((await listClients(tx, asPreparer)).map((c) => c.id), [client.id]);
      assertEquals((await getClient(tx, asPreparer, client.id))?.assigned_user_ids, [preparer]);
      assertEquals((await listAssignments(tx, client.id)).map((m) => [m.name, m.role]), [["Prep", "preparer"]]);
      const error = await assertRejects(() => setAssignments(tx, client.id, [owner, outsider]), ValidationError);
      assertEquals(error.extra.errors, [{ path: "user_ids.1", message: "Not a member of this firm" }]);
    });

    // Row-level security: the other firm sees nothing, whatever the query asks for.
    await withFirm(db.appSql, b.id, async (tx) => {
      assertEquals((await listClients(tx, asOutsider)).length, 0);
      assertEquals(await getClient(tx, asOutsider, client.id), undefined);
      assertEquals(await updateClient(tx, client.id, { name: "Stolen" }), undefined);
      assertEquals(await archiveClient(tx, client.id), undefined);
    });

    await withFirm(db.appSql, a.id, async (tx) => {
      assertEquals((await updateClient(tx, client.id, { name: "Zed Two" }))?.name, "Zed Two");
      assertEquals((await archiveClient(tx, client.id))?.archived_at instanceof Date, true);
      assertEquals(await archiveClient(tx, client.id), undefined, "already archived");
      assertEquals((await listClients(tx, asOwner, { archived: true })).map((c) => c.name), ["Zed Two"]);
      assertEquals((await restoreClient(tx, client.id))?.archived_at, null);
      assertEquals(await restoreClient(tx, client.id), undefined, "not archived");
      assertEquals(await setAssignments(tx, client.id, []), []);
      assertEquals((await listClients(tx, asPreparer)).length, 0);
    });
  } finally {
    await db.drop();
  }
});
