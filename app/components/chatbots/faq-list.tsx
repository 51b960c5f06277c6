import { useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage, TextField } from '~/components/form-fields';
import { buttonSecondary } from '~/lib/styles';
import { FetcherMessage, FetcherSubmit, TextAreaField, settled, useSourceForm } from './knowledge-fields';
import type { TSourceActionResult } from './source-actions.server';
import { StatusBadge } from './status-badge';

export type TFaqPair = { id: string; question: string; answer: string | null; status: string; error: string | null };

const buttonSmall = `${buttonSecondary} px-3 py-1.5`;

/** Adds a pair; the form empties once it is saved, ready for the next one. */
export function AddFaqForm() {
  const { t } = useTranslation();
  const { fetcher, result, formRef } = useSourceForm('addFaq');
  const errors = result?.fieldErrors;
  return (
    <fetcher.Form
      method="post"
      ref={formRef}
      noValidate
      aria-labelledby="add-faq-heading"
      className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
    >
      <h2 id="add-faq-heading" className="text-base font-semibold text-slate-900 dark:text-white">
        {t('knowledge:faq.addHeading')}
      </h2>
      <input type="hidden" name="intent" value="addFaq" />
      <FetcherMessage result={result} />
      <TextField
        label={t('knowledge:faq.question')}
        name="question"
        required
        maxLength={300}
        errors={errors?.question}
      />
      <TextAreaField
        label={t('knowledge:faq.answer')}
        name="answer"
        rows={4}
        required
        maxLength={5000}
        errors={errors?.answer}
      />
      <FetcherSubmit fetcher={fetcher} pendingLabel={t('knowledge:add.adding')}>
        {t('knowledge:faq.add')}
      </FetcherSubmit>
    </fetcher.Form>
  );
}

/** The pairs, each read-only until its Edit turns it into a form in place. */
export function FaqList({ pairs, isAdmin }: { pairs: TFaqPair[]; isAdmin: boolean }) {
  const { t } = useTranslation();
  return (
    <ul
      aria-label={t('knowledge:faq.listLabel')}
      className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200 dark:divide-slate-800 dark:bg-slate-900 dark:ring-slate-800"
    >
      {pairs.map((pair) => (
        <FaqItem key={pair.id} pair={pair} isAdmin={isAdmin} />
      ))}
    </ul>
  );
}

function FaqItem({ pair, isAdmin }: { pair: TFaqPair; isAdmin: boolean }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  // A fresh fetcher per edit, so reopening the form never shows the errors of an edit that was cancelled.
  const [edits, setEdits] = useState(0);
  const save = useFetcher<TSourceActionResult>({ key: `faq-edit-${pair.id}-${edits}` });
  const remove = useFetcher<TSourceActionResult>();
  const editRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const firstFieldRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const previous = useRef(mode);
  const saved = settled(save);
  const errors = saved && !saved.ok ? saved.fieldErrors : undefined;
  const deleting = remove.state !== 'idle';
  const deleteFailure = remove.state === 'idle' && remove.data && !remove.data.ok ? remove.data.message : null;

  // Back to reading once the edit is saved (the list already holds the new text: the loaders re-ran).
  useEffect(() => {
    if (saved?.ok) setMode('view');
  }, [saved]);

  // Focus moves with the mode, so keyboard users land in the form and come back to the button they used.
  useEffect(() => {
    if (mode === 'edit') firstFieldRef.current?.querySelector('input')?.focus();
    if (mode === 'confirm-delete') confirmRef.current?.focus();
    if (mode === 'view' && previous.current === 'edit') editRef.current?.focus();
    if (mode === 'view' && previous.current === 'confirm-delete') deleteRef.current?.focus();
    previous.current = mode;
  }, [mode]);

  if (mode === 'edit') {
    return (
      <li className="p-4">
        <save.Form
          method="post"
          noValidate
          className="space-y-4"
          aria-label={t('knowledge:faq.editLabel', { question: pair.question })}
        >
          <input type="hidden" name="intent" value="updateFaq" />
          <input type="hidden" name="sourceId" value={pair.id} />
          <FormMessage message={saved && !saved.ok ? saved.message : null} />
          <div ref={firstFieldRef}>
            <TextField
              label={t('knowledge:faq.question')}
              name="question"
              required
              maxLength={300}
              defaultValue={pair.question}
              errors={errors?.question}
            />
          </div>
          <TextAreaField
            label={t('knowledge:faq.answer')}
            name="answer"
            rows={5}
            required
            maxLength={5000}
            defaultValue={pair.answer ?? ''}
            errors={errors?.answer}
          />
          <div className="flex flex-wrap gap-2">
            <FetcherSubmit fetcher={save} pendingLabel={t('common:actions.saving')}>
              {t('common:actions.save')}
            </FetcherSubmit>
            <button
              type="button"
              className={buttonSecondary}
              onClick={() => setMode('view')}
              disabled={save.state !== 'idle'}
            >
              {t('common:actions.cancel')}
            </button>
          </div>
        </save.Form>
      </li>
    );
  }

  return (
    <li className={`p-4 ${deleting ? 'opacity-50' : ''}`}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2 font-medium break-words text-slate-900 dark:text-white">
            <span className="min-w-0">{pair.question}</span>
            <StatusBadge status={pair.status} />
          </p>
          <p className="mt-1 text-sm break-words whitespace-pre-line text-slate-700 dark:text-slate-300">
            {pair.answer}
          </p>
          {pair.status === 'failed' && pair.error && (
            <p className="mt-1 text-sm text-red-700 dark:text-red-400">{pair.error}</p>
          )}
          {deleteFailure && (
            <div className="mt-2">
              <FormMessage message={deleteFailure} />
            </div>
          )}
        </div>
        {isAdmin &&
          (mode === 'confirm-delete' ? (
            <div
              role="group"
              aria-label={t('knowledge:faq.deleteLabel', { question: pair.question })}
              className="flex shrink-0 flex-wrap items-center gap-2 rounded-md bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-200"
            >
              <span>{t('knowledge:faq.confirmDelete')}</span>
              <button
                ref={confirmRef}
                type="button"
                className="inline-flex items-center rounded-md bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800"
                onClick={() => {
                  setMode('view');
                  remove.submit({ intent: 'delete', sourceId: pair.id }, { method: 'post' });
                }}
              >
                {t('knowledge:actions.yesDelete')}
              </button>
              <button type="button" className={buttonSmall} onClick={() => setMode('view')}>
                {t('common:actions.cancel')}
              </button>
            </div>
          ) : (
            <div className="flex shrink-0 items-center gap-2">
              <button
                ref={editRef}
                type="button"
                className={buttonSmall}
                disabled={deleting}
                onClick={() => {
                  setEdits((count) => count + 1);
                  setMode('edit');
                }}
              >
                {t('common:actions.edit')}{' '}
                <span className="sr-only">{t('knowledge:quoted', { text: pair.question })}</span>
              </button>
              <button
                ref={deleteRef}
                type="button"
                className={`${buttonSmall} text-red-700 dark:text-red-400`}
                disabled={deleting}
                onClick={() => setMode('confirm-delete')}
              >
                {deleting ? t('knowledge:actions.deleting') : t('common:actions.delete')}{' '}
                <span className="sr-only">{t('knowledge:quoted', { text: pair.question })}</span>
              </button>
            </div>
          ))}
      </div>
    </li>
  );
}
