/**
 * Parley from a Node script with @parley/client: create a chatbot, teach it a
 * text, wait until the text is ready, start a conversation, stream the
 * answer and print its citations — while an inbox subscription shows the
 * conversation arriving as the team would see it.
 *
 *   PARLEY_URL=http://localhost:3000 PARLEY_API_KEY=pk_live_… PARLEY_WORKSPACE_ID=… npx tsx quickstart.ts
 *
 * The key needs the scopes chatbots:write, knowledge:write, knowledge:read,
 * chat and conversations:read (Settings → API keys).
 */
import { randomUUID } from 'node:crypto';
import { createParleyClient, TRPCClientError } from '@parley/client';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name}.`);
  return value;
};

const parley = createParleyClient({ url: env('PARLEY_URL'), apiKey: env('PARLEY_API_KEY') });
const workspaceId = env('PARLEY_WORKSPACE_ID');

async function main() {
  const chatbot = await parley.chatbot.create.mutate({ workspaceId, name: 'Quickstart helper', template: 'support' });
  console.log(`chatbot ${chatbot.id} created`);

  const source = await parley.knowledge.source.createText.mutate({
    workspaceId,
    chatbotId: chatbot.id,
    title: 'Shipping policy',
    content:
      'We ship to every country in the European Union within three working days. ' +
      'Orders above 50 euros ship free of charge. Returns are accepted within 30 days of delivery.',
  });

  // Ingestion runs in the background: wait until the source is ready (or says why it is not).
  for (;;) {
    const sources = await parley.knowledge.source.list.query({ workspaceId, chatbotId: chatbot.id });
    const current = sources.find((row) => row.id === source.id);
    if (current?.status === 'ready') break;
    if (current?.status === 'failed') throw new Error(`The source failed: ${current.error}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  console.log('source ready');

  // The team's view: the inbox feed announces the new conversation. Started before the conversation is.
  let inboxStarted = () => {};
  const started = new Promise<void>((resolve) => (inboxStarted = resolve));
  const inboxSeen = new Promise<string>((resolve, reject) => {
    const inbox = parley.inbox.onEvent.subscribe(
      { workspaceId, lastEventId: null },
      {
        onStarted: () => inboxStarted(),
        onData: ({ data }) => {
          if (data.type !== 'conversation.created') return;
          inbox.unsubscribe();
          resolve(data.payload.conversation.id);
        },
        onError: reject,
      },
    );
    setTimeout(() => reject(new Error('The inbox did not announce the conversation.')), 15_000).unref();
  });
  await started;

  const { conversation } = await parley.conversation.start.mutate({
    workspaceId,
    chatbotId: chatbot.id,
    visitor: { name: 'Quickstart user', externalId: 'user-42' },
  });

  // Subscribe first, then send, so no piece of the answer is missed.
  const answer = await new Promise<{ content: string; citations: { ref: string; title: string }[] }>(
    (resolve, reject) => {
      let clientId: string | null = null;
      const stream = parley.conversation.onEvent.subscribe(
        { workspaceId, conversationId: conversation.id },
        {
          onStarted: () => {
            // The idempotency key: a retry with the same clientId never stores the question twice.
            clientId = randomUUID();
            parley.conversation.send
              .mutate({ workspaceId, conversationId: conversation.id, content: 'Do you ship for free?', clientId })
              .catch(reject);
          },
          onData: ({ data: event }) => {
            if (event.type === 'answer.delta') process.stdout.write(event.payload.text);
            if (event.type === 'message.created' && event.payload.message.role === 'bot') {
              stream.unsubscribe();
              const { content, citations } = event.payload.message;
              resolve({ content, citations: citations ?? [] });
            }
          },
          onError: reject,
        },
      );
    },
  );
  console.log(`\nanswer: ${answer.content}`);
  for (const citation of answer.citations) console.log(`citation [${citation.ref}] ${citation.title}`);
  console.log(`inbox saw conversation ${await inboxSeen}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof TRPCClientError ? `Parley said: ${error.message}` : error);
  process.exitCode = 1;
});
