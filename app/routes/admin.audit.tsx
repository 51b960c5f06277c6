import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Cell, PageTitle, SearchForm, smallButton, Table, useAdminFormat } from '~/components/admin/ui';
import { orHttpError } from '~/lib/loader-errors.server';

const PAGE = 50;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const search = url.searchParams.get('q') ?? '';
  const beforeParam = url.searchParams.get('before');
  const before = beforeParam ? new Date(beforeParam) : undefined;
  const entries = await orHttpError(
    request,
    context.trpc.admin.audit.list({
      search,
      before: before && !Number.isNaN(before.getTime()) ? before : undefined,
      limit: PAGE,
    }),
  );
  return { entries, search };
}

/** What each action code (stored, searched and exported as is) reads as on this page. */
const ACTIONS: Record<string, string> = {
  'account.deleted': 'admin:audit.actions.accountDeleted',
  'admin.admin_granted': 'admin:audit.actions.adminGranted',
  'admin.admin_revoked': 'admin:audit.actions.adminRevoked',
  'admin.audit_exported': 'admin:audit.actions.auditExported',
  'admin.job_dropped': 'admin:audit.actions.jobDropped',
  'admin.job_retried': 'admin:audit.actions.jobRetried',
  'admin.notice_ended': 'admin:audit.actions.noticeEnded',
  'admin.notice_published': 'admin:audit.actions.noticePublished',
  'admin.password_reset_sent': 'admin:audit.actions.passwordResetSent',
  'admin.user_restored': 'admin:audit.actions.userRestored',
  'admin.user_suspended': 'admin:audit.actions.userSuspended',
  'admin.workspace_limits_changed': 'admin:audit.actions.workspaceLimitsChanged',
  'admin.workspace_restored': 'admin:audit.actions.workspaceRestored',
  'admin.workspace_suspended': 'admin:audit.actions.workspaceSuspended',
  'api_key.created': 'admin:audit.actions.apiKeyCreated',
  'api_key.revoked': 'admin:audit.actions.apiKeyRevoked',
  'api_key.used_from_new_address': 'admin:audit.actions.apiKeyUsedFromNewAddress',
  'chatbot.deleted': 'admin:audit.actions.chatbotDeleted',
  'chatbot.exported': 'admin:audit.actions.chatbotExported',
  'conversation.erased': 'admin:audit.actions.conversationErased',
  'invitation.accepted': 'admin:audit.actions.invitationAccepted',
  'knowledge.source_deleted': 'admin:audit.actions.sourceDeleted',
  'knowledge.source_edited': 'admin:audit.actions.sourceEdited',
  'knowledge.source_renamed': 'admin:audit.actions.sourceRenamed',
  'knowledge.source_replaced': 'admin:audit.actions.sourceReplaced',
  'member.invitation_revoked': 'admin:audit.actions.invitationRevoked',
  'member.invited': 'admin:audit.actions.memberInvited',
  'member.removed': 'admin:audit.actions.memberRemoved',
  'member.role_changed': 'admin:audit.actions.memberRoleChanged',
  'retention.purged': 'admin:audit.actions.retentionPurged',
  'visitor.erased': 'admin:audit.actions.visitorErased',
  'visitor.exported': 'admin:audit.actions.visitorExported',
  'webhook.endpoint_changed': 'admin:audit.actions.webhookChanged',
  'webhook.endpoint_created': 'admin:audit.actions.webhookCreated',
  'webhook.endpoint_deleted': 'admin:audit.actions.webhookDeleted',
  'webhook.endpoint_disabled': 'admin:audit.actions.webhookDisabled',
  'webhook.secret_rotated': 'admin:audit.actions.webhookSecretRotated',
  'workspace.deleted': 'admin:audit.actions.workspaceDeleted',
  'workspace.exported': 'admin:audit.actions.workspaceExported',
  'workspace.imported': 'admin:audit.actions.workspaceImported',
  'workspace.ownership_transferred': 'admin:audit.actions.ownershipTransferred',
  'workspace.retention_changed': 'admin:audit.actions.retentionChanged',
};

/** Who acted, as stored (English, so it can be searched and exported); the few labels Parley writes itself are translated. */
const STORED_ACTORS: Record<string, string> = {
  system: 'admin:audit.actors.system',
  'a visitor': 'admin:audit.actors.visitor',
  'a deleted account': 'admin:audit.actors.deletedAccount',
};
/** How audit.ts stores an API key's label. */
const API_KEY_PREFIX = 'API key ';

const actorOf = (
  t: TFunction,
  entry: { actorLabel: string; actorKeyId: string | null; actorUserId: string | null },
) => {
  if (entry.actorKeyId && entry.actorLabel.startsWith(API_KEY_PREFIX)) {
    return t('admin:audit.actors.apiKey', { name: entry.actorLabel.slice(API_KEY_PREFIX.length) });
  }
  const stored = entry.actorUserId ? undefined : STORED_ACTORS[entry.actorLabel];
  return stored ? t(stored) : entry.actorLabel;
};

export default function AdminAudit() {
  const { entries, search } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useAdminFormat();
  const last = entries.at(-1);
  return (
    <>
      <PageTitle
        actions={
          <div className="flex flex-wrap gap-2">
            <SearchForm label={t('admin:audit.search')} defaultValue={search} />
            <a
              href={`/resources/admin/audit.csv?${new URLSearchParams({ q: search })}`}
              className={smallButton}
              download
            >
              {t('admin:audit.export')}
            </a>
          </div>
        }
      >
        {t('admin:audit.title')}
      </PageTitle>
      <Table
        label={t('admin:audit.title')}
        head={[
          t('admin:audit.columns.time'),
          t('admin:audit.columns.who'),
          t('admin:audit.columns.action'),
          t('admin:audit.columns.target'),
          t('admin:audit.columns.address'),
          t('admin:audit.columns.details'),
        ]}
      >
        {entries.map((entry) => {
          const action = ACTIONS[entry.action];
          return (
            <tr key={entry.id}>
              <Cell className="whitespace-nowrap">{format.dateTime(entry.at)}</Cell>
              <Cell>{actorOf(t, entry)}</Cell>
              <Cell>
                {action && <div>{t(action)}</div>}
                <div className="font-mono text-xs text-slate-600 dark:text-slate-400">{entry.action}</div>
              </Cell>
              <Cell>{entry.targetLabel ?? entry.targetId ?? '—'}</Cell>
              <Cell>{entry.ip ?? '—'}</Cell>
              <Cell className="font-mono text-xs break-all">
                {Object.keys(entry.details).length ? JSON.stringify(entry.details) : ''}
              </Cell>
            </tr>
          );
        })}
      </Table>
      {entries.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('admin:audit.empty')}</p>}
      {entries.length === PAGE && last && (
        <Link
          to={`?${new URLSearchParams({ q: search, before: new Date(last.at).toISOString() })}`}
          className={smallButton}
        >
          {t('admin:audit.older')}
        </Link>
      )}
    </>
  );
}
