/** Sign-in, sign-up, password reset and invitation pages: small centred cards with plain forms. */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import { Field, FormErrors, Notice } from "./components/Form.tsx";

type C = Context<AppEnv>;

/** Values and errors of a re-rendered form. */
export interface FormState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string | null;
}

/** The sign-in form; `needsCode` reveals the authentication-code field. */
export function SignInPage({ c, state, next, needsCode, notice }: {
  c: C;
  state: FormState;
  next: string;
  needsCode: boolean;
  notice?: string;
}) {
  const { t } = c.var.i18n;
  const v = state.values ?? {};
  const e = state.errors ?? {};
  return (
    <section class="card auth-card">
      <h1>{t("auth.signin.title")}</h1>
      <p class="muted">{t("auth.signin.lead")}</p>
      {notice ? <Notice>{notice}</Notice> : null}
      <FormErrors message={state.message} />
      <form method="post" action={`/signin?next=${encodeURIComponent(next)}`} hx-boost="false">
        <Field
          label={t("auth.field.email")}
          name="email"
          type="email"
          value={v.email}
          error={e.email}
          required
          autocomplete="username"
          autofocus={!needsCode}
        />
        <Field
          label={t("auth.field.password")}
          name="password"
          type="password"
          value={needsCode ? v.password : ""}
          error={e.password}
          required
          autocomplete="current-password"
        />
        {needsCode
          ? (
            <Field
              label={t("auth.signin.totp")}
              name="totp"
              hint={t("auth.signin.totp_hint")}
              error={e.totp}
              autocomplete="one-time-code"
              inputmode="text"
              autofocus
              required
            />
          )
          : null}
        <div class="form-actions">
          <button type="submit" class="button">{t("auth.signin.submit")}</button>
          <a href="/password-reset">{t("auth.signin.forgot")}</a>
        </div>
      </form>
      <p class="muted">
        {t("auth.signin.no_account")} <a href="/signup">{t("auth.signin.create_firm")}</a>
      </p>
    </section>
  );
}

/** The sign-up form: creates a firm and its owner. */
export function SignUpPage({ c, state, firstRun }: { c: C; state: FormState; firstRun: boolean }) {
  const { t } = c.var.i18n;
  const v = state.values ?? {};
  const e = state.errors ?? {};
  return (
    <section class="card auth-card">
      <h1>{t("auth.signup.title")}</h1>
      <p class="muted">{firstRun ? t("auth.signup.first_run") : t("auth.signup.lead")}</p>
      <FormErrors message={state.message} />
      <form method="post" action="/signup" hx-boost="false">
        <Field
          label={t("auth.field.firm_name")}
          name="firm_name"
          value={v.firm_name}
          error={e.firm_name}
          required
          maxlength={200}
          autofocus
          autocomplete="organization"
        />
        <Field
          label={t("auth.field.name")}
          name="name"
          value={v.name}
          error={e.name}
          autocomplete="name"
          maxlength={200}
        />
        <Field
          label={t("auth.field.email")}
          name="email"
          type="email"
          value={v.email}
          error={e.email}
          required
          autocomplete="email"
        />
        <Field
          label={t("auth.field.password")}
          name="password"
          type="password"
          error={e.password}
          required
          hint={t("auth.field.password_hint")}
          autocomplete="new-password"
        />
        <div class="form-actions">
          <button type="submit" class="button">{t("auth.signup.submit")}</button>
        </div>
      </form>
      {firstRun ? null : (
        <p class="muted">
          {t("auth.signup.have_account")} <a href="/signin">{t("auth.signin.submit")}</a>
        </p>
      )}
    </section>
  );
}

/** Asks for the email to send a reset link to. */
export function ResetRequestPage({ c, state, sent }: { c: C; state: FormState; sent: boolean }) {
  const { t } = c.var.i18n;
  return (
    <section class="card auth-card">
      <h1>{t("auth.reset.title")}</h1>
      {sent ? <Notice>{t("auth.reset.sent")}</Notice> : <p class="muted">{t("auth.reset.lead")}</p>}
      <FormErrors message={state.message} />
      <form method="post" action="/password-reset" hx-boost="false">
        <Field
          label={t("auth.field.email")}
          name="email"
          type="email"
          value={state.values?.email}
          error={state.errors?.email}
          required
          autocomplete="email"
        />
        <div class="form-actions">
          <button type="submit" class="button">{t("auth.reset.submit")}</button>
          <a href="/signin">{t("auth.signin.submit")}</a>
        </div>
      </form>
    </section>
  );
}

/** Sets a new password with a reset token. */
export function ResetPasswordPage({ c, state, token }: { c: C; state: FormState; token: string }) {
  const { t } = c.var.i18n;
  return (
    <section class="card auth-card">
      <h1>{t("auth.reset.new_title")}</h1>
      <FormErrors message={state.message} />
      <form method="post" action={`/password-reset/${encodeURIComponent(token)}`} hx-boost="false">
        <Field
          label={t("auth.field.password")}
          name="password"
          type="password"
          error={state.errors?.password}
          required
          hint={t("auth.field.password_hint")}
          autocomplete="new-password"
          autofocus
        />
        <div class="form-actions">
          <button type="submit" class="button">{t("auth.reset.new_submit")}</button>
        </div>
      </form>
    </section>
  );
}

/** Details of a usable invitation. */
export interface InviteView {
  token: string;
  firmName: string;
  email: string;
  role: string;
}

/** Accept an invitation: as the signed-in user, or by creating an account. */
export function InvitePage({ c, invite, state }: { c: C; invite: InviteView | null; state: FormState }) {
  const { t } = c.var.i18n;
  if (!invite) {
    return (
      <section class="card auth-card">
        <h1>{t("auth.signin.title")}</h1>
        <FormErrors message={t("auth.invite.invalid")} />
      </section>
    );
  }
  const role = t(`role.${invite.role}` as "role.owner");
  const principal = c.var.principal;
  return (
    <section class="card auth-card">
      <h1>{t("auth.invite.title", { firm: invite.firmName })}</h1>
      <p class="muted">{t("auth.invite.lead", { firm: invite.firmName, role })}</p>
      <FormErrors message={state.message} />
      <form method="post" action={`/invites/${encodeURIComponent(invite.token)}`} hx-boost="false">
        {principal ? <p>{t("auth.invite.signed_in_as", { email: principal.email })}</p> : (
          <>
            <h2>{t("auth.invite.create_account")}</h2>
            <Field
              label={t("auth.field.email")}
              name="email"
              type="email"
              value={invite.email}
              required
              autocomplete="email"
              error={state.errors?.email}
            />
            <Field
              label={t("auth.field.name")}
              name="name"
              value={state.values?.name}
              autocomplete="name"
              maxlength={200}
              error={state.errors?.name}
            />
            <Field
              label={t("auth.field.password")}
              name="password"
              type="password"
              required
              hint={t("auth.field.password_hint")}
              autocomplete="new-password"
              error={state.errors?.password}
            />
          </>
        )}
        <div class="form-actions">
          <button type="submit" class="button">{t("auth.invite.accept")}</button>
        </div>
      </form>
      {principal ? null : <p class="muted">{t("auth.invite.existing")}</p>}
    </section>
  );
}
