/**
 * Template errors: every problem carries its position (line and column of a text template, or
 * paragraph and column of a DOCX one) and a message a person can act on. The API answers them
 * as 422 problem+json with `errors: [{line, column, message}]`; pages show them inline.
 */
import { AppError } from "../errors.ts";

/** One problem in a template. */
export interface TemplateIssue {
  /** 1-based line (text templates) or paragraph number (DOCX templates). */
  line: number;
  /** 1-based column within the line or paragraph text. */
  column: number;
  message: string;
  /** The DOCX tag the problem is about (DOCX templates only). */
  tag?: string;
  /** Where the position counts from: "line" for text templates, "paragraph" for DOCX. */
  unit?: "line" | "paragraph";
  /** The part of a DOCX file, when it is not the main document (e.g. "word/header1.xml"). */
  part?: string;
}

/** How far problems are listed before the rest are left out. */
export const MAX_ISSUES = 20;

/** "line 3, column 7" or "paragraph 2, column 5". */
export function positionText(issue: TemplateIssue): string {
  const where = `${issue.unit ?? "line"} ${issue.line}, column ${issue.column}`;
  return issue.part ? `${where} of ${issue.part}` : where;
}

/** The one-sentence summary of a list of problems. */
export function describeIssues(issues: TemplateIssue[]): string {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `Cannot render template: ${first.message} at ${positionText(first)}${more}`;
}

/** 422: the template has problems; `errors` lists each with its position. */
export class TemplateError extends AppError {
  readonly issues: TemplateIssue[];
  constructor(issues: TemplateIssue[]) {
    const list = issues.slice(0, MAX_ISSUES);
    super(422, "Invalid Template", describeIssues(list), { errors: list });
    this.issues = list;
  }
}

/** Offsets into a text → 1-based line and column. */
export class LineIndex {
  readonly #starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.#starts.push(i + 1);
  }
  /** The line and column of `offset`. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.#starts[lo] + 1 };
  }
}
