import assert from "node:assert/strict";
import { inferDateFormat, parseDate } from "./dates.ts";

Deno.test("parseDate: each format, zero padding optional, real calendar dates only", () => {
  assert.equal(parseDate("2025-01-31", "YYYY-MM-DD"), "2025-01-31");
  assert.equal(parseDate("20250131", "YYYYMMDD"), "2025-01-31");
  assert.equal(parseDate("1/3/2025", "M/D/YYYY"), "2025-01-03");
  assert.equal(parseDate("01/03/2025", "MM/DD/YYYY"), "2025-01-03");
  assert.equal(parseDate("01/03/2025", "DD/MM/YYYY"), "2025-03-01");
  assert.equal(parseDate("31.12.2024", "DD.MM.YYYY"), "2024-12-31");
  assert.equal(parseDate("31.12.24", "DD.MM.YY"), "2024-12-31");
  assert.equal(parseDate("12/31/99", "MM/DD/YY"), "1999-12-31");
  assert.equal(parseDate("05-Jan-2025", "DD MMM YYYY"), "2025-01-05");
  assert.equal(parseDate("5 janv. 2025", "DD MMM YYYY"), "2025-01-05");
  assert.equal(parseDate("3. März 2025", "DD MMM YYYY"), "2025-03-03");
  assert.equal(parseDate("12 dic 2025", "DD MMM YYYY"), "2025-12-12");
  assert.equal(parseDate("05-JAN-25", "DD-MMM-YY"), "2025-01-05");
  assert.equal(parseDate("Jan 5, 2025", "MMM DD, YYYY"), "2025-01-05");
  assert.equal(parseDate("2025-01-31 14:22:01", "YYYY-MM-DD"), "2025-01-31");
  assert.equal(parseDate("01/31/2025 2:15 PM", "MM/DD/YYYY"), "2025-01-31");
  assert.equal(parseDate("31/02/2025", "DD/MM/YYYY"), null);
  assert.equal(parseDate("29/02/2024", "DD/MM/YYYY"), "2024-02-29");
  assert.equal(parseDate("29/02/2025", "DD/MM/YYYY"), null);
  assert.equal(parseDate("13/01/2025", "MM/DD/YYYY"), null);
  assert.equal(parseDate("2025-01-31", "DD.MM.YYYY"), null);
  assert.equal(parseDate("Foo 5, 2025", "MMM DD, YYYY"), null);
});

Deno.test("inferDateFormat: a day above 12 decides day/month order", () => {
  assert.deepEqual(inferDateFormat(["01/02/2025", "13/02/2025"]), { format: "DD/MM/YYYY", ambiguous: false });
  assert.deepEqual(inferDateFormat(["01/02/2025", "02/13/2025"]), { format: "MM/DD/YYYY", ambiguous: false });
  assert.deepEqual(inferDateFormat(["1/2/2025", "2/13/2025"]), { format: "M/D/YYYY", ambiguous: false });
  assert.deepEqual(inferDateFormat(["2025-01-02", "2025-01-13"]), { format: "YYYY-MM-DD", ambiguous: false });
  assert.deepEqual(inferDateFormat(["02.01.2025"]), { format: "DD.MM.YYYY", ambiguous: false });
});

Deno.test("inferDateFormat: otherwise the reading that keeps rows in date order, then the locale hint", () => {
  // Month-first these run 2, 3, 4 Jan, 1 Dec; day-first they jump back from 1 Apr to 12 Jan.
  assert.deepEqual(inferDateFormat(["01/02/2025", "01/03/2025", "01/04/2025", "12/01/2025"]), {
    format: "MM/DD/YYYY",
    ambiguous: false,
  });
  assert.deepEqual(inferDateFormat(["03/01/2025", "01/02/2025", "12/03/2025"]), {
    format: "DD/MM/YYYY",
    ambiguous: false,
  });
  assert.deepEqual(inferDateFormat(["01/02/2025"]), { format: "MM/DD/YYYY", ambiguous: true });
  assert.deepEqual(inferDateFormat(["01/02/2025"], true), { format: "DD/MM/YYYY", ambiguous: true });
  assert.equal(inferDateFormat(["hello", "world"]), null);
});
