import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../shared/i18n/server';
import { canTakeOver, describeHandling as describeIn, type THandlingState } from './handling';

const describeHandling = (state: THandlingState, meId: string) => describeIn(state, meId, translatorFor('en'));

const ME = 'me-id';
const mine = { id: ME, name: 'Wren' };
const theirs = { id: 'other-id', name: 'Sam' };
const state = (patch: Partial<THandlingState>): THandlingState => ({
  status: 'open',
  handler: 'bot',
  assignee: null,
  ...patch,
});

describe('describeHandling', () => {
  it('never says the bot is answering a conversation waiting for a person, resolved or archived', () => {
    for (const status of ['pending', 'resolved', 'archived'] as const) {
      expect(describeHandling(state({ status }), ME)).not.toMatch(/bot is answering/);
    }
    expect(describeHandling(state({ status: 'pending' }), ME)).toBe(
      'Waiting for a person: the bot has stopped answering',
    );
    expect(describeHandling(state({ status: 'resolved', handler: 'human', assignee: mine }), ME)).toMatch(/^Resolved/);
  });

  it('names who answers an open conversation', () => {
    expect(describeHandling(state({}), ME)).toBe('The bot is answering');
    expect(describeHandling(state({ assignee: mine }), ME)).toBe('The bot is answering (assigned to you)');
    expect(describeHandling(state({ handler: 'human', assignee: mine }), ME)).toBe('You are answering');
    expect(describeHandling(state({ handler: 'human', assignee: theirs }), ME)).toBe('Sam is answering');
  });
});

describe('canTakeOver', () => {
  it('offers taking over again to an assigned operator who handed back to the bot', () => {
    expect(canTakeOver(state({ handler: 'bot', assignee: mine }))).toBe(true);
  });

  it('offers it on open and waiting conversations nobody is answering, not on closed ones or someone else’s', () => {
    expect(canTakeOver(state({}))).toBe(true);
    expect(canTakeOver(state({ status: 'pending' }))).toBe(true);
    expect(canTakeOver(state({ status: 'resolved' }))).toBe(false);
    expect(canTakeOver(state({ status: 'archived' }))).toBe(false);
    expect(canTakeOver(state({ handler: 'human', assignee: mine }))).toBe(false);
    expect(canTakeOver(state({ handler: 'human', assignee: theirs }))).toBe(false);
  });
});
