import { describe, expect, it } from 'vitest';
import { mergeMessage, mergeMessages } from './message-list';

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

describe('mergeMessages', () => {
  type TMessage = { id: string; clientId: string | null; seq?: number; createdAt: Date };
  const stored = (id: string, seq: number, clientId: string | null = null): TMessage => ({
    id,
    clientId,
    seq,
    createdAt: at(seq),
  });

  it('keeps what the stream delivered when a read that started earlier comes back without it', () => {
    const read = [stored('m1', 1), stored('m2', 2)];
    const live = [stored('m3', 3)];
    expect(mergeMessages(read, live).map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('orders by position, not by clock, and shows a message read and delivered once', () => {
    // Stored at 10 s but committed after m2: its position says where it goes.
    const late = { ...stored('m3', 3), createdAt: at(0) };
    expect(mergeMessages([stored('m1', 1), late], [stored('m2', 2), late]).map((m) => m.id)).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
  });

  it('ends a pending copy once the stored one is there, from either side, and never brings it back', () => {
    const pending: TMessage = { id: 'pending-c1', clientId: 'c1', createdAt: at(9) };
    const reply = stored('m2', 2, 'c1');
    expect(mergeMessages([stored('m1', 1), reply], [pending]).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(mergeMessages([stored('m1', 1)], [pending]).map((m) => m.id)).toEqual(['m1', 'pending-c1']);
    expect(mergeMessage([reply], pending)).toEqual([reply]);
  });
});
