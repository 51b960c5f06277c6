import { describe, expect, it } from 'vitest';
import { mergeMessage } from './message-list';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));

describe('mergeMessage', () => {
  it('replaces the pending copy with the same client id and keeps time order', () => {
    const pending = { id: 'pending-1', clientId: 'c1', createdAt: at(5) };
    const answer = { id: 'a', clientId: null, createdAt: at(7) };
    const stored = { id: 'm1', clientId: 'c1', createdAt: at(6) };
    expect(mergeMessage([pending, answer], stored)).toEqual([stored, answer]);
  });

  it('keeps one copy of a message that arrives twice', () => {
    const message = { id: 'm1', clientId: null, createdAt: at(1) };
    expect(mergeMessage([message], { ...message })).toHaveLength(1);
  });
});
