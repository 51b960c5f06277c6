import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { usageDaily, usageTokensDaily } from '../../../db/schema';

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
    /** Which provider spent the tokens (`gemini`, `offline`): the Usage page splits tokens by it. */
    provider?: string | null;
  },
) {
  const { workspaceId, chatbotId, messages = 0, aiAnswers = 0, tokensIn = 0, tokensOut = 0, provider } = input;
  if (provider && (tokensIn || tokensOut))
    await tx
      .insert(usageTokensDaily)
      .values({ workspaceId, day: sql`(now() at time zone 'utc')::date`, provider, tokensIn, tokensOut })
      .onConflictDoUpdate({
        target: [usageTokensDaily.workspaceId, usageTokensDaily.day, usageTokensDaily.provider],
        set: {
          tokensIn: sql`${usageTokensDaily.tokensIn} + excluded.tokens_in`,
          tokensOut: sql`${usageTokensDaily.tokensOut} + excluded.tokens_out`,
        },
      });
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
