import { describe, expect, it } from 'vitest';
import { smallTalkReply } from './small-talk';

describe('small talk', () => {
  it('recognises greetings, thanks and goodbyes in the visitor’s language, and nothing else', () => {
    expect(smallTalkReply('Hello!')).toBe('Hi! What can I help you with?');
    expect(smallTalkReply('Thank you so much.')).toMatch(/welcome/);
    expect(smallTalkReply('merci beaucoup')).toMatch(/Avec plaisir/);
    expect(smallTalkReply('Tschüss')).toMatch(/Auf Wiedersehen/);
    // A fixed answer language wins over the words' own.
    expect(smallTalkReply('hola', 'de')).toBe('Hallo! Wobei kann ich helfen?');
    expect(smallTalkReply('Hi, what is your phone number?')).toBeNull();
    expect(smallTalkReply('thanks but the parcel never arrived')).toBeNull();
  });
});
