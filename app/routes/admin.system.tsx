import type { LoaderFunctionArgs } from '@remix-run/node';
import type { ReactNode } from 'react';
import { useLoaderData } from '@remix-run/react';
import { ActivityChart } from '~/components/admin/activity-chart';
import { Card, Cell, Figure, formatBytes, PageTitle, Table } from '~/components/admin/ui';
import { orHttpError } from '~/lib/loader-errors.server';

export async function loader({ context, request }: LoaderFunctionArgs) {
  return orHttpError(request, context.trpc.admin.system());
}

const number = new Intl.NumberFormat('en');

const uptime = (seconds: number) => {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days} d ${hours} h` : `${hours} h ${minutes} min`;
};

export default function AdminSystem() {
  const system = useLoaderData<typeof loader>();
  const { totals, configuration } = system;
  return (
    <>
      <PageTitle>System</PageTitle>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Figure label="Users" value={number.format(totals.users)} />
        <Figure label="Workspaces" value={number.format(totals.workspaces)} />
        <Figure label="Chatbots" value={number.format(totals.chatbots)} />
        <Figure label="Conversations" value={number.format(totals.conversations)} />
        <Figure label="Messages" value={number.format(totals.messages)} />
        <Figure label="Open WebSockets" value={number.format(system.live.webSockets)} />
      </dl>

      <Card title="Last 30 days">
        <ActivityChart days={system.perDay} />
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-700 dark:text-slate-300">Figures per day</summary>
          <Table label="New per day" head={['Day', 'Users', 'Workspaces', 'Chatbots', 'Conversations', 'Messages']}>
            {system.perDay.map((day) => (
              <tr key={day.day}>
                <Cell>{day.day}</Cell>
                <Cell>{day.users}</Cell>
                <Cell>{day.workspaces}</Cell>
                <Cell>{day.chatbots}</Cell>
                <Cell>{day.conversations}</Cell>
                <Cell>{day.messages}</Cell>
              </tr>
            ))}
          </Table>
        </details>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Job queues">
          <Table label="Job queues" head={['Queue', 'Queued', 'Running', 'Failed']}>
            {system.queues.map((queue) => (
              <tr key={queue.queue}>
                <Cell>{queue.queue}</Cell>
                <Cell className="tabular-nums">{queue.queued}</Cell>
                <Cell className="tabular-nums">{queue.active}</Cell>
                <Cell
                  className={`tabular-nums ${queue.failed > 0 ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}
                >
                  {queue.failed}
                </Cell>
              </tr>
            ))}
          </Table>
        </Card>
        <Card title={`Database: ${formatBytes(system.database.bytes)}`}>
          <Table label="Largest tables" head={['Table', 'Size', 'Rows (estimate)']}>
            {system.database.largestTables.map((table) => (
              <tr key={table.name}>
                <Cell className="break-all">{table.name}</Cell>
                <Cell className="tabular-nums">{formatBytes(table.bytes)}</Cell>
                <Cell className="tabular-nums">{number.format(table.rows)}</Cell>
              </tr>
            ))}
          </Table>
        </Card>
      </div>

      <Card title="Storage">
        <dl className="grid gap-x-6 gap-y-2 text-sm text-slate-800 sm:grid-cols-3 dark:text-slate-200">
          <Pair term="Uploaded knowledge files">
            {formatBytes(system.storage.knowledgeFileBytes)} ({number.format(system.storage.knowledgeFiles)} files)
          </Pair>
          <Pair term="Text read from sources">{formatBytes(system.storage.knowledgeTextBytes)}</Pair>
          <Pair term="Data folder on disk">
            {system.storage.dataDirBytes === null ? 'on the Postgres server' : formatBytes(system.storage.dataDirBytes)}
          </Pair>
        </dl>
      </Card>

      <Card title="This process and its configuration">
        <dl className="grid gap-x-6 gap-y-2 text-sm text-slate-800 sm:grid-cols-2 dark:text-slate-200">
          <Pair term="Version">
            {system.process.version} (Node {system.process.node})
          </Pair>
          <Pair term="Up for">{uptime(system.process.uptimeSeconds)}</Pair>
          <Pair term="Memory">
            {formatBytes(system.process.rssBytes)} resident, {formatBytes(system.process.heapUsedBytes)} heap
          </Pair>
          <Pair term="Live subscriptions">{system.live.subscriptions}</Pair>
          <Pair term="Database">{configuration.database}</Pair>
          <Pair term="Mail">{configuration.mail}</Pair>
          <Pair term="Gemini">{configuration.gemini}</Pair>
          <Pair term="OAuth">
            GitHub {configuration.oauth.github ? 'on' : 'off'}, Google {configuration.oauth.google ? 'on' : 'off'}
          </Pair>
          <Pair term="Address">{configuration.appUrl ?? 'not set (APP_URL)'}</Pair>
          <Pair term="Metrics">{configuration.metrics}</Pair>
          <Pair term="Admins by address (ADMIN_EMAILS)">{configuration.adminEmails}</Pair>
          <Pair term="Suspended users">{totals.suspendedUsers}</Pair>
        </dl>
      </Card>
    </>
  );
}

/** One term and its value on a line, as a real dt/dd pair so screen readers announce them together. */
function Pair({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap gap-x-1">
      <dt>{term}:</dt>
      <dd>{children}</dd>
    </div>
  );
}
