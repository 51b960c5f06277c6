import type { inferRouterOutputs } from '@trpc/server';
import { useTranslation } from 'react-i18next';
import { useFormat, type TFormat } from '~/lib/format';
import type { AppRouter } from '../../../server/trpc/router';

export type TPlaygroundMessage = inferRouterOutputs<AppRouter>['playground']['get']['messages'][number];

const OUTCOMES: Record<string, { label: string; tone: string }> = {
  answered: {
    label: 'playground:details.outcomes.answered',
    tone: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  },
  abstained: {
    label: 'playground:details.outcomes.abstained',
    tone: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  },
  failed: {
    label: 'playground:details.outcomes.failed',
    tone: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
  },
  over_limit: {
    label: 'playground:details.outcomes.overLimit',
    tone: 'bg-slate-200 text-slate-900 dark:bg-slate-800 dark:text-slate-100',
  },
};

/** A score to a fixed number of decimals, in the page's language ("0.812", "0,812"). */
const decimals = (format: TFormat, value: number, digits: number) =>
  format.number(value, { minimumFractionDigits: digits, maximumFractionDigits: digits });

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="font-mono text-sm text-slate-900 tabular-nums dark:text-slate-100">{value}</dd>
    </div>
  );
}

/** How much of the prompt each part took, as a bar with a legend. */
function BudgetBar({ budget }: { budget: Record<string, number> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const parts = [
    { key: 'system', label: 'playground:details.budget.system', color: 'bg-slate-500' },
    { key: 'passages', label: 'playground:details.budget.passages', color: 'bg-brand-600' },
    { key: 'history', label: 'playground:details.budget.history', color: 'bg-amber-500' },
    { key: 'message', label: 'playground:details.budget.message', color: 'bg-emerald-600' },
  ];
  const limit = budget.limit ?? 1;
  const used = parts.reduce((sum, part) => sum + (budget[part.key] ?? 0), 0);
  return (
    <div>
      <div
        className="flex h-2.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
        role="img"
        aria-label={t('playground:details.budget.summary', { used, limit })}
      >
        {parts.map((part) => (
          <div
            key={part.key}
            className={part.color}
            style={{ width: `${Math.min(100, ((budget[part.key] ?? 0) / limit) * 100)}%` }}
          />
        ))}
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        {parts.map((part) => (
          <li key={part.key} className="flex items-center gap-1">
            <span className={`inline-block size-2 rounded-full ${part.color}`} aria-hidden />
            {t(part.label)} {format.number(budget[part.key] ?? 0)}
          </li>
        ))}
        <li>
          {t('playground:details.budget.limit', {
            limit,
            answer: budget.answer === undefined ? '—' : format.number(budget.answer),
          })}
        </li>
      </ul>
      {(budget.turnsDropped ?? 0) > 0 && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {t('playground:details.budget.turnsDropped', { count: budget.turnsDropped })}
        </p>
      )}
    </div>
  );
}

/**
 * What one answer was built from: outcome, provider and model, timings,
 * tokens, the retrieval confidence against the threshold, the prompt's
 * budget and every retrieved passage with its scores (cited ones marked).
 */
export function AnswerDetails({ message }: { message: TPlaygroundMessage | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ms = (value: number | null) =>
    value === null ? '—' : t('playground:details.milliseconds', { value: Math.round(value) });
  const score = (value: number | null) => (value === null ? '—' : decimals(format, value, 3));
  if (!message) return <p className="text-sm text-slate-600 dark:text-slate-400">{t('playground:details.empty')}</p>;
  const outcome = OUTCOMES[message.outcome ?? 'answered'] ?? OUTCOMES.answered!;
  const retrieval = message.retrieval;
  const cited = new Set((message.citations ?? []).map((c) => c.ref));
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${outcome.tone}`}>{t(outcome.label)}</span>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {message.provider ?? t('playground:details.noProvider')}
          {message.model ? ` · ${message.model}` : ''}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Figure label={t('playground:details.firstToken')} value={ms(message.firstTokenMs)} />
        <Figure label={t('playground:details.wholeAnswer')} value={ms(message.latencyMs)} />
        <Figure
          label={t('playground:details.tokens')}
          value={
            message.tokensIn === null
              ? '—'
              : `${format.number(message.tokensIn)} / ${format.number(message.tokensOut ?? 0)}`
          }
        />
        {retrieval && (
          <>
            <Figure label={t('playground:details.confidence')} value={format.percent(retrieval.confidence)} />
            <Figure label={t('playground:details.bestSimilarity')} value={score(retrieval.topScore)} />
          </>
        )}
      </dl>
      {retrieval?.budget && (
        <section aria-labelledby="budget-heading">
          <h3 id="budget-heading" className="mb-2 text-sm font-semibold text-slate-900 dark:text-white">
            {t('playground:details.budgetHeading')}
          </h3>
          <BudgetBar budget={retrieval.budget} />
        </section>
      )}
      {retrieval && (
        <section aria-labelledby="passages-heading">
          <h3 id="passages-heading" className="mb-2 text-sm font-semibold text-slate-900 dark:text-white">
            {t('playground:details.passagesHeading')}
          </h3>
          {retrieval.passages.length ? (
            <ol aria-label={t('playground:details.passagesLabel')} className="space-y-2">
              {retrieval.passages.map((passage) => (
                <li
                  key={passage.chunkId}
                  id={`cite-${passage.ref}`}
                  className={`rounded-md border p-2.5 text-sm ${
                    cited.has(passage.ref)
                      ? 'border-brand-400 bg-brand-50 dark:border-brand-700 dark:bg-brand-950'
                      : 'border-slate-200 dark:border-slate-800'
                  }`}
                >
                  <div className="flex flex-wrap items-baseline gap-2">
                    <span className="font-mono text-xs font-semibold text-brand-800 dark:text-brand-200">
                      {passage.ref}
                    </span>
                    <span className="font-medium text-slate-900 dark:text-white">{passage.title}</span>
                    {cited.has(passage.ref) && (
                      <span className="text-xs font-semibold text-brand-800 dark:text-brand-200">
                        {t('playground:details.cited')}
                      </span>
                    )}
                  </div>
                  {passage.headingPath && (
                    <p className="text-xs text-slate-600 dark:text-slate-400">{passage.headingPath}</p>
                  )}
                  <p className="mt-1 font-mono text-xs text-slate-600 tabular-nums dark:text-slate-400">
                    {t('playground:details.scores', {
                      vector: score(passage.vectorScore),
                      text: score(passage.textScore),
                      fused: decimals(format, passage.rrfScore, 4),
                    })}
                  </p>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('playground:details.noMatch')}</p>
          )}
        </section>
      )}
    </div>
  );
}
