/**
 * OFX / QFX import (bank and credit-card statements, SGML and XML).
 *
 * ```ts
 * const statements = parseOfx(bytes).map(ofxToStatement);
 * ```
 */
export { OfxError, type OfxStatement, type OfxTransaction, parseOfx, parseOfxAmount, parseOfxDate } from "./parse.ts";
export { describe, ofxToStatement, ofxToStatements } from "./to_statement.ts";
