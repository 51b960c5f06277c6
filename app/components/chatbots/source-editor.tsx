import { useTranslation } from 'react-i18next';
import { TextField } from '~/components/form-fields';
import { buttonSecondary } from '~/lib/styles';
import { FetcherMessage, FetcherSubmit, TextAreaField, useSourceForm } from './knowledge-fields';
import type { TSourceActionResult } from './source-actions.server';
import { FILE_ACCEPT } from './source-limits';
import { SyncSummary, type TSyncView } from './sync-summary';

export type TEditableSource = TSyncView & {
  id: string;
  kind: string;
  title: string;
  text: string | null;
  fileName?: string | null;
  parentId: string | null;
};

const INTERVALS = [
  { value: 'shortest', label: 'knowledge:editor.intervals.shortest' },
  { value: 'hourly', label: 'knowledge:editor.intervals.hourly' },
  { value: 'daily', label: 'knowledge:editor.intervals.daily' },
  { value: 'weekly', label: 'knowledge:editor.intervals.weekly' },
  { value: 'off', label: 'knowledge:editor.intervals.off' },
] as const;

/** What every form here starts with: which change it is, to which source, and how the last one went. */
function FormHead({ intent, sourceId, result }: { intent: string; sourceId: string; result?: TSourceActionResult }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="sourceId" value={sourceId} />
      <FetcherMessage result={result} />
    </>
  );
}

/** The title visitors see in citations; FAQ pairs are titled by their question (edited in the FAQ tab). */
function RenameForm({ source }: { source: TEditableSource }) {
  const { t } = useTranslation();
  const { fetcher, result, formRef } = useSourceForm('rename');
  return (
    <fetcher.Form method="post" ref={formRef} className="space-y-3" noValidate>
      <FormHead intent="rename" sourceId={source.id} result={result} />
      <TextField
        label={t('knowledge:add.title')}
        name="title"
        required
        maxLength={200}
        defaultValue={source.title}
        description={t('knowledge:editor.titleHelp')}
        errors={result?.fieldErrors.title}
      />
      <FetcherSubmit fetcher={fetcher} pendingLabel={t('common:actions.saving')}>
        {t('knowledge:editor.saveTitle')}
      </FetcherSubmit>
    </fetcher.Form>
  );
}

function EditTextForm({ source }: { source: TEditableSource }) {
  const { t } = useTranslation();
  const { fetcher, result, formRef } = useSourceForm('updateText');
  return (
    <fetcher.Form method="post" ref={formRef} className="space-y-3" noValidate>
      <FormHead intent="updateText" sourceId={source.id} result={result} />
      <TextField
        label={t('knowledge:add.title')}
        name="title"
        required
        maxLength={200}
        defaultValue={source.title}
        errors={result?.fieldErrors.title}
      />
      <TextAreaField
        label={t('knowledge:add.textOrMarkdown')}
        name="content"
        rows={14}
        required
        defaultValue={source.text ?? ''}
        errors={result?.fieldErrors.content}
      />
      <FetcherSubmit fetcher={fetcher} pendingLabel={t('common:actions.saving')}>
        {t('knowledge:editor.saveText')}
      </FetcherSubmit>
    </fetcher.Form>
  );
}

function ReplaceFileForm({ source }: { source: TEditableSource }) {
  const { t } = useTranslation();
  const { fetcher, result, formRef } = useSourceForm('replaceFile');
  return (
    <fetcher.Form method="post" encType="multipart/form-data" ref={formRef} className="space-y-3" noValidate>
      <FormHead intent="replaceFile" sourceId={source.id} result={result} />
      <label className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {source.fileName
          ? t('knowledge:editor.newVersionOf', { name: source.fileName })
          : t('knowledge:editor.newVersion')}
        <input
          type="file"
          name="files"
          accept={FILE_ACCEPT}
          className="mt-1.5 block w-full text-sm font-normal text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-brand-800 dark:text-slate-300 dark:file:bg-slate-800 dark:file:text-white"
        />
      </label>
      <FetcherSubmit fetcher={fetcher} pendingLabel={t('knowledge:add.uploading')} className={buttonSecondary}>
        {t('knowledge:editor.replaceFile')}
      </FetcherSubmit>
    </fetcher.Form>
  );
}

function SyncForm({ source, shortestLabel }: { source: TEditableSource; shortestLabel: string }) {
  const { t } = useTranslation();
  const { fetcher, result } = useSourceForm('setSyncInterval');
  return (
    <fetcher.Form method="post" className="space-y-3" noValidate>
      <FormHead intent="setSyncInterval" sourceId={source.id} result={result} />
      <label className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {t('knowledge:editor.sync')}
        <select
          name="interval"
          defaultValue={source.syncInterval}
          className="mt-1.5 block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-white dark:ring-slate-700"
        >
          {INTERVALS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.value === 'shortest' ? `${t(option.label)} (${shortestLabel})` : t(option.label)}
            </option>
          ))}
        </select>
      </label>
      <SyncSummary source={source} />
      <FetcherSubmit fetcher={fetcher} pendingLabel={t('common:actions.saving')} className={buttonSecondary}>
        {t('knowledge:editor.saveInterval')}
      </FetcherSubmit>
    </fetcher.Form>
  );
}

/** Everything an admin can change on one source, by kind. */
export function SourceEditor({ source, shortestLabel }: { source: TEditableSource; shortestLabel: string }) {
  const isSynced = !source.parentId && ['url', 'sitemap', 'crawl'].includes(source.kind);
  return (
    <div className="max-w-2xl space-y-8">
      {source.kind === 'text' ? <EditTextForm source={source} /> : <RenameForm source={source} />}
      {source.kind === 'file' && <ReplaceFileForm source={source} />}
      {isSynced && <SyncForm source={source} shortestLabel={shortestLabel} />}
    </div>
  );
}
