import { useActionData } from '@remix-run/react';
import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '~/components/form-fields';
import { DropUploads } from './drop-uploads';
import { FetcherMessage, FetcherSubmit, TextAreaField, useSourceForm } from './knowledge-fields';
import type { TSourceActionResult } from './source-actions.server';
import { FILE_ACCEPT, fileProblem, MAX_FILES_PER_UPLOAD } from './source-limits';

const KINDS = [
  { id: 'text', label: 'knowledge:add.kinds.text' },
  { id: 'file', label: 'knowledge:add.kinds.file' },
  { id: 'url', label: 'knowledge:add.kinds.url' },
  { id: 'sitemap', label: 'knowledge:add.kinds.sitemap' },
  { id: 'crawl', label: 'knowledge:add.kinds.crawl' },
] as const;
type TKind = (typeof KINDS)[number]['id'];
const KIND_OF_INTENT: Record<string, TKind> = {
  addText: 'text',
  addFiles: 'file',
  addUrl: 'url',
  addSitemap: 'sitemap',
  addCrawl: 'crawl',
};

/**
 * Where an admin adds knowledge: one form per kind, chosen with a radio
 * group (arrow keys move between kinds). Every form posts through a fetcher
 * to the action of the page it is on (which hands it to
 * `handleSourceAction`), so the list beside it updates without a reload.
 */
