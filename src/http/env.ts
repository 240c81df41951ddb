/** The Hono environment shared by every route module: per-request variables. */
import type { Principal } from "../auth/principal.ts";
import type { I18n } from "../i18n/mod.ts";
import type { StaticAssets } from "./static_assets.ts";

/** Per-request values set by middleware in app.ts. */
export interface AppVariables {
  requestId: string;
  i18n: I18n;
  assets: StaticAssets;
  /** The signed-in caller, when there is one. */
  principal?: Principal;
}

/** Hono generic for LedgerFlow apps and sub-apps. */
export interface AppEnv {
  Variables: AppVariables;
}
