/**
 * Account names for the formats that keep a chart of accounts (IIF, beancount, hledger): the
 * client's bank and card accounts, and one account per category of the firm's chart, nested
 * under its parent category. Names are unique within a file.
 */
import { accountLabel } from "./text.ts";
import type { ExportAccount, ExportCategory } from "./types.ts";

/** The account type of a category kind in a double-entry chart. */
export type ChartRoot = "Assets" | "Liabilities" | "Equity" | "Income" | "Expenses";

/** Where each category kind lives: its root and the group under it (if any). */
const KIND_PATH: Record<string, [ChartRoot, ...string[]]> = {
  income: ["Income"],
  expense: ["Expenses"],
  transfer: ["Assets", "Transfers"],
  owner: ["Equity", "Owner"],
  personal: ["Equity", "Personal"],
  uncategorized: ["Expenses"],
};

/** The path of names (without root) of a category: parents first. */
export function categoryNames(category: ExportCategory, byId: Map<string, ExportCategory>): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (
    let c: ExportCategory | undefined = category;
    c && !seen.has(c.id);
    c = c.parent_id ? byId.get(c.parent_id) : undefined
  ) {
    seen.add(c.id);
    names.unshift(c.name);
  }
  return names;
}

/** An account of the chart: the root it belongs to, the groups under the root, and its own names. */
export interface ChartAccount {
  kind: "bank" | "card" | "category";
  root: ChartRoot;
  /** Groups between the root and the names, e.g. ["Bank"] or ["Owner"]. */
  group: string[];
  /** The account's names, parents first (a category under its parent category). */
  names: string[];
}

/** The chart of a file: bank/card accounts, categories, and the fallback for rows without one. */
export interface Chart {
  account(id: string): ChartAccount;
  category(id: string | null): ChartAccount;
  /** Every account, bank and card accounts first. */
  all: ChartAccount[];
}

/**
 * Builds the chart. `name` turns an account into the format's account name; a name already
 * taken gets " 2", " 3", … on its last part.
 */
export function buildChart(
  accounts: ExportAccount[],
  categories: ExportCategory[],
  uncategorized: string,
  name: (a: ChartAccount) => string,
): Chart {
  const taken = new Set<string>();
  const unique = (a: ChartAccount): ChartAccount => {
    let candidate = a;
    for (let n = 2; taken.has(name(candidate)); n++) {
      candidate = { ...a, names: [...a.names.slice(0, -1), `${a.names.at(-1)} ${n}`] };
    }
    taken.add(name(candidate));
    return candidate;
  };
  const byAccount = new Map<string, ChartAccount>();
  for (const a of accounts) {
    const card = a.type === "credit_card";
    const label = [a.institution, accountLabel({ ...a, institution: "" }).replace("…", "")].filter(Boolean).join(" ");
    byAccount.set(
      a.id,
      unique(
        card
          ? { kind: "card", root: "Liabilities", group: ["Credit cards"], names: [label] }
          : { kind: "bank", root: "Assets", group: ["Bank"], names: [label] },
      ),
    );
  }
  const fallback = unique({ kind: "category", root: "Expenses", group: [], names: [uncategorized] });
  const byId = new Map(categories.map((c) => [c.id, c]));
  const byCategory = new Map<string, ChartAccount>();
  for (const c of categories) {
    if (c.kind === "uncategorized" && !c.parent_id) {
      byCategory.set(c.id, fallback);
      continue;
    }
    const [root, ...group] = KIND_PATH[c.kind] ?? KIND_PATH.expense;
    byCategory.set(c.id, unique({ kind: "category", root, group, names: categoryNames(c, byId) }));
  }
  return {
    account: (id) => byAccount.get(id) ?? fallback,
    category: (id) => (id ? byCategory.get(id) : undefined) ?? fallback,
    all: [...byAccount.values(), fallback, ...[...byCategory.values()].filter((a) => a !== fallback)],
  };
}
