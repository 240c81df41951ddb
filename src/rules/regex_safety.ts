/**
 * Regular expressions that people type into rules, made safe to run: at most 200 characters,
 * compiled with the `u` flag, and rejected by a static check when their shape can take
 * exponential time (catastrophic backtracking) — nested repetition such as `(a+)+`, `(.*)*`,
 * `(\w+\s?)+$`, or a repetition of overlapping alternatives such as `(a|a)*`. The check parses
 * the pattern into a small tree (regex_syntax.ts) and looks for exponential ambiguity in its
 * automaton (regex_ambiguity.ts); it errs on the side of refusing, and takes well under a
 * millisecond for ordinary patterns (a pattern too big to check in time is refused). Matching
 * itself also runs under a time budget (regex_budget.ts), which catches what remains
 * (polynomial shapes on long texts).
 */
import { findCatastrophe, TOO_COMPLEX } from "./regex_ambiguity.ts";
import { type Node, Parser } from "./regex_syntax.ts";

/** Longest pattern accepted. */
export const MAX_PATTERN_LENGTH = 200;

/** The message for every shape that can take exponential time. */
export const EXPONENTIAL_MESSAGE = "Cannot use this pattern: it can take exponential time (nested repetition)";

/** Why a pattern cannot be used, or undefined when it is safe. */
export function checkPattern(pattern: string, caseSensitive = false): string | undefined {
  if (pattern.length === 0) return "Cannot use this pattern: it is empty";
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `Cannot use this pattern: it is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  try {
    new RegExp(pattern, regexFlags(caseSensitive));
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
    return `Cannot use this pattern: it is not a valid regular expression (${reason})`;
  }
  let tree: Node;
  try {
    tree = new Parser(pattern, !caseSensitive).parse();
  } catch (error) {
    return `Cannot use this pattern: ${(error as Error).message}`;
  }
  const catastrophe = findCatastrophe(tree);
  return catastrophe === "exponential" ? EXPONENTIAL_MESSAGE : catastrophe === "complex" ? TOO_COMPLEX : undefined;
}

/** The flags rules compile with. */
export function regexFlags(caseSensitive = false): string {
  return caseSensitive ? "u" : "iu";
}

/** Compiles a pattern that passed {@link checkPattern}; throws with the reason otherwise. */
export function compileSafeRegex(pattern: string, caseSensitive = false): RegExp {
  const problem = checkPattern(pattern, caseSensitive);
  if (problem) throw new Error(problem);
  return new RegExp(pattern, regexFlags(caseSensitive));
}
