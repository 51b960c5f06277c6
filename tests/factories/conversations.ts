import type { Db } from '../../db/client';
import { conversations, messages, visitors, type TConversation, type TMessage } from '../../db/schema';

export type TSeedMessage = {
  role: TMessage['role'];
  content?: string;
  /** Minutes after the conversation started. */
  at?: number;
  outcome?: TMessage['outcome'];
  provider?: string | null;
  feedback?: TMessage['feedback'];
  offersHandoff?: boolean;
  /** Retrieval found passages (only below the threshold when the outcome is `abstained`). */
  hadPassages?: boolean;
};

export type TSeedConversation = {
  chatbotId: string;
  workspaceId: string;
  startedAt: Date;
  origin?: string | null;
  channel?: TConversation['channel'];
  status?: TConversation['status'];
  isTest?: boolean;
  rating?: number | null;
  /** Minutes after the start when the visitor asked for a person. */
  handoffAt?: number;
  topic?: string | null;
  sentiment?: TConversation['sentiment'];
  language?: string | null;
  messages?: TSeedMessage[];
};

const DEFAULT_MESSAGES: TSeedMessage[] = [
  { role: 'visitor', content: 'Do you ship abroad?', at: 0 },
  { role: 'bot', content: 'Yes, to 30 countries.', at: 0.05, outcome: 'answered', provider: 'offline' },
];

const minutesAfter = (start: Date, minutes = 0) => new Date(start.getTime() + minutes * 60_000);

/**
 * A conversation at a given time with its messages (a visitor question and
 * a bot answer unless told otherwise), as the widget would have stored them:
 * the analytics tests and the browser test seed weeks of these.
 */
export async function seedConversation(db: Db, input: TSeedConversation) {
  const [visitor] = await db
    .insert(visitors)
    .values({ workspaceId: input.workspaceId, chatbotId: input.chatbotId, origin: input.origin ?? null })
    .returning();
  const list = input.messages ?? DEFAULT_MESSAGES;
  const last = Math.max(0, ...list.map((message) => message.at ?? 0));
  const [conversation] = await db
    .insert(conversations)
    .values({
      workspaceId: input.workspaceId,
      chatbotId: input.chatbotId,
      visitorId: visitor!.id,
      channel: input.channel ?? 'widget',
      status: input.status ?? 'open',
      origin: input.origin ?? null,
      isTest: input.isTest ?? false,
      rating: input.rating ?? null,
      ratedAt: input.rating ? minutesAfter(input.startedAt, last) : null,
      handoffRequestedAt: input.handoffAt === undefined ? null : minutesAfter(input.startedAt, input.handoffAt),
      topic: input.topic ?? null,
      sentiment: input.sentiment ?? null,
      language: input.language ?? null,
      createdAt: input.startedAt,
      lastMessageAt: minutesAfter(input.startedAt, last),
    })
    .returning();
  if (list.length)
    await db.insert(messages).values(
      list.map((message) => ({
        workspaceId: input.workspaceId,
        conversationId: conversation!.id,
        role: message.role,
        content: message.content ?? `${message.role} message`,
        outcome: message.outcome ?? null,
        provider: message.provider ?? null,
        feedback: message.feedback ?? null,
        offersHandoff: message.offersHandoff ?? false,
        retrieval: message.hadPassages
          ? {
              topScore: 0.2,
              confidence: 0.2,
              passages: [
                {
                  ref: '1',
                  chunkId: 1,
                  sourceId: '00000000-0000-0000-0000-000000000000',
                  title: 'Shipping',
                  headingPath: '',
                  vectorScore: 0.2,
                  textScore: null,
                  rrfScore: 0.01,
                },
              ],
              budget: null,
            }
          : null,
        createdAt: minutesAfter(input.startedAt, message.at ?? 0),
      })),
    );
  return conversation!;
}
