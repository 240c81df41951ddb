/** English: clients list and forms. */
export const clients = {} as const;
