import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, type Database } from '../db/client';
import type { TEnv } from './env';
import { createEventBus } from './events/bus';
import { createHttpServer, loadWebAppBuild } from './http/server';
import { registerJobs } from './jobs/handlers';
import { startJobQueue } from './jobs/queue';
import type { Logger } from './logger';
import { collectGarbage } from './memory';
import { watchDatabase } from './metrics';
import { startMetricsServer } from './http/metrics';
import { createAnswering } from './services/answering/setup';
import { startInboxWatcher } from './services/inbox/notifications';
import { typingThrottleFor } from './services/conversations/typing-throttle';
import { presenceFor } from './services/inbox/presence';
import { createDocumentParser } from './services/knowledge/parse-pool';
import type { ServerDeps } from './trpc/context';
import { ensureSecretKey } from './services/secret-key';
import { setInstallationLimits } from './services/usage/limits';
import { startWebhookDispatcher } from './services/webhooks/dispatcher';

export type Parley = {
  url: string;
  port: number;
  deps: ServerDeps;
  close: () => Promise<void>;
};

/**
 * Starts the whole product in this process: database (migrated), event bus,
 * job queue and the one HTTP server. `close` undoes it in reverse order.
 */
export async function startParley(
  env: TEnv,
  log: Logger,
  options: {
    database?: Database;
    serveWebApp?: boolean;
    widgetDistDir?: string;
    widgetLimits?: ServerDeps['widgetLimits'];
  } = {},
): Promise<Parley> {
  const isBuiltWebApp = (options.serveWebApp ?? true) && env.NODE_ENV !== 'development';
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      poolMax: env.DATABASE_POOL_MAX,
      // The first start creates its data folder in a child process (~6 s): meanwhile this process, otherwise
      // idle, loads the web app's server build (~0.8 s of CPU) on the other core. createHttpServer gets it.
      onCreating: isBuiltWebApp ? () => void loadWebAppBuild().catch(() => {}) : undefined,
    }));
  const cleanup: TCloseStep[] = [];
  const onClose = (name: string, run: () => Promise<void> | void, limitMs = STEP_LIMIT_MS) =>
    cleanup.push({ name, run, limitMs });
  onClose('database', () => database.close());
  let closing: Promise<void> | null = null;
  const closeAll = () => (closing ??= closeInReverse(cleanup, log));

  try {
    // The key that seals mail bodies and signs cookies: a problem with it stops the start, not a later request.
    ensureSecretKey(env);
    // New workspaces start with the installation's LIMIT_* settings.
    setInstallationLimits(env);
    if (env.DATABASE_URL && !env.SECRET_KEY) {
      log.warn('SECRET_KEY is not set: if several Parley processes share DATABASE_URL, give them all the same one');
    }
    await database.migrate();
    const bus = await createEventBus(database, log);
    onClose('event bus', () => bus.close());
    const answers = createAnswering({ env, database, bus, log });
    // Closed before the bus and the database (cleanup runs in reverse): answers in flight end first.
    onClose('answers', () => answers.close());
    // Documents are read in worker threads, started on first use; closed after the job queue (cleanup
    // runs in reverse), so an ingestion still running at shutdown ends before its workers do.
    const parser = createDocumentParser({ log });
    onClose('document parser', () => parser.close());
    const jobs = await startJobQueue(database, log, { retryLimitCap: env.UNSAFE_JOB_RETRY_LIMIT });
    onClose('job queue', () => jobs.stop());
    // Presence from the start, so this process hears the others' heartbeats before its first request.
    const presence = presenceFor(bus, log);
    onClose('presence', () => presence.close());
    // Likewise the typing throttle, so it has heard who is typing on the other processes.
    typingThrottleFor(bus);
    const inbox = startInboxWatcher({ db: database.db, bus, jobs, presence, answers, log });
    onClose('inbox watcher', () => inbox.close());
    // Every process listens; the (endpoint, event) unique index makes one of them queue each delivery.
    const webhooks = startWebhookDispatcher({ db: database.db, bus, jobs, log });
    onClose('webhooks', () => webhooks.close());

    // The scrape-time gauges (queues, connections) read this process's database.
    watchDatabase(database);
    onClose('metrics gauges', () => watchDatabase(null));
    const metricsServer = await startMetricsServer(env, log);
    if (metricsServer) onClose('metrics server', metricsServer.close);

    const deps: ServerDeps = { env, database, bus, jobs, answers, log, widgetLimits: options.widgetLimits };
    const http = await createHttpServer(deps, {
      serveWebApp: options.serveWebApp,
      widgetDistDir: options.widgetDistDir,
    });
    await new Promise<void>((resolve, reject) => {
      http.server.once('error', reject);
      http.server.listen(env.PORT, env.HOST, () => resolve());
    });
    onClose('http', () => http.close(env.SHUTDOWN_TIMEOUT_MS), env.SHUTDOWN_TIMEOUT_MS + STEP_LIMIT_MS);

    // What a restart's reconnecting sockets do not need starts once the server answers: the web app
    // (a page request meanwhile waits for it) and the job workers with their schedules (~0.5 s of
    // queue set-up; a job sent meanwhile waits in its queue).
    await http.loadWebApp();
    await registerJobs(jobs, { bus, db: database.db, env, answers, parser });
    // What starting left behind (initdb's instance on a fresh data folder, among others) goes now: idle, it would stay.
    await collectGarbage();
    const { port } = http.server.address() as AddressInfo;
    const url = `http://localhost:${port}`;
    log.info({ url, database: database.kind, mode: env.NODE_ENV }, `Parley is ready at ${url}`);
    return { url, port, deps, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

type TCloseStep = { name: string; run: () => Promise<void> | void; limitMs: number };

/** A step of the shutdown that has not finished by then is left behind, so a stop always ends. */
const STEP_LIMIT_MS = 15_000;

/** Undoes the start in reverse order; a step that fails or hangs is logged by name and passed over. */
async function closeInReverse(steps: TCloseStep[], log: Logger) {
  for (const step of [...steps].reverse()) {
    log.debug({ step: step.name }, 'shutting down');
    // An unref'd timer: it never keeps the process alive once the step is done.
    const overdue = sleep(step.limitMs, 'overdue' as const, { ref: false });
    const outcome = await Promise.race([Promise.resolve().then(step.run), overdue]).catch((err: unknown) => {
      log.error({ err, step: step.name }, 'error while shutting down');
    });
    if (outcome === 'overdue') log.error({ step: step.name }, `shutdown step "${step.name}" did not finish; going on`);
  }
}
