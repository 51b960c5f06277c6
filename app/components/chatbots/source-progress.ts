import type { TFunction } from 'i18next';

/** What the sources list needs of a source to say how far along it is. */
export type TSourceProgress = { kind: string; status: string; chunkCount: number };

/** Still on its way: waiting, being indexed, or handed to another server after the one indexing it stopped. */
export const isInProgress = (status: string) =>
  status === 'pending' || status === 'processing' || status === 'retrying';

/** The line under a source's title: where it is, or what it holds once ready (null when there is nothing to add). */
export const progressOf = (t: TFunction, source: TSourceProgress, pageCount: number) => {
  if (source.kind === 'sitemap') {
    if (isInProgress(source.status)) return t('knowledge:progress.readingSitemap');
    return source.status === 'ready' && pageCount === 0 ? t('knowledge:progress.noPages') : null;
  }
  if (source.status === 'pending') return t('knowledge:progress.pending');
  if (source.status === 'processing') return t('knowledge:progress.processing');
  if (source.status === 'retrying') return t('knowledge:progress.retrying');
  if (source.status === 'failed') return null;
  return t('knowledge:progress.passages', { count: source.chunkCount });
};

/** A sitemap's pages in one line: how many, how many ready, still on their way, failed. */
export const pagesSummary = (t: TFunction, pages: { status: string }[]) => {
  const count = (status: string) => pages.filter((page) => page.status === status).length;
  const inProgress = pages.filter((page) => isInProgress(page.status)).length;
  return [
    t('knowledge:progress.pages', { count: pages.length }),
    t('knowledge:progress.ready', { count: count('ready') }),
    inProgress > 0 ? t('knowledge:progress.inProgress', { count: inProgress }) : null,
    count('failed') > 0 ? t('knowledge:progress.failed', { count: count('failed') }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
};
