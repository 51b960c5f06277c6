import { translateMessage } from '../../../shared/i18n/server';
import { AMOUNT_KEYS, amountOf } from '../../../shared/amounts';
import type { TAppLanguage } from '../../../shared/languages';
import type { TEnv } from '../../env';

/**
 * The plan limits of a workspace: what each counts, the `workspaces` column
 * holding it, and whether it starts again every calendar month (UTC).
 * Platform admins change them per workspace; new workspaces start from the
 * installation's `LIMIT_*` settings.
 */
export const LIMITS = {
  messages: {
    column: 'monthlyMessageLimit',
    label: 'dashboard:usage.metrics.messages',
    unit: 'count',
    isMonthly: true,
  },
  tokens: { column: 'monthlyTokenLimit', label: 'dashboard:usage.metrics.tokens', unit: 'count', isMonthly: true },
  documents: { column: 'documentLimit', label: 'dashboard:usage.metrics.documents', unit: 'count', isMonthly: false },
  storage: { column: 'storageByteLimit', label: 'dashboard:usage.metrics.storage', unit: 'bytes', isMonthly: false },
  webhooks: {
    column: 'monthlyWebhookLimit',
    label: 'dashboard:usage.metrics.webhooks',
    unit: 'count',
    isMonthly: true,
  },
} as const;

export type TMetric = keyof typeof LIMITS;

/** Each figure as a sentence names it ("12 of 15 visitor messages"). */
export const METRIC_NOUNS = {
  messages: 'dashboard:usage.metricNouns.messages',
  tokens: 'dashboard:usage.metricNouns.tokens',
  documents: 'dashboard:usage.metricNouns.documents',
  storage: 'dashboard:usage.metricNouns.storage',
  webhooks: 'dashboard:usage.metricNouns.webhooks',
} as const satisfies Record<TMetric, string>;

/** A usage figure in words, in the given language ("1.5 GB", "1,5 Go", "12,000"). */
export function amountText(language: TAppLanguage, unit: 'count' | 'bytes', value: number) {
  const { amount, size } = amountOf(unit, value);
  return translateMessage(language, { key: AMOUNT_KEYS[size], values: { amount } });
}

export type TLimitColumn = (typeof LIMITS)[TMetric]['column'];
export const METRICS = Object.keys(LIMITS) as TMetric[];

/** From this share of a limit on, the team is warned (banner, one e-mail to the owners). */
export const WARNING_SHARE = 0.8;

export type TLimitState = 'ok' | 'near' | 'reached';

/**
 * Where a figure stands against its limit. `reached` starts at the limit
 * itself: the next visitor message, token or document would be past it.
 */
export function limitState(used: number, limit: number): TLimitState {
  if (used >= limit) return 'reached';
  return used >= limit * WARNING_SHARE ? 'near' : 'ok';
}

type TLimitValues = Record<TLimitColumn, number>;

/** The schema's defaults, which equal the settings' defaults. */
let installationDefaults: TLimitValues | null = null;

/** Called once at start-up: new workspaces take the installation's `LIMIT_*` settings. */
export function setInstallationLimits(env: TEnv) {
  installationDefaults = limitsFromEnv(env);
}

export const limitsFromEnv = (env: TEnv): TLimitValues => ({
  monthlyMessageLimit: env.LIMIT_MONTHLY_MESSAGES,
  monthlyTokenLimit: env.LIMIT_MONTHLY_TOKENS,
  monthlyWebhookLimit: env.LIMIT_MONTHLY_WEBHOOKS,
  documentLimit: env.LIMIT_DOCUMENTS,
  storageByteLimit: env.LIMIT_STORAGE_MB * 1024 * 1024,
});

/** The limit columns for a new workspace's insert (empty before start-up: the schema's defaults apply). */
export const newWorkspaceLimits = (): Partial<TLimitValues> => installationDefaults ?? {};
