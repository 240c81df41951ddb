/** English: the audit log. */
export const audit = {} as const;
