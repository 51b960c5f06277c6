import { describe, expect, it } from 'vitest';
import { outcomeOf, type TOutcomeFacts } from './outcomes';

const answered: TOutcomeFacts = {
  visitorMessages: 2,
  botAnswers: 2,
  operatorMessages: 0,
  handoffRequested: false,
  humanOnly: false,
  lastBotTurn: { outcome: 'answered', offersHandoff: false, provider: 'gemini', hadPassages: true },
  rating: null,
  thumbsDown: 0,
};
const asked = (turn: Partial<NonNullable<TOutcomeFacts['lastBotTurn']>> | null): TOutcomeFacts => ({
  ...answered,
  handoffRequested: true,
  lastBotTurn: turn && { outcome: 'answered', offersHandoff: false, provider: 'gemini', hadPassages: true, ...turn },
});

describe('outcomeOf', () => {
  it('answered by AI: the bot answered, nobody was asked for, no negative rating', () => {
    expect(outcomeOf(answered)).toEqual({ outcome: 'ai', handoffReason: null });
    expect(outcomeOf({ ...answered, rating: 3 })).toEqual({ outcome: 'ai', handoffReason: null });
  });

  it('a negative rating or a thumbs-down makes an answered conversation unanswered', () => {
    expect(outcomeOf({ ...answered, rating: 2 }).outcome).toBe('unanswered');
    expect(outcomeOf({ ...answered, thumbsDown: 1 }).outcome).toBe('unanswered');
  });

  it('unanswered: no reply, only fallbacks, or nothing asked', () => {
    expect(outcomeOf({ ...answered, botAnswers: 0 }).outcome).toBe('unanswered');
    expect(outcomeOf({ ...answered, visitorMessages: 0, botAnswers: 0, lastBotTurn: null }).outcome).toBe('unanswered');
  });

  it('answered by a person whenever a person replied, keeping the reason', () => {
    expect(outcomeOf({ ...answered, operatorMessages: 1 })).toEqual({ outcome: 'human', handoffReason: null });
    expect(outcomeOf({ ...asked(null), operatorMessages: 1 })).toEqual({
      outcome: 'human',
      handoffReason: 'visitor_asked',
    });
  });

  it('handed to a person, with each reason', () => {
    const handed = (facts: TOutcomeFacts) => outcomeOf(facts);
    expect(handed(asked(null))).toEqual({ outcome: 'handed', handoffReason: 'visitor_asked' });
    expect(handed(asked({}))).toEqual({ outcome: 'handed', handoffReason: 'visitor_asked' });
    expect(handed(asked({ outcome: 'abstained', hadPassages: true })).handoffReason).toBe('low_confidence');
    expect(handed(asked({ outcome: 'abstained', hadPassages: false })).handoffReason).toBe('no_answer');
    expect(handed(asked({ outcome: 'failed', provider: 'webhook' })).handoffReason).toBe('webhook_failure');
    expect(handed(asked({ offersHandoff: true })).handoffReason).toBe('bot_offered');
    expect(handed({ ...answered, humanOnly: true, botAnswers: 0, lastBotTurn: null })).toEqual({
      outcome: 'handed',
      handoffReason: 'policy',
    });
    // Over the monthly limit the bot takes a message for the team: a hand-off by policy, asked or not.
    expect(
      handed({ ...answered, botAnswers: 0, lastBotTurn: { ...answered.lastBotTurn!, outcome: 'over_limit' } }),
    ).toEqual({ outcome: 'handed', handoffReason: 'policy' });
  });

  it('a failed Gemini turn is not a webhook failure', () => {
    expect(outcomeOf(asked({ outcome: 'failed', provider: 'gemini' })).handoffReason).toBe('visitor_asked');
  });
});
