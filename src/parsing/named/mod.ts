/**
 * Parsers for specific layouts, registered after the generic one; each claims a document by its
 * header words (detect 0.9 beats the generic parser's 0.3) and is kept only while it beats the
 * generic parser. Measured by compare_test.ts (fields of the truth read right, verification):
 *
 * | fixture                  | named parser (named)                     | generic parser                         |
 * | ------------------------ | ---------------------------------------- | -------------------------------------- |
 * | daily_balance_checking   | us_daily_balance_checking: 100% (56/56)  | 95% (53/56): drops the check numbers   |
 * | post_trans_card          | us_card_post_trans: 100% (41/41) — removed | first 93%, failed (not seen as a card, no totals); after its fixes 100% |
 * | sectioned_card           | us_card_sections: 100% (31/31) — removed | first 45%, failed (starred payment dropped); after its fixes 100% |
 * | sectioned_checking       | us_sectioned_checking: 100% (112/112)    | 80% (98/122), failed: the checks grid read as one garbled row, the daily ledger balances as 7 rows |
 * | cardholder_card          | us_card_cardholders: 100% (77/77)        | 95% (73/77), failed: 3 credits signed as purchases (titles after a cardholder's total, or spanning the date columns, give no direction); interest left out of the fees |
 * | us_checking (generator)  | none written                             | 100%: Withdrawals/Deposits/Balance     |
 * | us_card_cr (generator)   | none written                             | 100%: Trans/Post Date with "CR" credits |
 *
 * The removed parsers' layouts stay in layouts.ts as regression cases for the generic parser.
 * Re-run compare_test.ts when either parser changes; drop a named parser once the generic one catches up.
 */
import type { StatementParser } from "../types.ts";
import { cardholderCard } from "./cardholder_card.ts";
import { dailyBalanceChecking } from "./daily_balance_checking.ts";
import { sectionedChecking } from "./sectioned_checking.ts";

/** Named parsers, each kept only where it beats the generic parser on the fixtures. */
export const namedParsers: StatementParser[] = [dailyBalanceChecking, sectionedChecking, cardholderCard];
