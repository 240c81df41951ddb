/** What the firm settings views share: which part a response is about, and what a form left behind. */
import type { Context } from "hono";
import type { FirmSettings } from "../src/firm/settings.ts";
import type { AppEnv } from "../src/http/env.ts";

/** Which part of the page a form response is about: a section, or one row. */
export type FirmTarget = "page" | "details" | "invites" | "danger" | `member:${string}` | `invite:${string}`;

/** What a form submission leaves on the page. */
export interface FirmPageState {
  /** A 422/409 shown inline at `target`, with the submitted values. */
  error?: {
    target: FirmTarget;
    message: string;
    fields: Record<string, string>;
    values: Record<string, string | string[]>;
  };
  /** A confirmation shown at `target`. */
  notice?: FirmTarget;
  /** A just-created invite: its link is shown this once. */
  created?: { email: string; url: string; mailed: boolean };
}

/** Props shared by the page's parts. */
export interface FirmViewProps {
  c: Context<AppEnv>;
  data: FirmSettings;
  state: FirmPageState;
}

/** The submitted value of a field (the last one when a form sent several). */
export function lastValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** The error for `target`, if the last submission failed there. */
export function errorAt(state: FirmPageState, target: FirmTarget) {
  return state.error?.target === target ? state.error : undefined;
}
