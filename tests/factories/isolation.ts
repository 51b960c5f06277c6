import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { knowledgeSources, webhookEndpoints, webhookMessages } from '../../db/schema';
import { API_SCOPES, type TApiScope } from '../../shared/api-scopes';
import { offlineEmbedder } from '../../server/services/knowledge/embedder';
import { recordGap } from '../../server/services/knowledge/gaps';
import { createTestChatbot, createTestConversation, createTestSource } from './chatbots';

/**
 * One of everything a workspace procedure can aim at, in one workspace,
 * for the isolation matrices (tRPC and REST) to aim another workspace's
 * callers at: a chatbot, a failed FAQ source (so retry has something real),
 * an open knowledge gap, a playground conversation with a bot answer, and
 * a webhook endpoint with one failed delivery.
 */
export async function createIsolationTargets(db: Db, workspaceId: string) {
  const chatbot = await createTestChatbot(db, { workspaceId, name: 'Bot A' });
  const source = await createTestSource(db, { chatbot, kind: 'faq', title: 'Refunds?', content: 'Within 30 days.' });
  await db.update(knowledgeSources).set({ status: 'failed', error: 'Boom' }).where(eq(knowledgeSources.id, source.id));
  const gap = await recordGap(
    { db, embedder: offlineEmbedder },
    { workspaceId, chatbotId: chatbot.id, question: 'Do you ship abroad?', reason: 'no_answer', topScore: null },
  );
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({ workspaceId, url: 'https://hooks.example/a', events: ['message.created'], secret: 'whsec_a' })
    .returning();
  const [delivery] = await db
    .insert(webhookMessages)
    .values({
      endpointId: endpoint!.id,
      workspaceId,
      eventId: 'evt-a',
      type: 'message.created',
      body: '{}',
      status: 'failed',
    })
    .returning();
  return {
    chatbotId: chatbot.id,
    chatbotName: chatbot.name,
    sourceId: source.id,
    gapId: gap!.gapId,
    endpointId: endpoint!.id,
    deliveryId: delivery!.id,
    ...(await createTestConversation(db, chatbot)),
  };
}

/** A key of the workspace per scope, holding every scope but that one, made by `keyOf`. */
export async function keysMissingEachScope(keyOf: (scopes: TApiScope[]) => Promise<string>) {
  const keys = await Promise.all(
    API_SCOPES.map(async (scope) => [scope, await keyOf(API_SCOPES.filter((other) => other !== scope))] as const),
  );
  return Object.fromEntries(keys) as Record<TApiScope, string>;
}
