import type { EventBus } from '../../events/bus';

/** "Is typing" goes out at most this often per person while it stays on; "stopped" goes out once. */
export const TYPING_EVERY_MS = 3_000;
/** People who close the tab mid-sentence never say "stopped": forgotten after this long (once many are kept). */
const FORGET_AFTER_MS = 60_000;
const KEEP_UP_TO = 10_000;

/** Whose typing a signal is: a visitor (in their current conversation), or a member in one conversation. */
export type TTypist =
  { who: 'visitor'; visitorId: string } | { who: 'operator'; userId: string; conversationId: string };

export type TypingThrottle = {
  /**
   * Whether a typing signal should be published: not a repeat "is typing"
   * within `TYPING_EVERY_MS` of the last one, nor a "stopped" of someone not
   * typing — as heard from every process. `force` publishes regardless.
   * An admitted signal counts at once, before its event comes back.
   */
  admit: (typist: TTypist, isTyping: boolean, options?: { force?: boolean }) => boolean;
};

const keyOf = (typist: TTypist) =>
  typist.who === 'visitor' ? `visitor:${typist.visitorId}` : `operator:${typist.userId}:${typist.conversationId}`;

/**
 * The throttle's memory is fed by the bus: every process hears every
 * `typing` event (with its `actorId`), so a visitor whose socket moves to
 * another process, or who types in two tabs served by two processes, is
 * throttled as one person, and their "stopped" is not dropped by a process
 * that never saw them start.
 */
function createTypingThrottle(bus: Pick<EventBus, 'listen'>): TypingThrottle {
  const last = new Map<string, { isTyping: boolean; at: number }>();

  const record = (key: string, isTyping: boolean, at: number) => {
    if (isTyping) last.set(key, { isTyping, at });
    else last.delete(key);
    if (last.size > KEEP_UP_TO) for (const [k, state] of last) if (at - state.at > FORGET_AFTER_MS) last.delete(k);
  };

  // Lives as long as the bus: closing the bus ends its listeners.
  bus.listen(
    ['typing'],
    ({ payload }) => {
      if (!payload.actorId || payload.who === 'bot') return;
      const typist: TTypist =
        payload.who === 'visitor'
          ? { who: 'visitor', visitorId: payload.actorId }
          : { who: 'operator', userId: payload.actorId, conversationId: payload.conversationId };
      record(keyOf(typist), payload.isTyping, Date.now());
    },
    { signal: new AbortController().signal },
  );

  return {
    admit: (typist, isTyping, options = {}) => {
      const key = keyOf(typist);
      const now = Date.now();
      const previous = last.get(key);
      const isRepeat = isTyping ? !!previous && now - previous.at < TYPING_EVERY_MS : !previous;
      if (isRepeat && !options.force) return false;
      record(key, isTyping, now);
      return true;
    },
  };
}

const throttles = new WeakMap<object, TypingThrottle>();

/** The throttle of the given bus (one per process, and one per test bus). */
export function typingThrottleFor(bus: Pick<EventBus, 'listen'>): TypingThrottle {
  let throttle = throttles.get(bus);
  if (!throttle) throttles.set(bus, (throttle = createTypingThrottle(bus)));
  return throttle;
}
