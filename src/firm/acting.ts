/** Who performs a firm change, and the permission check every service function starts with. */
import { type Action, can, type Role } from "../auth/permissions.ts";
import { ForbiddenError } from "../errors.ts";

/** The acting member (a request's Principal fits). */
export interface Acting {
  userId: string;
  role: Role;
}

/** Throws 403 unless the acting member may perform `action` (the routes' guards check it first). */
export function assertCan(by: Acting, action: Action): void {
  if (!can(by.role, action)) throw new ForbiddenError();
}
