/**
 * Assertions for tests (JSR's @std/assert is not reachable, so these wrap node:assert with
 * the std names the codebase uses).
 */
import nodeAssert from "node:assert/strict";

/** Asserts that `value` is truthy. */
export function assert(value: unknown, message?: string): asserts value {
  nodeAssert.ok(value, message);
}

/** Deep, strict equality. */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

/** Deep, strict inequality. */
export function assertNotEquals<T>(actual: T, expected: T, message?: string): void {
  nodeAssert.notDeepStrictEqual(actual, expected, message);
}

/** `actual` matches the regular expression. */
export function assertMatch(actual: string, expected: RegExp, message?: string): void {
  nodeAssert.match(actual, expected, message);
}

/** `actual` contains `expected`. */
export function assertStringIncludes(actual: string, expected: string, message?: string): void {
  nodeAssert.ok(actual.includes(expected), message ?? `expected ${JSON.stringify(actual)} to include ${expected}`);
}

/** The promise rejects with an instance of `ErrorClass` whose message includes `includes`; returns the error. */
export async function assertRejects<E extends Error = Error>(
  fn: () => Promise<unknown>,
  ErrorClass?: new (...args: any[]) => E,
  includes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    if (ErrorClass && !(error instanceof ErrorClass)) {
      throw new Error(`expected ${ErrorClass.name} but got ${(error as Error)?.name}: ${(error as Error)?.message}`);
    }
    if (includes && !(error as Error).message.includes(includes)) {
      throw new Error(`expected the message to include "${includes}" but got "${(error as Error).message}"`);
    }
    return error as E;
  }
  throw new Error("expected the promise to reject");
}
