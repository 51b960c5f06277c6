import { Form, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { useFormat, type TFormat } from '~/lib/format';
import { formatUtc } from '~/lib/user-agent';

type TExport = {
  id: string;
  status: 'queued' | 'running' | 'ready' | 'failed';
  progress: number;
  size: number | null;
  createdAt: string | Date;
  expiresAt: string | Date | null;
  downloadUrl: string | null;
};

type TFailure = { message: string; fieldErrors: Record<string, string[]>; values: Record<string, string> } | null;

const kb = (format: TFormat, bytes: number) => format.number(Math.max(1, Math.round(bytes / 1024)));

const linkClass = 'font-medium text-brand-700 hover:underline dark:text-brand-300';

/**
 * Admins and owners: a ZIP of everything in the workspace, prepared in the
 * background (progress shown, the page looks again every few seconds), and
 * the import of such a ZIP into a new workspace.
 */
export function WorkspaceDataSection({
  exports,
  exportFailure,
  isExportAsked,
  importFailure,
}: {
  exports: TExport[];
  exportFailure: TFailure;
  isExportAsked: boolean;
  importFailure: TFailure;
}) {
  const revalidator = useRevalidator();
  const isPreparing = exports.some((e) => e.status === 'queued' || e.status === 'running');
  const { t } = useTranslation();
  const format = useFormat();
  useEffect(() => {
    if (!isPreparing) return;
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [isPreparing, revalidator]);

  return (
    <section aria-labelledby="workspace-data-heading" className="space-y-4">
      <h2 id="workspace-data-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
        {t('settings:workspaceData.heading')}
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings:workspaceData.text')}</p>
      <Form method="post" className="space-y-3" noValidate>
        <input type="hidden" name="intent" value="export" />
        <FormMessage message={exportFailure?.message} />
        <FormMessage tone="success" message={isExportAsked ? t('settings:workspaceData.preparing') : null} />
        <SubmitButton pendingLabel={t('settings:pending.asking')}>{t('settings:workspaceData.export')}</SubmitButton>
      </Form>
      {exports.length > 0 && (
        <ul
          aria-label={t('settings:workspaceData.list')}
          className="divide-y divide-slate-100 text-sm dark:divide-slate-800"
        >
          {exports.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="text-slate-700 dark:text-slate-300">
                {t('settings:exports.askedFor', { date: formatUtc(item.createdAt, format) })}
              </span>
              {item.status === 'ready' && item.downloadUrl ? (
                <span>
                  <a href={item.downloadUrl} className={linkClass} download>
                    {item.size === null
                      ? t('settings:exports.downloadZip')
                      : t('settings:exports.downloadZipWithSize', { size: kb(format, item.size) })}
                  </a>
                  {item.expiresAt && (
                    <span className="ml-2 text-slate-600 dark:text-slate-400">
                      {t('settings:exports.until', { date: formatUtc(item.expiresAt, format) })}
                    </span>
                  )}
                </span>
              ) : item.status === 'failed' ? (
                <span className="text-red-700 dark:text-red-300">{t('settings:exports.failed')}</span>
              ) : (
                <span role="status" className="text-slate-600 dark:text-slate-400">
                  {t('settings:exports.progress', { progress: format.percent(item.progress / 100) })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <Form
        method="post"
        encType="multipart/form-data"
        className="space-y-3"
        noValidate
        aria-label={t('settings:workspaceData.importForm')}
      >
        <input type="hidden" name="intent" value="import" />
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings:workspaceData.importText')}</p>
        <FormMessage message={importFailure?.message} />
        <TextField
          label={t('settings:workspaceData.newName')}
          name="name"
          required
          maxLength={80}
          defaultValue={importFailure?.values.name ?? ''}
          errors={importFailure?.fieldErrors.name}
        />
        <div>
          <label htmlFor="import-archive" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
            {t('settings:workspaceData.archive')}
          </label>
          <input
            id="import-archive"
            name="archive"
            type="file"
            accept=".zip,application/zip"
            required
            className="mt-1.5 block w-full text-sm text-slate-700 dark:text-slate-300"
          />
          {importFailure?.fieldErrors.archive?.map((error) => (
            <p key={error} className="mt-1 text-sm text-red-700 dark:text-red-300">
              {error}
            </p>
          ))}
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          <input type="checkbox" name="includeConversations" />
          {t('settings:workspaceData.includeConversations')}
        </label>
        <SubmitButton pendingLabel={t('settings:pending.importing')}>{t('settings:workspaceData.import')}</SubmitButton>
      </Form>
    </section>
  );
}
