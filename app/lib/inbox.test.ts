import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../shared/i18n/server';
import { formatFor } from './format';
import {
  filtersToParams,
  formatDuration,
  listInput,
  readFilters,
  splitHighlight,
  statusMatches,
  timeAgo,
} from './inbox';

describe('splitHighlight', () => {
  it('splits a snippet on its mark tags into text pieces', () => {
    expect(splitHighlight('Can I <mark>return</mark> worn <mark>shoes</mark>?')).toEqual([
      { text: 'Can I ', isMatch: false },
      { text: 'return', isMatch: true },
      { text: ' worn ', isMatch: false },
      { text: 'shoes', isMatch: true },
      { text: '?', isMatch: false },
    ]);
  });

  it('keeps any other markup as plain text, and survives an unclosed mark', () => {
    const parts = splitHighlight('<img src=x onerror=alert(1)> <mark>suede</mark> <script>x</script><mark>tail');
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)> ', isMatch: false },
      { text: 'suede', isMatch: true },
      { text: ' <script>x</script>', isMatch: false },
      { text: 'tail', isMatch: true },
    ]);
  });

  it('returns nothing for an empty snippet', () => {
    expect(splitHighlight('')).toEqual([]);
  });
});

describe('inbox filters in the address', () => {
  it('reads known values and falls back on unknown ones', () => {
    const filters = readFilters(
      new URLSearchParams(
        'status=weird&assignee=me&handler=robot&from=2026-02-30x&to=2026-03-01&q=%20refund%20&tests=yes',
      ),
    );
    expect(filters).toEqual({
      status: 'open',
      chatbotId: null,
      assignee: 'me',
      handler: null,
      from: null,
      to: '2026-03-01',
      search: 'refund',
      tests: false,
      topic: null,
      sentiment: null,
      language: null,
    });
  });

  it('round-trips, leaving defaults out of the address', () => {
    const params = new URLSearchParams(
      'status=pending&chatbot=0b5e7e8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b&handler=human&q=shoes&tests=1',
    );
    expect(filtersToParams(readFilters(params)).toString()).toBe(
      'status=pending&chatbot=0b5e7e8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b&handler=human&q=shoes&tests=1',
    );
    expect(filtersToParams(readFilters(new URLSearchParams())).toString()).toBe('');
    const labelled = 'topic=Returns&sentiment=negative&language=de';
    expect(filtersToParams(readFilters(new URLSearchParams(labelled))).toString()).toBe(labelled);
    expect(readFilters(new URLSearchParams('sentiment=angry&language=German'))).toMatchObject({
      sentiment: null,
      language: null,
    });
  });

  it('turns days into whole local days for the query', () => {
    const input = listInput('ws', readFilters(new URLSearchParams('from=2026-03-01&to=2026-03-02')));
    expect(input.from).toEqual(new Date(2026, 2, 1, 0, 0, 0, 0));
    expect(input.to).toEqual(new Date(2026, 2, 2, 23, 59, 59, 999));
    expect(input).not.toHaveProperty('search');
  });
});

describe('statusMatches', () => {
  it('counts pending as open, and all as everything', () => {
    expect(statusMatches('open', 'pending')).toBe(true);
    expect(statusMatches('open', 'resolved')).toBe(false);
    expect(statusMatches('pending', 'open')).toBe(false);
    expect(statusMatches('all', 'archived')).toBe(true);
  });
});

describe('times', () => {
  const t = translatorFor('en');
  const format = formatFor('en');

  it('says how long ago', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(timeAgo(new Date(now - 10_000), t, format, now)).toBe('just now');
    expect(timeAgo(new Date(now - 5 * 60_000), t, format, now)).toBe('5 min ago');
    expect(timeAgo(new Date(now - 3 * 3600_000), t, format, now)).toBe('3 h ago');
    expect(timeAgo(new Date(now - 26 * 3600_000), t, format, now)).toBe('yesterday');
  });

  it('says it in the reader’s language', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(timeAgo(new Date(now - 26 * 3600_000), translatorFor('de'), formatFor('de'), now)).toBe('gestern');
    expect(formatDuration(80_000, translatorFor('de'))).toBe('1 Min. 20 Sek.');
    expect(formatDuration(420, translatorFor('fr'))).toBe('0,4 s');
  });

  it('formats durations', () => {
    expect(formatDuration(null, t)).toBe('—');
    expect(formatDuration(420, t)).toBe('0.4 s');
    expect(formatDuration(42_000, t)).toBe('42 s');
    expect(formatDuration(80_000, t)).toBe('1 min 20 s');
    expect(formatDuration(2 * 3600_000, t)).toBe('2 h');
  });
});
