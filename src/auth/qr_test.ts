import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../tests/support/assert.ts";
import { qrSvg } from "./qr.ts";
import { otpauthUri } from "./totp.ts";

const URI = otpauthUri({
  secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
  account: "jane@example.com",
  issuer: "LedgerFlow",
});

/** The dark modules the path draws, as a grid. */
function modules(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const grid = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const d = /<path fill="#000" d="([^"]*)"\/>/.exec(svg)![1];
  for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(w); i++) grid[Number(y)][Number(x) + i] = true;
  }
  return grid;
}

Deno.test("qrSvg makes an accessible SVG with no inline style or script", () => {
  const svg = qrSvg(URI, "Scan this code with your authenticator app");
  assertMatch(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img" [^>]*>.*<\/svg>$/);
  assertStringIncludes(svg, 'aria-label="Scan this code with your authenticator app"');
  assertStringIncludes(svg, "<rect ");
  assertStringIncludes(svg, "<path ");
  assert(!/style=/i.test(svg) && !/<script/i.test(svg) && !/\son\w+=/i.test(svg));
});

Deno.test("qrSvg escapes the label", () => {
  const svg = qrSvg("x", `"><script>alert(1)</script>&`);
  assert(!svg.includes("<script"));
  assertStringIncludes(svg, 'aria-label="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#38;"');
});

Deno.test("qrSvg draws finder patterns inside a 4-module quiet zone", () => {
  const svg = qrSvg(URI, "QR code", { moduleSize: 5 });
  const grid = modules(svg);
  const size = grid.length;
  assertEquals((size - 8 - 17) % 4, 0, "a QR version is 17 + 4n modules wide");
  assertMatch(svg, new RegExp(`width="${size * 5}" height="${size * 5}"`));
  for (let i = 0; i < size; i++) {
    for (const edge of [0, 3, size - 1]) assert(!grid[edge][i] && !grid[i][edge], "quiet zone is light");
  }
  // The top-left finder: a dark 7×7 ring, a light ring, a dark 3×3 centre.
  for (let y = 0; y < 7; y++) {
    for (let x = 0; x < 7; x++) {
      const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
      assertEquals(grid[4 + y][4 + x], ring !== 2, `module ${x},${y}`);
    }
  }
});
