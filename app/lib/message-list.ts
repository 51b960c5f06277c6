/**
 * A conversation's messages with one more merged in: events and mutation
 * results arrive in any order (an answer can beat the reply to `send`), so
 * the newcomer replaces any copy with its id or client id, and the list is
 * kept in time order. Used by the playground and the inbox.
 */
export function mergeMessage<T extends { id: string; clientId: string | null; createdAt: Date | string }>(
  messages: readonly T[],
  message: T,
): T[] {
  const rest = messages.filter((m) => m.id !== message.id && !(message.clientId && m.clientId === message.clientId));
  return [...rest, message].sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
}
