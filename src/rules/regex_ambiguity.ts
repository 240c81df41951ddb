/**
 * The analysis side of the regex safety check: whether a pattern tree can take exponential
 * time in a backtracking matcher.
 *
 * A backtracking matcher takes exponential time exactly when some part of the pattern can
 * read one text in two different ways and then come back to where it started (exponential
 * degree of ambiguity). We build the position (Glushkov) automaton of the pattern, keeping
 * apart edges that come from different constructs (an inner and an outer loop both going
 * from `a` to `a` are two ways, not one), and look in its product with itself for a cycle
 * through a "same place" state that passes through a "different places" state or takes two
 * different edges to the same place.
 */
import { ALL, type CharSet, type Node, overlaps } from "./regex_syntax.ts";

interface Edge {
  to: number;
  tag: number;
}

interface Fragment {
  first: number[];
  last: number[];
  nullable: boolean;
}

/** Most positions (characters after expanding counted repetitions) the check examines. */
const MAX_POSITIONS = 400;
/** Most product transitions the check examines before giving up (and refusing the pattern). */
const MAX_WORK = 150_000;
/** Counted repetitions above this are analysed as unbounded ones (a superset of the ambiguity). */
const MAX_EXPANDED = 20;

/** Why a pattern is refused when checking it would take too long. */
export const TOO_COMPLEX = "Cannot use this pattern: it is too complex to check; simplify it";

class Automaton {
  readonly sets: CharSet[] = [];
  readonly edges: Edge[][] = [];
  /** Lookaround bodies: checked as patterns of their own. */
  readonly lookarounds: Node[] = [];
  private tags = 0;

  private position(set: CharSet): number {
    if (this.sets.length >= MAX_POSITIONS) throw new Error(TOO_COMPLEX);
    this.sets.push(set);
    this.edges.push([]);
    return this.sets.length - 1;
  }

  private connect(from: number[], to: number[]): void {
    const tag = this.tags++;
    for (const a of from) for (const b of to) this.edges[a].push({ to: b, tag });
  }

  private sequence(parts: (() => Fragment)[]): Fragment {
    let acc: Fragment = { first: [], last: [], nullable: true };
    for (const part of parts) {
      const f = part();
      this.connect(acc.last, f.first);
      acc = {
        first: acc.nullable ? [...acc.first, ...f.first] : acc.first,
        last: f.nullable ? [...acc.last, ...f.last] : f.last,
        nullable: acc.nullable && f.nullable,
      };
    }
    return acc;
  }

  private loop(f: Fragment): Fragment {
    this.connect(f.last, f.first);
    return f;
  }

  private optionalTail(body: Node, count: number): Fragment {
    if (count === 0) return { first: [], last: [], nullable: true };
    const f = this.sequence([() => this.build(body), () => this.optionalTail(body, count - 1)]);
    return { ...f, nullable: true };
  }

  build(n: Node): Fragment {
    switch (n.t) {
      case "char": {
        const p = this.position(n.set);
        return { first: [p], last: [p], nullable: false };
      }
      case "seq":
        return this.sequence(n.items.map((item) => () => this.build(item)));
      case "alt": {
        const parts = n.branches.map((b) => this.build(b));
        return {
          first: parts.flatMap((p) => p.first),
          last: parts.flatMap((p) => p.last),
          nullable: parts.some((p) => p.nullable),
        };
      }
      case "group":
        if (n.look) {
          this.lookarounds.push(n.body);
          return { first: [], last: [], nullable: true };
        }
        return this.build(n.body);
      case "repeat": {
        let { min, max } = n;
        if (min > MAX_EXPANDED || (max !== Infinity && max > MAX_EXPANDED)) {
          min = Math.min(min, 1);
          max = Infinity;
        }
        const parts: (() => Fragment)[] = [];
        if (max === Infinity) {
          for (let i = 1; i < min; i++) parts.push(() => this.build(n.body));
          parts.push(() => {
            const f = this.loop(this.build(n.body));
            return min === 0 ? { ...f, nullable: true } : f;
          });
        } else {
          for (let i = 0; i < min; i++) parts.push(() => this.build(n.body));
          parts.push(() => this.optionalTail(n.body, max - min));
        }
        return this.sequence(parts);
      }
      case "backref": {
        // Matches what a group matched: any text, of any length.
        const p = this.position(ALL);
        this.connect([p], [p]);
        return { first: [p], last: [p], nullable: true };
      }
      default:
        return { first: [], last: [], nullable: true };
    }
  }
}

