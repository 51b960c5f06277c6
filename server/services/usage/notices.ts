import { and, eq, inArray, isNull } from 'drizzle-orm';
import { memberships, usageNotices, users, workspaces } from '../../../db/schema';
import { appUrl } from '../../env';
import { queueMail, type MailDeps } from '../mail/send';
import type { TMailDraft } from '../mail/templates';
import { translateMessage } from '../../../shared/i18n/server';
import type { TAppLanguage } from '../../../shared/languages';
import { amountText, METRIC_NOUNS } from './limits';
import { measureUsage, readLimits, rowsOf, type TUsageRow } from './measure';
import { daysOfMonth, nextMonth } from './report';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Checks every workspace's usage and e-mails the owners once per threshold (80, 100 %) and month. */
    'usage.notices': Record<string, never>;
  }
}

/** The words of a limit reached, by metric: what stops, and whether a count starts again. */
const REACHED = {
  messages: 'dashboard:usage.notice.reachedAnswers',
  tokens: 'dashboard:usage.notice.reachedAnswers',
  documents: 'dashboard:usage.notice.reachedKnowledge',
  storage: 'dashboard:usage.notice.reachedKnowledge',
  webhooks: 'dashboard:usage.notice.reachedWebhooks',
} as const satisfies Record<TUsageRow['metric'], string>;

/**
 * What the team is told about one limit, in the given language: the banner's
 * words (in the request's language) and the e-mail's.
 */
export function limitMessage(row: TUsageRow, resetsOn: string, language: TAppLanguage = 'en') {
  const values = {
    used: amountText(language, row.unit, row.used),
    limit: amountText(language, row.unit, row.limit),
    metric: translateMessage(language, METRIC_NOUNS[row.metric]),
    percent: Math.floor(row.share * 100),
    date: resetsOn,
  };
  if (row.state === 'near')
    return translateMessage(language, {
      key: row.isMonthly ? 'dashboard:usage.notice.nearMonthly' : 'dashboard:usage.notice.near',
      values,
    });
  return translateMessage(language, { key: REACHED[row.metric], values });
}

/**
 * The `usage.notices` job: for every workspace at 80 % or 100 % of a limit,
 * one e-mail to its owners per threshold and month. The `usage_notices`
 * row's primary key makes it once, however many processes run the job;
 * reaching 100 % at one go records 80 % too, so no late warning follows.
 */
export async function sendUsageNotices(deps: MailDeps, now = new Date()) {
  const month = daysOfMonth(now)[0]!;
  const active = await deps.db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(isNull(workspaces.suspendedAt));
  const ids = active.map((w) => w.id);
  const [used, limits] = await Promise.all([measureUsage(deps.db, ids), readLimits(deps.db, ids)]);
  const resetsOn = nextMonth(now);
  let sent = 0;
  for (const workspace of active) {
    const rows = rowsOf(used.get(workspace.id)!, limits.get(workspace.id)!).filter((row) => row.state !== 'ok');
    for (const row of rows) {
      const thresholds = row.state === 'reached' ? [80, 100] : [80];
      const claimed = await deps.db
        .insert(usageNotices)
        .values(thresholds.map((threshold) => ({ workspaceId: workspace.id, month, metric: row.metric, threshold })))
        .onConflictDoNothing()
        .returning({ threshold: usageNotices.threshold });
      // Only the highest threshold newly crossed is written about.
      if (!claimed.some((c) => c.threshold === thresholds.at(-1))) continue;
      sent += await mailOwners(deps, workspace, row, resetsOn);
    }
  }
  return sent;
}

async function mailOwners(deps: MailDeps, workspace: { id: string; name: string }, row: TUsageRow, resetsOn: string) {
  const owners = await deps.db
    .select({ email: users.email, preferences: users.preferences })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspace.id), inArray(memberships.role, ['owner'])));
  for (const owner of owners) await queueMail(deps, limitMail(deps, workspace, row, resetsOn, owner));
  return owners.length;
}

/** The e-mail about one limit to one owner, in their language. */
function limitMail(
  deps: MailDeps,
  workspace: { name: string },
  row: TUsageRow,
  resetsOn: string,
  owner: { email: string; preferences: { language: TAppLanguage } },
): TMailDraft {
  const language = owner.preferences.language;
  const values = {
    workspace: workspace.name,
    metric: translateMessage(language, METRIC_NOUNS[row.metric]),
    percent: Math.floor(row.share * 100),
  };
  const subject = { key: row.state === 'reached' ? 'mail:limit.reached' : 'mail:limit.near', values };
  return {
    to: owner.email,
    language,
    subject,
    heading: subject,
    paragraphs: [{ raw: limitMessage(row, resetsOn, language) }, 'mail:limit.raise'],
    action: { label: 'mail:limit.action', url: `${appUrl(deps.env)}/app/usage` },
    footer: { key: 'mail:limit.footer', values },
  };
}
