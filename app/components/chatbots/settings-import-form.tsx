import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
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
          Import a chatbot
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Choose a file made with “Export as JSON” in a chatbot’s settings, from this or any Parley. It becomes a new
          draft here with its settings, look, websites, FAQ and the text of its sources, which are indexed again.
        </p>
      </div>
      {problems.length > 0 && (
        <div
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900"
        >
          <p className="font-medium">The file could not be imported:</p>
          <ul className="mt-1 list-inside list-disc space-y-0.5 break-words">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div>
        <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          Export file (.json, up to 10 MB)
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
          {isImporting ? 'Importing…' : 'Import'}
        </button>
        <button type="button" className={buttonSecondary} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Form>
  );
}
