/**
 * The fuzzy fallback for misspelled merchants ("strabucks"): each word is corrected to the
 * closest words of the client's ledger by pg_trgm similarity, and the corrected words are
 * searched as full text. The vocabulary is `search_terms` (migration 00005: every alphabetic
 * lexeme of a client's transactions, collected by triggers), a few thousand short words, so
 * this costs milliseconds where a trigram scan of a million descriptions costs seconds.
 */
import type { Tx } from "../../db/tenant.ts";

/** Least pg_trgm similarity for a correction (pg_trgm's own default threshold for `%`). */
export const MIN_SIMILARITY = 0.3;
/** Corrections kept per word: those within this distance of the best one, at most MAX_PER_WORD. */
const SPREAD = 0.1;
const MAX_PER_WORD = 3;
/** Words considered for the fallback ("a single-ish word"). */
export const MAX_FUZZY_WORDS = 3;

/** Whether `words` (plain words of the query) may use the fallback. */
export function fuzzyEligible(words: string[] | null): words is string[] {
  return !!words && words.length >= 1 && words.length <= MAX_FUZZY_WORDS &&
    words.every((w) => w.replace(/[^\p{L}]/gu, "").length >= 3);
}

const quote = (term: string) => `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** A tsquery (text) of the corrected words, and the best correction of each; null when a word has none. */
export async function correctWords(
  tx: Tx,
  clientId: string,
  words: string[],
): Promise<{ tsquery: string; suggestion: string } | null> {
  const rows = await tx<{ n: number; term: string; sim: number }[]>`
    with w as (
      select n::int as n, regexp_replace(lower(unaccent(word)), '[^[:alpha:]]', '', 'g') as norm
        from unnest(${words}::text[]) with ordinality as x(word, n)
    )
    select w.n, st.term, similarity(st.term, w.norm) as sim
      from w join search_terms st on st.client_id = ${clientId}
     where similarity(st.term, w.norm) >= ${MIN_SIMILARITY}
     order by w.n, sim desc, st.term`;
  const groups: string[] = [];
  const best: string[] = [];
  for (let n = 1; n <= words.length; n++) {
    const candidates = rows.filter((r) => r.n === n);
    if (!candidates.length) return null;
    const top = candidates[0].sim;
    const kept = candidates.filter((c) => c.sim >= top - SPREAD).slice(0, MAX_PER_WORD).map((c) => c.term);
    best.push(kept[0]);
    groups.push(kept.length === 1 ? quote(kept[0]) : `( ${kept.map(quote).join(" | ")} )`);
  }
  return { tsquery: groups.join(" & "), suggestion: best.join(" ") };
}
