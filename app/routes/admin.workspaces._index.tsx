import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Pager } from '~/components/admin/pager';
import { Badge, Cell, PageTitle, SearchForm, Table, useAdminFormat } from '~/components/admin/ui';
import { orHttpError } from '~/lib/loader-errors.server';

const PAGE = 25;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const search = url.searchParams.get('q') ?? '';
  const offset = Math.max(0, Number(url.searchParams.get('offset')) || 0);
  const result = await orHttpError(request, context.trpc.admin.workspaces.search({ search, limit: PAGE, offset }));
  return { ...result, search, offset };
}

export default function AdminWorkspaces() {
  const { workspaces, total, search, offset } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useAdminFormat();
  return (
    <>
      <PageTitle actions={<SearchForm label={t('admin:workspaces.search')} defaultValue={search} />}>
        {t('admin:workspaces.title')}
      </PageTitle>
      <Table
        label={t('admin:workspaces.title')}
        head={[
          t('admin:workspaces.columns.workspace'),
          t('admin:workspaces.columns.owner'),
          t('admin:workspaces.columns.members'),
          t('admin:workspaces.columns.chatbots'),
          t('admin:workspaces.columns.messagesThisMonth'),
          t('admin:workspaces.columns.created'),
          t('admin:workspaces.columns.status'),
        ]}
      >
        {workspaces.map((workspace) => (
          <tr key={workspace.id}>
            <Cell>
              <Link
                to={`/admin/workspaces/${workspace.id}`}
                className="font-medium text-brand-700 hover:underline dark:text-brand-300"
              >
                {workspace.name}
              </Link>
            </Cell>
            <Cell>{workspace.ownerEmail ?? '—'}</Cell>
            <Cell className="tabular-nums">{format.number(workspace.memberCount)}</Cell>
            <Cell className="tabular-nums">{format.number(workspace.chatbotCount)}</Cell>
            <Cell className="tabular-nums">
              {format.number(workspace.messagesThisMonth)} / {format.number(workspace.monthlyMessageLimit)}
            </Cell>
            <Cell>{format.dateTime(workspace.createdAt)}</Cell>
            <Cell>
              {workspace.suspendedAt ? (
                <Badge tone="red">{t('admin:status.suspended')}</Badge>
              ) : (
                <Badge tone="green">{t('admin:status.active')}</Badge>
              )}
            </Cell>
          </tr>
        ))}
      </Table>
      {workspaces.length === 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('admin:workspaces.noMatch', { search })}</p>
      )}
      <Pager total={total} offset={offset} pageSize={PAGE} search={search} />
    </>
  );
}
