import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { Pager } from '~/components/admin/pager';
import { Badge, Cell, formatDateTime, PageTitle, SearchForm, Table } from '~/components/admin/ui';
import { orHttpError } from '~/lib/loader-errors.server';

const PAGE = 25;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const search = url.searchParams.get('q') ?? '';
  const offset = Math.max(0, Number(url.searchParams.get('offset')) || 0);
  const result = await orHttpError(request, context.trpc.admin.workspaces.search({ search, limit: PAGE, offset }));
  return { ...result, search, offset };
}

const number = new Intl.NumberFormat('en');

export default function AdminWorkspaces() {
  const { workspaces, total, search, offset } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle actions={<SearchForm label="Search by name" defaultValue={search} />}>Workspaces</PageTitle>
      <Table
        label="Workspaces"
        head={['Workspace', 'Owner', 'Members', 'Chatbots', 'Messages this month', 'Created', 'Status']}
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
            <Cell className="tabular-nums">{workspace.memberCount}</Cell>
            <Cell className="tabular-nums">{workspace.chatbotCount}</Cell>
            <Cell className="tabular-nums">
              {number.format(workspace.messagesThisMonth)} / {number.format(workspace.monthlyMessageLimit)}
            </Cell>
            <Cell>{formatDateTime(workspace.createdAt)}</Cell>
            <Cell>
              {workspace.suspendedAt ? <Badge tone="red">Suspended</Badge> : <Badge tone="green">Active</Badge>}
            </Cell>
          </tr>
        ))}
      </Table>
      {workspaces.length === 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">No workspace matches “{search}”.</p>
      )}
      <Pager total={total} offset={offset} pageSize={PAGE} search={search} />
    </>
  );
}
