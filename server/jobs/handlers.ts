import type { Db } from '../../db/client';
import type { TEnv } from '../env';
import type { EventBus } from '../events/bus';
import { cleanupAuth } from '../services/account/cleanup';
import { runRetention } from '../services/retention/retention';
import { settleConversations } from '../services/analytics/settle';
import { geminiLabeller } from '../services/insights/gemini';
import { labelConversations } from '../services/insights/label';
import { runRelabel } from '../services/insights/relabel';
import { embedderFor } from '../services/knowledge/embedder';
import { ingestSource, markIngestInterrupted } from '../services/knowledge/ingest';
import { ingestDepsFor } from '../services/knowledge/ingest-deps';
import { ensureOwnIndexAfterIngest } from '../services/knowledge/own-index';
import { queueDueSyncs } from '../services/knowledge/sync-schedule';
import type { DocumentParser } from '../services/knowledge/parse-pool';
import { queueReembedIfNeeded, runReembedJob } from '../services/knowledge/reembed';
import { sendHandoffMail } from '../services/inbox/notifications';
import { presenceFor } from '../services/inbox/presence';
import { sendReplyMail } from '../services/inbox/reply-mail';
import { deliverMail, MAIL_RETRY_LIMIT } from '../services/mail/send';
import type { AnswerRunner } from '../services/answering/runner';
import { sendUsageNotices } from '../services/usage/notices';
import { registerPrivacyJobs } from '../services/privacy/jobs';
import { registerWebhookJobs } from '../services/webhooks/jobs';
import type { JobQueue } from './queue';

// Each job's `expireInSeconds` caps one run of it, sized to its work (a hung run is failed and
// retried); a process that dies mid-job is noticed by its lapsed lease within a minute whatever the
// cap (`leases.ts`).
const MINUTE = 60;

