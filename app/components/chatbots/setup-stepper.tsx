import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';

export const SETUP_STEPS = [
  'chatbots:stepper.steps.name',
  'chatbots:stepper.steps.template',
  'chatbots:stepper.steps.knowledge',
  'chatbots:stepper.steps.style',
  'chatbots:stepper.steps.embed',
] as const;

/**
 * Where the person is in the setup wizard. An ordered list (so screen readers
 * hear each step), the current step(s) marked by aria-current; on a phone
 * the bars stay and the current step's name moves into the heading line.
 */
export function SetupStepper({ current }: { current: number[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const first = Math.min(...current) + 1;
  const last = Math.max(...current) + 1;
  const total = SETUP_STEPS.length;
  return (
    <nav aria-label={t('chatbots:stepper.label')} className="space-y-2">
      <p className="text-sm font-medium text-brand-700 dark:text-brand-300">
        {first === last
          ? t('chatbots:stepper.step', { current: first, total })
          : t('chatbots:stepper.stepRange', { first, last, total })}
        <span className="text-slate-600 sm:hidden dark:text-slate-400">
          {' · '}
          {format.list(current.map((index) => t(SETUP_STEPS[index]!)))}
        </span>
      </p>
      <ol className="flex gap-1.5 sm:gap-2">
        {SETUP_STEPS.map((key, index) => {
          const isCurrent = current.includes(index);
          const isDone = index < Math.min(...current);
          return (
            <li
              key={key}
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
                <span className="sr-only">{isDone ? `${t('chatbots:stepper.done')} ` : ''}</span>
                {t(key)}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
