import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { chatbots, knowledgeSources, type TKnowledgeSource } from '../../db/schema';
import { createTestWorkspace } from './workspaces';

/** A chatbot row straight into the table (in a fresh workspace unless one is given). */
export async function createTestChatbot(db: Db, options: { workspaceId?: string; name?: string } = {}) {
  const workspaceId = options.workspaceId ?? (await createTestWorkspace(db)).workspace.id;
  const [chatbot] = await db
    .insert(chatbots)
    .values({
      workspaceId,
      name: options.name ?? `Bot ${randomUUID().slice(0, 4)}`,
      template: 'support',
      settings: {},
      publicKey: `pk_test_${randomUUID().replaceAll('-', '')}`,
    })
    .returning();
  return chatbot!;
}

/** A knowledge source row, pending, for the given chatbot. */
export async function createTestSource(
  db: Db,
  options: {
    chatbot: { id: string; workspaceId: string };
    kind?: TKnowledgeSource['kind'];
    title?: string;
    content?: string;
  },
) {
  const [source] = await db
    .insert(knowledgeSources)
    .values({
      workspaceId: options.chatbot.workspaceId,
      chatbotId: options.chatbot.id,
      kind: options.kind ?? 'text',
      title: options.title ?? 'A document',
      content: options.content ?? null,
    })
    .returning();
  return source!;
}
