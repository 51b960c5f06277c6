import { useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TSourceActionResult } from './source-actions.server';
import { fileProblem } from './source-limits';

type TDropped = { key: string; file: File };

/** One dropped file, uploaded on its own fetcher so each shows its own status and a refusal stops no other. */
function DroppedFile({ file }: { file: File }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<TSourceActionResult>();
  const started = useRef(false);
  const problem = fileProblem(t, file);
  useEffect(() => {
    if (started.current || problem) return;
    started.current = true;
    const form = new FormData();
    form.set('intent', 'addFiles');
    form.append('files', file);
    fetcher.submit(form, { method: 'post', encType: 'multipart/form-data' });
  }, [fetcher, file, problem]);
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const status = problem
    ? { tone: 'error', text: problem }
    : !result
      ? { tone: 'busy', text: t('knowledge:add.uploading') }
      : result.ok
        ? { tone: 'ok', text: t('knowledge:drop.added') }
        : { tone: 'error', text: result.problems[0] ?? result.message ?? t('knowledge:drop.notAdded') };
  const colour =
    status.tone === 'error'
      ? 'text-red-700 dark:text-red-400'
      : status.tone === 'ok'
        ? 'text-emerald-700 dark:text-emerald-400'
        : 'text-slate-600 dark:text-slate-400';
  return (
    <li data-dropped-file className="flex flex-wrap justify-between gap-x-3 py-1.5 text-sm">
      <span className="min-w-0 font-medium break-all text-slate-800 dark:text-slate-200">{file.name}</span>
      <span className={colour}>{status.text}</span>
    </li>
  );
}

/**
 * Drop several files at once: each is uploaded by itself with its own
 * status line (uploading, added, or why not), while the file input below
 * stays for people who pick files instead.
 */
export function DropUploads() {
  const { t } = useTranslation();
  const [dropped, setDropped] = useState<TDropped[]>([]);
  const [isOver, setIsOver] = useState(false);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setIsOver(false);
    const files = [...event.dataTransfer.files];
    setDropped((current) => [
      ...files.map((file, index) => ({ key: `${Date.now()}-${index}-${file.name}`, file })),
      ...current,
    ]);
  };
  return (
    <div>
      <div
        data-drop-zone
        onDragOver={(event) => {
          event.preventDefault();
          setIsOver(true);
        }}
        onDragLeave={() => setIsOver(false)}
        onDrop={onDrop}
        className={`rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm ${
          isOver
            ? 'border-brand-600 bg-brand-50 text-brand-800 dark:bg-slate-800 dark:text-white'
            : 'border-slate-300 text-slate-600 dark:border-slate-700 dark:text-slate-400'
        }`}
      >
        {t('knowledge:drop.zone')}
      </div>
      {dropped.length > 0 && (
        <ul
          aria-label={t('knowledge:drop.listLabel')}
          aria-live="polite"
          className="mt-2 divide-y divide-slate-100 dark:divide-slate-800"
        >
          {dropped.map((entry) => (
            <DroppedFile key={entry.key} file={entry.file} />
          ))}
        </ul>
      )}
    </div>
  );
}
