import { describe, expect, it } from 'vitest';
import { pagesSummary, progressOf } from './source-progress';

describe('source progress', () => {
  it('says a source handed on after an interruption is being indexed again', () => {
    expect(progressOf({ kind: 'file', status: 'retrying', chunkCount: 0 }, 0)).toBe(
      'Interrupted; indexing again shortly',
    );
    expect(progressOf({ kind: 'sitemap', status: 'retrying', chunkCount: 0 }, 0)).toBe('Reading the sitemap…');
    expect(progressOf({ kind: 'text', status: 'ready', chunkCount: 1 }, 0)).toBe('1 passage');
  });

  it('counts retrying pages of a sitemap as in progress, not failed', () => {
    const pages = ['ready', 'pending', 'processing', 'retrying', 'failed'].map((status) => ({ status }));
    expect(pagesSummary(pages)).toBe('5 pages · 1 ready · 3 in progress · 1 failed');
  });
});
