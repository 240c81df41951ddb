/**
 * CSV import: sniff the file, let the user confirm a mapping, apply it.
 *
 * ```ts
 * const { suggestions } = sniffCsv(bytes);
 * const statement = csvToStatement(bytes, suggestions, { accountType: "checking" });
 * ```
 */
export { type CsvSniff, sniffCsv } from "./sniff.ts";
export { type CsvMapping, CsvMappingSchema } from "./mapping.ts";
export { applyCsvMapping, type CsvApplyResult, MAX_CELL_LENGTH, validateMapping } from "./apply.ts";
export { type CsvStatementMeta, csvToStatement, lastFour } from "./statement.ts";
export { CsvImportError, type CsvRowError, MAX_CSV_ROWS } from "./errors.ts";
export { DATE_FORMATS, type DateFormat } from "./dates.ts";
export { type DecodedText, decodeText } from "./decode.ts";
