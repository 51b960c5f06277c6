import type { Db } from '../../../db/client';
import type { TEnv } from '../../env';
import type { EventBus } from '../../events/bus';
import type { JobQueue } from '../../jobs/queue';
import type { Logger } from '../../logger';
import { runCrawl } from './crawl';
import type { Embedder } from './embedder';
import { createHostPace } from './host-pace';
import type { IngestDeps } from './ingest';
import type { DocumentParser } from './parse-pool';

/**
 * What the ingestion, sync and crawl jobs of this process share: one
 * embedder, one per-host pace (so a crawl and a sitemap's syncs of one
 * site take turns), the SSRF guard's settings and the sync interval floor.
 */
export function ingestDepsFor(deps: {
  db: Db;
  bus: EventBus;
  env: TEnv;
  jobs: JobQueue;
  embedder: Embedder;
  parser?: DocumentParser;
  /** Tests and the benchmark let their loopback site through the guard this way (never the environment). */
  exemptAddresses?: readonly string[];
}) {
  const pace = createHostPace(deps.env.KNOWLEDGE_HOST_DELAY_MS);
  return (log: Logger): IngestDeps => {
    const ingest: IngestDeps = {
      db: deps.db,
      bus: deps.bus,
      embedder: deps.embedder,
      jobs: deps.jobs,
      parser: deps.parser,
      fetch: {
        allowPrivate: deps.env.KNOWLEDGE_ALLOW_PRIVATE_URLS,
        exemptAddresses: [...deps.env.UNSAFE_KNOWLEDGE_FETCH_EXEMPT, ...(deps.exemptAddresses ?? [])],
      },
      pace,
      sync: { shortestSeconds: deps.env.KNOWLEDGE_SYNC_SHORTEST_SECONDS },
      log,
      crawl: (source, options) => runCrawl(ingest, source, options),
    };
    return ingest;
  };
}
