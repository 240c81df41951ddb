/** The members table: role changes and removal inline (htmx swaps one row), plain forms without JavaScript. */
import { can } from "../src/auth/permissions.ts";
import type { MemberView } from "../src/firm/schemas.ts";
import { errorAt, type FirmViewProps } from "./FirmViewState.tsx";

/** Whether the viewer may change or remove `member` (never themselves; owners only by owners). */
export function canEditMember(data: FirmViewProps["data"], member: MemberView): boolean {
  const { me } = data;
  return can(me.role, "members.manage") && member.user_id !== me.userId &&
    (member.role !== "owner" || me.role === "owner");
}

/** The members section. */
export function MembersSection(p: FirmViewProps) {
  const { t } = p.c.var.i18n;
  const manage = can(p.data.me.role, "members.manage");
  return (
    <section class="card" id="firm-members" aria-labelledby="firm-members-title">
      <h2 id="firm-members-title">{t("firm.members.title")}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("firm.members.name")}</th>
              <th scope="col">{t("firm.members.email")}</th>
              <th scope="col">{t("firm.members.role")}</th>
              <th scope="col">{t("firm.members.two_factor")}</th>
              <th scope="col">{t("firm.members.joined")}</th>
              {manage && <th scope="col">{t("firm.members.actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {p.data.members.map((member) => <MemberRow key={member.user_id} {...p} member={member} />)}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One member; the unit htmx swaps after a role change or removal. */
export function MemberRow({ c, data, state, member }: FirmViewProps & { member: MemberView }) {
  const { t, date } = c.var.i18n;
  const id = member.user_id;
  const target = `member:${id}` as const;
  const error = errorAt(state, target);
  const editable = canEditMember(data, member);
  const name = member.name || member.email;
  const hx = { "hx-target": `#member-${id}`, "hx-swap": "outerHTML" };
  return (
    <tr id={`member-${id}`}>
      <td>
        {member.name || <span class="muted">—</span>}
        {id === data.me.userId && (
          <>
            {" "}
            <span class="badge badge-ok">{t("firm.members.you")}</span>
          </>
        )}
      </td>
      <td>{member.email}</td>
      <td>
        {editable
          ? (
            <form
              class="inline-form member-role-form"
              method="post"
              action={`/firm/members/${id}/role`}
              hx-post={`/firm/members/${id}/role`}
              {...hx}
            >
              <label class="visually-hidden" for={`role-${id}`}>{t("firm.members.role_for", { name })}</label>
              <select id={`role-${id}`} name="role" aria-invalid={error ? "true" : undefined}>
                {data.grantable.map((role) => (
                  <option value={role} selected={role === member.role}>{t(`firm.role.${role}`)}</option>
                ))}
              </select>
              <button type="submit" class="button button-small button-secondary">{t("firm.members.change")}</button>
            </form>
          )
          : t(`firm.role.${member.role}`)}
        {error && <p class="error-text" role="alert">{error.message}</p>}
        {state.notice === target && <p class="ok" role="status">{t("firm.members.updated")}</p>}
      </td>
      <td>{member.two_factor_enabled ? t("firm.members.two_factor.on") : t("firm.members.two_factor.off")}</td>
      <td>{date(member.joined_at)}</td>
      {can(data.me.role, "members.manage") && (
        <td>
          {editable && (
            <form
              method="post"
              action={`/firm/members/${id}/remove`}
              hx-post={`/firm/members/${id}/remove`}
              hx-confirm={t("firm.members.remove_confirm", { name })}
              {...hx}
            >
              <button type="submit" class="button button-small button-danger">{t("firm.members.remove")}</button>
            </form>
          )}
        </td>
      )}
    </tr>
  );
}
