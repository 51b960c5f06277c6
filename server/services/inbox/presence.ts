import { randomUUID } from 'node:crypto';
import type { EventBus } from '../../events/bus';
import type { Logger } from '../../logger';

/** The web app beats every ~15 s; a member is online while beats keep coming, for this long after the last. */
export const PRESENCE_TTL_MS = 45_000;
/** A member's "typing in" lapses this long after their last typing signal (a closed tab never says "stopped"). */
export const TYPING_TTL_MS = 10_000;
/** How often each process looks for members whose beats stopped. */
const SWEEP_EVERY_MS = 5_000;
/**
 * A member whose beats went to another process is dropped here this much
 * later than there, so the process that heard them last (and announces
 * "offline") normally does it; if that process is gone, this one does.
 */
const FOREIGN_GRACE_MS = 15_000;

type TPresenceFields = {
  workspaceId: string;
  userId: string;
  name: string;
  viewing: string | null;
  typingIn: string | null;
};

declare module '../../events/types' {
  // Declaration merging (how domains add events) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyEvents {
    /** A member came online, went offline, or started viewing or typing in another conversation. */
    presence: TPresenceFields & { state: 'online' | 'offline' };
    /**
     * Every heartbeat, between processes only (not for clients): keeps each
     * process's copy of who is online fresh. `origin` is the process that
     * heard it.
     */
    'presence.beat': TPresenceFields & { origin: string; tabId: string };
  }
}

/**
 * What each of a member's tabs last said it shows. A member with two tabs
 * on two conversations beats for both in turn; the member's `viewing` only
 * changes when a tab's own view changes (or the tab that set it goes away),
 * so those alternating beats do not make it flip back and forth.
 */
type TTab = { viewing: string | null; lastBeatAt: number };
type TEntry = TPresenceFields & {
  lastBeatAt: number;
  typingAt: number;
  origin: string;
  tabs: Map<string, TTab>;
  /** The tab whose view `viewing` is. */
  viewingTab: string | null;
};

/** A page that sends no tab id (an API client) counts as one tab. */
const DEFAULT_TAB = 'default';

export type TOnlineMember = { userId: string; name: string; viewing: string | null; typingIn: string | null };

export type Presence = {
  /** A heartbeat from one tab of a member's web app: online, looking at `viewing` (or at no conversation). */
  beat: (input: {
    workspaceId: string;
    userId: string;
    name: string;
    viewing: string | null;
    tabId?: string | null;
  }) => Promise<void>;
  /** The member started or stopped typing in a conversation (also counts as a beat). */
  typing: (input: {
    workspaceId: string;
    userId: string;
    name: string;
    conversationId: string;
    /** The conversation's chatbot: a lapsed "typing" is taken back from the visitor's widget with it. */
    chatbotId: string;
    isTyping: boolean;
  }) => Promise<void>;
  /** Members of the workspace online now, across every process sharing the bus. */
  online: (workspaceId: string) => TOnlineMember[];
  /** Drops members whose beats stopped and lapsed typing, announcing it; runs on a timer, callable by tests. */
  sweep: (now?: number) => Promise<void>;
  close: () => void;
};

/**
 * Who is online, held in this process and shared through the bus: every
 * heartbeat goes out as `presence.beat`, every process keeps the same map
 * from them, so whichever process a page's socket lands on answers alike.
 * Clients hear `presence` only when something changes.
 */
