/**
 * Polite fetching: at most one request to a host every `gapMs` from this
 * process, whatever mix of syncs and crawls asks. Callers wait their turn
 * (the slot is reserved before waiting, so concurrent callers queue up
 * rather than all firing when the gap ends).
 */
export type HostPace = (url: string) => Promise<void>;

export function createHostPace(gapMs: number): HostPace {
  const nextFree = new Map<string, number>();
  return async (url) => {
    if (gapMs <= 0) return;
    const host = new URL(url).host.toLowerCase();
    const now = Date.now();
    const slot = Math.max(now, nextFree.get(host) ?? 0);
    nextFree.set(host, slot + gapMs);
    // Forget hosts nobody fetched from for a while, so the map stays small.
    if (nextFree.size > 1000) for (const [key, free] of nextFree) if (free < now) nextFree.delete(key);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  };
}
