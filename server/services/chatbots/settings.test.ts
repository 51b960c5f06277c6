import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { translateMessage } from '../../../shared/i18n/server';
import { DEFAULT_SETTINGS, normaliseOrigin, readSettings, ZAllowedOrigins, ZChatbotSettings } from './settings';
import { TEMPLATES } from './templates';

/** What a person reading English sees for a failed check (schemas and normaliseOrigin give message keys). */
const english = (issue: z.core.$ZodIssue) => translateMessage('en', { issue });
const originError = (input: string) => {
  const result = normaliseOrigin(input);
  return 'error' in result ? { error: translateMessage('en', result.error) } : result;
};

describe('normaliseOrigin', () => {
  it.each([
    ['https://example.com', 'https://example.com'],
    ['example.com', 'https://example.com'],
    ['  Example.COM  ', 'https://example.com'],
    ['https://Shop.Example.com/pricing?x=1#top', 'https://shop.example.com'],
    ['https://example.com:443', 'https://example.com'],
    ['http://example.com:80/', 'http://example.com'],
    ['https://example.com:8443', 'https://example.com:8443'],
    ['example.com:8080', 'https://example.com:8080'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['localhost:5173', 'https://localhost:5173'],
    ['http://127.0.0.1:8080/page', 'http://127.0.0.1:8080'],
    ['https://*.example.com', 'https://*.example.com'],
    ['*.Example.com', 'https://*.example.com'],
    ['https://bücher.de', 'https://xn--bcher-kva.de'],
  ])('%s → %s', (input, origin) => {
    expect(normaliseOrigin(input)).toEqual({ origin });
  });

  it.each([
    ['ftp://x', '“ftp://x” is not a website address: use https://example.com'],
    ['javascript:alert(1)', '“javascript:alert(1)” is not a website address: use https://example.com'],
    ['file:///etc/passwd', '“file:///etc/passwd” is not a website address: use https://example.com'],
    ['not a url', '“not a url” is not a website address: use https://example.com'],
    ['intranet', '“intranet” is not a website address: use https://example.com'],
    ['https://', '“https://” is not a website address: use https://example.com'],
    ['https://user:pw@example.com', '“https://user:pw@example.com” contains a user name: use just https://example.com'],
    ['https://*.com', '“https://*.com” has a wildcard Parley cannot use: write it like https://*.example.com'],
    [
      'https://shop.*.example.com',
      '“https://shop.*.example.com” has a wildcard Parley cannot use: write it like https://*.example.com',
    ],
    ['   ', 'Enter a website address, like https://example.com.'],
  ])('refuses %s', (input, error) => {
    expect(originError(input)).toEqual({ error });
  });
});

describe('ZAllowedOrigins', () => {
  it('normalises, dedupes and skips blank rows', () => {
    expect(ZAllowedOrigins.parse(['example.com', 'https://EXAMPLE.com/', '', 'http://localhost:3000'])).toEqual([
      'https://example.com',
      'http://localhost:3000',
    ]);
  });

  it('reports each bad item at its index', () => {
    const result = ZAllowedOrigins.safeParse(['example.com', 'ftp://x', 'mailto:a@b.c']);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path, english(issue)])).toEqual([
      [[1], '“ftp://x” is not a website address: use https://example.com'],
      [[2], '“mailto:a@b.c” is not a website address: use https://example.com'],
    ]);
  });

  it('quotes the address in the reader’s language', () => {
    const [issue] = ZAllowedOrigins.safeParse(['ftp://x']).error!.issues;
    expect(translateMessage('de', { issue: issue! })).toBe(
      '„ftp://x“ ist keine Website-Adresse: Verwenden Sie https://example.com',
    );
  });

  it('takes at most 50 distinct websites', () => {
    const many = Array.from({ length: 51 }, (_, i) => `https://site${i}.example.com`);
    expect(english(ZAllowedOrigins.safeParse(many).error!.issues[0]!)).toBe('List at most 50 websites.');
    expect(ZAllowedOrigins.parse([...many.slice(0, 50), many[0]!])).toHaveLength(50);
  });
});

