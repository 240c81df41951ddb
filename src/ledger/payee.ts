/**
 * Payee normalization: a bank's transaction description ("POS PURCHASE SQ *BLUE BOTTLE COFFEE
 * #123 OAKLAND CA 03/14 XXXX1234") becomes the merchant a person would write down ("Blue
 * Bottle Coffee"). Deterministic and table-driven: processor prefixes, card and reference
 * numbers, dates, phone numbers, store numbers and a trailing "CITY ST" are removed, a few
 * well-known merchant spellings are unified, and the rest is put in Title Case.
 */

/** Longest payee the ledger stores (transactions.payee has a check constraint). */
export const MAX_PAYEE_LENGTH = 200;

// Words that introduce a description but are not the merchant. Applied repeatedly at the start.
const PREFIXES: RegExp[] = [
  /^(?:RECURRING )?(?:PURCHASE|PAYMENT) AUTHORI[ZS]ED ON \d{1,2}\/\d{1,2}(?:\/\d{2,4})?\s*/,
  /^POS (?:PURCHASE|DEBIT|WITHDRAWAL|REFUND|CREDIT)(?: - )?\s*/,
  /^POINT OF SALE (?:DEBIT|PURCHASE|WITHDRAWAL)?\s*/,
  /^(?:VISA |MC |MASTERCARD )?DEBIT CARD (?:PURCHASE|DEBIT|PMT|PAYMENT|REFUND|CREDIT)?(?: - )?\s*/,
  /^DBT CRD \d+\s*/,
  /^CHECK ?CARD (?:PURCHASE\s*)?(?:\d{4}\s+)?/,
  /^CARD PURCHASE(?: WITH PIN| RETURN)?(?: - )?\s*/,
  /^(?:VISA|MC|MASTERCARD) (?:DDA PUR|PURCHASE|CHECK CARD)\s*/,
  /^DDA (?:PURCHASE|DEBIT|WITHDRAWAL)\s*/,
  /^RECURRING (?:DEBIT CARD|PAYMENT|CHARGE|PURCHASE)\s*/,
  /^PURCHASE(?: RETURN)?(?: - )?\s+/,
  /^ACH (?:DEBIT|CREDIT|WITHDRAWAL|DEPOSIT|PMT|PAYMENT|TRANSFER|TRANSACTION)?\s*/,
  /^ELECTRONIC (?:PAYMENT|WITHDRAWAL|DEBIT|DEPOSIT)\s*/,
  /^EXTERNAL (?:WITHDRAWAL|DEPOSIT)\s*/,
  /^PRE-?AUTHORI[ZS]ED (?:DEBIT|CREDIT|PAYMENT)\s*/,
  /^(?:ONLINE )?BILL ?PAY(?:MENT)?(?: TO)?\s+/,
  /^ZELLE (?:PAYMENT |TRANSFER )?(?:TO|FROM)\s+/,
  /^WEB (?:PMT|PAYMENT)\s*/,
];

// Payment processors whose descriptor is "PROCESSOR *MERCHANT": the merchant follows the star.
const PROCESSOR = /^(?:SQ|SQU|TST|PAYPAL|PP|SP|IN|PY|FS|DD|CKO|BT|GGLE|PADDLE\.NET|APPLE PAY|GOOGLE PAY)\s*\*\s*/;

