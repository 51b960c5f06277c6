import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { chatbots, conversations, knowledgeSources, messages, visitors, type TKnowledgeSource } from '../../db/schema';
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

/** An uploaded file's source row, pending, its bytes stored as the upload procedure stores them. */
export async function createTestFileSource(
  db: Db,
  options: {
    chatbot: { id: string; workspaceId: string };
    file: { fileName: string; mimeType: string; bytes: Uint8Array };
  },
) {
  const { chatbot, file } = options;
  const [source] = await db
    .insert(knowledgeSources)
    .values({
      workspaceId: chatbot.workspaceId,
      chatbotId: chatbot.id,
      kind: 'file',
      title: file.fileName,
      fileName: file.fileName,
      mimeType: file.mimeType,
      sizeBytes: file.bytes.length,
      fileData: file.bytes,
    })
    .returning();
  return source!;
}

/** A playground conversation with one question and the bot's answer to it. */
export async function createTestConversation(db: Db, chatbot: { id: string; workspaceId: string }) {
  const [visitor] = await db
    .insert(visitors)
    .values({ workspaceId: chatbot.workspaceId, chatbotId: chatbot.id })
    .returning();
  const [conversation] = await db
    .insert(conversations)
    .values({ workspaceId: chatbot.workspaceId, chatbotId: chatbot.id, visitorId: visitor!.id, channel: 'playground' })
    .returning();
  const [question] = await db
    .insert(messages)
    .values({
      workspaceId: chatbot.workspaceId,
      conversationId: conversation!.id,
      role: 'visitor',
      content: 'Do you ship abroad?',
    })
    .returning();
  const [answer] = await db
    .insert(messages)
    .values({
      workspaceId: chatbot.workspaceId,
      conversationId: conversation!.id,
      role: 'bot',
      content: 'Yes, to 30 countries.',
      replyToId: question!.id,
      outcome: 'answered',
    })
    .returning();
  return { conversationId: conversation!.id, botMessageId: answer!.id, visitorId: visitor!.id };
}