describe('ZChatbotSettings', () => {
  const errorsOf = (patch: Record<string, unknown>) => {
    const result = ZChatbotSettings.safeParse({ ...DEFAULT_SETTINGS, ...patch });
    return result.success ? null : result.error.issues.map((issue) => [issue.path.join('.'), english(issue)]);
  };

  it('accepts the defaults and every template', () => {
    expect(errorsOf({})).toBeNull();
    for (const template of TEMPLATES) expect(ZChatbotSettings.safeParse(template.settings).success).toBe(true);
  });

  it('needs a webhook address in webhook mode, https or local http', () => {
    expect(errorsOf({ responseMode: 'webhook' })).toEqual([
      ['webhookUrl', 'Enter the webhook address the messages should be sent to, or choose another response mode.'],
    ]);
    expect(errorsOf({ responseMode: 'webhook', webhookUrl: 'https://n8n.example.com/webhook/1' })).toBeNull();
    expect(errorsOf({ responseMode: 'webhook', webhookUrl: 'http://localhost:5678/webhook/1' })).toBeNull();
    expect(errorsOf({ responseMode: 'webhook', webhookUrl: 'http://n8n.example.com/webhook' })).toEqual([
      ['webhookUrl', 'Enter the webhook as an https:// address (http:// only for localhost while developing).'],
    ]);
  });

  it('refuses out-of-range values with a message per field', () => {
    expect(
      errorsOf({
        temperature: 1.5,
        confidenceThreshold: -0.1,
        answerLength: 10,
        persona: 'x'.repeat(4001),
        greeting: 'x'.repeat(501),
        fallbackMessage: '  ',
        language: 'xx',
        handoffPolicy: 'sometimes',
      }),
    ).toEqual([
      ['persona', 'Keep the persona to 4000 characters or fewer.'],
      ['language', 'Choose one of the languages in the list.'],
      ['temperature', 'Creativity goes from 0 to 1.'],
      ['answerLength', 'Allow at least 50 tokens per answer.'],
      ['greeting', 'Keep the greeting to 500 characters or fewer.'],
      ['fallbackMessage', 'Write a fallback message for questions the bot cannot answer.'],
      ['handoffPolicy', 'Choose when to offer a human.'],
      ['confidenceThreshold', 'The confidence threshold goes from 0 to 1.'],
    ]);
  });

  it('takes a Gemini model name, or empty for the server default', () => {
    expect(ZChatbotSettings.parse({ ...DEFAULT_SETTINGS, model: ' gemini-2.5-pro ' }).model).toBe('gemini-2.5-pro');
    expect(ZChatbotSettings.parse({ ...DEFAULT_SETTINGS, model: '' }).model).toBeNull();
    expect(errorsOf({ model: 'Gemini Pro!' })).toEqual([
      ['model', 'Use a Gemini model name such as gemini-2.5-flash (lower-case letters, digits, "." and "-").'],
    ]);
  });

  it('tidies suggested questions and caps them at six of 120 characters', () => {
    const parsed = ZChatbotSettings.parse({
      ...DEFAULT_SETTINGS,
      suggestedQuestions: ['  How  much? ', '', 'how much?', 'Where?'],
      temperature: 0.33,
      answerLength: 400,
    });
    expect(parsed.suggestedQuestions).toEqual(['How much?', 'Where?']);
    expect(parsed.temperature).toBe(0.35);
    expect(parsed.answerLength).toBe(400);
    expect(errorsOf({ suggestedQuestions: ['1', '2', '3', '4', '5', '6', '7'] })).toEqual([
      ['suggestedQuestions', 'Offer at most 6 suggested questions.'],
    ]);
    expect(errorsOf({ suggestedQuestions: ['x'.repeat(121)] })).toEqual([
      ['suggestedQuestions.0', 'Keep each suggested question to 120 characters or fewer.'],
    ]);
  });

  it('reads stored settings with missing keys as their defaults', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ greeting: 'Hello' }).greeting).toBe('Hello');
  });
});
