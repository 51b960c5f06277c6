type TListed = { id: string; clientId?: string | null; seq?: number | null; createdAt: Date | string };

const isStored = (message: TListed) => message.seq !== undefined && message.seq !== null;
const time = (message: TListed) => new Date(message.createdAt).getTime();

/**
 * Stored messages by position (`seq`: commit order among the visitor's
 * messages, so the order every client agrees on), then those still being
 * sent, by time.
 */
export function byPosition(a: TListed, b: TListed) {
  if (isStored(a) && isStored(b)) return a.seq! - b.seq! || time(a) - time(b);
  if (isStored(a) !== isStored(b)) return isStored(a) ? -1 : 1;
  return time(a) - time(b);
}

/**
 * A conversation's messages with one more merged in: events and mutation
 * results arrive in any order (an answer can beat the reply to `send`), so
 * the newcomer replaces any copy with its id or client id — except that a
 * copy still being sent never replaces the stored one — and the list stays
 * in order. Used by the playground and the inbox.
 */
export function mergeMessage<T extends TListed>(messages: readonly T[], message: T): T[] {
  const isCopy = (m: T) => m.id === message.id || (!!message.clientId && m.clientId === message.clientId);
  if (!isStored(message) && messages.some((m) => isCopy(m) && isStored(m))) return [...messages];
  return [...messages.filter((m) => !isCopy(m)), message].sort(byPosition);
}

/**
 * What a view shows: the messages its query read, with those its live
 * stream delivered merged in by id (the live copy wins: it is at least as
 * new) and by client id (a stored copy ends a pending one), in order. A
 * read that started before a message was stored cannot take it away again.
 */
export function mergeMessages<T extends TListed>(read: readonly T[], live: readonly T[]): T[] {
  if (!live.length) return [...read];
  const byId = new Map(read.map((message) => [message.id, message]));
  for (const message of live) byId.set(message.id, message);
  const storedClientIds = new Set<string>();
  for (const message of byId.values()) if (isStored(message) && message.clientId) storedClientIds.add(message.clientId);
  return [...byId.values()]
    .filter((message) => isStored(message) || !message.clientId || !storedClientIds.has(message.clientId))
    .sort(byPosition);
}
