/** The landing page: what LedgerFlow does, in three steps. */
import type { Context } from "hono";
import type { AppEnv } from "../src/http/env.ts";

/** Body of the home page. */
export function HomePage({ c }: { c: Context<AppEnv> }) {
  const { t } = c.var.i18n;
  const steps = [
    { title: t("home.step.upload"), body: t("home.step.upload.body"), icon: "1" },
    { title: t("home.step.verify"), body: t("home.step.verify.body"), icon: "2" },
    { title: t("home.step.report"), body: t("home.step.report.body"), icon: "3" },
  ];
  return (
    <>
      <section class="hero">
        <h1>{t("home.title")}</h1>
        <p class="lead">{t("home.lead")}</p>
      </section>
      <ol class="steps">
        {steps.map((s) => (
          <li class="card">
            <span class="step-number" aria-hidden="true">{s.icon}</span>
            <h2>{s.title}</h2>
            <p>{s.body}</p>
          </li>
        ))}
      </ol>
      <p>
        <a class="button button-secondary" href="/status">{t("home.status_link")}</a>
      </p>
    </>
  );
}
