/** "My account": profile, two-factor summary, password, signed-in devices and personal API tokens. */
import type { Context } from "hono";
import type { AccountOverview } from "../src/account/account.ts";
import type { CreatedApiToken } from "../src/account/api_tokens.ts";
import { ROLES } from "../src/auth/permissions.ts";
import type { AppEnv } from "../src/http/env.ts";
import type { MessageKey } from "../src/i18n/mod.ts";
import { Field, Notice, SelectField } from "./components/Form.tsx";

/** Props of {@link AccountPage}. */
export interface AccountPageProps {
  c: Context<AppEnv>;
  data: AccountOverview;
  /** A message after a successful action (from a redirect). */
  notice?: MessageKey;
  /** Inline errors of the password form. */
  passwordErrors?: Record<string, string>;
  /** Inline errors and values of the token form. */
  tokenErrors?: Record<string, string>;
  tokenValues?: { name?: string; role?: string };
  /** A token just created: shown once. */
  created?: CreatedApiToken;
}

/** The whole page body. */
export function AccountPage(p: AccountPageProps) {
  const { t } = p.c.var.i18n;
  return (
    <>
      <header class="page-header">
        <div>
          <h1>{t("account.title")}</h1>
          <p class="lead">{t("account.lead")}</p>
        </div>
      </header>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <div class="grid">
        <Profile {...p} />
        <TwoFactorSummary {...p} />
      </div>
      <PasswordForm {...p} />
      <Sessions {...p} />
      <Tokens {...p} />
    </>
  );
}

/** The translated name of a role. */
export function roleLabel(c: Context<AppEnv>, role: string): string {
  return c.var.i18n.t(`account.role.${role}` as MessageKey);
}

function Profile({ c, data }: AccountPageProps) {
  const { t } = c.var.i18n;
  const others = data.firms.filter((f) => f.firm_id !== data.firm.id);
  return (
    <section class="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t("account.profile")}</h2>
      <dl class="details">
        <dt>{t("account.email")}</dt>
        <dd>{data.user.email}</dd>
        {data.user.name
          ? (
            <>
              <dt>{t("account.name")}</dt>
              <dd>{data.user.name}</dd>
            </>
          )
          : null}
        <dt>{t("account.firm")}</dt>
        <dd>{data.firm.name}</dd>
        <dt>{t("account.role")}</dt>
        <dd>{roleLabel(c, data.firm.role)}</dd>
      </dl>
      {others.length
        ? (
          <>
            <h3>{t("account.firms")}</h3>
            <ul>
              {data.firms.map((f) => (
                <li>
                  {f.firm_name} · {roleLabel(c, f.role)} {f.firm_id === data.firm.id
                    ? <span class="badge badge-ok">{t("account.firm")}</span>
                    : (
                      <form method="post" action="/switch-firm" class="inline-form" hx-boost="false">
                        <input type="hidden" name="firm_id" value={f.firm_id} />
                        <button type="submit" class="button button-secondary button-small">
                          {t("auth.switch_firm")}
                        </button>
                      </form>
                    )}
                </li>
              ))}
            </ul>
          </>
        )
        : null}
    </section>
  );
}

function TwoFactorSummary({ c, data }: AccountPageProps) {
  const { t } = c.var.i18n;
  const on = data.user.two_factor_enabled;
  return (
    <section class="card" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">
        {t("account.2fa")}{" "}
        <span class={`badge ${on ? "badge-ok" : "badge-bad"}`}>{on ? t("account.2fa.on") : t("account.2fa.off")}</span>
      </h2>
      <p>{t("account.2fa.lead")}</p>
      <p>
        <a class="button button-secondary" href="/account/two-factor">{t("account.2fa.manage")}</a>
      </p>
    </section>
  );
}

function PasswordForm({ c, passwordErrors: errors = {} }: AccountPageProps) {
  const { t } = c.var.i18n;
  return (
    <section class="card" aria-labelledby="password-heading" id="password">
      <h2 id="password-heading">{t("account.password")}</h2>
      <p class="muted">{t("account.password.lead")}</p>
      <form method="post" action="/account/password">
        <Field
          label={t("account.password.current")}
          name="current_password"
          type="password"
          autocomplete="current-password"
          required
          error={errors.current_password}
        />
        <Field
          label={t("account.password.new")}
          name="new_password"
          type="password"
          autocomplete="new-password"
          hint={t("account.password.new_hint")}
          required
          error={errors.new_password}
        />
        <div class="form-actions">
          <button class="button" type="submit">{t("account.password.submit")}</button>
        </div>
      </form>
    </section>
  );
}

