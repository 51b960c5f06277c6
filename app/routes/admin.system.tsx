import type { LoaderFunctionArgs } from '@remix-run/node';
import type { ReactNode } from 'react';
import { useLoaderData } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ActivityChart } from '~/components/admin/activity-chart';
import { Card, Cell, Figure, PageTitle, Table, useAdminFormat } from '~/components/admin/ui';
import { orHttpError } from '~/lib/loader-errors.server';

export async function loader({ context, request }: LoaderFunctionArgs) {
  return orHttpError(request, context.trpc.admin.system());
}

const uptime = (t: TFunction, seconds: number) => {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? t('admin:system.uptimeDays', { days, hours }) : t('admin:system.uptimeHours', { hours, minutes });
};

const DATABASES = { postgres: 'admin:system.database.postgres', embedded: 'admin:system.database.embedded' } as const;
const MAIL = { smtp: 'admin:system.mail.smtp', outbox: 'admin:system.mail.outbox' } as const;
const METRICS = {
  token: 'admin:system.metrics.token',
  port: 'admin:system.metrics.port',
  off: 'admin:system.metrics.off',
} as const;
const SWITCH = { on: 'admin:system.switch.on', off: 'admin:system.switch.off' } as const;

export default function AdminSystem() {
  const system = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useAdminFormat();
  const { totals, configuration } = system;
  return (
    <>
      <PageTitle>{t('admin:system.title')}</PageTitle>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Figure label={t('admin:system.series.users')} value={format.number(totals.users)} />
        <Figure label={t('admin:system.series.workspaces')} value={format.number(totals.workspaces)} />
        <Figure label={t('admin:system.series.chatbots')} value={format.number(totals.chatbots)} />
        <Figure label={t('admin:system.series.conversations')} value={format.number(totals.conversations)} />
        <Figure label={t('admin:system.series.messages')} value={format.number(totals.messages)} />
        <Figure label={t('admin:system.openWebSockets')} value={format.number(system.live.webSockets)} />
      </dl>

      <Card title={t('admin:system.last30Days')}>
        <ActivityChart days={system.perDay} />
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-700 dark:text-slate-300">
            {t('admin:system.figuresPerDay')}
          </summary>
          <Table
            label={t('admin:system.newPerDay')}
            head={[
              t('admin:system.day'),
              t('admin:system.series.users'),
              t('admin:system.series.workspaces'),
              t('admin:system.series.chatbots'),
              t('admin:system.series.conversations'),
              t('admin:system.series.messages'),
            ]}
          >
            {system.perDay.map((day) => (
              <tr key={day.day}>
                <Cell>{format.date(`${day.day}T00:00:00Z`, { timeZone: 'UTC' })}</Cell>
                <Cell>{format.number(day.users)}</Cell>
                <Cell>{format.number(day.workspaces)}</Cell>
                <Cell>{format.number(day.chatbots)}</Cell>
                <Cell>{format.number(day.conversations)}</Cell>
                <Cell>{format.number(day.messages)}</Cell>
              </tr>
            ))}
          </Table>
        </details>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('admin:system.jobQueues')}>
          <Table
            label={t('admin:system.jobQueues')}
            head={[
              t('admin:jobs.columns.queue'),
              t('admin:jobs.columns.queued'),
              t('admin:jobs.columns.running'),
              t('admin:jobs.columns.failed'),
            ]}
          >
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
        <Card title={t('admin:system.databaseSize', { size: format.bytes(system.database.bytes) })}>
          <Table
            label={t('admin:system.largestTables')}
            head={[t('admin:system.tables.table'), t('admin:system.tables.size'), t('admin:system.tables.rows')]}
          >
            {system.database.largestTables.map((table) => (
              <tr key={table.name}>
                <Cell className="break-all">{table.name}</Cell>
                <Cell className="tabular-nums">{format.bytes(table.bytes)}</Cell>
                <Cell className="tabular-nums">{format.number(table.rows)}</Cell>
              </tr>
            ))}
          </Table>
        </Card>
      </div>

      <Card title={t('admin:system.storage.title')}>
        <dl className="grid gap-x-6 gap-y-2 text-sm text-slate-800 sm:grid-cols-3 dark:text-slate-200">
          <Pair term={t('admin:system.storage.files')}>
            {t('admin:system.storage.filesValue', {
              size: format.bytes(system.storage.knowledgeFileBytes),
              count: system.storage.knowledgeFiles,
            })}
          </Pair>
          <Pair term={t('admin:system.storage.text')}>{format.bytes(system.storage.knowledgeTextBytes)}</Pair>
          <Pair term={t('admin:system.storage.dataFolder')}>
            {system.storage.dataDirBytes === null
              ? t('admin:system.storage.onPostgres')
              : format.bytes(system.storage.dataDirBytes)}
          </Pair>
        </dl>
      </Card>

      <Card title={t('admin:system.process.title')}>
        <dl className="grid gap-x-6 gap-y-2 text-sm text-slate-800 sm:grid-cols-2 dark:text-slate-200">
          <Pair term={t('admin:system.process.version')}>
            {t('admin:system.process.versionValue', { version: system.process.version, node: system.process.node })}
          </Pair>
          <Pair term={t('admin:system.process.upFor')}>{uptime(t, system.process.uptimeSeconds)}</Pair>
          <Pair term={t('admin:system.process.memory')}>
            {t('admin:system.process.memoryValue', {
              resident: format.bytes(system.process.rssBytes),
              heap: format.bytes(system.process.heapUsedBytes),
            })}
          </Pair>
          <Pair term={t('admin:system.process.subscriptions')}>{format.number(system.live.subscriptions)}</Pair>
          <Pair term={t('admin:system.process.database')}>
            {t(DATABASES[configuration.database], { folder: configuration.dataDir })}
          </Pair>
          <Pair term={t('admin:system.process.mail')}>{t(MAIL[configuration.mail])}</Pair>
          <Pair term="Gemini">
            {configuration.geminiModel === null
              ? t('admin:system.gemini.off')
              : t('admin:system.gemini.on', { model: configuration.geminiModel })}
          </Pair>
          <Pair term="OAuth">
            {t('admin:system.oauthValue', {
              github: t(SWITCH[configuration.oauth.github ? 'on' : 'off']),
              google: t(SWITCH[configuration.oauth.google ? 'on' : 'off']),
            })}
          </Pair>
          <Pair term={t('admin:system.process.address')}>
            {configuration.appUrl ?? t('admin:system.process.noAddress')}
          </Pair>
          <Pair term={t('admin:system.process.metrics')}>
            {t(METRICS[configuration.metrics], { port: configuration.metricsPort })}
          </Pair>
          <Pair term={t('admin:system.process.adminEmails')}>{format.number(configuration.adminEmails)}</Pair>
          <Pair term={t('admin:system.process.suspendedUsers')}>{format.number(totals.suspendedUsers)}</Pair>
        </dl>
      </Card>
    </>
  );
}

/** One term and its value on a line, as a real dt/dd pair so screen readers announce them together. */
function Pair({ term, children }: { term: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-wrap gap-x-1">
      <dt>{t('admin:system.term', { term })}</dt>
      <dd>{children}</dd>
    </div>
  );
}
