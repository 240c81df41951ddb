/**
 * The review queue: a client's open items (documents needing review, uncategorized
 * transactions, suggested transfers and duplicates, statement coverage, rule conflicts) as a
 * page at /clients/:id/review and JSON at /api/v1/clients/:id/review; the firm-wide summary at
 * /review and /api/v1/review; the navigation badge; confirming and rejecting suggestions
 * (/links/:id/confirm|reject, inline with htmx); and "look for transfers and duplicates".
 * Reads need "clients.read", decisions "ledger.edit"; a client the member may not see (another
 * firm's, or not assigned) and its suggestions are 404.
 */
import { type Context, Hono } from "hono";
import type { RouteDeps } from "../app.ts";
import { can } from "../auth/permissions.ts";
import { getClient } from "../clients/clients.ts";
import { type Tx, withFirm } from "../db/tenant.ts";
import { NotFoundError } from "../errors.ts";
import type { AppEnv } from "../http/env.ts";
import { guard } from "../http/policy.ts";
import { isFragmentRequest } from "../http/represent.ts";
import { auditActor, principalOf } from "../http/request_info.ts";
import { confirmLink, type Decider, rejectLink } from "../review/decide.ts";
import { detectLinks } from "../review/detect.ts";
import { getLink } from "../review/links.ts";
import { countsByClient, getReview, getReviewSummary, openItemCount } from "../review/queue.ts";
import { DetectResult, LinkDecision, LinkJson, Review, ReviewSummary } from "../review/schema.ts";
import { monthLabel } from "../../views/CoverageGrid.tsx";
import { Layout } from "../../views/Layout.tsx";
import { ReviewBadge } from "../../views/ReviewBadge.tsx";
import { DecidedItem, SectionCount } from "../../views/ReviewLinks.tsx";
import { ReviewPage } from "../../views/ReviewPage.tsx";
import { ReviewSummaryPage } from "../../views/ReviewSummaryPage.tsx";

type C = Context<AppEnv>;

const TAGS = ["Review"];
const NO_CLIENT = "No client with that id";
const NO_LINK = "No suggestion with that id";

