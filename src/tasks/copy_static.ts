/**
 * `deno task static`: copies htmx out of the installed htmx.org package into static/vendor/.
 * The vendored file is generated, never edited by hand, and never fetched from a CDN.
 */
const root = new URL("../../", import.meta.url);
const source = new URL("node_modules/htmx.org/dist/htmx.min.js", root);
const target = new URL("static/vendor/htmx.min.js", root);

try {
  const bytes = await Deno.readFile(source);
  await Deno.mkdir(new URL("static/vendor/", root), { recursive: true });
  let current: Uint8Array | undefined;
  try {
    current = await Deno.readFile(target);
  } catch { /* first copy */ }
  if (!current || current.length !== bytes.length || current.some((b, i) => b !== bytes[i])) {
    await Deno.writeFile(target, bytes);
  }
} catch (error) {
  console.error(`Cannot copy htmx into static/vendor: ${(error as Error).message}; run \`deno task install\` first`);
  Deno.exit(1);
}
