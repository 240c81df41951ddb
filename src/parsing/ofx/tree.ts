/**
 * OFX as a tree, for both dialects: OFX 1.x SGML (a `KEY:VALUE` header, elements whose closing
 * tags are optional) and OFX 2.x XML (`<?OFX …?>`, everything closed).
 */

/** An aggregate (children) or an element (a value). */
export interface OfxNode {
  name: string;
  /** The element's text, entities decoded and trimmed; null for an aggregate. */
  value: string | null;
  children: OfxNode[];
}

/** A parsed OFX file. */
export interface OfxTree {
  dialect: "sgml" | "xml";
  /** Header fields (SGML `KEY:VALUE` lines or the `<?OFX …?>` attributes), keys upper case. */
  header: Record<string, string>;
  /** The `<OFX>` aggregate. */
  root: OfxNode;
}

/** Elements (never aggregates) in the statement messages, so an empty SGML one cannot swallow its siblings. */
const ELEMENTS = new Set(
  `TRNTYPE DTPOSTED DTUSER DTAVAIL TRNAMT FITID CORRECTFITID CORRECTACTION SRVRTID CHECKNUM REFNUM SIC
  PAYEEID NAME EXTDNAME MEMO INV401KSOURCE CURDEF CURRATE CURSYM BANKID BRANCHID ACCTID ACCTTYPE ACCTKEY
  DTSTART DTEND BALAMT DTASOF CODE SEVERITY MESSAGE DTSERVER USERKEY TSKEYEXPIRE LANGUAGE DTPROFUP DTACCTUP
  ORG FID SESSCOOKIE ACCESSKEY TRNUID CLTCOOKIE MKTGINFO ADDR1 ADDR2 ADDR3 CITY STATE POSTALCODE COUNTRY
  PHONE INTU.BID INTU.USERID INTU.XFERTYPE`.split(/\s+/),
);

type Token =
  | { kind: "open"; name: string }
  | { kind: "close"; name: string }
  | { kind: "empty"; name: string }
  | { kind: "text"; text: string };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes the XML/SGML character entities in `s`; unknown ones stay as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] !== "#") return ENTITIES[e.toLowerCase()] ?? whole;
    const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

function tokenize(text: string, from: number): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const end = lt < 0 ? text.length : lt;
    if (end > i) tokens.push({ kind: "text", text: text.slice(i, end) });
    if (lt < 0) break;
    if (text.startsWith("<!--", lt)) {
      const close = text.indexOf("-->", lt + 4);
      i = close < 0 ? text.length : close + 3;
    } else if (text.startsWith("<![CDATA[", lt)) {
      const close = text.indexOf("]]>", lt + 9);
      const stop = close < 0 ? text.length : close;
      tokens.push({ kind: "text", text: text.slice(lt + 9, stop).replace(/&/g, "&amp;") });
      i = close < 0 ? text.length : close + 3;
    } else {
      const gt = text.indexOf(">", lt + 1);
      if (gt < 0) break;
      const body = text.slice(lt + 1, gt).trim();
      i = gt + 1;
      if (body.startsWith("?") || body.startsWith("!")) continue;
      const closing = body.startsWith("/");
      const selfClosing = !closing && body.endsWith("/");
      const name = /^\/?\s*([A-Za-z0-9._:-]+)/.exec(body)?.[1]?.toUpperCase();
      if (!name) continue;
      tokens.push({ kind: closing ? "close" : selfClosing ? "empty" : "open", name });
    }
  }
  return tokens;
}

/**
 * Builds the tree from the first `<OFX>`. An open tag followed by text is an element (its closing
 * tag optional); otherwise it is an aggregate, closed by its closing tag (which also closes any
 * aggregate left open inside it). Returns null when there is no `<OFX>` element.
 */
export function parseOfxTree(text: string): OfxTree | null {
  const at = text.search(/<OFX[\s>]/i);
  if (at < 0) return null;
  const prologue = text.slice(0, at);
  const xml = /<\?OFX[\s?]/i.test(prologue) || /<\?xml/i.test(prologue);
  const header: Record<string, string> = {};
  if (xml) {
    const pi = /<\?OFX([^?]*)\?>/i.exec(prologue)?.[1] ?? "";
    for (const m of pi.matchAll(/([A-Za-z]+)\s*=\s*"([^"]*)"/g)) header[m[1].toUpperCase()] = m[2];
  } else {
    for (const m of prologue.matchAll(/^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/gm)) header[m[1].toUpperCase()] = m[2];
  }

  const tokens = tokenize(text, at);
  const root: OfxNode = { name: "#document", value: null, children: [] };
  const stack: OfxNode[] = [root];
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    const top = stack[stack.length - 1];
    if (tok.kind === "text") continue;
    if (tok.kind === "empty") {
      top.children.push({ name: tok.name, value: "", children: [] });
    } else if (tok.kind === "close") {
      const idx = stack.findLastIndex((n) => n.name === tok.name);
      if (idx > 0) stack.length = idx;
    } else {
      const next = tokens[t + 1];
      const content = next?.kind === "text" ? next.text.trim() : "";
      if (content !== "") {
        top.children.push({ name: tok.name, value: decodeEntities(content), children: [] });
        t++;
        const after = tokens[t + 1];
        if (after?.kind === "close" && after.name === tok.name) t++;
        continue;
      }
      const skipText = next?.kind === "text" ? 1 : 0;
      const after = tokens[t + 1 + skipText];
      if (ELEMENTS.has(tok.name) || (after?.kind === "close" && after.name === tok.name)) {
        top.children.push({ name: tok.name, value: "", children: [] });
        if (after?.kind === "close" && after.name === tok.name) t += 1 + skipText;
        continue;
      }
      // OFX never nests an aggregate in one of the same name: an unclosed <STMTTRN> ends at the next.
      if (top.name === tok.name && stack.length > 1) stack.pop();
      const node: OfxNode = { name: tok.name, value: null, children: [] };
      stack[stack.length - 1].children.push(node);
      stack.push(node);
    }
  }
  const ofx = root.children.find((n) => n.name === "OFX");
  return ofx ? { dialect: xml ? "xml" : "sgml", header, root: ofx } : null;
}

/** The first direct child named `name`. */
export function child(node: OfxNode | undefined, name: string): OfxNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** The value of the first direct child named `name`, or null when absent or empty. */
export function valueOf(node: OfxNode | undefined, name: string): string | null {
  const v = child(node, name)?.value;
  return v ? v : null;
}

/** Every descendant named `name`, depth first, not looking inside a match. */
export function findAll(node: OfxNode, name: string): OfxNode[] {
  const out: OfxNode[] = [];
  const walk = (n: OfxNode) => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      else walk(c);
    }
  };
  walk(node);
  return out;
}
