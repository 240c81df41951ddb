import { assertEquals } from "../../tests/support/assert.ts";
import { payeeFromDescription } from "./suggest.ts";

Deno.test("the payee is read from a bank description", () => {
  const cases: [string, string][] = [
    ["STARBUCKS STORE 1234 SEATTLE WA", "STARBUCKS"],
    ["AMAZON MKTPL*2K4, SEATTLE WA", "AMAZON MKTPL"],
    ["SQ *BLUE BOTTLE COFFEE 1234 OAKLAND CA", "BLUE BOTTLE COFFEE"],
    ["POS PURCHASE SHELL OIL 5744 HOUSTON", "SHELL OIL"],
    ["TST* JOE'S DINER", "JOE'S DINER"],
    ["PAYROLL ACME CORP", "PAYROLL ACME CORP"],
    ["CHECK 1042", "CHECK"],
    ["Netflix.com", "Netflix.com"],
    ["#1234", "#1234"],
    ["UBER   *TRIP HELP.UBER.COM", "UBER"],
  ];
  for (const [description, payee] of cases) assertEquals(payeeFromDescription(description), payee, description);
});