export function AddSourcePanel() {
  const { t } = useTranslation();
  // After a submission made before the scripts loaded, the page comes back on the kind that was sent.
  const sentIntent = useActionData<TSourceActionResult>()?.intent;
  const [kind, setKind] = useState<TKind>(KIND_OF_INTENT[sentIntent ?? ''] ?? 'text');
  const groupId = useId();
  return (
    <section
      aria-labelledby={`${groupId}-heading`}
      className="@container rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
    >
      <h2 id={`${groupId}-heading`} className="text-base font-semibold text-slate-900 dark:text-white">
        {t('knowledge:add.heading')}
      </h2>
      <fieldset className="mt-3">
        <legend className="sr-only">{t('knowledge:add.kindLegend')}</legend>
        {/* Sized by the panel, not the screen: it sits in a side column on the Knowledge tab and full width in the wizard. */}
        <div className="grid grid-cols-2 gap-2 @lg:grid-cols-5">
          {KINDS.map((option) => (
            <label
              key={option.id}
              className="flex cursor-pointer items-center justify-center rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset has-[:checked]:bg-brand-50 has-[:checked]:text-brand-800 has-[:checked]:ring-2 has-[:checked]:ring-brand-600 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600 dark:text-slate-300 dark:ring-slate-700 dark:has-[:checked]:bg-slate-800 dark:has-[:checked]:text-white dark:has-[:checked]:ring-brand-400"
            >
              <input
                type="radio"
                name={`${groupId}-kind`}
                value={option.id}
                checked={kind === option.id}
                onChange={() => setKind(option.id)}
                className="sr-only"
              />
              {t(option.label)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mt-5">
        {kind === 'text' && <PasteTextForm />}
        {kind === 'file' && <UploadFilesForm />}
        {kind === 'url' && <UrlForm intent="addUrl" />}
        {kind === 'sitemap' && <UrlForm intent="addSitemap" />}
        {kind === 'crawl' && <CrawlForm />}
      </div>
    </section>
  );
}

function PasteTextForm() {
  const { t } = useTranslation();
  const { fetcher, result, formRef } = useSourceForm('addText');
  const errors = result?.fieldErrors;
  return (
    <fetcher.Form method="post" ref={formRef} className="space-y-4" noValidate>
      <input type="hidden" name="intent" value="addText" />
      <FetcherMessage result={result} />
      <TextField label={t('knowledge:add.title')} name="title" required maxLength={200} errors={errors?.title} />
      <TextAreaField
        label={t('knowledge:add.textOrMarkdown')}
        name="content"
        rows={8}
        required
        errors={errors?.content}
      />
      <FetcherSubmit fetcher={fetcher} pendingLabel={t('knowledge:add.adding')}>
        {t('knowledge:add.addText')}
      </FetcherSubmit>
    </fetcher.Form>
  );
}

function UploadFilesForm() {
  const { t } = useTranslation();
  const { fetcher, result, formRef } = useSourceForm('addFiles');
  const [localProblems, setLocalProblems] = useState<string[]>([]);
  const inputId = useId();
  const errors = [...localProblems, ...(result?.fieldErrors.files ?? [])];

  // Checked before sending, so a 50 MB file is refused at once instead of after its upload; the server checks again.
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.currentTarget.files ?? [])];
    const problems = files.map((file) => fileProblem(t, file)).filter((problem): problem is string => problem !== null);
    if (files.length > MAX_FILES_PER_UPLOAD)
      problems.push(t('knowledge:files.tooMany', { maximum: MAX_FILES_PER_UPLOAD }));
    setLocalProblems(problems);
  };

  return (
    <fetcher.Form
      method="post"
      encType="multipart/form-data"
      ref={formRef}
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        if (localProblems.length > 0) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="addFiles" />
      <DropUploads />
      <FetcherMessage result={result} />
      <div>
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          {t('knowledge:add.files')}
        </label>
        <input
          id={inputId}
          type="file"
          name="files"
          multiple
          accept={FILE_ACCEPT}
          onChange={onChange}
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={`${inputId}-help${errors.length > 0 ? ` ${inputId}-errors` : ''}`}
          className="mt-1.5 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-brand-800 hover:file:bg-brand-100 dark:text-slate-300 dark:file:bg-slate-800 dark:file:text-white"
        />
        <p id={`${inputId}-help`} className="mt-1.5 text-sm text-slate-600 dark:text-slate-400">
          {t('knowledge:add.filesHelp', { maximum: MAX_FILES_PER_UPLOAD })}
        </p>
        {errors.length > 0 && (
          <ul id={`${inputId}-errors`} className="mt-1.5 space-y-0.5 text-sm text-red-700 dark:text-red-400">
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        )}
      </div>
      <FetcherSubmit fetcher={fetcher} pendingLabel={t('knowledge:add.uploading')}>
        {t('knowledge:add.upload')}
      </FetcherSubmit>
    </fetcher.Form>
  );
}

function UrlForm({ intent }: { intent: 'addUrl' | 'addSitemap' }) {
  const { t } = useTranslation();
  const { fetcher, result, formRef } = useSourceForm(intent);
  const errors = result?.fieldErrors.url;
  const sitemap = intent === 'addSitemap';
  return (
    <fetcher.Form method="post" ref={formRef} className="space-y-4" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <FetcherMessage result={result} />
      <TextField
        label={sitemap ? t('knowledge:add.sitemapUrl') : t('knowledge:add.pageUrl')}
        name="url"
        type="url"
        inputMode="url"
        required
        maxLength={2000}
        placeholder={sitemap ? 'https://example.com/sitemap.xml' : 'https://example.com/help/returns'}
        description={sitemap ? t('knowledge:add.sitemapHelp') : t('knowledge:add.pageHelp')}
        errors={errors}
      />
      <FetcherSubmit fetcher={fetcher} pendingLabel={t('knowledge:add.adding')}>
        {sitemap ? t('knowledge:add.addSitemap') : t('knowledge:add.addPage')}
      </FetcherSubmit>
    </fetcher.Form>
  );
}

/** A whole site from one address; the scope and limits are optional and sensible by default. */
function CrawlForm() {
  const { t } = useTranslation();
  const { fetcher, result, formRef } = useSourceForm('addCrawl');
  const errors = result?.fieldErrors ?? {};
  return (
    <fetcher.Form method="post" ref={formRef} className="space-y-4" noValidate>
      <input type="hidden" name="intent" value="addCrawl" />
      <FetcherMessage result={result} />
      <TextField
        label={t('knowledge:add.startAddress')}
        name="url"
        type="url"
        inputMode="url"
        required
        maxLength={2000}
        placeholder="https://example.com/help/"
        description={t('knowledge:add.crawlHelp')}
        errors={errors.url}
      />
      <TextField
        label={t('knowledge:add.pathPrefix')}
        name="pathPrefix"
        maxLength={500}
        placeholder="/help/"
        errors={errors.pathPrefix}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextAreaField
          label={t('knowledge:add.include')}
          name="include"
          rows={2}
          placeholder="/docs/*"
          errors={errors.include}
        />
        <TextAreaField
          label={t('knowledge:add.exclude')}
          name="exclude"
          rows={2}
          placeholder="/blog/*"
          errors={errors.exclude}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t('knowledge:add.maxPages')}
          name="maxPages"
          type="number"
          min={1}
          max={500}
          defaultValue={100}
          errors={errors.maxPages}
        />
        <TextField
          label={t('knowledge:add.maxDepth')}
          name="maxDepth"
          type="number"
          min={0}
          max={10}
          defaultValue={5}
          errors={errors.maxDepth}
        />
      </div>
      <FetcherSubmit fetcher={fetcher} pendingLabel={t('knowledge:add.adding')}>
        {t('knowledge:add.crawl')}
      </FetcherSubmit>
    </fetcher.Form>
  );
}
