/**
 * Seeds one firm with one client and N transactions for the search benchmark, in SQL
 * (`insert … select from generate_series`): about 200 merchants with bank-style descriptors
 * (store numbers, cities, processor codes like `SQ *` and `AMZN MKTP US*2K4AB1`, a few with
 * accents), a skewed popularity, signed amounts, dates over three years (in
 * import order, as statements arrive month by month), Schedule C
 * categories (about 15% uncategorized), review flags, tags and payees. Runs as the owner;
 * loads in bulk (triggers off, indexes dropped, both rebuilt after) when it may.
 */
import type { Sql } from "../../src/db/client.ts";

/** [descriptor, payee, Schedule C line or "" (uncategorized), sign]: `{n}` store number, `{c}` code, `{city}`. */
type Merchant = [string, string, string, -1 | 1];

const M = (d: string, p: string, line: string, sign: -1 | 1 = -1): Merchant => [d, p, line, sign];

/** The merchants, most frequent first (the generator favours the start of the list). */
export const MERCHANTS: Merchant[] = [
  M("STARBUCKS STORE #{n} {city}", "Starbucks", "24b"),
  M("AMZN MKTP US*{c}", "Amazon", "18"),
  M("SQ *BLUE BOTTLE COFFEE {city}", "Blue Bottle Coffee", "24b"),
  M("UBER *TRIP {c} HELP.UBER.COM", "Uber", "24a"),
  M("SHELL OIL {n} {city}", "Shell", "9"),
  M("STAPLES {n} {city}", "Staples", "18"),
  M("COSTCO WHSE #{n} {city}", "Costco", "22"),
  M("WHOLEFDS MKT {n} {city}", "Whole Foods", ""),
  M("GOOGLE *GSUITE {c} CC@GOOGLE.COM", "Google Workspace", "18"),
  M("ADOBE *CREATIVE CLD {c} SAN JOSE CA", "Adobe", "18"),
  M("STRIPE TRANSFER ST-{c}", "Stripe", "1", 1),
  M("DEPOSIT MOBILE CHECK {n}", "", "1", 1),
  M("SQUARE INC DEP {c}", "Square", "1", 1),
  M("PAYPAL *{c} 4029357733", "PayPal", ""),
  M("HOME DEPOT #{n} {city}", "Home Depot", "21"),
  M("LOWES #{n} {city}", "Lowe's", "21"),
  M("CHEVRON {n} {city}", "Chevron", "9"),
  M("EXXONMOBIL {n} {city}", "ExxonMobil", "9"),
  M("DELTA AIR {c} ATLANTA GA", "Delta Air Lines", "24a"),
  M("UNITED AIRLINES {c} HOUSTON TX", "United Airlines", "24a"),
  M("SOUTHWES {c} DALLAS TX", "Southwest Airlines", "24a"),
  M("MARRIOTT {city} {n}", "Marriott", "24a"),
  M("HILTON HOTELS {city}", "Hilton", "24a"),
  M("AIRBNB * {c}", "Airbnb", "24a"),
  M("LYFT *RIDE {c}", "Lyft", "24a"),
  M("DOORDASH*{c}", "DoorDash", "24b"),
  M("GRUBHUB*{c}", "Grubhub", "24b"),
  M("CHIPOTLE {n} {city}", "Chipotle", "24b"),
  M("MCDONALD'S F{n} {city}", "McDonald's", "24b"),
  M("PANERA BREAD #{n} {city}", "Panera Bread", "24b"),
  M("SWEETGREEN {city}", "Sweetgreen", "24b"),
  M("SQ *JOE'S PIZZA {city}", "Joe's Pizza", "24b"),
  M("TST* SHAKE SHACK {n} {city}", "Shake Shack", "24b"),
  M("CAFÉ MÜNCHEN {city}", "Café München", "24b"),
  M("BOULANGERIE PÂTISSERIE {city}", "Boulangerie Pâtisserie", "24b"),
  M("CRÊPERIE SAINT-GERMAIN {city}", "Crêperie Saint-Germain", "24b"),
  M("VERIZON WIRELESS {c}", "Verizon", "25"),
  M("AT&T *PAYMENT {c}", "AT&T", "25"),
  M("COMCAST CABLE {c}", "Comcast", "25"),
  M("PG&E WEB ONLINE {c}", "PG&E", "25"),
  M("CON ED OF NY {c}", "Con Edison", "25"),
  M("SPECTRUM {c}", "Spectrum", "25"),
  M("ZOOM.US 888-799-9666", "Zoom", "18"),
  M("SLACK T{c} DUBLIN", "Slack", "18"),
  M("DROPBOX*{c}", "Dropbox", "18"),
  M("MICROSOFT*365 {c}", "Microsoft 365", "18"),
  M("APPLE.COM/BILL {c}", "Apple", "18"),
  M("INTUIT *QUICKBOOKS {c}", "QuickBooks", "17"),
  M("GUSTO PAYROLL {c}", "Gusto", "26"),
  M("ADP PAYROLL FEES {c}", "ADP", "26"),
  M("PAYROLL DIRECT DEP {c}", "", "26"),
  M("STATE FARM INSURANCE {c}", "State Farm", "15"),
  M("GEICO *AUTO {c}", "GEICO", "15"),
  M("PROGRESSIVE *INS {c}", "Progressive", "15"),
  M("HISCOX INC {c}", "Hiscox", "15"),
  M("LEGALZOOM {c}", "LegalZoom", "17"),
  M("SMITH & ASSOCIATES CPA {n}", "Smith & Associates", "17"),
  M("WEWORK {c} NEW YORK NY", "WeWork", "20b"),
  M("REGUS MGMT GROUP {c}", "Regus", "20b"),
  M("RENT PAYMENT {c}", "", "20b"),
  M("ENTERPRISE RENT-A-CAR {n}", "Enterprise", "20a"),
  M("HERTZ RENT A CAR {n} {city}", "Hertz", "20a"),
  M("FACEBK *ADS {c}", "Meta Ads", "8"),
  M("GOOGLE *ADS{c}", "Google Ads", "8"),
  M("LINKEDIN {c}", "LinkedIn", "8"),
  M("MAILCHIMP *MONTHLY {c}", "Mailchimp", "8"),
  M("VISTAPRINT {c}", "Vistaprint", "8"),
  M("FEDEX {n} {city}", "FedEx", "18"),
  M("UPS STORE {n} {city}", "UPS", "18"),
  M("USPS PO {n} {city}", "USPS", "18"),
  M("BEST BUY {n} {city}", "Best Buy", "13"),
  M("B&H PHOTO {c} NEW YORK NY", "B&H Photo", "13"),
  M("DELL MARKETING {c}", "Dell", "13"),
  M("OFFICE DEPOT {n} {city}", "Office Depot", "18"),
  M("TARGET T-{n} {city}", "Target", "22"),
  M("WALMART SUPERCENTER #{n} {city}", "Walmart", "22"),
  M("WAL-MART #{n} {city}", "Walmart", "22"),
  M("TRADER JOE'S #{n} {city}", "Trader Joe's", ""),
  M("SAFEWAY #{n} {city}", "Safeway", ""),
  M("KROGER #{n} {city}", "Kroger", ""),
  M("CVS/PHARMACY #{n} {city}", "CVS", ""),
  M("WALGREENS #{n} {city}", "Walgreens", ""),
  M("NETFLIX.COM {c}", "Netflix", ""),
  M("SPOTIFY USA {c}", "Spotify", ""),
  M("HULU {c} HULU.COM/BILL", "Hulu", ""),
  M("IRS USATAXPYMT {c}", "IRS", "23"),
  M("FRANCHISE TAX BD {c}", "Franchise Tax Board", "23"),
  M("CA SECRETARY OF STATE {c}", "CA Secretary of State", "23"),
  M("CITY OF {city} BUSINESS LIC", "City business license", "23"),
  M("TRANSFER TO SAVINGS {c}", "", ""),
  M("ONLINE TRANSFER FROM CHK {c}", "", "", 1),
  M("ZELLE PAYMENT TO {c}", "", "11"),
  M("ZELLE PAYMENT FROM {c}", "", "1", 1),
  M("VENMO *{c}", "Venmo", ""),
  M("UPWORK *{c}", "Upwork", "11"),
  M("FIVERR {c}", "Fiverr", "11"),
  M("TOPTAL {c}", "Toptal", "11"),
  M("SHOPIFY *{c}", "Shopify", "10"),
  M("ETSY.COM FEES {c}", "Etsy", "10"),
  M("EBAY O*{c}", "eBay", "10"),
  M("SQUARE FEES {c}", "Square", "10"),
  M("PAYPAL FEE {c}", "PayPal", "10"),
  M("MONTHLY SERVICE FEE", "", "10"),
  M("OVERDRAFT FEE {c}", "", "10"),
  M("WIRE TRANSFER FEE {c}", "", "10"),
  M("INTEREST PAYMENT", "", "6", 1),
  M("INTEREST CHARGE ON PURCHASES", "", "16b"),
  M("CHASE MORTGAGE {c}", "Chase Mortgage", "16a"),
  M("WELLS FARGO HOME MTG {c}", "Wells Fargo", "16a"),
  M("AMEX EPAYMENT {c}", "American Express", ""),
  M("CAPITAL ONE CRCARDPMT {c}", "Capital One", ""),
  M("DISCOVER E-PAYMENT {c}", "Discover", ""),
  M("GUIDANT 401K {c}", "Guideline", "19"),
  M("VANGUARD SEP IRA {c}", "Vanguard", "19"),
  M("BLUE CROSS BLUE SHIELD {c}", "Blue Cross", "14"),
  M("KAISER PERMANENTE {c}", "Kaiser", "14"),
  M("ACE HARDWARE {n} {city}", "Ace Hardware", "21"),
  M("ORKIN PEST CONTROL {c}", "Orkin", "21"),
  M("ROTO-ROOTER {n}", "Roto-Rooter", "21"),
  M("JIFFY LUBE #{n} {city}", "Jiffy Lube", "9"),
  M("PEP BOYS #{n}", "Pep Boys", "9"),
  M("AUTOZONE #{n} {city}", "AutoZone", "9"),
  M("EZPASS REPLENISH {c}", "E-ZPass", "9"),
  M("FASTRAK {c}", "FasTrak", "9"),
  M("PARKWHIZ {c}", "ParkWhiz", "9"),
  M("SPOTHERO {c}", "SpotHero", "9"),
  M("DMV {city} {n}", "DMV", "23"),
  M("GITHUB, INC. {c}", "GitHub", "18"),
  M("AWS EMEA AWS.AMAZON.CO {c}", "Amazon Web Services", "18"),
  M("DIGITALOCEAN.COM {c}", "DigitalOcean", "18"),
  M("HEROKU {c}", "Heroku", "18"),
  M("NAMECHEAP.COM {c}", "Namecheap", "18"),
  M("GODADDY.COM {c}", "GoDaddy", "18"),
  M("SQUARESPACE INC {c}", "Squarespace", "8"),
  M("WIX.COM {c}", "Wix", "8"),
  M("CANVA* {c}", "Canva", "18"),
  M("NOTION LABS {c}", "Notion", "18"),
  M("ATLASSIAN {c}", "Atlassian", "18"),
  M("FIGMA {c}", "Figma", "18"),
  M("DOCUSIGN {c}", "DocuSign", "18"),
  M("CALENDLY {c}", "Calendly", "18"),
  M("HUBSPOT INC {c}", "HubSpot", "8"),
  M("SALESFORCE.COM {c}", "Salesforce", "18"),
  M("OPENAI *CHATGPT SUBSCR {c}", "OpenAI", "18"),
  M("ANTHROPIC {c}", "Anthropic", "18"),
  M("UDEMY {c}", "Udemy", "27a"),
  M("COURSERA {c}", "Coursera", "27a"),
  M("AMERICAN BAR ASSN DUES", "ABA", "27a"),
  M("CHAMBER OF COMMERCE {city}", "Chamber of Commerce", "27a"),
  M("MEETUP ORG {c}", "Meetup", "8"),
  M("EVENTBRITE {c}", "Eventbrite", "27a"),
  M("BARNES & NOBLE #{n}", "Barnes & Noble", "22"),
  M("MICHAELS STORES {n}", "Michaels", "22"),
  M("JOANN STORES {n}", "Joann", "22"),
  M("ULINE *SHIP SUPPLIES {c}", "Uline", "22"),
  M("GRAINGER {c}", "Grainger", "22"),
  M("SYSCO {c}", "Sysco", "22"),
  M("RESTAURANT DEPOT {n}", "Restaurant Depot", "22"),
  M("SMART & FINAL {n} {city}", "Smart & Final", "22"),
  M("IKEA {city} {n}", "IKEA", "13"),
  M("WAYFAIR*{c}", "Wayfair", "13"),
  M("CRATE & BARREL {n}", "Crate & Barrel", "13"),
  M("PANDA EXPRESS #{n}", "Panda Express", "24b"),
  M("IN-N-OUT BURGER {n}", "In-N-Out", "24b"),
  M("CHICK-FIL-A #{n} {city}", "Chick-fil-A", "24b"),
  M("DUNKIN #{n} {city}", "Dunkin'", "24b"),
  M("PEET'S COFFEE {n} {city}", "Peet's Coffee", "24b"),
  M("PHILZ COFFEE {city}", "Philz Coffee", "24b"),
  M("LA COLOMBE {city}", "La Colombe", "24b"),
  M("SQ *RITUAL COFFEE {city}", "Ritual Coffee", "24b"),
  M("TST* OSTERIA MOZZA {city}", "Osteria Mozza", "24b"),
  M("SQ *TAQUERÍA EL FAROLITO", "Taquería El Farolito", "24b"),
  M("PIÑATA PARTY SUPPLY {n}", "Piñata Party Supply", "22"),
  M("ZÜRICH VERSICHERUNG {c}", "Zürich Versicherung", "15"),
  M("SÃO PAULO IMPORTAÇÃO {c}", "São Paulo Importação", "22"),
  M("ÆRØ FERGEN {c}", "Ærø Fergen", "24a"),
  M("HÔTEL DE VILLE {city}", "Hôtel de Ville", "24a"),
  M("AMTRAK .COM {c}", "Amtrak", "24a"),
  M("GREYHOUND {c}", "Greyhound", "24a"),
  M("EXPEDIA {c}", "Expedia", "24a"),
  M("BOOKING.COM {c}", "Booking.com", "24a"),
  M("HYATT HOTELS {city}", "Hyatt", "24a"),
  M("TRAVELODGE {city}", "Travelodge", "24a"),
  M("CLEAR *CLEARME.COM {c}", "CLEAR", "24a"),
  M("TSA PRECHECK {c}", "TSA PreCheck", "24a"),
  M("PRIORITY PASS {c}", "Priority Pass", "24a"),
  M("YELP INC {c}", "Yelp", "8"),
  M("NEXTDOOR ADS {c}", "Nextdoor", "8"),
  M("THUMBTACK {c}", "Thumbtack", "8"),
  M("ANGI LEADS {c}", "Angi", "8"),
  M("QUICKBOOKS PAYMENTS DEP {c}", "QuickBooks Payments", "1", 1),
  M("CLOVER DEP {c}", "Clover", "1", 1),
  M("TOAST INC DEP {c}", "Toast", "1", 1),
  M("CUSTOMER REFUND {c}", "", "2"),
  M("RETURN CREDIT {c}", "", "2", 1),
  M("ATM WITHDRAWAL {n} {city}", "", ""),
  M("CHECK #{n}", "", ""),
  M("CASH DEPOSIT {n}", "", "1", 1),
  M("OWNER DRAW {c}", "", ""),
  M("CAPITAL CONTRIBUTION {c}", "", "", 1),
];

