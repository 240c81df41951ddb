/**
 * The two-factor page: status, the enrolment flow (QR code, key for manual entry, code to
 * confirm), the recovery codes shown once, and the forms to issue new codes or turn it off.
 */
import type { Context } from "hono";
import { raw } from "hono/html";
import type { TwoFactorEnrolment, TwoFactorStatus } from "../src/account/two_factor.ts";
import type { AppEnv } from "../src/http/env.ts";
import { Field, Notice } from "./components/Form.tsx";

/** Props of {@link AccountTwoFactor}. */
export interface AccountTwoFactorProps {
  c: Context<AppEnv>;
  status: TwoFactorStatus;
  /** The firm requires two-factor and this user has not turned it on. */
  required: boolean;
  firmName: string;
  /** The pending enrolment (QR code and key), when set-up has started. */
  enrolment?: TwoFactorEnrolment;
  /** Freshly issued recovery codes: shown once. */
  recoveryCodes?: string[];
  /** Two-factor was turned on by this request (rather than new codes issued). */
  justEnabled?: boolean;
  /** Inline errors of the form named by `form`. */
  form?: "confirm" | "disable" | "regenerate";
  errors?: Record<string, string>;
}

/** The page body. */
export function AccountTwoFactor(p: AccountTwoFactorProps) {
  const { t } = p.c.var.i18n;
  return (
    <>
      <header class="page-header">
        <div>
          <h1>{t("account.2fa")}</h1>
          <p class="lead">{t("account.2fa.lead")}</p>
        </div>
      </header>
      {p.required
        ? (
          <div class="banner banner-warning" role="alert">
            <h2>{t("account.2fa.required_title")}</h2>
            <p>{t("account.2fa.required", { firm: p.firmName })}</p>
          </div>
        )
        : null}
      {p.recoveryCodes ? <RecoveryCodes {...p} codes={p.recoveryCodes} /> : <Body {...p} />}
      {p.required ? null : (
        <p>
          <a href="/account">{t("account.back")}</a>
        </p>
      )}
    </>
  );
}

function Body(p: AccountTwoFactorProps) {
  const { t, dateTime } = p.c.var.i18n;
  if (p.status.enabled) {
    return (
      <>
        <section class="card">
          <h2>
            {t("account.2fa")} <span class="badge badge-ok">{t("account.2fa.on")}</span>
          </h2>
          <p>{t("account.2fa.status_on", { date: dateTime(p.status.enabled_at!) })}</p>
          <p>{t("account.2fa.recovery_remaining", { count: p.status.recovery_codes_remaining })}</p>
        </section>
        <PasswordAction
          {...p}
          name="regenerate"
          action="/account/two-factor/recovery-codes"
          title={t("account.2fa.regenerate")}
          hint={t("account.2fa.regenerate_hint")}
          submit={t("account.2fa.regenerate_submit")}
          danger={false}
        />
        <PasswordAction
          {...p}
          name="disable"
          action="/account/two-factor/disable"
          title={t("account.2fa.disable")}
          hint={p.c.var.principal?.firmRequiresTwoFactor
            ? t("account.2fa.disable_required")
            : t("account.2fa.disable_hint")}
          submit={t("account.2fa.disable")}
          danger
        />
      </>
    );
  }
  if (p.enrolment) return <Enrolment {...p} enrolment={p.enrolment} />;
  return (
    <section class="card">
      <h2>
        {t("account.2fa")} <span class="badge badge-bad">{t("account.2fa.off")}</span>
      </h2>
      <p>{t("account.2fa.status_off")}</p>
      <form method="post" action="/account/two-factor/start">
        <button class="button" type="submit">{t("account.2fa.start")}</button>
      </form>
    </section>
  );
}

function Enrolment(p: AccountTwoFactorProps & { enrolment: TwoFactorEnrolment }) {
  const { t } = p.c.var.i18n;
  const errors = p.form === "confirm" ? p.errors ?? {} : {};
  const grouped = p.enrolment.secret.match(/.{1,4}/g)?.join(" ") ?? p.enrolment.secret;
  return (
    <section class="card" aria-labelledby="enrol-heading">
      <h2 id="enrol-heading">
        {t("account.2fa.start")} <span class="badge badge-bad">{t("account.2fa.pending")}</span>
      </h2>
      <h3>{t("account.2fa.step_scan")}</h3>
      <p class="muted">{t("account.2fa.step_scan_hint")}</p>
      <div class="qr">{raw(p.enrolment.qr_svg)}</div>
      <p>{t("account.2fa.manual")}</p>
      <p class="secret-box" id="totp-secret">{grouped}</p>
      <h3>{t("account.2fa.step_confirm")}</h3>
      <form method="post" action="/account/two-factor/confirm">
        <Field
          label={t("account.2fa.code")}
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength={10}
          required
          autofocus
          error={errors.code}
        />
        <div class="form-actions">
          <button class="button" type="submit">{t("account.2fa.confirm")}</button>
        </div>
      </form>
      <form method="post" action="/account/two-factor/start" class="actions">
        <button class="button button-small button-secondary" type="submit">{t("account.2fa.restart")}</button>
      </form>
    </section>
  );
}

function RecoveryCodes(p: AccountTwoFactorProps & { codes: string[] }) {
  const { t } = p.c.var.i18n;
  return (
    <>
      {p.justEnabled ? <Notice>{t("account.2fa.enabled_now")}</Notice> : null}
      <section class="card" aria-labelledby="recovery-heading">
        <h2 id="recovery-heading">{t("account.2fa.recovery")}</h2>
        <p>{t("account.2fa.recovery_note")}</p>
        <ol class="secret-box recovery-codes" id="recovery-codes">
          {p.codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <p class="actions">
          <a class="button" href="/account">{t("account.2fa.recovery_saved")}</a>
        </p>
      </section>
    </>
  );
}

function PasswordAction(
  p: AccountTwoFactorProps & {
    name: "disable" | "regenerate";
    action: string;
    title: string;
    hint: string;
    submit: string;
    danger: boolean;
  },
) {
  const { t } = p.c.var.i18n;
  const errors = p.form === p.name ? p.errors ?? {} : {};
  return (
    <section class="card" aria-labelledby={`${p.name}-heading`}>
      <h2 id={`${p.name}-heading`}>{p.title}</h2>
      <p class="muted">{p.hint}</p>
      <form method="post" action={p.action}>
        <div class={`field${errors.password ? " field-invalid" : ""}`}>
          <label for={`${p.name}-password`}>{t("account.2fa.password")}</label>
          <input
            id={`${p.name}-password`}
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={errors.password ? "true" : undefined}
            aria-describedby={errors.password ? `${p.name}-password-error` : undefined}
          />
          {errors.password ? <p class="error-text" id={`${p.name}-password-error`}>{errors.password}</p> : null}
        </div>
        <div class="form-actions">
          <button class={`button${p.danger ? " button-danger" : ""}`} type="submit">{p.submit}</button>
        </div>
      </form>
    </section>
  );
}
