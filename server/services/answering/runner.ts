import { answerMessage, type TAnswerDeps, type TGapReport } from './answer';
import { findOverdueMessages, RECOVER_AFTER_MS } from './recovery';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Answers visitor messages left without a reply (the process stopped mid-answer). */
    'answer.recover': Record<string, never>;
  }
}

export type AnswerRunner = {
  /** Starts answering a stored visitor message now, in this process; returns at once. */
  start: (input: { messageId: string; conversationId: string; receivedAt?: number }) => void;
  /** Stops the answer being written in a conversation (a person took it over). */
  cancel: (conversationId: string) => void;
  /** Records a knowledge gap (a thumbs-down) through the same hook the answers use. */
  recordGap: (report: TGapReport) => Promise<void>;
  /** Resolves when every answer started so far has been stored (or cancelled). */
  idle: () => Promise<void>;
  /** Answers messages older than `olderThanMs` that have no reply; returns how many it started. */
  recover: (olderThanMs?: number) => Promise<number>;
  close: () => Promise<void>;
};

/**
 * Runs answers in this process, right after the visitor's message is
 * stored: a queued job would cost the first token its polling delay. What
 * the job queue gives (surviving a restart) comes from `recover`, run by
 * a recurring job, which answers any visitor message left without a reply.
 */
export function createAnswerRunner(deps: TAnswerDeps): AnswerRunner {
  const running = new Map<string, Map<string, { controller: AbortController; done: Promise<void> }>>();
  let isClosed = false;

  const start: AnswerRunner['start'] = ({ messageId, conversationId, receivedAt }) => {
    if (isClosed) return;
    const controller = new AbortController();
    const perConversation = running.get(conversationId) ?? new Map();
    running.set(conversationId, perConversation);
    if (perConversation.has(messageId)) return;
    const done = answerMessage(deps, { messageId, receivedAt, signal: controller.signal })
      .then(() => undefined)
      .catch((err: unknown) => deps.log.error({ err, messageId }, 'an answer could not be stored'))
      .finally(() => {
        perConversation.delete(messageId);
        if (!perConversation.size) running.delete(conversationId);
      });
    perConversation.set(messageId, { controller, done });
  };

  const allDone = () => Promise.all([...running.values()].flatMap((m) => [...m.values()].map((r) => r.done)));

  return {
    start,
    recordGap: async (report) => {
      await deps.recordGap?.(report);
    },
    cancel: (conversationId) => {
      for (const { controller } of running.get(conversationId)?.values() ?? [])
        controller.abort(new Error('A person took the conversation over'));
    },
    idle: async () => {
      while (running.size) await allDone();
    },
    recover: async (olderThanMs = RECOVER_AFTER_MS) => {
      const rows = await findOverdueMessages(deps.db, { olderThanMs });
      let started = 0;
      for (const row of rows)
        if (!running.get(row.conversationId)?.has(row.messageId)) {
          start(row);
          started++;
        }
      return started;
    },
    close: async () => {
      isClosed = true;
      for (const perConversation of running.values())
        for (const { controller } of perConversation.values()) controller.abort(new Error('Parley is stopping'));
      await allDone();
    },
  };
}
