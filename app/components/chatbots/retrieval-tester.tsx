import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { TextField } from '~/components/form-fields';
import { useFormat } from '~/lib/format';
import { buttonPrimary } from '~/lib/styles';

type TPassage = {
  chunkId: number;
  sourceTitle: string;
  sourceUrl: string | null;
  headingPath: string;
  content: string;
  vectorScore: number | null;
  textScore: number | null;
  rrfScore: number;
};

/**
 * The Test tab's page title. Kept here: the key checks skip files named `*.test.tsx`,
 * which the tab's route is.
 */
export const TEST_PAGE_TITLE = 'knowledge:meta.test';

export type TSearchResult = { ok: true; passages: TPassage[] } | { ok: false; message: string } | null;

/**
 * Ask a question, see the passages an answer would be built from: the fused
 * rank first, then what each side of the hybrid search thought of it.
 */
export function RetrievalTester({ query, search }: { query: string; search: TSearchResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  const decimals = (score: number, digits: number) =>
    format.number(score, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const formatScore = (score: number | null) => (score === null ? '—' : decimals(score, 3));
  const navigation = useNavigation();
  const isSearching = navigation.state === 'loading' && navigation.location.search.includes('q=');
  const passages = search?.ok ? search.passages : [];
  const best = passages[0]?.rrfScore ?? 0;
  return (
    <section aria-labelledby="retrieval-heading" className="space-y-5">
      <div>
        <h2 id="retrieval-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          {t('knowledge:tester.heading')}
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t('knowledge:tester.intro')}</p>
      </div>
      <Form method="get" className="flex flex-col gap-3 sm:flex-row sm:items-start" preventScrollReset>
        <TextField
          label={t('knowledge:tester.question')}
          name="q"
          type="search"
          className="flex-1"
          maxLength={500}
          defaultValue={query}
          key={query}
          errors={search && !search.ok ? [search.message] : undefined}
        />
        <button type="submit" className={`${buttonPrimary} sm:mt-6.5`} disabled={isSearching}>
          {isSearching ? t('knowledge:tester.searching') : t('common:actions.search')}
        </button>
      </Form>
      {search?.ok &&
        (passages.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            {t('knowledge:tester.noMatches')}
          </p>
        ) : (
          <>
            <details className="text-xs text-slate-600 dark:text-slate-400">
              <summary className="cursor-pointer font-medium text-slate-700 dark:text-slate-300">
                {t('knowledge:tester.scores.summary')}
              </summary>
              <dl className="mt-2 space-y-1.5">
                <div>
                  <dt className="inline font-semibold">{t('knowledge:tester.scores.meaning')}</dt>{' '}
                  <dd className="inline">{t('knowledge:tester.scores.meaningHelp')}</dd>
                </div>
                <div>
                  <dt className="inline font-semibold">{t('knowledge:tester.scores.keywords')}</dt>{' '}
                  <dd className="inline">{t('knowledge:tester.scores.keywordsHelp')}</dd>
                </div>
                <div>
                  <dt className="inline font-semibold">{t('knowledge:tester.scores.rank')}</dt>{' '}
                  <dd className="inline">{t('knowledge:tester.scores.rankHelp')}</dd>
                </div>
              </dl>
            </details>
            <ol className="space-y-3" aria-label={t('knowledge:tester.listLabel')}>
              {passages.map((passage, index) => (
                <li
                  key={passage.chunkId}
                  className="rounded-lg bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
                >
                  <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-6">
                    <div className="min-w-0">
                      <p className="font-medium break-words text-slate-900 dark:text-white">
                        <span className="text-slate-600 dark:text-slate-400">{format.number(index + 1)}.</span>{' '}
                        {passage.sourceUrl ? (
                          <a
                            href={passage.sourceUrl}
                            target="_blank"
                            rel="noreferrer noopener"
                            className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-300"
                          >
                            {passage.sourceTitle}
                          </a>
                        ) : (
                          passage.sourceTitle
                        )}
                      </p>
                      {/* An FAQ passage's heading is its question, already the title. */}
                      {passage.headingPath && passage.headingPath !== passage.sourceTitle && (
                        <p className="mt-0.5 text-sm break-words text-slate-600 dark:text-slate-400">
                          {passage.headingPath}
                        </p>
                      )}
                    </div>
                    <div className="shrink-0">
                      <div
                        className="h-1.5 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
                        aria-hidden="true"
                      >
                        <div
                          className="h-full rounded-full bg-brand-600 dark:bg-brand-400"
                          style={{ width: `${best > 0 ? Math.max(4, (passage.rrfScore / best) * 100) : 0}%` }}
                        />
                      </div>
                      <p className="mt-1 font-mono text-xs whitespace-nowrap text-slate-600 dark:text-slate-400">
                        <abbr title={t('knowledge:tester.scores.rankTitle')} className="no-underline">
                          {t('knowledge:tester.scores.rankShort')}
                        </abbr>{' '}
                        {decimals(passage.rrfScore, 4)} ·{' '}
                        <abbr title={t('knowledge:tester.scores.meaningTitle')} className="no-underline">
                          {t('knowledge:tester.scores.meaningShort')}
                        </abbr>{' '}
                        {formatScore(passage.vectorScore)} ·{' '}
                        <abbr title={t('knowledge:tester.scores.keywordsTitle')} className="no-underline">
                          {t('knowledge:tester.scores.keywordsShort')}
                        </abbr>{' '}
                        {formatScore(passage.textScore)}
                      </p>
                    </div>
                  </div>
                  <p className="mt-3 text-sm whitespace-pre-line text-slate-700 dark:text-slate-300">
                    {passage.content}
                  </p>
                </li>
              ))}
            </ol>
          </>
        ))}
    </section>
  );
}
