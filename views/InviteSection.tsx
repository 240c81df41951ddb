/** Inviting people: the form, the one-time link after creating an invite, and pending invites with Revoke. */
import type { InviteView } from "../src/firm/schemas.ts";
import { Field, FormErrors, SelectField } from "./components/Form.tsx";
import { errorAt, type FirmViewProps, lastValue } from "./FirmViewState.tsx";

/** The invites section (members.manage only). */
export function InvitesSection(p: FirmViewProps) {
  const { c, data, state } = p;
  const { t } = c.var.i18n;
  const error = errorAt(state, "invites");
  const values = error?.values ?? {};
  const roles = data.grantable.filter((r) => r !== "owner");
  const chosen = new Set([values.client_ids ?? []].flat());
  return (
    <section class="card" id="firm-invites" aria-labelledby="firm-invites-title">
      <h2 id="firm-invites-title">{t("firm.invites.title")}</h2>
      <p class="muted">{t("firm.invites.lead")}</p>
      {state.created && (
        <div class="secret-box invite-link" role="status">
          <label for="invite-link">{t("firm.invites.link", { email: state.created.email })}</label>
          <input id="invite-link" class="invite-link-value" type="text" readonly value={state.created.url} />
          <p class="hint">{t("firm.invites.link.once")}</p>
          <p class="hint">
            {state.created.mailed
              ? t("firm.invites.link.mailed", { email: state.created.email })
              : t("firm.invites.link.not_mailed")}
          </p>
        </div>
      )}
      <form method="post" action="/firm/invites" hx-post="/firm/invites" hx-target="#firm-invites" hx-swap="outerHTML">
        <FormErrors message={error?.message} />
        <Field
          label={t("firm.invites.email")}
          name="email"
          type="email"
          value={lastValue(values.email)}
          error={error?.fields.email}
          required
          autocomplete="off"
          maxlength={254}
        />
        <SelectField
          label={t("firm.invites.role")}
          name="role"
          options={roles.map((r) => ({ value: r, label: t(`firm.role.${r}`) }))}
          value={lastValue(values.role) ?? (roles.includes("preparer") ? "preparer" : roles[0])}
          error={error?.fields.role}
        />
        <fieldset class={`field firm-checklist${error?.fields.client_ids ? " field-invalid" : ""}`}>
          <legend>{t("firm.invites.clients")}</legend>
          <p class="hint">{t("firm.invites.clients.hint")}</p>
          {data.clients.length === 0 && <p class="muted">{t("firm.invites.clients.none")}</p>}
          {data.clients.map((client) => (
            <label class="check">
              <input type="checkbox" name="client_ids" value={client.id} checked={chosen.has(client.id)} />
              {client.name}
            </label>
          ))}
          {error?.fields.client_ids && <p class="error-text">{error.fields.client_ids}</p>}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button">{t("firm.invites.create")}</button>
        </div>
      </form>
      <h3>{t("firm.invites.pending")}</h3>
      {data.invites.length === 0 ? <p class="muted">{t("firm.invites.none")}</p> : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("firm.invites.email")}</th>
                <th scope="col">{t("firm.invites.role")}</th>
                <th scope="col">{t("firm.members.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.invites.map((invite) => <InviteRow key={invite.id} {...p} invite={invite} />)}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** One pending invite; the unit htmx swaps (away) after Revoke. */
export function InviteRow({ c, state, invite }: FirmViewProps & { invite: InviteView }) {
  const { t, date } = c.var.i18n;
  const error = errorAt(state, `invite:${invite.id}`);
  return (
    <tr id={`invite-${invite.id}`}>
      <td>
        {invite.email}
        <br />
        <span class="muted">{t("firm.invites.expires", { date: date(invite.expires_at) })}</span>
      </td>
      <td>{t(`firm.role.${invite.role}`)}</td>
      <td>
        <form
          method="post"
          action={`/firm/invites/${invite.id}/revoke`}
          hx-post={`/firm/invites/${invite.id}/revoke`}
          hx-target={`#invite-${invite.id}`}
          hx-swap="outerHTML"
          hx-confirm={t("firm.invites.revoke_confirm", { email: invite.email })}
        >
          <button type="submit" class="button button-small button-secondary">{t("firm.invites.revoke")}</button>
        </form>
        {error && <p class="error-text" role="alert">{error.message}</p>}
      </td>
    </tr>
  );
}
