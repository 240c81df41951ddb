/** A child that answers at once with an empty document: the cost of starting Deno alone. */
await new Response(Deno.stdin.readable).arrayBuffer();
console.log(JSON.stringify({ ok: true, doc: { pages: 0, pageWidth: 0, pageHeight: 0, lines: [], furniture: [] } }));
