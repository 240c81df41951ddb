/** The LedgerFlow release version (shown on the status page and in the OpenAPI document). */
export const VERSION = "0.1.0";
