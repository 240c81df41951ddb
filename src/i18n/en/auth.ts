/** English: sign-up, sign-in, invites, password reset. */
export const auth = {} as const;
