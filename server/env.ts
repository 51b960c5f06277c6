import fs from 'node:fs';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { normaliseAllowedHost } from './http/hosts';
import { assertTrustProxyList, type TTrustProxySetting } from './http/proxy';

const TRUST_PROXY_FORMAT =
  'must be loopback, linklocal, uniquelocal, addresses or CIDR ranges separated by commas, or a number of proxies';
const TRUST_EVERYONE =
  'true would let any client forge its address; give the number of proxies in front of Parley (e.g. 1) or their addresses';
const ALLOWED_HOSTS_FORMAT =
  'must be host names separated by commas, without scheme or port (e.g. chat.example.com,*.example.org)';

/** `127.0.0.1:4321` or `[::1]:4321`: one valid IP address and one port, nothing wider. */
const isAddressAndPort = (entry: string) => {
  const cut = entry.lastIndexOf(':');
  const address = entry.slice(0, cut).replace(/^\[|\]$/g, '');
  const port = Number(entry.slice(cut + 1));
  const isAddress = address.includes(':') ? ipaddr.IPv6.isValid(address) : ipaddr.IPv4.isValidFourPartDecimal(address);
  return isAddress && port >= 1 && port <= 65_535;
};

/**
 * Every setting Parley reads, parsed once at start-up. A bad value stops the
 * process with one list of everything that is wrong, so nobody fixes one
 * setting per restart. `.env.example` documents each of them.
 */
const wsCap = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(1_000_000, 'must be at most 1000000');

/** A plan limit: 0 turns the thing off for new workspaces. */
const planLimit = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(1_000_000_000_000, 'must be at most 1000000000000');

