import { assertEquals } from "../../tests/support/assert.ts";
import { type Action, ACTIONS, can, grantableRoles, isAtMost, type Role, ROLES } from "./permissions.ts";

/**
 * The whole table, written out by hand: a change to permissions.ts must change this test too.
 * Columns: owner, admin, preparer, reviewer, read_only.
 */
const EXPECTED: Record<Action, [boolean, boolean, boolean, boolean, boolean]> = {
  "firm.delete": [true, false, false, false, false],
  "firm.settings": [true, true, false, false, false],
  "members.read": [true, true, true, true, true],
  "members.manage": [true, true, false, false, false],
  "clients.read_all": [true, true, false, false, false],
  "clients.read": [true, true, true, true, true],
  "clients.create": [true, true, false, false, false],
  "clients.update": [true, true, false, false, false],
  "clients.archive": [true, true, false, false, false],
  "clients.assign": [true, true, false, false, false],
  "ledger.edit": [true, true, true, false, false],
  "ledger.review": [true, true, false, true, false],
  "audit.read": [true, true, false, false, false],
};

Deno.test("every role × action is exactly as specified", () => {
  assertEquals(Object.keys(EXPECTED).sort(), [...ACTIONS].sort(), "the table covers every action");
  for (const action of ACTIONS) {
    ROLES.forEach((role, i) => assertEquals(can(role, action), EXPECTED[action][i], `${role} ${action}`));
  }
});

Deno.test("roles rank owner > admin > preparer > reviewer > read_only", () => {
  const order: Role[] = ["owner", "admin", "preparer", "reviewer", "read_only"];
  for (const [i, a] of order.entries()) {
    for (const [j, b] of order.entries()) assertEquals(isAtMost(a, b), i >= j, `${a} ≤ ${b}`);
  }
});

Deno.test("only owners grant owner; only member managers grant anything", () => {
  assertEquals(grantableRoles("owner"), ["owner", "admin", "preparer", "reviewer", "read_only"]);
  assertEquals(grantableRoles("admin"), ["admin", "preparer", "reviewer", "read_only"]);
  for (const role of ["preparer", "reviewer", "read_only"] as Role[]) assertEquals(grantableRoles(role), []);
});
