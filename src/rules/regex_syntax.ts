/**
 * The syntax side of the regex safety check: character sets as code point ranges (with what
 * the `i` flag adds), and a parser of `u`-flag patterns into a small tree of characters,
 * sequences, alternatives, groups, repetitions, assertions and back-references.
 */

/** Largest `{n,m}` bound accepted. */
const MAX_BOUND = 1000;

// Character sets: sorted, non-overlapping inclusive code point ranges -------------------------

/** Sorted, non-overlapping inclusive code point ranges. */
export type CharSet = [number, number][];

const MAX_CP = 0x10ffff;
/** Every character. */
export const ALL: CharSet = [[0, MAX_CP]];
const DIGIT: CharSet = [[0x30, 0x39]];
const WORD: CharSet = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
/** `\w` with the `iu` flags also matches ſ (U+017F) and the Kelvin sign (U+212A). */
const WORD_I: CharSet = [...WORD, [0x17f, 0x17f], [0x212a, 0x212a]];
const SPACE: CharSet = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const LINE_TERMINATORS: CharSet = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];

function normalizeSet(ranges: CharSet): CharSet {
  const sorted = ranges.map(([a, b]) => [a, b] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: CharSet = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

function union(...sets: CharSet[]): CharSet {
  return normalizeSet(sets.flat());
}

function complement(set: CharSet): CharSet {
  const out: CharSet = [];
  let next = 0;
  for (const [a, b] of normalizeSet(set)) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

/** Whether two sets share a character. */
export function overlaps(x: CharSet, y: CharSet): boolean {
  for (const [a, b] of x) for (const [c, d] of y) if (a <= d && c <= b) return true;
  return false;
}

/**
 * What the `i` flag adds to a set, at least: the other ASCII case of every letter, and the two
 * non-ASCII characters that fold into ASCII (KELVIN SIGN → k, LATIN SMALL LETTER LONG S → s).
 */
function foldCaseUnder(set: CharSet): CharSet {
  const extra: CharSet = [];
  const has = (cp: number) => set.some(([a, b]) => a <= cp && cp <= b);
  for (const [a, b] of set) {
    const lo = Math.max(a, 0x41), hi = Math.min(b, 0x5a);
    if (lo <= hi) extra.push([lo + 32, hi + 32]);
    const lo2 = Math.max(a, 0x61), hi2 = Math.min(b, 0x7a);
    if (lo2 <= hi2) extra.push([lo2 - 32, hi2 - 32]);
  }
  if (has(0x4b) || has(0x6b) || has(0x212a)) extra.push([0x4b, 0x4b], [0x6b, 0x6b], [0x212a, 0x212a]);
  if (has(0x53) || has(0x73) || has(0x17f)) extra.push([0x53, 0x53], [0x73, 0x73], [0x17f, 0x17f]);
  return union(set, extra);
}

/** What the `i` flag adds to a set, at most: other non-ASCII cases are not modelled, so all of them. */
function foldCaseOver(set: CharSet): CharSet {
  const under = foldCaseUnder(set);
  return set.some(([, b]) => b >= 0x80) ? union(under, [[0x80, MAX_CP]], [[0x4b, 0x4b], [0x53, 0x53]]) : under;
}

// The pattern tree ------------------------------------------------------------------------

/** A node of the pattern tree. */
export type Node =
  | { t: "char"; set: CharSet }
  | { t: "seq"; items: Node[] }
  | { t: "alt"; branches: Node[] }
  | { t: "group"; body: Node; look: boolean }
  | { t: "repeat"; body: Node; min: number; max: number }
  | { t: "assert" }
  | { t: "backref" };

/** A parser for the `u`-flag syntax (the pattern already compiled, so it is well formed). */
export class Parser {
  private i = 0;
  constructor(private readonly src: string, private readonly ignoreCase: boolean) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected "${this.src[this.i]}" at position ${this.i + 1}`);
    return node;
  }

  private peek(offset = 0): string {
    return this.src[this.i + offset] ?? "";
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.peek() === "|") {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : { t: "alt", branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.peek() !== "|" && this.peek() !== ")") {
      let atom = this.atom();
      const q = this.quantifier();
      if (q) {
        if ((q.max !== Infinity && q.max > MAX_BOUND) || q.min > MAX_BOUND) {
          throw new Error(`repetition counts above ${MAX_BOUND} are not allowed`);
        }
        atom = { t: "repeat", body: atom, min: q.min, max: q.max };
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0] : { t: "seq", items };
  }

  private quantifier(): { min: number; max: number } | undefined {
    const ch = this.peek();
    let q: { min: number; max: number } | undefined;
    if (ch === "*") q = { min: 0, max: Infinity };
    else if (ch === "+") q = { min: 1, max: Infinity };
    else if (ch === "?") q = { min: 0, max: 1 };
    else if (ch === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
      q = { min, max };
    }
    if (!q) return undefined;
    this.i++;
    if (this.peek() === "?") this.i++; // lazy: the same search space
    return q;
  }

  private atom(): Node {
    const ch = this.peek();
    if (ch === "(") return this.group();
    if (ch === "[") return this.charClass();
    if (ch === ".") {
      this.i++;
      return { t: "char", set: complement(LINE_TERMINATORS) };
    }
    if (ch === "^" || ch === "$") {
      this.i++;
      return { t: "assert" };
    }
    if (ch === "\\") return this.escape(false) as Node;
    const cp = this.src.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return this.literal(cp);
  }

  private literal(cp: number): Node {
    const set: CharSet = [[cp, cp]];
    return { t: "char", set: this.ignoreCase ? foldCaseOver(set) : set };
  }

  private group(): Node {
    this.i++; // (
    let look = false;
    if (this.peek() === "?") {
      const rest = this.src.slice(this.i);
      const m = /^\?(:|=|!|<=|<!|<[A-Za-z_$][\w$]*>|[ims]*(-[ims]*)?:)/.exec(rest);
      if (!m) throw new Error("it uses a group syntax that is not supported");
      look = ["=", "!", "<=", "<!"].includes(m[1]);
      if (/^[ims]*(-[ims]*)?:$/.test(m[1]) && m[1] !== ":") {
        throw new Error("inline flags are not supported; use the case-sensitive option instead");
      }
      this.i += m[0].length;
    }
    const body = this.alternation();
    if (this.peek() !== ")") throw new Error("a group is not closed");
    this.i++;
    return { t: "group", body, look };
  }

  /** An escape; inside a class returns the set, outside a node. */
  private escape(inClass: boolean): Node | CharSet {
    this.i++; // backslash
    const ch = this.peek();
    this.i++;
    const set = (s: CharSet) => inClass ? s : { t: "char" as const, set: s };
    switch (ch) {
      case "d":
        return set(DIGIT);
      case "D":
        return set(complement(DIGIT));
      case "w":
        return set(this.ignoreCase ? WORD_I : WORD);
      case "W":
        return set(complement(this.ignoreCase ? WORD_I : WORD));
      case "s":
        return set(SPACE);
      case "S":
        return set(complement(SPACE));
      case "p":
      case "P": {
        const m = /^\{[^}]*\}/.exec(this.src.slice(this.i));
        if (m) this.i += m[0].length;
        return set(ALL);
      }
      case "b":
        return inClass ? [[8, 8]] : { t: "assert" };
      case "B":
        return { t: "assert" };
      case "k": {
        const m = /^<[^>]*>/.exec(this.src.slice(this.i));
        if (m) this.i += m[0].length;
        return { t: "backref" };
      }
      case "n":
        return this.single(0x0a, inClass);
      case "r":
        return this.single(0x0d, inClass);
      case "t":
        return this.single(0x09, inClass);
      case "f":
        return this.single(0x0c, inClass);
      case "v":
        return this.single(0x0b, inClass);
      case "c": {
        const letter = this.peek();
        this.i++;
        return this.single(letter.charCodeAt(0) % 32, inClass);
      }
      case "x": {
        const hex = this.src.slice(this.i, this.i + 2);
        this.i += 2;
        return this.single(parseInt(hex, 16), inClass);
      }
      case "u": {
        if (this.peek() === "{") {
          const end = this.src.indexOf("}", this.i);
          const cp = parseInt(this.src.slice(this.i + 1, end), 16);
          this.i = end + 1;
          return this.single(cp, inClass);
        }
        const cp = parseInt(this.src.slice(this.i, this.i + 4), 16);
        this.i += 4;
        return this.single(cp, inClass);
      }
      case "0":
        return this.single(0, inClass);
      default:
        if (/[1-9]/.test(ch) && !inClass) {
          while (/\d/.test(this.peek())) this.i++;
          return { t: "backref" };
        }
        return this.single(ch.codePointAt(0)!, inClass);
    }
  }

  private single(cp: number, inClass: boolean): Node | CharSet {
    if (inClass) return [[cp, cp]];
    return this.literal(cp);
  }

  private charClass(): Node {
    this.i++; // [
    const negated = this.peek() === "^";
    if (negated) this.i++;
    const parts: CharSet[] = [];
    const one = (): CharSet => {
      if (this.peek() === "\\") return this.escape(true) as CharSet;
      const cp = this.src.codePointAt(this.i)!;
      this.i += cp > 0xffff ? 2 : 1;
      return [[cp, cp]];
    };
    while (this.i < this.src.length && this.peek() !== "]") {
      const from = one();
      if (
        this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== "" && from.length === 1 &&
        from[0][0] === from[0][1]
      ) {
        this.i++;
        const to = one();
        parts.push([[from[0][0], to[to.length - 1][1]]]);
      } else {
        parts.push(from);
      }
    }
    if (this.peek() !== "]") throw new Error("a character class is not closed");
    this.i++;
    const set = union(...parts);
    // [^…] with `i` excludes the case variants too: complementing a smaller set stays a superset.
    if (negated) return { t: "char", set: complement(this.ignoreCase ? foldCaseUnder(set) : set) };
    return { t: "char", set: this.ignoreCase ? foldCaseOver(set) : set };
  }
}