// Reference numbers, card numbers, dates, times, phones: replaced by a gap marker.
const NOISE: RegExp[] = [
  /\b(?:CONF(?:IRMATION)?|REF(?:ERENCE)?|TRACE|TRN|TXN|AUTH(?:ORIZATION)?|APPROVAL|INV(?:OICE)?|ORDER|SEQ|ACCT)\b\s*(?:#|NO\.?|NUM(?:BER)?|:)?\s*[:#]?\s*[A-Z0-9-]*\d[A-Z0-9-]*/g,
  /\b(?:WEB|PPD|CCD|CO|TEL|ORIG|IND|CUST|MERCH(?:ANT)?|TERMINAL|TERM)\s*ID\s*(?::|#)?\s*\S+/g,
  /\bID\s*(?::|#)\s*\S+/g,
  /\bCARD\s*(?:ENDING(?: IN)?|NO\.?|#)?\s*[X*]*\d{4}\b/g,
  /(?:\b|[*])[X*]{2,}[-X* ]*\d{2,6}\b/g,
  /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g,
  /\b\d{4}-\d{2}-\d{2}\b/g,
  /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)?\b/g,
  /\b\d{1,2}(?:AM|PM)\b/g,
  /(?:\+?\b1[-. ])?\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b/g,
  /\b1?8[0-9]{2}[0-9]{7}\b/g,
  /\bSTORE\s*#?\s*\d+\b/g,
  /#\s*[A-Z]*\d+\b/g,
  /\bNO\.\s*\d+\b/g,
  /\S+@\S+/g,
  /\bHTTPS?:\/\/\S+/g,
];

const GAP = "\uE000"; // A private-use character: never in bank text.
const UBER_EATS = /^UBER\s*\*\s*EATS\b/;

const STATES = new Set(
  ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR " +
    "PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR").split(" "),
);

// Cities of more than one word that often end a descriptor (longest match wins).
const CITIES = [
  "SALT LAKE CITY",
  "SOUTH SAN FRANCISCO",
  "SAN FRANCISCO",
  "SAN DIEGO",
  "SAN JOSE",
  "SAN MATEO",
  "SAN ANTONIO",
  "LOS ANGELES",
  "LOS GATOS",
  "LAS VEGAS",
  "NEW YORK",
  "NEW ORLEANS",
  "KANSAS CITY",
  "OKLAHOMA CITY",
  "JERSEY CITY",
  "REDWOOD CITY",
  "FORT WORTH",
  "FORT LAUDERDALE",
  "ST LOUIS",
  "ST PAUL",
  "SAINT PAUL",
  "EL PASO",
  "LONG BEACH",
  "VIRGINIA BEACH",
  "MIAMI BEACH",
  "COLORADO SPRINGS",
  "SANTA MONICA",
  "SANTA CLARA",
  "SANTA BARBARA",
  "PALO ALTO",
  "MOUNTAIN VIEW",
  "BEVERLY HILLS",
  "WEST HOLLYWOOD",
  "BATON ROUGE",
  "DES MOINES",
  "ANN ARBOR",
  "GRAND RAPIDS",
  "NEWPORT BEACH",
  "SIOUX FALLS",
].map((c) => c.split(" "));

// Large cities recognised at the end even without a state code ("DELTA AIR LINES ATLANTA").
const MAJOR_CITIES = new Set(
  ("ATLANTA BOSTON CHICAGO DALLAS DENVER DETROIT HOUSTON MIAMI MINNEAPOLIS NASHVILLE ORLANDO PHILADELPHIA PHOENIX " +
    "PITTSBURGH PORTLAND SEATTLE AUSTIN BALTIMORE CHARLOTTE CLEVELAND HONOLULU INDIANAPOLIS SACRAMENTO OAKLAND " +
    "BROOKLYN MANHATTAN").split(" "),
);

// A first word that makes the city two words ("SAN ___", "NEW ___").
const CITY_PREFIX = new Set(
  "SAN SANTA LOS LAS NEW ST SAINT FORT FT EL LA PALO SOUTH NORTH EAST WEST MOUNT MT PORT LAKE GRAND CAPE".split(" "),
);
// A last word that makes the city two words ("___ CITY", "___ BEACH").
const CITY_SUFFIX = new Set(
  "CITY BEACH SPRINGS HILLS VALLEY PARK HEIGHTS FALLS VIEW GROVE CREEK ISLAND VILLAGE GARDENS HARBOR RAPIDS".split(" "),
);
// Words that end merchant names and are never the city before a state code.
const NOT_A_CITY = new Set(
  ("COFFEE CAFE MARKET MKT STORE STORES SHOP RESTAURANT GRILL BAR PIZZA PHARMACY FOODS FOOD KITCHEN BAKERY DELI INC " +
    "LLC CORP CO COMPANY SERVICES SERVICE SVC SVCS STATION GAS OIL HOTEL HOTELS INN MOTEL AIRLINES AIRWAYS AIR CABLE " +
    "INSURANCE BANK FITNESS CLUB SUPPLY HARDWARE DEPOT WHOLESALE TAQUERIA BURGER BURGERS TACO TACOS SUSHI THAI " +
    "CLEANERS PARKING GARAGE AUTO MOTORS DENTAL MEDICAL CLINIC LAW GROUP STUDIO SALON SPA GYM BOOKS WINE LIQUOR " +
    "BREWING BREWERY TAVERN PUB DINER EATERY HOUSE LOUNGE ROASTERS CREAMERY CANTINA BISTRO TRATTORIA OFFICE").split(
      " ",
    ),
);

// Legal-form suffixes dropped from the end of a merchant name.
const LEGAL_SUFFIX = new Set(["INC", "INC.", "LLC", "L.L.C.", "CORP", "CORP.", "CORPORATION", "LTD", "LTD.", "PLLC"]);

// Dangling connector words at the end after noise removal ("ZELLE TO JOHN ON <date>").
const DANGLING = new Set(["ON", "AT", "TO", "FROM", "FOR", "BY", "&", "-", "/", "*", "OF", "AND"]);

// One well-known merchant, several descriptors: the prefix of the cleaned text → the name.
const ALIASES: [RegExp, string][] = [
  [/^UBER\s*\*?\s*EATS\b|^UBEREATS\b/, "Uber Eats"],
  [/^AMAZON PRIME\b|^PRIME VIDEO\b/, "Amazon Prime"],
  [/^AMAZON WEB SERVICES\b|^AWS\b/, "Amazon Web Services"],
  [/^AMZN\b|^AMAZON\.COM\b|^AMAZON MKTP|^AMAZON MARKETPLACE\b|^AMAZON\b/, "Amazon"],
  [/^WHOLEFDS\b|^WHOLE FOODS\b/, "Whole Foods Market"],
  [/^WM SUPERCENTER\b|^WAL-?MART\b|^WALMART\b/, "Walmart"],
  [/^COSTCO\b/, "Costco"],
  [/^SBUX\b|^STARBUCKS\b/, "Starbucks"],
  [/^UBER\b/, "Uber"],
  [/^LYFT\b/, "Lyft"],
  [/^DOORDASH\b/, "DoorDash"],
  [/^MSFT\b|^MICROSOFT\b/, "Microsoft"],
  [/^ATT\b|^AT&T\b/, "AT&T"],
  [/^(?:THE )?HOME DEPOT\b/, "The Home Depot"],
  [/^MCDONALD'?S?\b/, "McDonald's"],
  [/^CHICK-FIL-A\b/, "Chick-fil-A"],
  [/^7[- ]?ELEVEN\b/, "7-Eleven"],
  [/^TRADER JOE'?S?\b/, "Trader Joe's"],
];

// Words whose usual spelling is not plain Title Case.
const SPELLING = new Map(
  [
    "PayPal",
    "DoorDash",
    "YouTube",
    "eBay",
    "LinkedIn",
    "GitHub",
    "FedEx",
    "WeWork",
    "QuickBooks",
    "HubSpot",
    "OpenAI",
    "ChatGPT",
    "JetBlue",
    "iCloud",
    "iTunes",
    "DocuSign",
    "SurveyMonkey",
    "GoDaddy",
    "ZipRecruiter",
    "WordPress",
    "McAfee",
  ].map((w) => [w.toUpperCase(), w]),
);
const ACRONYMS = new Set(
  "PO POS ATM ACH USA US IRS USPS UPS DHL CVS AT&T AWS IBM BP KFC IHOP HBO TJ NYC DMV HOA LLC CPA BMW GMC IKEA H&M ABC CBS NBC"
    .split(" ")
    .filter((w) => w !== "IKEA"),
);
const ABBREVIATIONS = new Map([
  ["MKT", "Market"],
  ["MKTP", "Marketplace"],
  ["SVC", "Service"],
  ["SVCS", "Services"],
  ["INTL", "International"],
  ["PMT", "Payment"],
  ["PYMT", "Payment"],
  ["XFER", "Transfer"],
  ["CTR", "Center"],
  ["ST", "St"],
  ["DR", "Dr"],
]);
const SMALL_WORDS = new Set([
  "OF",
  "AND",
  "THE",
  "TO",
  "FOR",
  "IN",
  "ON",
  "AT",
  "BY",
  "A",
  "AN",
  "OR",
  "DE",
  "DEL",
  "FROM",
  "WITH",
  "VIA",
]);
const DOMAIN = /^[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.(?:COM|NET|ORG|IO|CO|AI|APP|TV|US|BIZ|ME)(?:\/\S*)?$/;

/** A token of the description: its upper-case form for matching and its original spelling. */
interface Token {
  up: string;
  raw: string;
}

/**
 * The merchant behind a bank description, in Title Case; "" for an empty description. Never
 * longer than {@link MAX_PAYEE_LENGTH}.
 */
export function normalizePayee(description: string): string {
  const original = description.normalize("NFKC").replace(/\s+/g, " ").trim();
  if (!original) return "";
  const up = original.toUpperCase();
  const special = specialCase(up);
  if (special) return special;
  let tokens = clean(original);
  if (!tokens.length) tokens = tokenize(original.replace(/[^\p{L}\p{N}&'. -]+/gu, " "));
  let text = tokens.map((t) => t.up).join(" ");
  for (const [pattern, name] of ALIASES) if (pattern.test(text)) return name;
  text = tokens.map((t, i) => casing(t, i)).join(" ");
  return text.slice(0, MAX_PAYEE_LENGTH).trim();
}

/** Descriptions that are not a merchant: checks, ATM, and ACH formats with labelled fields. */
function specialCase(up: string): string | undefined {
  const check = /^(?:CHECK|CHK|CHEQUE)\s*(?:#|NO\.?|NUMBER)?\s*(\d+)$/.exec(up);
  if (check) return `Check ${check[1].replace(/^0+(?=\d)/, "")}`;
  if (/^ATM\b/.test(up) || /^(?:NON-[A-Z ]+ )?ATM (?:WITHDRAWAL|WDL|CASH)/.test(up)) {
    return /DEPOSIT/.test(up) ? "ATM Deposit" : "ATM Withdrawal";
  }
  return undefined;
}

/** Removes prefixes, processors, noise and the trailing location; returns the kept tokens. */
function clean(original: string): Token[] {
  // Work on an upper-case copy with the same length, so positions map back to the original.
  // (Characters whose upper case is longer, like ß, lose their original spelling.)
  let raw = original.toUpperCase().length === original.length ? original : original.toUpperCase();
  let up = raw.toUpperCase();
  const cut = (start: number, end = up.length) => {
    raw = raw.slice(start, end).trim();
    up = raw.toUpperCase();
  };
  // ACH formats with labelled fields: "ORIG CO NAME:GUSTO …", "GUSTO DES:NET PAY ID:… INDN:…".
  const orig = /ORIG CO NAME:\s*(.+?)(?=\s+(?:ORIG ID|CO ENTRY|DESC DATE|SEC:|CO ID|IND ID)|$)/.exec(up);
  if (orig) cut(orig.index + orig[0].length - orig[1].length, orig.index + orig[0].length);
  const des = /\s(?:DES|INDN|ENTRY DESCR):/.exec(up);
  if (des && des.index > 0) cut(0, des.index);
  for (let round = 0; round < 4; round++) {
    const before = up;
    for (const prefix of PREFIXES) {
      const m = prefix.exec(up);
      if (m && m[0].length < up.length) cut(m[0].length);
    }
    const processor = PROCESSOR.exec(up);
    if (processor && processor[0].length < up.length) {
      cut(processor[0].length);
    } else {
      // "UBER *TRIP", "AMZN MKTP US*2K4LX7YT0": the merchant comes before the star.
      const star = up.indexOf("*");
      if (star > 0 && !UBER_EATS.test(up)) cut(0, star);
    }
    if (up === before) break;
  }
  // Noise becomes a gap marker, so that "NETFLIX.COM <phone> CA" does not mistake NETFLIX.COM for a city.
  let marked = "";
  let masked = up;
  for (const pattern of NOISE) masked = masked.replace(pattern, (m) => GAP.repeat(m.length));
  for (let i = 0; i < up.length; i++) marked += masked[i] === GAP ? GAP : raw[i];
  const tokens: (Token | null)[] = [];
  for (const part of marked.split(/(\uE000+)/)) {
    if (!part) continue;
    if (part.startsWith(GAP)) tokens.push(null);
    else tokens.push(...tokenize(part));
  }
  return dropLocation(dropCodes(tokens));
}

function tokenize(text: string): Token[] {
  return text.split(/\s+/)
    .flatMap((w) => DOMAIN.test(w.toUpperCase()) ? [w] : w.split("/"))
    .map((w) => w.replace(/^[-,;:.]+|[-,;:]+$/g, ""))
    .filter(Boolean)
    .map((raw) => ({ raw, up: raw.toUpperCase() }));
}

/** Store numbers and reference codes become gaps; "24 HOUR FITNESS" and "7-ELEVEN" stay. */
function dropCodes(tokens: (Token | null)[]): (Token | null)[] {
  return tokens.map((t, i) => {
    if (!t) return null;
    if (DOMAIN.test(t.up)) return t;
    const digits = (t.up.match(/\d/g) ?? []).length;
    if (!digits) return /^[#*]+$/.test(t.up) ? null : t;
    const letters = (t.up.match(/\p{L}/gu) ?? []).length;
    if (/^\d{1,3}$/.test(t.up) && i === 0 && tokens[1]) return t;
    if (digits === 1 && letters >= 2) return t;
    return null;
  });
}

/** Removes a trailing "CITY ST" (and what follows it), gaps, legal suffixes and dangling words. */
function dropLocation(tokens: (Token | null)[]): Token[] {
  // The last real token; gaps after it (card numbers, codes) do not count.
  let end = tokens.length;
  while (end > 0 && tokens[end - 1] === null) end--;
  let kept = tokens.slice(0, end);
  const last = kept[kept.length - 1];
  const words = kept.filter((t) => t !== null).length;
  if (last && STATES.has(last.up) && words >= 2) {
    kept = dropCity(kept.slice(0, -1), false);
  } else if (last) {
    kept = dropCity(kept, true);
  }
  let out = kept.filter((t): t is Token => t !== null);
  // "TRADER JOE S" → "TRADER JOE'S" (apostrophes lost by the bank).
  out = out.reduce<Token[]>((acc, t) => {
    const prev = acc[acc.length - 1];
    if (t.up === "S" && prev && /\p{L}$/u.test(prev.up)) {
      acc[acc.length - 1] = { up: `${prev.up}'S`, raw: `${prev.raw}'s` };
    } else acc.push(t);
    return acc;
  }, []);
  const noise = (t: Token) => LEGAL_SUFFIX.has(t.up) || DANGLING.has(t.up) || /^\p{L}$/u.test(t.up);
  while (out.length > 1 && noise(out[out.length - 1])) {
    out.pop();
  }
  while (out.length > 1 && DANGLING.has(out[0].up) && out[0].up !== "&") out.shift();
  return out;
}

/**
 * Removes the city before a state code, when it directly precedes it (no gap in between); with
 * `knownOnly` (no state code), only cities from the lists.
 */
function dropCity(tokens: (Token | null)[], knownOnly: boolean): (Token | null)[] {
  const isWord = (t: Token | null | undefined): t is Token => !!t && /^[\p{L}.'-]+$/u.test(t.up);
  const realBefore = (n: number) => tokens.slice(0, n).filter((t) => t !== null).length;
  for (const city of CITIES) {
    const n = city.length;
    const tail = tokens.slice(-n);
    if (tail.length === n && tail.every((t, i) => isWord(t) && t.up === city[i]) && realBefore(tokens.length - n)) {
      return tokens.slice(0, -n);
    }
  }
  const last = tokens[tokens.length - 1];
  if (!isWord(last) || NOT_A_CITY.has(last.up) || !realBefore(tokens.length - 1)) return tokens;
  if (knownOnly) return MAJOR_CITIES.has(last.up) ? tokens.slice(0, -1) : tokens;
  let out = tokens.slice(0, -1);
  const prev = out[out.length - 1];
  if (
    isWord(prev) && (CITY_PREFIX.has(prev.up) || CITY_SUFFIX.has(last.up)) && !NOT_A_CITY.has(prev.up) &&
    realBefore(out.length - 1)
  ) {
    out = out.slice(0, -1);
  }
  return out;
}

/** Title Case for one token; mixed-case originals ("iPhone", "Blue Bottle") keep their spelling. */
function casing(t: Token, index: number): string {
  const { up, raw } = t;
  if (/\p{Ll}/u.test(raw) && /\p{Lu}/u.test(raw) && !DOMAIN.test(up)) return raw;
  if (DOMAIN.test(up)) {
    const host = up.replace(/\/.*$/, "").toLowerCase();
    return host.charAt(0).toUpperCase() + host.slice(1);
  }
  if (SPELLING.has(up)) return SPELLING.get(up)!;
  if (ABBREVIATIONS.has(up)) return ABBREVIATIONS.get(up)!;
  if (ACRONYMS.has(up)) return up;
  if (index > 0 && SMALL_WORDS.has(up)) return up.toLowerCase();
  if (/^\p{L}{2,4}$/u.test(up) && !/[AEIOUY]/.test(up)) return up;
  return up.split("-").map(capitalize).join("-");
}

function capitalize(word: string): string {
  const lower = word.toLowerCase();
  if (/^MC\p{L}{3,}/u.test(word)) return `Mc${lower.charAt(2).toUpperCase()}${lower.slice(3)}`;
  if (/^O'\p{L}/u.test(word)) return `O'${lower.charAt(2).toUpperCase()}${lower.slice(3)}`;
  const i = lower.search(/\p{L}|\d/u);
  return i < 0 ? lower : lower.slice(0, i) + lower.charAt(i).toUpperCase() + lower.slice(i + 1);
}