/** Every background job this process works, and the recurring ones it schedules. */
export async function registerJobs(
  jobs: JobQueue,
  // `answers` is left out by tests of other jobs; without `parser`, ingestion uses the shared one.
  deps: { bus: EventBus; db: Db; env: TEnv; answers?: Pick<AnswerRunner, 'recover'>; parser?: DocumentParser },
) {
  await jobs.work(
    'events.prune',
    async ({ olderThanMinutes }, job) => {
      const deleted = await deps.bus.prune(olderThanMinutes);
      job.log.debug({ deleted }, 'pruned stored event payloads');
    },
    { expireInSeconds: 5 * MINUTE },
  );
  await jobs.schedule('events.prune', '17 * * * *', { olderThanMinutes: 60 });

  await jobs.work(
    'auth.cleanup',
    async (_data, job) => {
      job.log.debug(await cleanupAuth(deps.db), 'cleaned up sessions, links and rate-limit counters');
    },
    { expireInSeconds: 5 * MINUTE },
  );
  await jobs.schedule('auth.cleanup', '41 * * * *', {});

  // Nightly, in batches that each hold their locks for milliseconds (services/retention).
  await jobs.work(
    'retention.run',
    async (_data, job) => {
      job.log.info(await runRetention(deps.db), "applied the workspaces' retention policies");
    },
    { expireInSeconds: 60 * MINUTE, retryLimit: 2 },
  );
  await jobs.schedule('retention.run', '23 3 * * *', {});
  // Outcomes of conversations that ended or went idle, so the dashboard's figures follow within a minute.
  await jobs.work(
    'analytics.settle',
    async (_data, job) => {
      const settledIds: string[] = [];
      const settled = await settleConversations(deps.db, { settledIds });
      if (settled) job.log.debug({ settled }, 'decided conversation outcomes');
      if (settledIds.length) await jobs.send('insights.label', { conversationIds: settledIds });
    },
    { expireInSeconds: 5 * MINUTE },
  );
  await jobs.schedule('analytics.settle', '* * * * *', {});
  // Topic, sentiment and language of the conversations just decided (Gemini when a key is set).
  const gemini = deps.env.GEMINI_API_KEY ? geminiLabeller(deps.env.GEMINI_API_KEY, deps.env.GEMINI_MODEL) : undefined;
  await jobs.work(
    'insights.label',
    async ({ conversationIds }, job) => {
      const labelled = await labelConversations({ db: deps.db, log: job.log, gemini }, conversationIds);
      job.log.debug({ labelled }, 'labelled conversations');
    },
    { expireInSeconds: 15 * MINUTE, retryLimit: 2 },
  );
  // A run that fails is marked failed (the page says so) and started again by hand, not retried.
  await jobs.work(
    'insights.relabel',
    async ({ runId }, job) => {
      await runRelabel({ db: deps.db, log: job.log, gemini }, runId);
    },
    { expireInSeconds: 60 * MINUTE, retryLimit: 0 },
  );

  // Owners hear once per limit, threshold (80, 100 %) and month; the banner shows it meanwhile.
  await jobs.work(
    'usage.notices',
    async (_data, job) => {
      const sent = await sendUsageNotices({ db: deps.db, jobs, env: deps.env });
      if (sent) job.log.info({ sent }, 'e-mailed owners about usage limits');
    },
    { expireInSeconds: 5 * MINUTE },
  );
  await jobs.schedule('usage.notices', '*/5 * * * *', {});

  await jobs.work('mail.send', ({ mailId }, job) => deliverMail(deps, mailId, job), {
    retryLimit: MAIL_RETRY_LIMIT,
    retryDelaySeconds: 10,
    // Past nodemailer's own 10-minute socket timeout, so a slow relay is not sent the mail twice.
    expireInSeconds: 15 * MINUTE,
  });

  await jobs.work(
    'inbox.reply-mail',
    async ({ messageId }, job) => {
      job.log.debug(
        { messageId, ...(await sendReplyMail({ db: deps.db, jobs, env: deps.env }, { messageId })) },
        'reply e-mail',
      );
    },
    { expireInSeconds: 2 * MINUTE },
  );

  // Decides at run time (someone may have come online since the hand-off) and queues the mails.
  await jobs.work(
    'inbox.handoff-mail',
    async ({ conversationId }, job) => {
      const result = await sendHandoffMail(
        { db: deps.db, jobs, env: deps.env, presence: presenceFor(deps.bus) },
        { conversationId },
      );
      job.log.debug({ conversationId, ...result }, 'hand-off e-mail');
    },
    { expireInSeconds: 2 * MINUTE },
  );

  const embedder = embedderFor(deps.env);
  const ingestDeps = ingestDepsFor({ ...deps, jobs, embedder });
  // A database several processes share builds indexes CONCURRENTLY (own-index.ts).
  const ownIndexDeps = { db: deps.db, isSharedDatabase: !!deps.env.DATABASE_URL };
  await jobs.work(
    'source.ingest',
    async ({ sourceId }, job) => {
      const outcome = await ingestSource(ingestDeps(job.log), sourceId);
      if (outcome.embedded > 0) await ensureOwnIndexAfterIngest({ ...ownIndexDeps, log: job.log }, sourceId);
    },
    // Few retries, spaced out: a failing embedding service is usually down for a while, not a moment.
    // A document past a parsing limit is not retried: ingestSource ends it failed without throwing.
    // A large document takes minutes; its lease, not this cap, is what notices a process that died.
    {
      retryLimit: 3,
      retryDelaySeconds: 30,
      expireInSeconds: 15 * MINUTE,
      onAbandoned: ({ sourceId }, { tx, willRetry }) => markIngestInterrupted(deps, tx, { sourceId, willRetry }),
    },
  );

  // A sync that fails keeps the last good content and is tried again at the next interval, not retried here.
  await jobs.work(
    'source.sync',
    async ({ sourceId }, job) => {
      const outcome = await ingestSource(ingestDeps(job.log), sourceId, { isSync: true });
      job.log.debug({ sourceId, ...outcome }, 'synced a knowledge source');
      if (outcome.embedded > 0) await ensureOwnIndexAfterIngest({ ...ownIndexDeps, log: job.log }, sourceId);
    },
    { retryLimit: 0, expireInSeconds: 60 * MINUTE },
  );
  await jobs.work(
    'knowledge.sync-due',
    async (_data, job) => {
      const queued = await queueDueSyncs({ db: deps.db, jobs, sync: ingestDeps(job.log).sync });
      if (queued) job.log.debug({ queued }, 'queued knowledge syncs');
    },
    { expireInSeconds: 2 * MINUTE },
  );
  await jobs.schedule('knowledge.sync-due', '* * * * *', {});

  // The embedding model changed since the knowledge was embedded (e.g. a Gemini key was added): bring it
  // over. Checked before this process works the queue, so a job it has already picked up is not doubled.
  await queueReembedIfNeeded({ db: deps.db, jobs, model: embedder.model });
  await jobs.work(
    'knowledge.reembed',
    async (_data, job) => {
      await runReembedJob({ db: deps.db, embedder, jobs, log: job.log });
    },
    // One slice is REEMBED_SLICE_MS (five minutes); the rest follows in a new job.
    { retryLimit: 5, retryDelaySeconds: 60, expireInSeconds: 10 * MINUTE },
  );

  // Event webhooks: the same SSRF guard and development allowance as URL imports.
  await registerWebhookJobs(jobs, {
    db: deps.db,
    env: deps.env,
    bus: deps.bus,
    guard: { allowPrivate: deps.env.KNOWLEDGE_ALLOW_PRIVATE_URLS },
  });

  await registerPrivacyJobs(jobs, { db: deps.db, env: deps.env });

  const { answers } = deps;
  if (answers) {
    // A visitor message left without a reply (the process stopped mid-answer) is answered late rather than never.
    await jobs.work(
      'answer.recover',
      async (_data, job) => {
        const started = await answers.recover();
        if (started) job.log.info({ started }, 'answering visitor messages left without a reply');
      },
      { expireInSeconds: 5 * MINUTE },
    );
    await jobs.schedule('answer.recover', '* * * * *', {});
  }
}
