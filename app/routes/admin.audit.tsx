import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { Cell, formatDateTime, PageTitle, SearchForm, smallButton, Table } from '~/components/admin/ui';
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

export default function AdminAudit() {
  const { entries, search } = useLoaderData<typeof loader>();
  const last = entries.at(-1);
  return (
    <>
      <PageTitle
        actions={
          <div className="flex flex-wrap gap-2">
            <SearchForm label="Search actions, people, targets" defaultValue={search} />
            <a
              href={`/resources/admin/audit.csv?${new URLSearchParams({ q: search })}`}
              className={smallButton}
              download
            >
              Export CSV
            </a>
          </div>
        }
      >
        Audit log
      </PageTitle>
      <Table label="Audit log" head={['Time', 'Who', 'Action', 'Target', 'Address', 'Details']}>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <Cell className="whitespace-nowrap">{formatDateTime(entry.at)}</Cell>
            <Cell>{entry.actorLabel}</Cell>
            <Cell className="font-mono text-xs">{entry.action}</Cell>
            <Cell>{entry.targetLabel ?? entry.targetId ?? '—'}</Cell>
            <Cell>{entry.ip ?? '—'}</Cell>
            <Cell className="font-mono text-xs break-all">
              {Object.keys(entry.details).length ? JSON.stringify(entry.details) : ''}
            </Cell>
          </tr>
        ))}
      </Table>
      {entries.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No entries.</p>}
      {entries.length === PAGE && last && (
        <Link
          to={`?${new URLSearchParams({ q: search, before: new Date(last.at).toISOString() })}`}
          className={smallButton}
        >
          Older entries
        </Link>
      )}
    </>
  );
}
