/**
 * Container health check (the Dockerfile's HEALTHCHECK), so the image needs no curl:
 * `deno run --allow-net=127.0.0.1 --allow-env=PORT src/tasks/healthcheck.ts`.
 * Exits 0 when `GET /healthz` on this container's PORT (default 8080) answers 200 within
 * 3 seconds, and 1 otherwise.
 */
const port = Deno.env.get("PORT") || "8080";
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
  await response.body?.cancel();
  Deno.exit(response.status === 200 ? 0 : 1);
} catch {
  Deno.exit(1);
}
