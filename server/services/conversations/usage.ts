import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { usageDaily } from '../../../db/schema';

/**
 * Adds to today's (UTC) usage of one chatbot, inside the caller's
 * transaction so a rolled-back message is never counted.
 */
export async function countUsage(
  tx: Db,
  input: {
    workspaceId: string;
    chatbotId: string;
    messages?: number;
    aiAnswers?: number;
    tokensIn?: number;
    tokensOut?: number;
  },
) {
  const { workspaceId, chatbotId, messages = 0, aiAnswers = 0, tokensIn = 0, tokensOut = 0 } = input;
  await tx
    .insert(usageDaily)
    .values({
      workspaceId,
      chatbotId,
      day: sql`(now() at time zone 'utc')::date`,
      messages,
      aiAnswers,
      tokensIn,
      tokensOut,
    })
    .onConflictDoUpdate({
      target: [usageDaily.workspaceId, usageDaily.chatbotId, usageDaily.day],
      set: {
        messages: sql`${usageDaily.messages} + excluded.messages`,
        aiAnswers: sql`${usageDaily.aiAnswers} + excluded.ai_answers`,
        tokensIn: sql`${usageDaily.tokensIn} + excluded.tokens_in`,
        tokensOut: sql`${usageDaily.tokensOut} + excluded.tokens_out`,
      },
    });
}
