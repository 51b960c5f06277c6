import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { chatbots, type TChatbot } from '../../../db/schema';

/**
 * Records the first time a live chatbot's widget loads on one of its allowed
 * websites (the onboarding checklist's last step). Called for every config
 * request, so it writes only while nothing is recorded yet: afterwards it
 * costs nothing but a look at the row already read.
 */
export async function recordWidgetSeen(db: Db, input: { chatbot: TChatbot; hostOrigin: string }) {
  const { chatbot, hostOrigin } = input;
  if (chatbot.widgetSeenAt || chatbot.status !== 'live') return;
  await db
    .update(chatbots)
    .set({ widgetSeenAt: new Date(), widgetSeenOrigin: hostOrigin })
    .where(and(eq(chatbots.id, chatbot.id), isNull(chatbots.widgetSeenAt)));
}
