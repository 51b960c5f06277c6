import type { Database } from '../../../db/client';
import type { TEnv } from '../../env';
import type { EventBus } from '../../events/bus';
import type { Logger } from '../../logger';
import { embedderFor } from '../knowledge/embedder';
import { recordGap } from '../knowledge/gaps';
import { geminiProvider, offlineProvider, type TAnswerProvider } from './providers';
import { createAnswerRunner } from './runner';
import { webhookFetch } from './webhook';

/** Gemini when a key is configured, otherwise the offline extractive answerer. */
export const providerFor = (env: Pick<TEnv, 'GEMINI_API_KEY' | 'GEMINI_MODEL'>): TAnswerProvider =>
  env.GEMINI_API_KEY ? geminiProvider(env.GEMINI_API_KEY, { model: env.GEMINI_MODEL }) : offlineProvider;

/** The answering service as the server runs it: provider and embedder from the environment. */
export function createAnswering(deps: { env: TEnv; database: Database; bus: EventBus; log: Logger }) {
  const embedder = embedderFor(deps.env);
  return createAnswerRunner({
    db: deps.database.db,
    database: deps.database,
    bus: deps.bus,
    embedder,
    provider: providerFor(deps.env),
    log: deps.log,
    recordGap: (report) => recordGap({ db: deps.database.db, embedder }, report),
    // Webhooks go through the knowledge import's SSRF guard, with the same development allowance.
    fetch: webhookFetch({ allowPrivate: deps.env.KNOWLEDGE_ALLOW_PRIVATE_URLS }),
  });
}
