/** What the sources list needs of a source to say how far along it is. */
export type TSourceProgress = { kind: string; status: string; chunkCount: number };

/** Still on its way: waiting, being indexed, or handed to another server after the one indexing it stopped. */
export const isInProgress = (status: string) =>
  status === 'pending' || status === 'processing' || status === 'retrying';

/** The line under a source's title: where it is, or what it holds once ready (null when there is nothing to add). */
export const progressOf = (source: TSourceProgress, pageCount: number) => {
  if (source.kind === 'sitemap') {
    if (isInProgress(source.status)) return 'Reading the sitemap…';
    return source.status === 'ready' && pageCount === 0 ? 'No pages found in this sitemap.' : null;
  }
  if (source.status === 'pending') return 'Waiting to be indexed';
  if (source.status === 'processing') return 'Indexing…';
  if (source.status === 'retrying') return 'Interrupted; indexing again shortly';
  if (source.status === 'failed') return null;
  return `${source.chunkCount} ${source.chunkCount === 1 ? 'passage' : 'passages'}`;
};

/** A sitemap's pages in one line: how many, how many ready, still on their way, failed. */
export const pagesSummary = (pages: { status: string }[]) => {
  const count = (status: string) => pages.filter((page) => page.status === status).length;
  const inProgress = pages.filter((page) => isInProgress(page.status)).length;
  return [
    `${pages.length} ${pages.length === 1 ? 'page' : 'pages'}`,
    `${count('ready')} ready`,
    inProgress > 0 ? `${inProgress} in progress` : null,
    count('failed') > 0 ? `${count('failed')} failed` : null,
  ]
    .filter(Boolean)
    .join(' · ');
};
