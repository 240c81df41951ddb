/**
 * Invites at the service level: create → accept by the invited user (membership, role, client
 * assignments, audit), and every way an invite link can be refused.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../../tests/support/assert.ts";
import { createTestApp, type TestApp } from "../../tests/support/app.ts";
import { auditCount, createFirm, type Member } from "../../tests/support/identity.ts";
import type { AuditActor } from "../audit/audit.ts";
import { hashToken } from "../auth/tokens.ts";
import { withFirm } from "../db/tenant.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.ts";
import { acceptInvite, createInvite, findInviteByToken, listInvites, revokeInvite } from "./invites.ts";

const META = { ip: "127.0.0.1", userAgent: "tests", requestId: "req-1" };
const actorOf = (m: Member): AuditActor => ({ ...META, type: "user", id: m.userId, label: m.email });

async function newUser(t: TestApp, email: string): Promise<string> {
  const [user] = await t.db.sql<{ id: string }[]>`
    insert into users (email, name, password_hash) values (${email}, 'Ivy Invitee', 'not-a-real-hash') returning id`;
  return user.id;
}

async function newClient(t: TestApp, firmId: string, name: string): Promise<string> {
  const [client] = await t.db.sql<{ id: string }[]>`
    insert into clients (firm_id, name) values (${firmId}, ${name}) returning id`;
  return client.id;
}

async function invite(t: TestApp, owner: Member, email: string, extra: { client_ids?: string[] } = {}) {
  return await withFirm(t.db.appSql, owner.firmId, (tx) =>
    createInvite(
      tx,
      owner.firmId,
      { userId: owner.userId, role: "owner" },
      { email, role: "preparer", ...extra },
      actorOf(owner),
      "https://ledger.example.com/",
    ));
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

Deno.test("an invite is accepted once by the invited user: membership, role, client assignments, audit", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Invite & Co");
    const a = await newClient(t, owner.firmId, "Alpha LLC");
    const b = await newClient(t, owner.firmId, "Beta Inc");
    await newClient(t, owner.firmId, "Gamma (not assigned)");
    const created = await invite(t, owner, "Ivy@Example.test", { client_ids: [a, b, a] });
    assertMatch(created.url, /^https:\/\/ledger\.example\.com\/invites\/lf_inv_[A-Za-z0-9_-]{43}$/);
    assertEquals(created.email, "ivy@example.test");
    assertEquals(created.status, "pending");
    assertEquals(created.client_ids.sort(), [a, b].sort());
    const token = tokenOf(created.url);

    const [stored] = await t.db.sql`select token_hash from invites where id = ${created.id}`;
    assertEquals(stored.token_hash, await hashToken(token), "only the hash is stored");
    const [leak] = await t.db.sql`select count(*)::int as n from audit_log where changes::text like ${
      "%" + token + "%"
    }`;
    assertEquals(leak.n, 0, "the token never reaches the audit log");

    const preview = await findInviteByToken(t.db.appSql, token);
    assertEquals(preview?.firmName, "Invite & Co");
    assertEquals(preview?.status, "pending");

    const userId = await newUser(t, "IVY@example.TEST");
    const accepted = await acceptInvite(t.db.appSql, token, userId, META);
    assertEquals(accepted.firmId, owner.firmId);
    assertEquals(accepted.role, "preparer");
    assertEquals(accepted.clientIds.sort(), [a, b].sort());

    const [membership] = await t.db
      .sql`select role from memberships where firm_id = ${owner.firmId} and user_id = ${userId}`;
    assertEquals(membership.role, "preparer");
    const assignments = await t.db.sql`select client_id from client_assignments where user_id = ${userId}`;
    assertEquals(assignments.map((r) => r.client_id).sort(), [a, b].sort());
    const [row] = await t.db.sql`select accepted_at, accepted_by from invites where id = ${created.id}`;
    assert(row.accepted_at instanceof Date);
    assertEquals(row.accepted_by, userId);
    assertEquals(await auditCount(t, "invite.create", created.id), 1);
    assertEquals(await auditCount(t, "invite.accept", created.id), 1);
    assertEquals(await auditCount(t, "member.add", userId), 1);
    const [audit] = await t.db.sql`select actor_id, request_id from audit_log where action = 'invite.accept'`;
    assertEquals(audit.actor_id, userId);
    assertEquals(audit.request_id, "req-1");

    const again = await assertRejects(() => acceptInvite(t.db.appSql, token, userId, META), ValidationError);
    assertMatch(again.message, /already been used/);
    assertEquals(await auditCount(t, "invite.accept"), 1, "a refused attempt writes nothing");
    const listed = await withFirm(t.db.appSql, owner.firmId, (tx) => listInvites(tx, owner.firmId));
    assertEquals(listed.map((i) => i.status), ["accepted"]);
  } finally {
    await t.close();
  }
});

Deno.test("refused invites: expired, revoked, another email, already a member, unknown, firm deleted", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Strict LLP");
    const userId = await newUser(t, "pat@example.test");

    const expired = await invite(t, owner, "pat@example.test");
    await t.db.sql`update invites set expires_at = now() - interval '1 minute' where id = ${expired.id}`;
    await assertRejects(
      () => acceptInvite(t.db.appSql, tokenOf(expired.url), userId, META),
      ValidationError,
      "expired",
    );

    const revoked = await invite(t, owner, "pat@example.test");
    const done = await withFirm(
      t.db.appSql,
      owner.firmId,
      (tx) => revokeInvite(tx, owner.firmId, { userId: owner.userId, role: "owner" }, revoked.id, actorOf(owner)),
    );
    assertEquals(done?.status, "revoked");
    assertEquals(await auditCount(t, "invite.revoke", revoked.id), 1);
    await assertRejects(
      () => acceptInvite(t.db.appSql, tokenOf(revoked.url), userId, META),
      ValidationError,
      "revoked",
    );
    await assertRejects(
      () =>
        withFirm(
          t.db.appSql,
          owner.firmId,
          (tx) => revokeInvite(tx, owner.firmId, { userId: owner.userId, role: "owner" }, revoked.id, actorOf(owner)),
        ),
      ConflictError,
      "already been revoked",
    );

    const other = await invite(t, owner, "someone.else@example.test");
    await assertRejects(
      () => acceptInvite(t.db.appSql, tokenOf(other.url), userId, META),
      ValidationError,
      "This invite was sent to another email address",
    );

    await assertRejects(
      () => acceptInvite(t.db.appSql, "lf_inv_nope", userId, META),
      ValidationError,
      "not valid",
    );
    await assertRejects(() => acceptInvite(t.db.appSql, "garbage", userId, META), ValidationError, "not valid");

    // Already a member (added after the invite was sent): 409, and the invite stays usable.
    const pending = await invite(t, owner, "pat@example.test");
    await t.db.sql`insert into memberships (firm_id, user_id, role) values (${owner.firmId}, ${userId}, 'reviewer')`;
    await assertRejects(() => acceptInvite(t.db.appSql, tokenOf(pending.url), userId, META), ConflictError);
    const [still] = await t.db.sql`select accepted_at from invites where id = ${pending.id}`;
    assertEquals(still.accepted_at, null);
    await t.db.sql`delete from memberships where user_id = ${userId}`;

    await t.db.sql`update firms set deleted_at = now() where id = ${owner.firmId}`;
    await assertRejects(
      () => acceptInvite(t.db.appSql, tokenOf(pending.url), userId, META),
      ValidationError,
      "no longer exists",
    );
    assertEquals(await auditCount(t, "invite.accept"), 0);
    assertEquals(await auditCount(t, "member.add"), 0);
  } finally {
    await t.close();
  }
});

Deno.test("createInvite checks role, clients and membership", async () => {
  const t = await createTestApp();
  try {
    const owner = await createFirm(t, "Checks Ltd");
    const other = await createFirm(t, "Elsewhere Ltd");
    const foreign = await newClient(t, other.firmId, "Not yours");
    const run = (by: { userId: string; role: "owner" | "admin" }, input: Parameters<typeof createInvite>[3]) =>
      withFirm(
        t.db.appSql,
        owner.firmId,
        (tx) => createInvite(tx, owner.firmId, by, input, actorOf(owner), "http://localhost"),
      );
    const error = await assertRejects(
      () =>
        run({ userId: owner.userId, role: "owner" }, { email: "x@example.test", role: "admin", client_ids: [foreign] }),
      ValidationError,
    );
    assertEquals((error.extra.errors as { path: string }[])[0].path, "client_ids");
    await assertRejects(
      () => run({ userId: owner.userId, role: "owner" }, { email: owner.email.toUpperCase(), role: "admin" }),
      ConflictError,
      "already a member",
    );
    await assertRejects(
      () => run({ userId: owner.userId, role: "preparer" as "admin" }, { email: "y@example.test", role: "reviewer" }),
      ForbiddenError,
    );
    assertEquals(await auditCount(t, "invite.create"), 0);
  } finally {
    await t.close();
  }
});
