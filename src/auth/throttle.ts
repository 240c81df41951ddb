/**
 * Sign-in throttling, per account and per IP, with counters in the cache: after a few
 * failures each attempt waits a growing delay; past the limit attempts are refused with 429
 * and Retry-After until the window ends. A successful sign-in clears the account's counter.
 */
import type { Cache } from "../cache.ts";

/** Limits (per 15-minute window). */
export const THROTTLE = {
  windowSeconds: 15 * 60,
  freeFailures: 3,
  accountLimit: 10,
  ipLimit: 50,
  maxDelayMs: 4000,
};

/** What to do with a sign-in attempt. */
export type ThrottleDecision = { allowed: true; delayMs: number } | {
  allowed: false;
  retryAfterSeconds: number;
  scope: "account" | "ip";
};

const accountKey = (email: string) => `signin:fail:acct:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `signin:fail:ip:${ip}`;

/** Checks the counters before verifying a password. */
export async function checkSignIn(cache: Cache, email: string, ip: string): Promise<ThrottleDecision> {
  const [account, byIp] = await Promise.all([
    cache.get<number>(accountKey(email)),
    cache.get<number>(ipKey(ip)),
  ]);
  if ((account ?? 0) >= THROTTLE.accountLimit) {
    return { allowed: false, retryAfterSeconds: THROTTLE.windowSeconds, scope: "account" };
  }
  if ((byIp ?? 0) >= THROTTLE.ipLimit) {
    return { allowed: false, retryAfterSeconds: THROTTLE.windowSeconds, scope: "ip" };
  }
  const failures = Math.max(account ?? 0, Math.floor((byIp ?? 0) / 5));
  const over = failures - THROTTLE.freeFailures;
  return { allowed: true, delayMs: over < 0 ? 0 : Math.min(250 * 2 ** over, THROTTLE.maxDelayMs) };
}

/** Counts a failed attempt; returns true when this failure reached the account limit (a lockout). */
export async function recordFailure(cache: Cache, email: string, ip: string): Promise<boolean> {
  const ttl = { ttlSeconds: THROTTLE.windowSeconds };
  const [account] = await Promise.all([cache.incr(accountKey(email), ttl), cache.incr(ipKey(ip), ttl)]);
  return account === THROTTLE.accountLimit;
}

/** Clears the account's counter after a successful sign-in. */
export async function recordSuccess(cache: Cache, email: string): Promise<void> {
  await cache.delete(accountKey(email));
}
