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

/** What a chatbot's status means, on hover: "Draft" puzzles people who never chose it. */
const MEANINGS: Record<string, string> = {
  draft: 'Draft: try it in the playground and the preview; it does not load on websites until you set it live.',
  live: 'Live: answering visitors on the allowed websites.',
  paused: 'Paused: hidden on websites until you set it live again.',
};

/** A small pill for a chatbot's or a source's status. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      title={MEANINGS[status]}
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium capitalize ring-1 ring-inset ${
        TONES[status] ?? TONES.draft
      }`}
    >
      {status}
    </span>
  );
}
