/**
 * The firm settings page: firm details and the two-factor rule, members, invites and the
 * danger zone. Every control the viewer may not use is left out (the routes refuse it anyway).
 */
import { can } from "../src/auth/permissions.ts";
import { Field, FormErrors, Notice } from "./components/Form.tsx";
import { InviteRow, InvitesSection } from "./InviteSection.tsx";
import { MemberRow, MembersSection } from "./MemberTable.tsx";
import { errorAt, type FirmTarget, type FirmViewProps, lastValue } from "./FirmViewState.tsx";

export type { FirmPageState, FirmTarget } from "./FirmViewState.tsx";

/** The whole page body. */
export function FirmSettingsPage(p: FirmViewProps) {
  const { t } = p.c.var.i18n;
  const role = p.data.me.role;
  return (
    <>
      <div class="page-header">
        <h1>{t("firm.title")}</h1>
      </div>
      <p class="lead">{t("firm.lead")}</p>
      <FirmDetails {...p} />
      {can(role, "members.read") && <MembersSection {...p} />}
      {can(role, "members.manage") && <InvitesSection {...p} />}
      {can(role, "firm.delete") && <FirmDangerZone {...p} />}
    </>
  );
}

/** The piece of the page htmx swaps after a form on `target`; null when that row is gone (swap it away). */
export function FirmFragment(p: FirmViewProps & { target: FirmTarget }) {
  const { target } = p;
  if (target === "details") return <FirmDetails {...p} />;
  if (target === "invites") return <InvitesSection {...p} />;
  if (target === "danger") return <FirmDangerZone {...p} />;
  if (target.startsWith("member:")) {
    const member = p.data.members.find((m) => m.user_id === target.slice(7));
    return member ? <MemberRow {...p} member={member} /> : null;
  }
  if (target.startsWith("invite:")) {
    const invite = p.data.invites.find((i) => i.id === target.slice(7));
    return invite ? <InviteRow {...p} invite={invite} /> : null;
  }
  return <FirmSettingsPage {...p} />;
}

/** Name and the two-factor rule: a form for those with firm.settings, plain text for everyone else. */
export function FirmDetails({ c, data, state }: FirmViewProps) {
  const { t, date } = c.var.i18n;
  const { firm } = data;
  const error = errorAt(state, "details");
  const values = error?.values ?? {};
  const requireTwoFactor = values.require_two_factor !== undefined
    ? ["true", "on"].includes(lastValue(values.require_two_factor) ?? "")
    : firm.require_two_factor;
  const missing = data.members.filter((m) => !m.two_factor_enabled).length;
  return (
    <section class="card" id="firm-details" aria-labelledby="firm-details-title">
      <h2 id="firm-details-title">{t("firm.details.title")}</h2>
      {state.notice === "details" && <Notice>{t("firm.details.saved")}</Notice>}
      {can(data.me.role, "firm.settings")
        ? (
          <form method="post" action="/firm" hx-post="/firm" hx-target="#firm-details" hx-swap="outerHTML">
            <FormErrors message={error?.message} />
            <Field
              label={t("firm.details.name")}
              name="name"
              value={lastValue(values.name) ?? firm.name}
              error={error?.fields.name}
              required
              maxlength={200}
              autocomplete="organization"
            />
            <div class={`field firm-check${error?.fields.require_two_factor ? " field-invalid" : ""}`}>
              <input type="hidden" name="require_two_factor" value="false" />
              <label for="field-require_two_factor">
                <input
                  type="checkbox"
                  id="field-require_two_factor"
                  name="require_two_factor"
                  value="true"
                  checked={requireTwoFactor}
                  aria-describedby="field-require_two_factor-hint"
                />
                {t("firm.details.require_2fa")}
              </label>
              <p class="hint" id="field-require_two_factor-hint">
                {t("firm.details.require_2fa.hint")}
                {missing > 0 && ` ${t("firm.details.require_2fa.missing", { count: missing })}`}
              </p>
              {error?.fields.require_two_factor && <p class="error-text">{error.fields.require_two_factor}</p>}
            </div>
            <div class="form-actions">
              <button type="submit" class="button">{t("firm.details.save")}</button>
            </div>
          </form>
        )
        : (
          <>
            <p>
              <strong>{firm.name}</strong>
            </p>
            <p>{firm.require_two_factor ? t("firm.details.require_2fa.on") : t("firm.details.require_2fa.off")}</p>
          </>
        )}
      <p class="muted">{t("firm.details.since", { date: date(firm.created_at) })}</p>
    </section>
  );
}

/** Owners only: delete the firm after typing its name. */
export function FirmDangerZone({ c, data, state }: FirmViewProps) {
  const { t } = c.var.i18n;
  const error = errorAt(state, "danger");
  return (
    <section class="card danger-zone" id="firm-danger" aria-labelledby="firm-danger-title">
      <h2 id="firm-danger-title">{t("firm.danger.title")}</h2>
      <p>{t("firm.danger.lead")}</p>
      <form
        method="post"
        action="/firm/delete"
        hx-confirm={t("firm.danger.delete_confirm", { name: data.firm.name })}
      >
        <FormErrors message={error?.message} />
        <Field
          label={t("firm.danger.confirm", { name: data.firm.name })}
          name="confirm_name"
          value={lastValue(error?.values.confirm_name)}
          error={error?.fields.confirm_name}
          required
          autocomplete="off"
        />
        <div class="form-actions">
          <button type="submit" class="button button-danger">{t("firm.danger.delete")}</button>
        </div>
      </form>
    </section>
  );
}
