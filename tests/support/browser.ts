/**
 * Headless Chromium for browser tests, driven by playwright-core. The executable comes from
 * LEDGERFLOW_TEST_CHROMIUM (set by tests/run.ts; empty when it found none) or, when a file runs
 * on its own, from `ensureChromium()`. Tests pass `ignore: browserUnavailable`.
 */
import { type Browser, chromium, type ConsoleMessage, type Page } from "playwright-core";
import { ensureChromium } from "./chromium.ts";

/**
 * Flags for a quiet, self-contained headless run. Playwright adds `--user-data-dir` itself
 * (a new temporary profile per launch, removed on close) and refuses it in `args`.
 */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

async function findExecutable(): Promise<string | undefined> {
  const fromRunner = Deno.env.get("LEDGERFLOW_TEST_CHROMIUM");
  // The runner already looked (and warned) when it passes an empty value.
  const path = fromRunner !== undefined ? fromRunner || undefined : await ensureChromium();
  if (!path) return undefined;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    return undefined;
  }
}

/** The Chromium executable, or undefined when none can be had. */
export const chromiumPath: string | undefined = await findExecutable();

/** True when browser tests cannot run here: pass it as `ignore`. */
export const browserUnavailable: boolean = chromiumPath === undefined;

if (browserUnavailable) {
  console.warn(
    `\n${"!".repeat(78)}\n!! No Chromium: SKIPPING the browser tests in ${Deno.mainModule}\n` +
      `!! Install it with \`apt-get install chromium\` (or set CHROMIUM_PATH).\n${"!".repeat(78)}\n`,
  );
}

/** Launches headless Chromium; close it when done (or use {@link withBrowser}). */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error("Cannot launch Chromium: it is not installed (see the warning above)");
  return await chromium.launch({ executablePath: chromiumPath, args: FLAGS, timeout: 30_000 });
}

/** Runs `fn` with a fresh browser and closes it afterwards, even when `fn` throws. */
export async function withBrowser(fn: (browser: Browser) => Promise<void>): Promise<void> {
  const browser = await launchBrowser();
  try {
    await fn(browser);
  } finally {
    await browser.close();
  }
}

/** Problems a page reported while it was watched. */
export interface PageProblems {
  /** Console errors (CSP violations appear here too) and uncaught exceptions. */
  errors: string[];
  /** Content-Security-Policy violations seen by the page itself. */
  cspViolations(): Promise<string[]>;
  /** Responses with status 400 or above. */
  failedResponses: string[];
}

/**
 * Starts collecting console errors, uncaught exceptions, failed responses and CSP violation
 * events for `page`. Call it before the first navigation.
 */
export async function watchPage(page: Page): Promise<PageProblems> {
  const errors: string[] = [];
  const failedResponses: string[] = [];
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400) failedResponses.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on("requestfailed", (req) => failedResponses.push(`failed ${req.method()} ${req.url()}`));
  // Init scripts run outside the page's CSP, before any of its own scripts.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => {
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return {
    errors,
    failedResponses,
    cspViolations: () =>
      page.evaluate(() => (globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
}

/** Where screenshots go (gitignored). */
export const SCREENSHOT_DIR = new URL("../screenshots/", import.meta.url);

/** Saves a full-page screenshot to tests/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = new URL(`${name}.png`, SCREENSHOT_DIR).pathname;
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  return path;
}
