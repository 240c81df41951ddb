/** English: my account: password, two-factor, sessions, API tokens. */
export const account = {} as const;
