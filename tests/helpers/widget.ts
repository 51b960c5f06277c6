import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { chatbots } from '../../db/schema';
import { createTestChatbot } from '../factories/chatbots';
import { HOST_ORIGIN } from './app';

export { HOST_ORIGIN };

/** A live chatbot embeddable on HOST_ORIGIN. */
export async function createLiveChatbot(
  db: Database['db'],
  options: { workspaceId?: string; name?: string; settings?: Record<string, unknown> } = {},
) {
  const chatbot = await createTestChatbot(db, options);
  const [live] = await db
    .update(chatbots)
    .set({ status: 'live', allowedOrigins: [HOST_ORIGIN], settings: options.settings ?? {} })
    .where(eq(chatbots.id, chatbot.id))
    .returning();
  return live!;
}

/** Reads a caller subscription (which yields `[id, data]` for tracked events) into an array as it goes. */
export function collect<T>(iterable: AsyncIterable<unknown>) {
  const items: { id: string; data: T }[] = [];
  const done = (async () => {
    try {
      for await (const item of iterable) {
        const [id, data] = item as [string, T];
        items.push({ id, data });
      }
    } catch {
      // Ends with the signal.
    }
  })();
  return { items, done };
}
