/** Errors and limits of the CSV import. */
import { DocumentError } from "../types.ts";

/** The most data rows one CSV import accepts. */
export const MAX_CSV_ROWS = 200_000;

/** A row that could not be read; `row` is the 1-based row number as a spreadsheet shows it. */
export interface CsvRowError {
  row: number;
  message: string;
}

/** A CSV that cannot be imported as mapped, with the row errors when there are any. */
export class CsvImportError extends DocumentError {
  constructor(message: string, readonly errors: CsvRowError[] = []) {
    super("failed", message);
    this.name = "CsvImportError";
  }
}
