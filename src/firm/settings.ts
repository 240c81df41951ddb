/** Everything the firm settings page shows, loaded in one firm-scoped transaction. */
import { can, grantableRoles, type Role } from "../auth/permissions.ts";
import type { Tx } from "../db/tenant.ts";
import type { Acting } from "./acting.ts";
import { getFirm } from "./firms.ts";
import { listAssignableClients, listInvites } from "./invites.ts";
import { listMembers } from "./members.ts";
import type { FirmView, InviteView, MemberView } from "./schemas.ts";

/** The data of the firm settings page; parts the viewer may not see are empty. */
export interface FirmSettings {
  firm: FirmView;
  me: Acting;
  members: MemberView[];
  /** Pending invites (members.manage only). */
  invites: InviteView[];
  /** Clients an invite may assign (members.manage only). */
  clients: { id: string; name: string }[];
  /** Roles the viewer may grant by changing a member's role. */
  grantable: Role[];
}

/** Loads the settings page for `me`; undefined when the firm is gone. */
export async function loadFirmSettings(tx: Tx, firmId: string, me: Acting): Promise<FirmSettings | undefined> {
  const firm = await getFirm(tx, firmId);
  if (!firm) return undefined;
  const manage = can(me.role, "members.manage");
  return {
    firm,
    me: { userId: me.userId, role: me.role },
    members: can(me.role, "members.read") ? await listMembers(tx, firmId) : [],
    invites: manage ? await listInvites(tx, firmId, "pending") : [],
    clients: manage ? await listAssignableClients(tx, firmId) : [],
    grantable: grantableRoles(me.role),
  };
}
