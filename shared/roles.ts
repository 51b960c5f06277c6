/** Workspace roles from least to most: agents answer, admins also configure, owners also manage members. */
export const roleRank = { agent: 0, admin: 1, owner: 2 } as const;
export type TRole = keyof typeof roleRank;
export const hasRole = (role: TRole, atLeast: TRole) => roleRank[role] >= roleRank[atLeast];
