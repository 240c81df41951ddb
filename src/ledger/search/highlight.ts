/**
 * Highlighting in TypeScript from the query's own lexemes: every character of the text is
 * HTML-escaped and only the `<mark>` tags are ours, so a description containing markup can
 * never become markup. Text is folded the way the `ledgerflow_search` configuration folds it
 * (lower case, accents removed), so `cafe` marks "CAFÉ".
 */

/** A lexeme of a query; `prefix` for `word:*`. */
export interface QueryTerm {
  lexeme: string;
  prefix: boolean;
}

/**
 * The positive terms of a tsquery in PostgreSQL's text form (`'blue' <-> 'bottle' & !'tip' &
 * 'sta':*`): the lexemes under a NOT are left out, since rows never match because of them.
 */
export function queryTerms(tsquery: string): QueryTerm[] {
  const out: QueryTerm[] = [];
  const stack: boolean[] = [];
  let negated = false;
  let pendingNot = false;
  let i = 0;
  while (i < tsquery.length) {
    const ch = tsquery[i];
    if (ch === "!") {
      pendingNot = !pendingNot;
      i++;
    } else if (ch === "(") {
      stack.push(negated);
      negated = negated !== pendingNot;
      pendingNot = false;
      i++;
    } else if (ch === ")") {
      negated = stack.pop() ?? false;
      i++;
    } else if (ch === "'") {
      let lexeme = "";
      i++;
      while (i < tsquery.length) {
        if (tsquery[i] === "\\" && i + 1 < tsquery.length) {
          lexeme += tsquery[i + 1];
          i += 2;
        } else if (tsquery[i] === "'" && tsquery[i + 1] === "'") {
          lexeme += "'";
          i += 2;
        } else if (tsquery[i] === "'") {
          i++;
          break;
        } else {
          lexeme += tsquery[i++];
        }
      }
      const weight = /^:([A-D]*)(\*?)/.exec(tsquery.slice(i));
      const prefix = weight?.[2] === "*";
      if (weight) i += weight[0].length;
      if (!(negated !== pendingNot) && lexeme) out.push({ lexeme, prefix });
      pendingNot = false;
    } else {
      i++;
    }
  }
  const seen = new Set<string>();
  return out.filter((t) => {
    const key = `${t.prefix ? "*" : "="}${t.lexeme}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const FOLD: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", þ: "th", ı: "i" };

/** Folds one character as unaccent + lower would (may become 0, 1 or more characters). */
function fold(ch: string): string {
  const lower = ch.toLowerCase();
  return FOLD[lower] ?? lower.normalize("NFKD").replace(/\p{M}/gu, "");
}

const WORD = /[\p{L}\p{N}]/u;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * `text` as HTML with each occurrence of a term wrapped in `<mark>…</mark>`: a term matches
 * at the start of a word, and (unless it is a prefix) must end at the end of a word.
 */
export function highlight(text: string, terms: QueryTerm[]): string {
  if (!terms.length || !text) return escapeHtml(text);
  // The folded text, and for each folded character the index of the original one.
  const chars = Array.from(text);
  const origin: number[] = [];
  let folded = "";
  chars.forEach((ch, index) => {
    for (const f of fold(ch)) {
      folded += f;
      origin.push(index);
    }
  });
  const marked = new Array<boolean>(chars.length).fill(false);
  const foldedChars = Array.from(folded);
  for (const { lexeme, prefix } of terms) {
    const needle = Array.from(lexeme);
    if (!needle.length) continue;
    for (let at = 0; at + needle.length <= foldedChars.length; at++) {
      if (at > 0 && WORD.test(foldedChars[at - 1])) continue;
      let k = 0;
      while (k < needle.length && foldedChars[at + k] === needle[k]) k++;
      if (k < needle.length) continue;
      const end = at + needle.length;
      if (!prefix && end < foldedChars.length && WORD.test(foldedChars[end])) continue;
      // A prefix match extends to the end of the word it starts.
      let stop = end;
      if (prefix) { while (stop < foldedChars.length && WORD.test(foldedChars[stop])) stop++; }
      for (let j = at; j < stop; j++) marked[origin[j]] = true;
    }
  }
  let html = "";
  let open = false;
  chars.forEach((ch, index) => {
    if (marked[index] && !open) {
      html += "<mark>";
      open = true;
    } else if (!marked[index] && open) {
      html += "</mark>";
      open = false;
    }
    html += escapeHtml(ch);
  });
  return open ? `${html}</mark>` : html;
}
