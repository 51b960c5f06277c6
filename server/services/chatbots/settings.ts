import { z } from 'zod';
import { ANSWER_LANGUAGES } from '../../../shared/languages';

/**
 * What a chatbot's `settings` JSON may hold. One schema decides, on every
 * write: the service merges a partial change into the stored settings and
 * validates the whole, so rules spanning fields (a webhook URL in webhook
 * mode) hold however the change arrives. Exported for the web app's forms.
 */

export const ZLanguage = z.enum(ANSWER_LANGUAGES, { error: 'Choose one of the languages in the list.' });

/** Presets map to token caps in the answering code; a number is a cap of its own. */
export const ZAnswerLength = z.union(
  [
    z.enum(['short', 'medium', 'long']),
    z
      .number()
      .int('Use a whole number of tokens.')
      .min(50, 'Allow at least 50 tokens per answer.')
      .max(2000, 'Answers are capped at 2000 tokens.'),
  ],
  { error: 'Choose short, medium or long, or a token cap between 50 and 2000.' },
);

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for http:// on this machine: allowed while developing a flow (n8n on localhost), refused in production. */
export const isLocalHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
};

export const ZWebhookUrl = z
  .string({ error: 'Enter the webhook address as text.' })
  .trim()
  .max(2048, 'Keep the webhook address to 2048 characters or fewer.')
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || isLocalHttpUrl(value);
      } catch {
        return false;
      }
    },
    { error: 'Enter the webhook as an https:// address (http:// only for localhost while developing).' },
  );

