import { describe, expect, it } from 'vitest';
import { TEMPLATES } from './templates';

describe('chatbot templates', () => {
  it('suggest no questions: a template brings no knowledge that could answer them', () => {
    for (const template of TEMPLATES) expect(template.settings.suggestedQuestions, template.id).toEqual([]);
  });

  it('each name a purpose in persona, greeting and fallback', () => {
    for (const template of TEMPLATES.filter((t) => t.id !== 'blank')) {
      expect(template.settings.persona.length, template.id).toBeGreaterThan(50);
      expect(template.settings.greeting, template.id).not.toBe('');
      expect(template.settings.fallbackMessage, template.id).not.toBe('');
    }
  });
});
