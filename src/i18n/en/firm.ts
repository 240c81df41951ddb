/** English: firm settings, members, invites. */
export const firm = {} as const;
