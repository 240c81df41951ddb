import { assertEquals } from "./support/assert.ts";
import { createTestApp } from "./support/app.ts";
import { api } from "./support/identity.ts";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../src/tasks/seed_demo.ts";
import { parseKeyRing } from "../src/crypto/keyring.ts";

Deno.test("seed:demo creates one user per role and two clients, once", async () => {
  const t = await createTestApp();
  try {
    const keyring = parseKeyRing(t.config.encryptionKeys);
    assertEquals(await seedDemo(t.db.appSql, keyring), true);
    assertEquals(await seedDemo(t.db.appSql, keyring), false, "idempotent");
    const roles = await t.db.sql`select role from memberships order by role`;
    assertEquals(roles.map((r) => r.role), ["admin", "owner", "preparer", "read_only", "reviewer"]);
    const [{ n }] = await t.db.sql`select count(*)::int as n from clients`;
    assertEquals(n, 2);
    for (const u of DEMO_USERS) {
      const res = await api(t, undefined, "POST", "/api/v1/auth/token", { email: u.email, password: DEMO_PASSWORD });
      assertEquals(res.status, 200, `${u.role} can sign in`);
    }
    const assigned = await t.db.sql`
      select u.email from client_assignments a join users u on u.id = a.user_id order by u.email`;
    assertEquals(assigned.length, 3);
  } finally {
    await t.close();
  }
});
