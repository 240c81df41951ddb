/**
 * `deno task seed:demo`: a demo firm with one user per role and two clients, for trying
 * LedgerFlow out. Idempotent: running it again changes nothing. The credentials are in the README.
 */
import { signUp } from "../auth/accounts.ts";
import { hashPassword } from "../auth/passwords.ts";
import type { Role } from "../auth/permissions.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import type { Sql } from "../db/client.ts";
import { withFirm } from "../db/tenant.ts";
import { writeAudit } from "../audit/audit.ts";

/** The demo password of every demo user. */
export const DEMO_PASSWORD = "ledgerflow demo 2026";
/** Demo users by role. */
export const DEMO_USERS: { role: Role; email: string; name: string }[] = [
  { role: "owner", email: "owner@demo.ledgerflow.test", name: "Olivia Owner" },
  { role: "admin", email: "admin@demo.ledgerflow.test", name: "Adam Admin" },
  { role: "preparer", email: "preparer@demo.ledgerflow.test", name: "Priya Preparer" },
  { role: "reviewer", email: "reviewer@demo.ledgerflow.test", name: "Rafael Reviewer" },
  { role: "read_only", email: "readonly@demo.ledgerflow.test", name: "Rita Readonly" },
];

const SYSTEM = { type: "system" as const, id: "seed-demo", label: "deno task seed:demo" };

/** Creates the demo firm unless its owner already exists; returns whether it created anything. */
export async function seedDemo(sql: Sql, keyring: KeyRing): Promise<boolean> {
  const [existing] = await sql`select 1 from users where lower(email) = ${DEMO_USERS[0].email}`;
  if (existing) return false;
  const owner = DEMO_USERS[0];
  const { firm } = await signUp(sql, {
    firmName: "Demo Bookkeeping",
    email: owner.email,
    password: DEMO_PASSWORD,
    name: owner.name,
  }, {});
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await withFirm(sql, firm.id, async (tx) => {
    const ids: Record<string, string> = {};
    for (const u of DEMO_USERS.slice(1)) {
      const [user] = await tx<{ id: string }[]>`
        insert into users (email, name, password_hash) values (${u.email}, ${u.name}, ${passwordHash}) returning id`;
      await tx`insert into memberships (firm_id, user_id, role) values (${firm.id}, ${user.id}, ${u.role})`;
      ids[u.role] = user.id;
      await writeAudit(tx, firm.id, SYSTEM, {
        action: "member.add",
        entityType: "user",
        entityId: user.id,
        after: { email: u.email, role: u.role },
      });
    }
    const clients = [
      { name: "Riverside Bakery LLC", entity: "single_member_llc", taxId: "841234567", contact: "Sam Rivera" },
      { name: "Maya Chen, DDS", entity: "sole_proprietor", taxId: "123456789", contact: "Maya Chen" },
    ];
    for (const [i, c] of clients.entries()) {
      const id = crypto.randomUUID();
      const taxIdEnc = await keyring.encrypt(c.taxId, `client-tax-id:${id}`);
      await tx`
        insert into clients (id, firm_id, name, entity_type, tax_id_enc, tax_id_last4, contact_name)
        values (${id}, ${firm.id}, ${c.name}, ${c.entity}, ${taxIdEnc}, ${c.taxId.slice(-4)}, ${c.contact})`;
      await writeAudit(tx, firm.id, SYSTEM, {
        action: "client.create",
        entityType: "client",
        entityId: id,
        after: { name: c.name, entity_type: c.entity },
      });
      // Staff are assigned to the first client only, so each role sees the difference.
      if (i === 0) {
        for (const role of ["preparer", "reviewer", "read_only"]) {
          await tx`insert into client_assignments (firm_id, client_id, user_id) values (${firm.id}, ${id}, ${
            ids[role]
          })`;
        }
      }
    }
  });
  return true;
}
