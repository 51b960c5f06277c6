import { and, eq, inArray, isNull } from 'drizzle-orm';
import { memberships, usageNotices, users, workspaces } from '../../../db/schema';
import { appUrl } from '../../env';
import { queueMail, type MailDeps } from '../mail/send';
import { renderMail } from '../mail/templates';
import { formatAmount } from '../../../shared/amounts';
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

/** What the team is told about one limit: the banner's and the e-mail's words. */
export function limitMessage(row: TUsageRow, resetsOn: string) {
  const amount = `${formatAmount(row, row.used)} of ${formatAmount(row, row.limit)}`;
  const period = row.isMonthly ? ' this month' : '';
  const label = row.label.toLowerCase();
  if (row.state === 'near')
    return `This workspace has used ${amount} ${label}${period} (${Math.floor(row.share * 100)} %).`;
  const consequence = {
    messages:
      'Your chatbots now reply with their fallback message and offer a person; your team still gets every message.',
    tokens:
      'Your chatbots now reply with their fallback message and offer a person; your team still gets every message.',
    documents: 'New knowledge cannot be added until some is removed or the limit is raised.',
    storage: 'New knowledge cannot be added until some is removed or the limit is raised.',
    webhooks: 'Event webhooks are not sent until the limit starts again.',
  }[row.metric];
  const reset = row.isMonthly ? ` The count starts again on ${resetsOn}.` : '';
  return `This workspace has reached its limit of ${formatAmount(row, row.limit)} ${label}${period}. ${consequence}${reset}`;
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
      sent += await mailOwners(deps, workspace, row, limitMessage(row, resetsOn));
    }
  }
  return sent;
}

async function mailOwners(deps: MailDeps, workspace: { id: string; name: string }, row: TUsageRow, message: string) {
  const owners = await deps.db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspace.id), inArray(memberships.role, ['owner'])));
  const subject =
    row.state === 'reached'
      ? `${workspace.name} reached its ${row.label.toLowerCase()} limit`
      : `${workspace.name} used ${Math.floor(row.share * 100)} % of its ${row.label.toLowerCase()} limit`;
  for (const owner of owners)
    await queueMail(
      deps,
      renderMail({
        to: owner.email,
        subject,
        heading: subject,
        paragraphs: [
          message,
          'The people who run this Parley installation can raise the limit; the Usage page shows the month so far.',
        ],
        action: { label: 'Open the Usage page', url: `${appUrl(deps.env)}/app/usage` },
        footer: `You get this e-mail as an owner of ${workspace.name}, once per limit and month at 80 % and at 100 %.`,
      }),
    );
  return owners.length;
}