const CITIES = [
  "SEATTLE WA",
  "SAN FRANCISCO CA",
  "OAKLAND CA",
  "LOS ANGELES CA",
  "PORTLAND OR",
  "NEW YORK NY",
  "BROOKLYN NY",
  "AUSTIN TX",
  "DENVER CO",
  "CHICAGO IL",
  "BOSTON MA",
  "MIAMI FL",
  "ATLANTA GA",
  "PHOENIX AZ",
  "MINNEAPOLIS MN",
  "SAN DIEGO CA",
  "NASHVILLE TN",
  "PHILADELPHIA PA",
  "MONTRÉAL QC",
  "SÃO PAULO",
];

/** What {@link seedSearchData} created. */
export interface SearchSeed {
  firmId: string;
  clientId: string;
  /** Account ids by last 4 digits. */
  accounts: Record<string, string>;
  rows: number;
}

/**
 * Inserts the firm, client, three accounts (checking 4821, card 1234, savings 9876) and `rows`
 * transactions, in batches, then ANALYZEs. Secondary indexes on transactions are dropped and
 * rebuilt around the load (same definitions, read from pg_indexes), as a bulk load should.
 */
export async function seedSearchData(
  sql: Sql,
  rows: number,
  log: (line: string) => void = () => {},
): Promise<SearchSeed> {
  const [firm] = await sql<{ id: string }[]>`insert into firms (name) values ('Bench Bookkeeping') returning id`;
  const [client] = await sql<{ id: string }[]>`
    insert into clients (firm_id, name) values (${firm.id}, 'Bench Client LLC') returning id`;
  const accounts: Record<string, string> = {};
  const statements: string[] = [];
  const documents: string[] = [];
  for (
    const [last4, type, name] of [["4821", "checking", "Operating"], ["1234", "credit_card", "Business card"], [
      "9876",
      "savings",
      "Reserve",
    ]]
  ) {
    const [doc] = await sql<{ id: string }[]>`
      insert into documents (firm_id, client_id, filename, kind, size_bytes, sha256, storage_key, status)
      values (${firm.id}, ${client.id}, ${`${last4}.csv`}, 'csv', 1, ${
      last4.padEnd(64, "0")
    }, 'bench', 'parsed') returning id`;
    const [account] = await sql<{ id: string }[]>`
      insert into accounts (firm_id, client_id, institution, number_last4, type, name)
      values (${firm.id}, ${client.id}, 'Bench Bank', ${last4}, ${type}, ${name}) returning id`;
    const [st] = await sql<{ id: string }[]>`
      insert into statements (firm_id, client_id, account_id, document_id, currency, verification_status)
      values (${firm.id}, ${client.id}, ${account.id}, ${doc.id}, 'USD', 'passed') returning id`;
    accounts[last4] = account.id;
    statements.push(st.id);
    documents.push(doc.id);
  }
  const cats = await sql<{ id: string; line: string }[]>`
    select id, line from categories where firm_id = ${firm.id} and line is not null`;
  const byLine = new Map(cats.map((c) => [c.line, c.id]));
  const descr = MERCHANTS.map((m) => m[0]);
  const payees = MERCHANTS.map((m) => m[1]);
  const catIds = MERCHANTS.map((m) => (m[2] && byLine.get(m[2])) || null);
  const signs = MERCHANTS.map((m) => m[3]);
  const accountIds = ["4821", "1234", "9876"].map((k) => accounts[k]);

  const catNames = await Promise.all(catIds.map(async (id) => {
    if (!id) return "";
    const [c] = await sql<{ name: string }[]>`select name from categories where id = ${id}`;
    return c.name;
  }));

  const conn = await sql.reserve();
  try {
    // A bulk load, as pg_restore does it: triggers off (superuser only), then the tables the
    // triggers keep (rollups, search vocabulary) rebuilt with the migration's own statements.
    const bulk = await conn`set session_replication_role = replica`.then(() => true, () => false);
    log(bulk ? "  bulk load: triggers off, derived tables rebuilt after" : "  row by row: triggers on (not superuser)");
    const indexes = await conn<{ indexname: string; indexdef: string }[]>`
      select i.indexname, i.indexdef from pg_indexes i
       where i.tablename = 'transactions' and i.schemaname = 'public'
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
    for (const i of indexes) await conn.unsafe(`drop index ${i.indexname}`);

    const BATCH = 100_000;
    const t0 = performance.now();
    for (let from = 1; from <= rows; from += BATCH) {
      const to = Math.min(rows, from + BATCH - 1);
      // k: a skewed merchant index (earlier merchants are more frequent); a: account (60% checking).
      await conn`
        insert into transactions (firm_id, client_id, account_id, statement_id, document_id, date, description, amount,
                                  currency, fingerprint, line_no, category_id, category_name, payee, memo, tags,
                                  needs_review)
        select ${firm.id}, ${client.id}, (${accountIds}::uuid[])[a], (${statements}::uuid[])[a],
               (${documents}::uuid[])[a],
               date '2023-01-01' + ((g - 1)::bigint * 1092 / ${rows})::int + (r3 * 3)::int,
               replace(replace(replace((${descr}::text[])[k], '{n}', (100 + (r1 * 9900)::int)::text),
                       '{c}', upper(substr(md5(g::text), 1, 6))),
                       '{city}', (${CITIES}::text[])[1 + (r2 * ${CITIES.length - 1})::int]),
               (${signs}::int[])[k] * case when r4 < 0.7 then 100 + (r5 * 9900)::bigint
                                           when r4 < 0.95 then 10000 + (r5 * 90000)::bigint
                                           else 100000 + (r5 * 900000)::bigint end,
               'USD', 'b' || g, g,
               case when r6 < 0.85 then (${catIds}::uuid[])[k] end,
               case when r6 < 0.85 then (${catNames}::text[])[k] else '' end,
               case when r6 < 0.85 then (${payees}::text[])[k] else '' end,
               case when r7 < 0.02 then 'client meeting re: Q' || (1 + (r1 * 3)::int) || ' planning'
                    when r7 < 0.03 then 'reimbursable — see receipt' else '' end,
               case when r7 < 0.05 then array['reimbursable'] when r7 < 0.08 then array['project-' || (r2 * 5)::int]
                    else '{}'::text[] end,
               r6 >= 0.97
          from (select g, 1 + floor(power(random(), 2.2) * ${MERCHANTS.length})::int as k,
                       case when random() < 0.6 then 1 when random() < 0.8 then 2 else 3 end as a,
                       random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7
                  from generate_series(${from}::int, ${to}::int) g) s`;
      log(`  ${to.toLocaleString("en-US")} rows (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    if (bulk) {
      await conn`set session_replication_role = default`;
      await conn`
        insert into transaction_rollups (firm_id, client_id, month, account_id, category_id, needs_review, currency, n,
                                         inflow, outflow)
        select firm_id, client_id, date_trunc('month', date)::date, account_id, category_id, needs_review, currency,
               count(*), sum(greatest(amount, 0)), sum(greatest(-amount, 0))
          from transactions where client_id = ${client.id}
         group by 1, 2, 3, 4, 5, 6, 7`;
      await conn`
        insert into search_terms (firm_id, client_id, term)
        select distinct t.firm_id, t.client_id, w.term
          from transactions t cross join lateral unnest(tsvector_to_array(t.search)) as w(term)
         where t.client_id = ${client.id} and w.term ~ '^[[:alpha:]]{3,40}$'
        on conflict do nothing`;
      log(`  rollups and vocabulary (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    await conn`set maintenance_work_mem = '512MB'`;
    for (const i of indexes) {
      const t = performance.now();
      await conn.unsafe(i.indexdef);
      log(`  index ${i.indexname} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
    await conn`vacuum analyze transactions`;
    await conn`analyze`;
  } finally {
    conn.release();
  }
  return { firmId: firm.id, clientId: client.id, accounts, rows };
}
