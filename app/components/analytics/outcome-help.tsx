import { useTranslation } from 'react-i18next';
import { cardClass } from './chart-card';

// The words of docs/analytics.md, where the figures are defined; keep the two the same.
const OUTCOMES = [
  ['analytics:outcomes.ai', 'analytics:help.outcomes.ai'],
  ['analytics:outcomes.handed', 'analytics:help.outcomes.handed'],
  ['analytics:outcomes.human', 'analytics:help.outcomes.human'],
  ['analytics:outcomes.unanswered', 'analytics:help.outcomes.unanswered'],
] as const;

const REASONS = [
  ['analytics:handoffReasons.policy', 'analytics:help.reasons.policy'],
  ['analytics:handoffReasons.webhookFailure', 'analytics:help.reasons.webhookFailure'],
  ['analytics:handoffReasons.lowConfidence', 'analytics:help.reasons.lowConfidence'],
  ['analytics:handoffReasons.noAnswer', 'analytics:help.reasons.noAnswer'],
  ['analytics:handoffReasons.botOffered', 'analytics:help.reasons.botOffered'],
  ['analytics:handoffReasons.visitorAsked', 'analytics:help.reasons.visitorAsked'],
] as const;

/** What each outcome and hand-off reason means, folded away until asked for. */
export function OutcomeHelp() {
  const { t } = useTranslation();
  return (
    <details className={`${cardClass} text-sm`}>
      <summary className="cursor-pointer font-medium text-slate-900 dark:text-white">
        {t('analytics:help.summary')}
      </summary>
      <p className="mt-2 text-slate-600 dark:text-slate-400">{t('analytics:help.intro')}</p>
      <dl className="mt-3 grid gap-x-6 gap-y-2 md:grid-cols-2">
        {OUTCOMES.map(([term, text]) => (
          <div key={term}>
            <dt className="font-medium text-slate-900 dark:text-white">{t(term)}</dt>
            <dd className="text-slate-600 dark:text-slate-400">{t(text)}</dd>
          </div>
        ))}
      </dl>
      <h3 className="mt-4 font-medium text-slate-900 dark:text-white">{t('analytics:help.reasonsHeading')}</h3>
      <dl className="mt-2 grid gap-x-6 gap-y-2 md:grid-cols-2">
        {REASONS.map(([term, text]) => (
          <div key={term}>
            <dt className="font-medium text-slate-900 dark:text-white">{t(term)}</dt>
            <dd className="text-slate-600 dark:text-slate-400">{t(text)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
