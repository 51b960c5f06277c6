import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../../shared/i18n/server';
import { pagesSummary, progressOf } from './source-progress';

const t = translatorFor('en');

describe('source progress', () => {
  it('says a source handed on after an interruption is being indexed again', () => {
    expect(progressOf(t, { kind: 'file', status: 'retrying', chunkCount: 0 }, 0)).toBe(
      'Interrupted; indexing again shortly',
    );
    expect(progressOf(t, { kind: 'sitemap', status: 'retrying', chunkCount: 0 }, 0)).toBe('Reading the sitemap…');
    expect(progressOf(t, { kind: 'text', status: 'ready', chunkCount: 1 }, 0)).toBe('1 passage');
  });

  it('counts retrying pages of a sitemap as in progress, not failed', () => {
    const pages = ['ready', 'pending', 'processing', 'retrying', 'failed'].map((status) => ({ status }));
    expect(pagesSummary(t, pages)).toBe('5 pages · 1 ready · 3 in progress · 1 failed');
  });
});
