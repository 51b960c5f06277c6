const LABELS = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'] as const;
const COLORS = ['bg-red-500', 'bg-orange-500', 'bg-amber-500', 'bg-lime-500', 'bg-emerald-500'] as const;

/**
 * A live strength meter for a new password. The label is announced politely
 * as it changes; the problems say what to do, not just that it is weak.
 */
export function PasswordMeter({ score, problems }: { score: number; problems: string[] }) {
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
        Strength: <span className="font-medium text-slate-800 dark:text-slate-200">{LABELS[level]}</span>
        {problems.length > 0 && <span> — {problems[0]}</span>}
      </p>
    </div>
  );
}
