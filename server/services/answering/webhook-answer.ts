import type { AnswerTurn, TTurnResult } from './turn';
import { callWebhook, type TWebhookPayload } from './webhook';

/**
 * The webhook strategy: the chatbot's own flow (n8n, say) gets the message
 * with its history, signed, and its reply is shown whole and stored.
 */
export async function answerWithWebhook(turn: AnswerTurn): Promise<TTurnResult> {
  const { deps, settings, chatbot, conversation, visitor, message } = turn;
  const payload: TWebhookPayload = {
    type: 'message.received',
    chatbot: { id: chatbot.id, name: chatbot.name },
    conversation: { id: conversation.id, channel: conversation.channel, context: conversation.context },
    visitor: { id: visitor.id, name: visitor.name, email: visitor.email },
    message: { id: message.id, content: message.content, createdAt: message.createdAt.toISOString() },
    history: (await turn.history()).map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
  };
  const base = { provider: 'webhook', model: null };
  try {
    const reply = await callWebhook(
      {
        url: settings.webhookUrl ?? '',
        secret: chatbot.webhookSecret,
        fetch: deps.fetch,
        timeoutMs: deps.webhookTimeoutMs,
        signal: turn.signal,
      },
      payload,
    );
    await turn.stream.append(reply);
    return { ...base, content: reply, outcome: 'answered' };
  } catch (error) {
    turn.throwIfCancelled(error);
    deps.log.error({ err: error, messageId: message.id, url: settings.webhookUrl }, 'the chatbot webhook failed');
    return turn.fallback('failed', base);
  }
}