export function createPresence(deps: { bus: Pick<EventBus, 'publish' | 'subscribe'>; log?: Logger }): Presence {
  const origin = randomUUID();
  const byWorkspace = new Map<string, Map<string, TEntry>>();
  const controller = new AbortController();

  const entryOf = (workspaceId: string, userId: string) => byWorkspace.get(workspaceId)?.get(userId);
  // Where members who typed through this process are typing, so a lapse (a closed tab, a move to another
  // conversation, going offline) also tells the visitor's widget that they stopped.
  const typingRefs = new Map<string, { chatbotId: string; conversationId: string; name: string }>();
  const stopTyping = async (workspaceId: string, userId: string, unless?: string | null) => {
    const key = `${workspaceId}:${userId}`;
    const ref = typingRefs.get(key);
    if (!ref || ref.conversationId === unless) return;
    typingRefs.delete(key);
    await deps.bus.publish('typing', {
      workspaceId,
      chatbotId: ref.chatbotId,
      conversationId: ref.conversationId,
      who: 'operator',
      name: ref.name,
      isTyping: false,
      actorId: userId,
    });
  };
  const store = (entry: TEntry) => {
    let members = byWorkspace.get(entry.workspaceId);
    if (!members) byWorkspace.set(entry.workspaceId, (members = new Map()));
    members.set(entry.userId, entry);
  };
  const drop = (workspaceId: string, userId: string) => {
    const members = byWorkspace.get(workspaceId);
    members?.delete(userId);
    if (members && !members.size) byWorkspace.delete(workspaceId);
  };
  const fieldsOf = ({ workspaceId, userId, name, viewing, typingIn }: TPresenceFields): TPresenceFields => ({
    workspaceId,
    userId,
    name,
    viewing,
    typingIn,
  });
  const announce = (fields: TPresenceFields, state: 'online' | 'offline') =>
    deps.bus.publish('presence', { ...fieldsOf(fields), state });

  // Beats heard by other processes (and this one's own, which change nothing by then).
  void (async () => {
    try {
      for await (const event of deps.bus.subscribe(['presence.beat', 'presence'], { signal: controller.signal })) {
        if (event.type === 'presence') {
          if (event.payload.state === 'offline') drop(event.payload.workspaceId, event.payload.userId);
          continue;
        }
        if (event.payload.origin === origin) continue;
        const beat = event.payload;
        const known = entryOf(beat.workspaceId, beat.userId);
        const tabs = known?.tabs ?? new Map<string, TTab>();
        tabs.set(beat.tabId, { viewing: beat.viewing, lastBeatAt: Date.now() });
        store({
          ...fieldsOf(beat),
          lastBeatAt: Date.now(),
          typingAt: beat.typingIn ? Date.now() : (known?.typingAt ?? 0),
          origin: beat.origin,
          tabs,
          viewingTab: beat.tabId,
        });
      }
    } catch (err) {
      deps.log?.error({ err }, 'presence stopped listening');
    }
  })();

  /** Stores the member's new state, tells other processes, and tells clients if anything they see changed. */
  const update = async (next: TPresenceFields, typingAt: number, tab: { id: string; tabs: Map<string, TTab> }) => {
    const known = entryOf(next.workspaceId, next.userId);
    store({ ...next, lastBeatAt: Date.now(), typingAt, origin, tabs: tab.tabs, viewingTab: tab.id });
    const hasChanged =
      !known || known.viewing !== next.viewing || known.typingIn !== next.typingIn || known.name !== next.name;
    await deps.bus.publish('presence.beat', { ...next, origin, tabId: tab.id });
    if (hasChanged) await announce(next, 'online');
  };

  /** The member's tabs with this one's beat in, and the view the member is shown with. */
  const withTab = (known: TEntry | undefined, tabId: string, viewing: string | null) => {
    const tabs = new Map(known?.tabs ?? []);
    const previous = tabs.get(tabId);
    tabs.set(tabId, { viewing, lastBeatAt: Date.now() });
    // A new tab, or a tab that moved, sets the view; a tab beating on where it already was changes nothing.
    const isMove = !known || !previous || previous.viewing !== viewing || known.viewingTab === tabId;
    return isMove
      ? { tabs, viewing, viewingTab: tabId }
      : { tabs, viewing: known.viewing, viewingTab: known.viewingTab ?? tabId };
  };

  const sweep: Presence['sweep'] = async (now = Date.now()) => {
    for (const members of [...byWorkspace.values()])
      for (const entry of [...members.values()]) {
        const ttl = PRESENCE_TTL_MS + (entry.origin === origin ? 0 : FOREIGN_GRACE_MS);
        for (const [tabId, tab] of entry.tabs) if (now - tab.lastBeatAt > ttl) entry.tabs.delete(tabId);
        if (entry.viewingTab !== null && !entry.tabs.has(entry.viewingTab) && entry.tabs.size > 0) {
          // The tab that set the view went away (closed); the member is shown where their latest tab is.
          const [tabId, tab] = [...entry.tabs].sort((a, b) => b[1].lastBeatAt - a[1].lastBeatAt)[0]!;
          entry.viewingTab = tabId;
          if (entry.viewing !== tab.viewing) {
            entry.viewing = tab.viewing;
            await announce(entry, 'online');
          }
        }
        if (now - entry.lastBeatAt > ttl) {
          drop(entry.workspaceId, entry.userId);
          await stopTyping(entry.workspaceId, entry.userId);
          await announce({ ...entry, viewing: null, typingIn: null }, 'offline');
        } else if (entry.typingIn && entry.origin === origin && now - entry.typingAt > TYPING_TTL_MS) {
          entry.typingIn = null;
          await stopTyping(entry.workspaceId, entry.userId);
          await announce(entry, 'online');
        }
      }
  };

  const timer = setInterval(() => {
    sweep().catch((err: unknown) => deps.log?.warn({ err }, 'could not sweep presence'));
  }, SWEEP_EVERY_MS);
  timer.unref();

  return {
    beat: async ({ workspaceId, userId, name, viewing: tabViewing, tabId }) => {
      const known = entryOf(workspaceId, userId);
      const tab = tabId || DEFAULT_TAB;
      const { tabs, viewing, viewingTab } = withTab(known, tab, tabViewing);
      // Moving to another conversation ends typing in the one left behind.
      const typingIn = known?.typingIn && known.typingIn === viewing ? known.typingIn : null;
      await stopTyping(workspaceId, userId, typingIn);
      await update({ workspaceId, userId, name, viewing, typingIn }, known?.typingAt ?? 0, { id: viewingTab, tabs });
    },
    typing: async ({ workspaceId, userId, name, conversationId, chatbotId, isTyping }) => {
      const known = entryOf(workspaceId, userId);
      const key = `${workspaceId}:${userId}`;
      if (isTyping) {
        await stopTyping(workspaceId, userId, conversationId);
        typingRefs.set(key, { chatbotId, conversationId, name });
      } else if (typingRefs.get(key)?.conversationId === conversationId) typingRefs.delete(key);
      const typingIn = isTyping
        ? conversationId
        : known?.typingIn === conversationId
          ? null
          : (known?.typingIn ?? null);
      await update(
        { workspaceId, userId, name, viewing: known?.viewing ?? conversationId, typingIn },
        isTyping ? Date.now() : (known?.typingAt ?? 0),
        {
          id: known?.viewingTab ?? DEFAULT_TAB,
          tabs: known?.tabs ?? new Map([[DEFAULT_TAB, { viewing: conversationId, lastBeatAt: Date.now() }]]),
        },
      );
    },
    online: (workspaceId) =>
      [...(byWorkspace.get(workspaceId)?.values() ?? [])]
        .filter((entry) => Date.now() - entry.lastBeatAt <= PRESENCE_TTL_MS + FOREIGN_GRACE_MS)
        .map(({ userId, name, viewing, typingIn }) => ({ userId, name, viewing, typingIn }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    sweep,
    close: () => {
      clearInterval(timer);
      controller.abort();
    },
  };
}

const presences = new WeakMap<object, Presence>();

/**
 * This process's presence on a bus, made on first use. One per bus, so
 * every request on the same bus shares it (the server makes it at start,
 * so it hears other processes' beats from then on).
 */
export function presenceFor(bus: Pick<EventBus, 'publish' | 'subscribe'>, log?: Logger): Presence {
  let presence = presences.get(bus);
  if (!presence) presences.set(bus, (presence = createPresence({ bus, log })));
  return presence;
}