/** Mounts the review routes. */
export function reviewRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sql, api } = deps;
  const inFirm = <T,>(c: C, fn: (tx: Tx) => Promise<T>) => withFirm(sql, principalOf(c).firmId, fn);
  const decider = (c: C): Decider => ({ actor: auditActor(c), userId: principalOf(c).userId });

  /** The client the member may see, or 404. */
  const clientOf = async (tx: Tx, c: C) => {
    const client = await getClient(tx, principalOf(c), c.req.param("id") ?? "");
    if (!client) throw new NotFoundError(NO_CLIENT);
    return client;
  };

  const loadReview = (c: C): Promise<Review> =>
    inFirm(c, async (tx) => {
      const { locale, t } = c.var.i18n;
      return await getReview(
        tx,
        await clientOf(tx, c),
        (account, month) => t("review.gap.message", { account, month: monthLabel(locale, month) }),
      );
    });

  const detect = (c: C): Promise<DetectResult & { clientId: string }> =>
    inFirm(c, async (tx) => {
      const client = await clientOf(tx, c);
      return { ...(await detectLinks(tx, client.id)), clientId: client.id };
    });

  /** Confirms or rejects a suggestion of a client the member may see. */
  const decide = (c: C, action: "confirm" | "reject"): Promise<LinkDecision> =>
    inFirm(c, async (tx) => {
      const link = await getLink(tx, c.req.param("id") ?? "", { forUpdate: true });
      const client = link && await getClient(tx, principalOf(c), link.client_id);
      if (!link || !client) throw new NotFoundError(NO_LINK);
      if (action === "confirm") return await confirmLink(tx, link, decider(c));
      return { link: await rejectLink(tx, link, decider(c)), categorized: [], merged: null };
    });

  // API ---------------------------------------------------------------------------------------
  api.add({
    method: "get",
    path: "/api/v1/clients/:id/review",
    summary: "A client's review queue: documents needing review, the number of uncategorized transactions, " +
      "suggested transfers and duplicates, statement coverage per account and month with its gaps, rule conflicts",
    tags: TAGS,
    responses: { 200: { description: "The review queue", schema: Review } },
  });
  app.get("/api/v1/clients/:id/review", guard("clients.read"), async (c) => c.json(await loadReview(c)));

  api.add({
    method: "get",
    path: "/api/v1/review",
    summary: "Open review items per client the member may see, and their total (the navigation badge)",
    tags: TAGS,
    responses: { 200: { description: "Counts per client", schema: ReviewSummary } },
  });
  app.get("/api/v1/review", guard("clients.read"), async (c) => {
    return c.json(await inFirm(c, (tx) => getReviewSummary(tx, principalOf(c))));
  });

  api.add({
    method: "post",
    path: "/api/v1/clients/:id/links/detect",
    summary: "Look for transfers and duplicates in the client's ledger now (also done after every parsed document)",
    tags: TAGS,
    responses: { 200: { description: "New suggestions", schema: DetectResult } },
  });
  app.post("/api/v1/clients/:id/links/detect", guard("ledger.edit"), async (c) => {
    const { transfers, duplicates } = await detect(c);
    return c.json({ transfers, duplicates });
  });

  api.add({
    method: "post",
    path: "/api/v1/links/:id/confirm",
    summary: "Confirm a suggestion. A transfer gives both transactions the Transfer category (unless a person " +
      "already categorized one); a duplicate is merged into the earlier import, keeping every source document. " +
      "409 when it was already decided",
    tags: TAGS,
    responses: { 200: { description: "What confirming did", schema: LinkDecision } },
  });
  app.post("/api/v1/links/:id/confirm", guard("ledger.edit"), async (c) => c.json(await decide(c, "confirm")));

  api.add({
    method: "post",
    path: "/api/v1/links/:id/reject",
    summary: "Reject a suggestion; the pair is never suggested again. 409 when it was already decided",
    tags: TAGS,
    responses: { 200: { description: "The rejected suggestion", schema: LinkJson } },
  });
  app.post("/api/v1/links/:id/reject", guard("ledger.edit"), async (c) => c.json((await decide(c, "reject")).link));

  // Pages -------------------------------------------------------------------------------------
  app.get("/review", guard("clients.read"), async (c) => {
    const summary = await inFirm(c, (tx) => getReviewSummary(tx, principalOf(c)));
    return c.html(Layout({ c, title: c.var.i18n.t("review.title"), children: ReviewSummaryPage({ c, summary }) }));
  });

  app.get("/review/badge", guard("clients.read"), async (c) => {
    const count = await inFirm(c, (tx) => openItemCount(tx, principalOf(c)));
    c.header("Cache-Control", "no-store");
    return c.html(ReviewBadge({ c, count }));
  });

  app.get("/clients/:id/review", guard("clients.read"), async (c) => {
    const review = await loadReview(c);
    const found = c.req.query("transfers") !== undefined || c.req.query("duplicates") !== undefined;
    const notice = found
      ? c.var.i18n.t("review.detected", {
        transfers: Number(c.req.query("transfers")) || 0,
        duplicates: Number(c.req.query("duplicates")) || 0,
      })
      : undefined;
    const body = ReviewPage({ c, data: { review, canEdit: can(principalOf(c).role, "ledger.edit"), notice } });
    const title = c.var.i18n.t("review.client_title", { client: review.client.name });
    return c.html(Layout({ c, title, children: body }));
  });

  app.post("/clients/:id/review/detect", guard("ledger.edit"), async (c) => {
    const r = await detect(c);
    return c.redirect(`/clients/${r.clientId}/review?transfers=${r.transfers}&duplicates=${r.duplicates}`, 303);
  });

  const decidePage = async (c: C, action: "confirm" | "reject") => {
    const decision = await decide(c, action);
    const { link } = decision;
    const section = link.kind === "transfer" ? "transfers" : "duplicates";
    if (!isFragmentRequest(c)) return c.redirect(`/clients/${link.client_id}/review#review-${section}`, 303);
    const { counts, badge } = await inFirm(c, async (tx) => ({
      counts: (await countsByClient(tx, [link.client_id])).get(link.client_id)!,
      badge: await openItemCount(tx, principalOf(c)),
    }));
    c.header("Vary", "HX-Request", { append: true });
    return c.html(
      <>
        {DecidedItem({ c, link, merged: decision.merged !== null })}
        {SectionCount({ c, id: section, count: counts[section], oob: true })}
        {SectionCount({ c, id: `${section}-heading`, count: counts[section], oob: true })}
        {ReviewBadge({ c, count: badge, oob: true })}
      </>,
    );
  };
  app.post("/links/:id/confirm", guard("ledger.edit"), (c) => decidePage(c, "confirm"));
  app.post("/links/:id/reject", guard("ledger.edit"), (c) => decidePage(c, "reject"));

  return app;
}