const ZSuggestedQuestions = z
  .array(z.string().max(500, 'Keep each suggested question to 120 characters or fewer.'))
  .max(50, 'Offer at most 6 suggested questions.')
  // Blank rows from a form are dropped and repeats folded, rather than refused.
  .transform((items) => {
    const seen = new Set<string>();
    return items
      .map((item) => item.trim().replace(/\s+/g, ' '))
      .filter((item) => {
        const key = item.toLowerCase();
        if (!item || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  })
  .pipe(
    z
      .array(z.string().max(120, 'Keep each suggested question to 120 characters or fewer.'))
      .max(6, 'Offer at most 6 suggested questions.'),
  );

const fields = {
  persona: z
    .string({ error: 'Describe the persona in text.' })
    .trim()
    .max(4000, 'Keep the persona to 4000 characters or fewer.'),
  languagePolicy: z.enum(['match_visitor', 'fixed'], {
    error: 'Choose whether to answer in the visitor’s language or a fixed one.',
  }),
  /** Used when the policy is `fixed`, and when the visitor's language cannot be told. */
  language: ZLanguage,
  /** The Gemini model for this chatbot's answers; null means the server's GEMINI_MODEL. */
  model: z.preprocess(
    // A cleared field means "the server's default", not a model called "".
    (value) => (typeof value === 'string' && !value.trim() ? null : value),
    z
      .string({ error: 'Write the model name as text.' })
      .trim()
      .max(100, 'Keep the model name to 100 characters or fewer.')
      .regex(
        /^[a-z0-9][a-z0-9.-]*$/,
        'Use a Gemini model name such as gemini-2.5-flash (lower-case letters, digits, "." and "-").',
      )
      .nullable(),
  ),
  temperature: z
    .number({ error: 'Set the creativity as a number between 0 and 1.' })
    .min(0, 'Creativity goes from 0 to 1.')
    .max(1, 'Creativity goes from 0 to 1.')
    // Steps of 0.05 are all a slider offers; rounding keeps stored values tidy.
    .transform((value) => Math.round(value * 20) / 20),
  answerLength: ZAnswerLength,
  greeting: z
    .string({ error: 'Write the greeting as text.' })
    .trim()
    .max(500, 'Keep the greeting to 500 characters or fewer.'),
  suggestedQuestions: ZSuggestedQuestions,
  fallbackMessage: z
    .string({ error: 'Write the fallback message as text.' })
    .trim()
    .min(1, 'Write a fallback message for questions the bot cannot answer.')
    .max(500, 'Keep the fallback message to 500 characters or fewer.'),
  responseMode: z.enum(['ai', 'webhook', 'human'], { error: 'Choose AI, webhook or human only.' }),
  webhookUrl: ZWebhookUrl.nullable(),
  handoffPolicy: z.enum(['never', 'on_request', 'on_low_confidence', 'always_offer'], {
    error: 'Choose when to offer a human.',
  }),
  /** Below this best retrieval score an answer counts as low-confidence (handoff, knowledge gap). */
  confidenceThreshold: z
    .number({ error: 'Set the confidence threshold as a number between 0 and 1.' })
    .min(0, 'The confidence threshold goes from 0 to 1.')
    .max(1, 'The confidence threshold goes from 0 to 1.'),
  /** Whether answers show the passages they were grounded in. */
  showSources: z.boolean({ error: 'Choose whether to show sources.' }),
};

export const ZChatbotSettings = z.object(fields).superRefine((settings, ctx) => {
  if (settings.responseMode === 'webhook' && !settings.webhookUrl) {
    ctx.addIssue({
      code: 'custom',
      path: ['webhookUrl'],
      message: 'Enter the webhook address the messages should be sent to, or choose another response mode.',
    });
  }
});

export type TChatbotSettings = z.output<typeof ZChatbotSettings>;

/** A change to some settings; unknown keys are refused so a typo is not silently dropped. */
export const ZChatbotSettingsPatch = z.strictObject(fields).partial();

export type TChatbotSettingsPatch = z.input<typeof ZChatbotSettingsPatch>;

export const DEFAULT_SETTINGS: TChatbotSettings = {
  persona: '',
  languagePolicy: 'match_visitor',
  language: 'en',
  model: null,
  temperature: 0.3,
  answerLength: 'medium',
  greeting: 'Hi! How can I help you today?',
  suggestedQuestions: [],
  fallbackMessage: "Sorry, I don't know the answer to that yet. Could you rephrase, or ask to talk to a person?",
  responseMode: 'ai',
  webhookUrl: null,
  handoffPolicy: 'on_request',
  confidenceThreshold: 0.35,
  showSources: true,
};

/**
 * Stored settings as the current schema sees them: missing keys take their
 * defaults, so settings written before a key existed still read whole.
 */
export const readSettings = (raw: unknown): TChatbotSettings => {
  const stored = raw && typeof raw === 'object' ? raw : {};
  const result = ZChatbotSettings.safeParse({ ...DEFAULT_SETTINGS, ...stored });
  return result.success ? result.data : DEFAULT_SETTINGS;
};

// ——— Allowed origins ———

export const MAX_ALLOWED_ORIGINS = 50;

const notAWebsite = (input: string) => `“${input}” is not a website address: use https://example.com`;

/**
 * One origin as the browser sends it in `Origin`: `scheme://host[:port]`,
 * lower-case, default port dropped. A bare `example.com` means https; a
 * pasted page address keeps only its origin. `https://*.example.com`
 * stands for every subdomain (not the apex itself).
 */
export const normaliseOrigin = (raw: string): { origin: string } | { error: string } => {
  const input = raw.trim();
  if (!input) return { error: 'Enter a website address, like https://example.com.' };
  if (input.length > 2048) return { error: `“${input.slice(0, 40)}…” is too long to be a website address.` };
  const withScheme =
    /^[a-z][a-z0-9+.-]*:/i.test(input) && !/^[^:/]+:\d+(\/|$)/.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: notAWebsite(input) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: notAWebsite(input) };
  if (url.username || url.password) return { error: `“${input}” contains a user name: use just https://example.com` };
  const host = url.hostname;
  if (!host) return { error: notAWebsite(input) };
  const labels = host.split('.');
  if (host.includes('*')) {
    const isWildcard = labels[0] === '*' && labels.slice(1).every((label) => label && !label.includes('*'));
    if (!isWildcard || labels.length < 3) {
      return { error: `“${input}” has a wildcard Parley cannot use: write it like https://*.example.com` };
    }
  } else {
    const isIp = host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host);
    if (!isIp && host !== 'localhost' && (labels.length < 2 || labels.some((label) => !label))) {
      return { error: notAWebsite(input) };
    }
  }
  // `URL.origin` is "null" for some hosts (wildcards); build it from the parts instead.
  return { origin: `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}` };
};

export const ZAllowedOrigins = z
  .array(z.string({ error: 'Enter each website address as text.' }), { error: 'List the website addresses.' })
  .max(500, `List at most ${MAX_ALLOWED_ORIGINS} websites.`)
  .transform((items, ctx) => {
    const origins: string[] = [];
    items.forEach((item, index) => {
      if (!item.trim()) return; // a blank form row
      const result = normaliseOrigin(item);
      if ('error' in result) ctx.addIssue({ code: 'custom', path: [index], message: result.error, input: item });
      else if (!origins.includes(result.origin)) origins.push(result.origin);
    });
    if (origins.length > MAX_ALLOWED_ORIGINS) {
      ctx.addIssue({ code: 'custom', message: `List at most ${MAX_ALLOWED_ORIGINS} websites.`, input: items });
    }
    return origins;
  });