const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535')
      .default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1, 'must name a folder').default('./.data'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
    /** Where people reach this install; links in e-mails point here. Defaults to http://localhost:PORT. */
    APP_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    /**
     * Which peers are reverse proxies whose X-Forwarded-* headers are believed: `loopback`, `linklocal`,
     * `uniquelocal`, addresses and CIDRs (comma-separated), or a number of hops. Unset: nobody.
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((value, ctx): TTrustProxySetting => {
        const trimmed = value.trim().toLowerCase();
        if (trimmed === 'false' || trimmed === 'none') return false;
        if (/^\d+$/.test(trimmed)) return Number(trimmed);
        if (trimmed === 'true') {
          ctx.addIssue({ code: 'custom', message: TRUST_EVERYONE });
          return z.NEVER;
        }
        const entries = trimmed.split(',').map((entry) => entry.trim());
        try {
          assertTrustProxyList(entries);
          return entries;
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `${TRUST_PROXY_FORMAT} (${(error as Error).message})` });
          return z.NEVER;
        }
      }),
    /** Other host names Parley answers to (besides APP_URL's, localhost, 127.0.0.1 and [::1]); `*.example.com` allowed. */
    ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((value, ctx) => {
        const entries = value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean);
        const hosts = entries.map(normaliseAllowedHost);
        const bad = entries.filter((_entry, index) => hosts[index] === null);
        if (bad.length === 0) return hosts as string[];
        ctx.addIssue({ code: 'custom', message: `${ALLOWED_HOSTS_FORMAT}; not a host name: ${bad.join(', ')}` });
        return z.NEVER;
      }),
    /** Real mail delivery, e.g. smtp://user:pass@smtp.example.com:587; without it mail goes to the local outbox (/mailbox). */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    MAIL_FROM: z.string().min(3).default('Parley <parley@localhost>'),
    /**
     * Seals stored mail bodies and signs sign-up/device cookies; never stored in the database. Without it a key
     * file is made beside DATA_DIR. Set it (the same on every process) when several processes share DATABASE_URL.
     */
    SECRET_KEY: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
    /** Comma-separated e-mail addresses of platform admins. */
    ADMIN_EMAILS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((email) => email.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.email('must be a comma-separated list of e-mail addresses'))),
    /** "Continue with GitHub": an OAuth app's client ID and secret; the callback is APP_URL/auth/github/callback. */
    GITHUB_CLIENT_ID: z.string().trim().min(1).optional(),
    GITHUB_CLIENT_SECRET: z.string().trim().min(1).optional(),
    /** "Continue with Google": an OAuth client's ID and secret; the callback is APP_URL/auth/google/callback. */
    GOOGLE_CLIENT_ID: z.string().trim().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().trim().min(1).optional(),
    /** Gemini API key for embeddings and answers; without it Parley runs offline (lexical embedder, extractive answers). */
    GEMINI_API_KEY: z.string().trim().min(1).optional(),
    /** The Gemini embedding model (asked for 768 dimensions); each chunk records which model embedded it. */
    GEMINI_EMBEDDING_MODEL: z.string().trim().min(1).default('gemini-embedding-001'),
    /** The Gemini model that writes answers; without GEMINI_API_KEY the offline extractive answerer does. */
    GEMINI_MODEL: z.string().trim().min(1).default('gemini-2.5-flash'),
    /**
     * WebSocket caps, so one address or one stolen cookie cannot hold the server's memory: open sockets per
     * client address (every widget visitor and dashboard tab behind one NAT counts), per log-in session,
     * and live subscriptions per socket.
     */
    WS_MAX_PER_ADDRESS: wsCap.default(200),
    WS_MAX_PER_SESSION: wsCap.default(20),
    WS_MAX_SUBSCRIPTIONS: wsCap.default(20),
    /** Calls a minute one workspace API key may make (each key counts on its own); past it, 429 with Retry-After. */
    API_KEY_RATE_LIMIT: wsCap.default(600),
    /** Prometheus: `/metrics` on the main port answers only `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
    /** Prometheus: or serve `/metrics` without a token on this port, bound to 127.0.0.1 only. */
    METRICS_PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int()
      .min(1, 'must be a port number')
      .max(65_535, 'must be a port number')
      .optional(),
    /**
     * Development only: lets URL and sitemap imports, and chatbot webhooks, reach localhost and private networks.
     * Off by default, so neither a knowledge import nor a webhook address can reach internal services (SSRF).
     */
    KNOWLEDGE_ALLOW_PRIVATE_URLS: z
      .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    /**
     * The shortest interval between two syncs of a web source, in seconds: the "shortest" choice of a source's
     * interval, and the floor of the others. Low values (down to 10) suit tests and benchmarks.
     */
    KNOWLEDGE_SYNC_SHORTEST_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(10, 'must be at least 10')
      .max(604_800, 'must be at most 604800 (a week)')
      .default(3600),
    /**
     * Plan limits a new workspace starts with (platform admins change them per workspace): visitor messages,
     * AI tokens (in + out) and webhook deliveries a calendar month (UTC), knowledge documents, and stored
     * knowledge in megabytes.
     */
    LIMIT_MONTHLY_MESSAGES: planLimit.default(50_000),
    LIMIT_MONTHLY_TOKENS: planLimit.default(20_000_000),
    LIMIT_MONTHLY_WEBHOOKS: planLimit.default(100_000),
    LIMIT_DOCUMENTS: planLimit.default(500),
    LIMIT_STORAGE_MB: planLimit.max(1_000_000, 'must be at most 1000000 (a terabyte)').default(1024),
    /** Milliseconds between two requests to one host by syncs and crawls (politeness). */
    KNOWLEDGE_HOST_DELAY_MS: z.coerce.number({ error: 'must be a number' }).int().min(0).max(60_000).default(1000),
    /**
     * UNSAFE, tests and benchmarks only: exact `address:port` pairs (`127.0.0.1:4321`, `[::1]:4321`), comma
     * separated, that knowledge imports, syncs and crawls may fetch although they are private, so a test can
     * crawl its own loopback site with the SSRF guard on for every other address. No host names, no ranges, no
     * wildcards. Never set it in production: whatever listens there becomes reachable from a knowledge import.
     */
    UNSAFE_KNOWLEDGE_FETCH_EXEMPT: z
      .string()
      .transform((value) => value.split(',').map((entry) => entry.trim()))
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d{1,5}$/,
              'list exact address:port pairs, like 127.0.0.1:4321 (no host names, ranges or wildcards)',
            )
            .refine(isAddressAndPort, 'list exact address:port pairs with a valid address and a port 1–65535'),
        ),
      )
      .default([]),
    /**
     * UNSAFE, tests only: caps every queue's retry limit, so a job that throws is marked failed after this many
     * retries (0: at once) instead of minutes of backoff; the admin panel's "Retry" is tested that way. In
     * production it throws away the retries that ride out a mail relay's or a webhook receiver's outage.
     */
    UNSAFE_JOB_RETRY_LIMIT: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(20, 'must be at most 20')
      .optional(),
  })
  .superRefine(
    (env, ctx) => {
      // Half a pair would silently leave the provider off; say so at start-up instead.
      const pairs = [
        ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'],
        ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
      ] as const;
      for (const [id, secret] of pairs) {
        if (env[id] && !env[secret])
          ctx.addIssue({ code: 'custom', path: [secret], message: `must be set when ${id} is (set both or neither)` });
        if (env[secret] && !env[id])
          ctx.addIssue({ code: 'custom', path: [id], message: `must be set when ${secret} is (set both or neither)` });
      }
    },
    // Also when other settings are bad, so the one list at start-up names this too.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

export type TEnv = z.infer<typeof ZEnv>;

/** The base URL for links in e-mails, without a trailing slash. */
export const appUrl = (env: TEnv) => (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');

export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Parley cannot start. Fix these settings (environment or .env):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'InvalidEnvError';
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): TEnv {
  // An empty value means "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = ZEnv.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    const given = key in cleaned ? ` (got ${JSON.stringify(cleaned[key])})` : '';
    return `${key}: ${issue.message}${given}`;
  });
  throw new InvalidEnvError(problems);
}

/**
 * For entry points (the server, db scripts): reads `.env` beside package.json
 * if present (real environment variables win), parses, and on a bad value
 * prints the list of problems and exits.
 */
export function loadEnvOrExit(): TEnv {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  try {
    return parseEnv();
  } catch (error) {
    if (!(error instanceof InvalidEnvError)) throw error;
    process.stderr.write(`\n${error.message}\n\n`);
    process.exit(1);
  }
}
