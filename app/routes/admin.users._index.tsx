import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Badge, Cell, PageTitle, SearchForm, Table, useAdminFormat } from '~/components/admin/ui';
import { Pager } from '~/components/admin/pager';
import { orHttpError } from '~/lib/loader-errors.server';

const PAGE = 25;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const search = url.searchParams.get('q') ?? '';
  const offset = Math.max(0, Number(url.searchParams.get('offset')) || 0);
  const result = await orHttpError(request, context.trpc.admin.users.search({ search, limit: PAGE, offset }));
  return { ...result, search, offset };
}

export default function AdminUsers() {
  const { users, total, search, offset } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useAdminFormat();
  return (
    <>
      <PageTitle actions={<SearchForm label={t('admin:users.search')} defaultValue={search} />}>
        {t('admin:users.title')}
      </PageTitle>
      <Table
        label={t('admin:users.title')}
        head={[
          t('admin:users.columns.user'),
          t('admin:users.columns.workspaces'),
          t('admin:users.columns.lastSeen'),
          t('admin:users.columns.joined'),
          t('admin:users.columns.status'),
        ]}
      >
        {users.map((user) => (
          <tr key={user.id}>
            <Cell>
              <Link
                to={`/admin/users/${user.id}`}
                className="font-medium text-brand-700 hover:underline dark:text-brand-300"
              >
                {user.email}
              </Link>
              <div className="text-slate-600 dark:text-slate-400">{user.name}</div>
            </Cell>
            <Cell className="tabular-nums">{format.number(user.workspaceCount)}</Cell>
            <Cell>{format.dateTime(user.lastSeenAt)}</Cell>
            <Cell>{format.dateTime(user.createdAt)}</Cell>
            <Cell>
              <span className="flex flex-wrap gap-1">
                {user.suspendedAt ? (
                  <Badge tone="red">{t('admin:status.suspended')}</Badge>
                ) : (
                  <Badge tone="green">{t('admin:status.active')}</Badge>
                )}
                {user.isAdmin && <Badge tone="brand">{t('admin:status.admin')}</Badge>}
              </span>
            </Cell>
          </tr>
        ))}
      </Table>
      {users.length === 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('admin:users.noMatch', { search })}</p>
      )}
      <Pager total={total} offset={offset} pageSize={PAGE} search={search} />
    </>
  );
}
