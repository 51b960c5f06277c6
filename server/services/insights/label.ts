import { and, asc, count, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { conversations, messages } from '../../../db/schema';
import type { Logger } from '../../logger';
import type { TGeminiLabeller } from './gemini';
import { labelOffline } from './offline';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Labels topic, sentiment and language of conversations just decided by `analytics.settle`. */
    'insights.label': { conversationIds: string[] };
  }
}

/** Topics a new label may join: the workspace's most used of the last 90 days. */
const KNOWN_TOPICS = 200;
/** Visitor messages read per conversation: the start says what it is about. */
const MESSAGES_READ = 20;

export type TInsightsDeps = { db: Db; log: Logger; gemini?: TGeminiLabeller };

async function knownTopics(db: Db, workspaceId: string) {
  const rows = await db
    .select({ topic: conversations.topic, n: count() })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        isNotNull(conversations.topic),
        gte(conversations.createdAt, sql`now() - interval '90 days'`),
      ),
    )
    .groupBy(conversations.topic)
    .orderBy(desc(count()))
    .limit(KNOWN_TOPICS);
  return rows.map((row) => row.topic!);
}

/**
 * Labels each conversation's topic, sentiment and language from its
 * visitor messages: with Gemini when a key is set (falling back to the
 * offline labeller when a call fails, so a Gemini outage leaves no gap),
 * offline otherwise. Test conversations and ones without a visitor message
 * are left alone. The rollup triggers carry the labels into the charts.
 */
export async function labelConversations(deps: TInsightsDeps, conversationIds: string[]) {
  if (!conversationIds.length) return 0;
  const targets = await deps.db
    .select({ id: conversations.id, workspaceId: conversations.workspaceId })
    .from(conversations)
    .where(
      and(
        inArray(conversations.id, conversationIds),
        eq(conversations.isTest, false),
        sql`${conversations.visitorMessages} > 0`,
      ),
    );
  const topics = new Map<string, string[]>();
  let labelled = 0;
  for (const target of targets) {
    const text = (
      await deps.db
        .select({ content: messages.content })
        .from(messages)
        .where(and(eq(messages.conversationId, target.id), eq(messages.role, 'visitor')))
        .orderBy(asc(messages.seq))
        .limit(MESSAGES_READ)
    ).map((m) => m.content);
    if (!text.length) continue;
    let known = topics.get(target.workspaceId);
    if (!known) topics.set(target.workspaceId, (known = await knownTopics(deps.db, target.workspaceId)));
    let labels = await labelOffline(text, known);
    if (deps.gemini)
      labels = await deps.gemini(text, known).catch((err: unknown) => {
        deps.log.warn({ err, conversationId: target.id }, 'Gemini could not label a conversation; labelled offline');
        return labels;
      });
    await deps.db.update(conversations).set(labels).where(eq(conversations.id, target.id));
    if (labels.topic && !known.includes(labels.topic)) known.push(labels.topic);
    labelled += 1;
  }
  return labelled;
}
