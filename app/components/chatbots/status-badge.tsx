import { useTranslation } from 'react-i18next';

const TONES: Record<string, string> = {
  live: 'bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950/50 dark:text-emerald-200 dark:ring-emerald-900',
  ready:
    'bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950/50 dark:text-emerald-200 dark:ring-emerald-900',
  draft: 'bg-slate-100 text-slate-700 ring-slate-200 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-700',
  pending: 'bg-slate-100 text-slate-700 ring-slate-200 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-700',
  paused: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-200 dark:ring-amber-900',
  // Handed on after the server working on it stopped: still on its way, so not the colour of a failure.
  retrying: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-200 dark:ring-amber-900',
  processing: 'bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-950/50 dark:text-sky-200 dark:ring-sky-900',
  failed: 'bg-red-50 text-red-800 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900',
};

/** The name of each status a chatbot or a source can have (lower-case, as in a sentence). */
export const STATUS_LABELS: Record<string, string> = {
  draft: 'chatbots:status.draft',
  live: 'chatbots:status.live',
  paused: 'chatbots:status.paused',
  pending: 'chatbots:status.pending',
  processing: 'chatbots:status.processing',
  retrying: 'chatbots:status.retrying',
  ready: 'chatbots:status.ready',
  failed: 'chatbots:status.failed',
};

/** What a chatbot's status means, on hover: "Draft" puzzles people who never chose it. */
const MEANINGS: Record<string, string> = {
  draft: 'chatbots:status.meaning.draft',
  live: 'chatbots:status.meaning.live',
  paused: 'chatbots:status.meaning.paused',
};

/** A small pill for a chatbot's or a source's status. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const label = STATUS_LABELS[status];
  const meaning = MEANINGS[status];
  return (
    <span
      title={meaning ? t(meaning) : undefined}
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${
        TONES[status] ?? TONES.draft
      }`}
    >
      {/* A flex item is a block, so only its first letter is raised ("in progress" → "In progress"). */}
      <span className="first-letter:uppercase">{label ? t(label) : status}</span>
    </span>
  );
}
