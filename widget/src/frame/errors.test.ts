import { describe, expect, it } from 'vitest';
import { errorSentence } from './errors';
import { STRINGS } from './i18n';

const t = STRINGS.en;

describe('errorSentence', () => {
  it("shows the server's refusal, which is written for the visitor", () => {
    expect(errorSentence({ data: { code: 'TOO_MANY_REQUESTS' }, message: 'Slow down a little.' }, t)).toBe(
      'Slow down a little.',
    );
  });

  it('words internal errors, network failures and empty refusals itself', () => {
    expect(errorSentence({ data: { code: 'INTERNAL_SERVER_ERROR' }, message: 'relation does not exist' }, t)).toBe(
      t.error,
    );
    expect(errorSentence(new TypeError('Failed to fetch'), t)).toBe(t.error);
    expect(errorSentence({ data: { code: 'FORBIDDEN' }, message: '' }, t)).toBe(t.error);
    expect(errorSentence(null, t)).toBe(t.error);
  });
});
