/**
 * Static files from static/: loaded once, served with strong ETags, and addressed by
 * fingerprinted URLs (`/static/css/app.css?v=<hash>`) that may be cached for a year.
 */
import type { MiddlewareHandler } from "hono";

interface Asset {
  body: Uint8Array;
  type: string;
  hash: string;
}

/** The loaded asset set: `url()` for views, `middleware()` to serve /static/*. */
export interface StaticAssets {
  /** Fingerprinted URL of a file under static/ (throws for a missing file, so typos fail fast). */
  url(path: string): string;
  middleware(): MiddlewareHandler;
}

const TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  woff2: "font/woff2",
  json: "application/json",
  txt: "text/plain; charset=utf-8",
};

/** The static/ folder shipped with LedgerFlow. */
export const STATIC_DIR = new URL("../../static/", import.meta.url);

/** Reads every file under `dir` into memory and fingerprints it. */
export async function loadStaticAssets(dir: URL = STATIC_DIR): Promise<StaticAssets> {
  const assets = new Map<string, Asset>();
  async function walk(url: URL, prefix: string) {
    for await (const entry of Deno.readDir(url)) {
      if (entry.isDirectory) await walk(new URL(`${entry.name}/`, url), `${prefix}${entry.name}/`);
      else if (entry.isFile) {
        const body = await Deno.readFile(new URL(entry.name, url));
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
        const hash = Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
        const ext = entry.name.split(".").pop() ?? "";
        assets.set(`${prefix}${entry.name}`, { body, type: TYPES[ext] ?? "application/octet-stream", hash });
      }
    }
  }
  await walk(dir, "");
  return {
    url(path) {
      const asset = assets.get(path);
      if (!asset) {
        throw new Error(`Cannot link static/${path}: no such file (run \`deno task static\` for vendor files)`);
      }
      return `/static/${path}?v=${asset.hash}`;
    },
    middleware() {
      // deno-lint-ignore require-await
      return async (c, next) => {
        if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
        const asset = assets.get(decodeURIComponent(c.req.path.slice("/static/".length)));
        if (!asset) return next();
        const etag = `"${asset.hash}"`;
        const immutable = c.req.query("v") === asset.hash;
        const headers = {
          ETag: etag,
          "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
          "Content-Type": asset.type,
        };
        const ifNoneMatch = c.req.header("If-None-Match") ?? "";
        if (ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
          return c.body(null, 304, headers);
        }
        if (c.req.method === "HEAD") return c.body(null, 200, headers);
        return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, headers);
      };
    },
  };
}
