import { useTranslation } from 'react-i18next';
import type { TPasswordProblem } from '../../shared/password-strength';

const LABELS = [
  'auth:password.levels.veryWeak',
  'auth:password.levels.weak',
  'auth:password.levels.fair',
  'auth:password.levels.good',
  'auth:password.levels.strong',
] as const;
const COLORS = ['bg-red-500', 'bg-orange-500', 'bg-amber-500', 'bg-lime-500', 'bg-emerald-500'] as const;

/**
 * A live strength meter for a new password. The label is announced politely
 * as it changes; the problems say what to do, not just that it is weak.
 */
export function PasswordMeter({ score, problems }: { score: number; problems: TPasswordProblem[] }) {
  const { t } = useTranslation();
  const level = Math.max(0, Math.min(4, score));
  return (
    <div className="mt-2">
      <div className="flex gap-1" aria-hidden="true">
        {LABELS.map((label, index) => (
          <span
            key={label}
            className={`h-1.5 flex-1 rounded-full ${index <= level ? COLORS[level] : 'bg-slate-200 dark:bg-slate-700'}`}
          />
        ))}
      </div>
      <p className="mt-1.5 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
        {t('auth:password.strength')}{' '}
        <span className="font-medium text-slate-800 dark:text-slate-200">{t(LABELS[level]!)}</span>
        {problems[0] && <span> — {t(problems[0].key, problems[0].values)}</span>}
      </p>
    </div>
  );
}
