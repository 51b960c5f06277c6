import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';

/** The "Import chatbot" panel of the chatbot list: one exported JSON file in, a new draft chatbot out. */
export function ImportChatbotForm({
  id,
  problems,
  onCancel,
}: {
  id: string;
  problems: string[];
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const isImporting = navigation.state === 'submitting';
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  return (
    <Form
      id={id}
      method="post"
      encType="multipart/form-data"
      aria-labelledby={`${id}-heading`}
      className="mt-6 space-y-4 rounded-lg bg-white p-5 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <div>
        <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900 dark:text-white">
          {t('chatbots:import.heading')}
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t('chatbots:import.intro')}</p>
      </div>
      {problems.length > 0 && (
        <div
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900"
        >
          <p className="font-medium">{t('chatbots:import.failed')}</p>
          <ul className="mt-1 list-inside list-disc space-y-0.5 break-words">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div>
        <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          {t('chatbots:import.file', { size: 10 })}
        </label>
        <input
          ref={inputRef}
          id={`${id}-file`}
          type="file"
          name="file"
          accept=".json,application/json"
          required
          className="mt-1.5 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200 dark:text-slate-300 dark:file:bg-slate-800 dark:file:text-slate-100"
        />
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={buttonPrimary} disabled={isImporting}>
          {isImporting ? t('chatbots:import.importing') : t('chatbots:import.submit')}
        </button>
        <button type="button" className={buttonSecondary} onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </Form>
  );
}
