import { Form, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';

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

const when = (value: string | Date) =>
  new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

const kb = (bytes: number | null) => (bytes === null ? '' : ` (${Math.max(1, Math.round(bytes / 1024))} KB)`);

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
  useEffect(() => {
    if (!isPreparing) return;
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [isPreparing, revalidator]);

  return (
    <section aria-labelledby="workspace-data-heading" className="space-y-4">
      <h2 id="workspace-data-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
        Export and import
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A ZIP of everything in this workspace: chatbots with their settings and look, sources with their text and files,
        FAQ answers, conversations (JSON and CSV), visitors and a summary of the figures. Secrets such as webhook
        secrets and API keys are left out. It can be downloaded for 7 days.
      </p>
      <Form method="post" className="space-y-3" noValidate>
        <input type="hidden" name="intent" value="export" />
        <FormMessage message={exportFailure?.message} />
        <FormMessage tone="success" message={isExportAsked ? 'We are preparing the export.' : null} />
        <SubmitButton pendingLabel="Asking…">Export this workspace</SubmitButton>
      </Form>
      {exports.length > 0 && (
        <ul aria-label="Workspace exports" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {exports.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="text-slate-700 dark:text-slate-300">Asked for {when(item.createdAt)}</span>
              {item.status === 'ready' && item.downloadUrl ? (
                <span>
                  <a href={item.downloadUrl} className={linkClass} download>
                    Download ZIP{kb(item.size)}
                  </a>
                  {item.expiresAt && (
                    <span className="ml-2 text-slate-600 dark:text-slate-400">until {when(item.expiresAt)}</span>
                  )}
                </span>
              ) : item.status === 'failed' ? (
                <span className="text-red-700 dark:text-red-300">Could not be prepared; ask again.</span>
              ) : (
                <span role="status" className="text-slate-600 dark:text-slate-400">
                  Preparing… {item.progress}%
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <Form method="post" encType="multipart/form-data" className="space-y-3" noValidate aria-label="Import">
        <input type="hidden" name="intent" value="import" />
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Import an export into a new workspace you own: its chatbots (as drafts) and their knowledge, which is
          processed again.
        </p>
        <FormMessage message={importFailure?.message} />
        <TextField
          label="New workspace name"
          name="name"
          required
          maxLength={80}
          defaultValue={importFailure?.values.name ?? ''}
          errors={importFailure?.fieldErrors.name}
        />
        <div>
          <label htmlFor="import-archive" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
            Export ZIP (up to 10 MB)
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
          Also import the conversations and visitors
        </label>
        <SubmitButton pendingLabel="Importing…">Import into a new workspace</SubmitButton>
      </Form>
    </section>
  );
}
