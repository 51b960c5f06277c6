export const SETUP_STEPS = ['Name', 'Template', 'Knowledge', 'Widget style', 'Embed'] as const;

/**
 * Where the person is in the setup wizard. An ordered list (so screen readers
 * hear each step), the current step(s) marked by aria-current; on a phone
 * the bars stay and the current step's name moves into the heading line.
 */
export function SetupStepper({ current }: { current: number[] }) {
  const first = Math.min(...current) + 1;
  const last = Math.max(...current) + 1;
  return (
    <nav aria-label="Setup progress" className="space-y-2">
      <p className="text-sm font-medium text-brand-700 dark:text-brand-300">
        {first === last ? `Step ${first}` : `Steps ${first}–${last}`} of {SETUP_STEPS.length}
        <span className="text-slate-600 sm:hidden dark:text-slate-400">
          {' · '}
          {current.map((index) => SETUP_STEPS[index]).join(' and ')}
        </span>
      </p>
      <ol className="flex gap-1.5 sm:gap-2">
        {SETUP_STEPS.map((label, index) => {
          const isCurrent = current.includes(index);
          const isDone = index < Math.min(...current);
          return (
            <li
              key={label}
              aria-current={isCurrent ? 'step' : undefined}
              className={`flex min-w-0 flex-1 flex-col gap-1.5 text-xs font-medium ${
                isCurrent
                  ? 'text-slate-900 dark:text-white'
                  : isDone
                    ? 'text-slate-700 dark:text-slate-300'
                    : 'text-slate-600 dark:text-slate-400'
              }`}
            >
              <span
                aria-hidden="true"
                className={`h-1.5 rounded-full ${
                  isCurrent || isDone ? 'bg-brand-600 dark:bg-brand-400' : 'bg-slate-200 dark:bg-slate-700'
                }`}
              />
              <span className="sr-only truncate sm:not-sr-only">
                <span className="sr-only">{isDone ? 'Done: ' : ''}</span>
                {label}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
