/**
 * Events that end someone's access, published by the database itself:
 * triggers on `sessions` and `memberships` (db/migrations/0010_access_events.sql,
 * docs/decisions/0001-access-events-from-triggers.md) notify the bus's channel in its
 * wire format whenever rows are deleted (or a role changes), whichever code
 * deleted them. This file is their TypeScript twin; access.test.ts pins the two.
 */
declare module './types' {
  // Declaration merging (how domains add events) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyEvents {
    /** These sessions of this user no longer exist: sockets opened with them close. */
    'session.revoked': { userId: string; sessionIds: string[] };
    /** These users left this workspace or changed role in it: its live subscriptions re-check. */
    'membership.changed': { workspaceId: string; userIds: string[] };
  }
}

/** At most this many ids per event, so a statement deleting thousands of rows stays under NOTIFY's 8000 bytes. */
export const ACCESS_EVENT_MAX_IDS = 100;