function Sessions({ c, data }: AccountPageProps) {
  const { t, dateTime } = c.var.i18n;
  return (
    <section class="card" aria-labelledby="sessions-heading" id="sessions">
      <h2 id="sessions-heading">{t("account.sessions")}</h2>
      <p class="muted">{t("account.sessions.lead")}</p>
      {data.sessions.length === 0
        ? <p class="empty-state">{t("account.sessions.empty")}</p>
        : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("account.sessions.device")}</th>
                  <th scope="col">{t("account.sessions.ip")}</th>
                  <th scope="col">{t("account.sessions.started")}</th>
                  <th scope="col">{t("account.sessions.last_seen")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t("account.sessions.revoke")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.sessions.map((s) => {
                  const device = s.user_agent || t("account.sessions.unknown_device");
                  return (
                    <tr class={s.current ? "current-row" : undefined}>
                      <td>
                        <span class="user-agent">{device}</span>
                        <span class="muted">
                          {" · "}
                          {t(s.kind === "api" ? "account.sessions.kind.api" : "account.sessions.kind.web")}
                        </span>
                        {s.current ? <span class="badge badge-ok">{t("account.sessions.current")}</span> : null}
                      </td>
                      <td>{s.ip ?? ""}</td>
                      <td>
                        <time datetime={s.created_at}>{dateTime(s.created_at)}</time>
                      </td>
                      <td>
                        <time datetime={s.last_seen_at}>{dateTime(s.last_seen_at)}</time>
                      </td>
                      <td class="num">
                        {s.current
                          ? null
                          : (
                            <form method="post" action={`/account/sessions/${s.id}/revoke`} class="inline-form">
                              <button
                                class="button button-small button-secondary"
                                type="submit"
                                aria-label={t("account.sessions.revoke_label", { device })}
                              >
                                {t("account.sessions.revoke")}
                              </button>
                            </form>
                          )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

function Tokens({ c, data, created, tokenErrors: errors = {}, tokenValues: values = {} }: AccountPageProps) {
  const { t, dateTime } = c.var.i18n;
  const myRole = data.firm.role;
  const roles = ROLES.slice(ROLES.indexOf(myRole));
  return (
    <section class="card" aria-labelledby="tokens-heading" id="tokens">
      <h2 id="tokens-heading">{t("account.tokens")}</h2>
      <p class="muted">{t("account.tokens.lead")}</p>
      {created
        ? (
          <div class="flash flash-ok" role="status">
            <p>{t("account.tokens.created", { name: created.name })}</p>
            <p class="secret-box" id="new-token">{created.token}</p>
          </div>
        )
        : null}
      <form method="post" action="/account/tokens" class="toolbar">
        <Field
          label={t("account.tokens.name")}
          name="name"
          required
          maxlength={100}
          hint={t("account.tokens.name_hint")}
          value={values.name}
          error={errors.name}
        />
        <SelectField
          label={t("account.tokens.role")}
          name="role"
          hint={t("account.tokens.role_hint")}
          value={values.role ?? ""}
          error={errors.role}
          options={[
            { value: "", label: t("account.tokens.role_default") },
            ...roles.map((r) => ({ value: r, label: roleLabel(c, r) })),
          ]}
        />
        <button class="button" type="submit">{t("account.tokens.create")}</button>
      </form>
      {data.api_tokens.length === 0
        ? <p class="empty-state">{t("account.tokens.empty")}</p>
        : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("account.tokens.name")}</th>
                  <th scope="col">{t("account.tokens.role")}</th>
                  <th scope="col">{t("account.tokens.prefix")}</th>
                  <th scope="col">{t("account.tokens.created_at")}</th>
                  <th scope="col">{t("account.tokens.last_used")}</th>
                  <th scope="col">{t("account.tokens.status")}</th>
                </tr>
              </thead>
              <tbody>
                {data.api_tokens.map((k) => (
                  <tr class={k.revoked_at ? "muted" : undefined}>
                    <td>{k.name}</td>
                    <td>{roleLabel(c, k.role)}</td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>
                      <time datetime={k.created_at}>{dateTime(k.created_at)}</time>
                    </td>
                    <td>
                      {k.last_used_at
                        ? <time datetime={k.last_used_at}>{dateTime(k.last_used_at)}</time>
                        : t("account.tokens.never")}
                    </td>
                    <td>
                      {k.revoked_at ? t("account.tokens.revoked", { date: dateTime(k.revoked_at) }) : (
                        <>
                          {t("account.tokens.active")}{" "}
                          <form method="post" action={`/account/tokens/${k.id}/revoke`} class="inline-form">
                            <button
                              class="button button-small button-danger"
                              type="submit"
                              aria-label={t("account.tokens.revoke_label", { name: k.name })}
                            >
                              {t("account.tokens.revoke")}
                            </button>
                          </form>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}