/** Whether the automaton has exponential degree of ambiguity. */
function exponentiallyAmbiguous(a: Automaton): boolean {
  const n = a.sets.length;
  // Copies of one atom share its set: compare each distinct set once.
  const distinct = [...new Set(a.sets)];
  const classOf = Int32Array.from(a.sets, (set) => distinct.indexOf(set));
  const classOverlap = distinct.map((x) => Uint8Array.from(distinct, (y) => overlaps(x, y) ? 1 : 0));
  // Product states reachable from the diagonal: id by p * n + q, edges in flat arrays.
  const id = new Int32Array(n * n).fill(-1);
  const states: number[] = [];
  const edgeFrom: number[] = [], edgeTo: number[] = [], edgeSplit: number[] = [];
  const stack: number[] = [];
  const visit = (k: number) => {
    if (id[k] >= 0) return id[k];
    id[k] = states.length;
    states.push(k);
    stack.push(k);
    return id[k];
  };
  for (let q = 0; q < n; q++) visit(q * n + q);
  let work = 0;
  while (stack.length) {
    const k = stack.pop()!;
    const from = id[k];
    const p = Math.floor(k / n), q = k % n;
    for (const e of a.edges[p]) {
      const row = classOverlap[classOf[e.to]];
      for (const f of a.edges[q]) {
        if (++work > MAX_WORK) throw new Error(TOO_COMPLEX);
        if (!row[classOf[f.to]]) continue;
        edgeFrom.push(from);
        edgeTo.push(visit(e.to * n + f.to));
        edgeSplit.push(e.to === f.to && e.tag !== f.tag ? 1 : 0);
      }
    }
  }
  const component = components(states.length, edgeFrom, edgeTo);
  const diagonal = new Set<number>(), offDiagonal = new Set<number>(), split = new Set<number>();
  states.forEach((k, i) => (Math.floor(k / n) === k % n ? diagonal : offDiagonal).add(component[i]));
  for (let e = 0; e < edgeFrom.length; e++) {
    if (edgeSplit[e] && component[edgeFrom[e]] === component[edgeTo[e]]) split.add(component[edgeFrom[e]]);
  }
  for (const c of diagonal) if (offDiagonal.has(c) || split.has(c)) return true;
  return false;
}

/** Strongly connected components (iterative Tarjan): the component number of each node. */
function components(count: number, edgeFrom: number[], edgeTo: number[]): Int32Array {
  const start = new Int32Array(count + 1);
  for (const f of edgeFrom) start[f + 1]++;
  for (let i = 0; i < count; i++) start[i + 1] += start[i];
  const targets = new Int32Array(edgeFrom.length);
  const fill = start.slice(0, count);
  edgeFrom.forEach((f, e) => targets[fill[f]++] = edgeTo[e]);
  const index = new Int32Array(count).fill(-1), low = new Int32Array(count);
  const component = new Int32Array(count).fill(-1), next = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const sccStack: number[] = [], callStack: number[] = [];
  let counter = 0, found = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] >= 0) continue;
    index[root] = low[root] = counter++;
    next[root] = start[root];
    sccStack.push(root);
    onStack[root] = 1;
    callStack.push(root);
    while (callStack.length) {
      const v = callStack[callStack.length - 1];
      if (next[v] < start[v + 1]) {
        const w = targets[next[v]++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          next[w] = start[w];
          sccStack.push(w);
          onStack[w] = 1;
          callStack.push(w);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      callStack.pop();
      if (callStack.length) {
        const parent = callStack[callStack.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = sccStack.pop()!;
          onStack[w] = 0;
          component[w] = found;
        } while (w !== v);
        found++;
      }
    }
  }
  return component;
}

/**
 * "exponential" when the pattern (or a lookaround in it) can take exponential time, "complex"
 * when it is too big to check, undefined when it is safe.
 */
export function findCatastrophe(tree: Node): "exponential" | "complex" | undefined {
  const pending = [tree];
  try {
    while (pending.length) {
      const automaton = new Automaton();
      automaton.build(pending.pop()!);
      if (exponentiallyAmbiguous(automaton)) return "exponential";
      pending.push(...automaton.lookarounds);
    }
  } catch (error) {
    if ((error as Error).message === TOO_COMPLEX) return "complex";
    throw error;
  }
  return undefined;
}
