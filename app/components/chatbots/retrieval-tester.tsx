import { Form, useNavigation } from '@remix-run/react';
import { TextField } from '~/components/form-fields';
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

export type TSearchResult = { ok: true; passages: TPassage[] } | { ok: false; message: string } | null;

const formatScore = (score: number | null) => (score === null ? '—' : score.toFixed(3));

/**
 * Ask a question, see the passages an answer would be built from: the fused
 * rank first, then what each side of the hybrid search thought of it.
 */
export function RetrievalTester({ query, search }: { query: string; search: TSearchResult }) {
  const navigation = useNavigation();
  const isSearching = navigation.state === 'loading' && navigation.location.search.includes('q=');
  const passages = search?.ok ? search.passages : [];
  const best = passages[0]?.rrfScore ?? 0;
  return (
    <section aria-labelledby="retrieval-heading" className="space-y-5">
      <div>
        <h2 id="retrieval-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          Try retrieval
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          Ask a question the way a visitor would, and see the passages an answer would be built from, best first.
        </p>
      </div>
      <Form method="get" className="flex flex-col gap-3 sm:flex-row sm:items-start" preventScrollReset>
        <TextField
          label="Question to test"
          name="q"
          type="search"
          className="flex-1"
          maxLength={500}
          defaultValue={query}
          key={query}
          errors={search && !search.ok ? [search.message] : undefined}
        />
        <button type="submit" className={`${buttonPrimary} sm:mt-6.5`} disabled={isSearching}>
          {isSearching ? 'Searching…' : 'Search'}
        </button>
      </Form>
      {search?.ok &&
        (passages.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            No passages matched. Add knowledge that covers this question, or check that the sources are ready.
          </p>
        ) : (
          <>
            <details className="text-xs text-slate-600 dark:text-slate-400">
              <summary className="cursor-pointer font-medium text-slate-700 dark:text-slate-300">
                What do these scores mean?
              </summary>
              <dl className="mt-2 space-y-1.5">
                <div>
                  <dt className="inline font-semibold">Meaning</dt>{' '}
                  <dd className="inline">
                    how close the passage is in meaning to the question, from 0 (unrelated) to 1 (the same). It finds
                    answers worded differently from the question.
                  </dd>
                </div>
                <div>
                  <dt className="inline font-semibold">Keywords</dt>{' '}
                  <dd className="inline">
                    how well the question’s words appear in the passage; “—” when none do. Higher is better, with no
                    fixed top.
                  </dd>
                </div>
                <div>
                  <dt className="inline font-semibold">Rank</dt>{' '}
                  <dd className="inline">
                    both lists merged by position (reciprocal rank fusion): a passage near the top of both ranks first.
                    The bar compares each passage with the best one; only the order counts, not the size of the number.
                  </dd>
                </div>
              </dl>
            </details>
            <ol className="space-y-3" aria-label="Retrieved passages">
              {passages.map((passage, index) => (
                <li
                  key={passage.chunkId}
                  className="rounded-lg bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
                >
                  <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-6">
                    <div className="min-w-0">
                      <p className="font-medium break-words text-slate-900 dark:text-white">
                        <span className="text-slate-600 dark:text-slate-400">{index + 1}.</span>{' '}
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
                        <abbr
                          title="Both rankings merged by position (reciprocal rank fusion)"
                          className="no-underline"
                        >
                          rank
                        </abbr>{' '}
                        {passage.rrfScore.toFixed(4)} ·{' '}
                        <abbr title="Closeness in meaning to the question, 0 to 1" className="no-underline">
                          meaning
                        </abbr>{' '}
                        {formatScore(passage.vectorScore)} ·{' '}
                        <abbr title="How well the question's words match" className="no-underline">
                          keywords
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
