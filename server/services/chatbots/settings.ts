import { z } from 'zod';
import { ANSWER_LANGUAGES } from '../../../shared/languages';

/**
 * What a chatbot's `settings` JSON may hold. One schema decides, on every
 * write: the service merges a partial change into the stored settings and
 * validates the whole, so rules spanning fields (a webhook URL in webhook
 * mode) hold however the change arrives. Exported for the web app's forms.
 */

export const ZLanguage = z.enum(ANSWER_LANGUAGES, { error: 'chatbots:validation.language' });

/** Presets map to token caps in the answering code; a number is a cap of its own. */
export const ZAnswerLength = z.union(
  [
    z.enum(['short', 'medium', 'long']),
    z
      .number()
      .int('chatbots:validation.tokensWhole')
      .min(50, 'chatbots:validation.tokensMin')
      .max(2000, 'chatbots:validation.tokensMax'),
  ],
  { error: 'chatbots:validation.answerLength' },
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
  .string({ error: 'chatbots:validation.webhookText' })
  .trim()
  .max(2048, 'chatbots:validation.webhookTooLong')
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || isLocalHttpUrl(value);
      } catch {
        return false;
      }
    },
    { error: 'chatbots:validation.webhookHttps' },
  );

const ZSuggestedQuestions = z
  .array(z.string().max(500, 'chatbots:validation.questionTooLong'))
  .max(50, 'chatbots:validation.tooManyQuestions')
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
    z.array(z.string().max(120, 'chatbots:validation.questionTooLong')).max(6, 'chatbots:validation.tooManyQuestions'),
  );

const fields = {
  persona: z
    .string({ error: 'chatbots:validation.personaText' })
    .trim()
    .max(4000, 'chatbots:validation.personaTooLong'),
  languagePolicy: z.enum(['match_visitor', 'fixed'], {
    error: 'chatbots:validation.languagePolicy',
  }),
  /** Used when the policy is `fixed`, and when the visitor's language cannot be told. */
  language: ZLanguage,
  /** The Gemini model for this chatbot's answers; null means the server's GEMINI_MODEL. */
  model: z.preprocess(
    // A cleared field means "the server's default", not a model called "".
    (value) => (typeof value === 'string' && !value.trim() ? null : value),
    z
      .string({ error: 'chatbots:validation.modelText' })
      .trim()
      .max(100, 'chatbots:validation.modelTooLong')
      .regex(/^[a-z0-9][a-z0-9.-]*$/, 'chatbots:validation.modelFormat')
      .nullable(),
  ),
  temperature: z
    .number({ error: 'chatbots:validation.temperatureNumber' })
    .min(0, 'chatbots:validation.temperatureRange')
    .max(1, 'chatbots:validation.temperatureRange')
    // Steps of 0.05 are all a slider offers; rounding keeps stored values tidy.
    .transform((value) => Math.round(value * 20) / 20),
  answerLength: ZAnswerLength,
  greeting: z
    .string({ error: 'chatbots:validation.greetingText' })
    .trim()
    .max(500, 'chatbots:validation.greetingTooLong'),
  suggestedQuestions: ZSuggestedQuestions,
  fallbackMessage: z
    .string({ error: 'chatbots:validation.fallbackText' })
    .trim()
    .min(1, 'chatbots:validation.fallbackRequired')
    .max(500, 'chatbots:validation.fallbackTooLong'),
  responseMode: z.enum(['ai', 'webhook', 'human'], { error: 'chatbots:validation.responseMode' }),
  webhookUrl: ZWebhookUrl.nullable(),
  handoffPolicy: z.enum(['never', 'on_request', 'on_low_confidence', 'always_offer'], {
    error: 'chatbots:validation.handoffPolicy',
  }),
  /** Below this best retrieval score an answer counts as low-confidence (handoff, knowledge gap). */
  confidenceThreshold: z
    .number({ error: 'chatbots:validation.thresholdNumber' })
    .min(0, 'chatbots:validation.thresholdRange')
    .max(1, 'chatbots:validation.thresholdRange'),
  /** Whether answers show the passages they were grounded in. */
  showSources: z.boolean({ error: 'chatbots:validation.showSources' }),
};

export const ZChatbotSettings = z.object(fields).superRefine((settings, ctx) => {
  if (settings.responseMode === 'webhook' && !settings.webhookUrl) {
    ctx.addIssue({
      code: 'custom',
      path: ['webhookUrl'],
      message: 'chatbots:validation.webhookRequired',
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

/** Why an address is not a website, as a message key and the values its sentence quotes. */
export type TOriginError = { key: string; values?: { address: string } };

const notAWebsite = (address: string): TOriginError => ({
  key: 'chatbots:validation.notAWebsite',
  values: { address },
});

/**
 * One origin as the browser sends it in `Origin`: `scheme://host[:port]`,
 * lower-case, default port dropped. A bare `example.com` means https; a
 * pasted page address keeps only its origin. `https://*.example.com`
 * stands for every subdomain (not the apex itself).
 */
export const normaliseOrigin = (raw: string): { origin: string } | { error: TOriginError } => {
  const input = raw.trim();
  if (!input) return { error: { key: 'chatbots:validation.originRequired' } };
  if (input.length > 2048) {
    return { error: { key: 'chatbots:validation.originTooLong', values: { address: input.slice(0, 40) } } };
  }
  const withScheme =
    /^[a-z][a-z0-9+.-]*:/i.test(input) && !/^[^:/]+:\d+(\/|$)/.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: notAWebsite(input) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: notAWebsite(input) };
  if (url.username || url.password) {
    return { error: { key: 'chatbots:validation.originUserName', values: { address: input } } };
  }
  const host = url.hostname;
  if (!host) return { error: notAWebsite(input) };
  const labels = host.split('.');
  if (host.includes('*')) {
    const isWildcard = labels[0] === '*' && labels.slice(1).every((label) => label && !label.includes('*'));
    if (!isWildcard || labels.length < 3) {
      return { error: { key: 'chatbots:validation.originWildcard', values: { address: input } } };
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
  .array(z.string({ error: 'chatbots:validation.originText' }), { error: 'chatbots:validation.originList' })
  .max(500, 'chatbots:validation.tooManyOrigins')
  .transform((items, ctx) => {
    const origins: string[] = [];
    items.forEach((item, index) => {
      if (!item.trim()) return; // a blank form row
      const result = normaliseOrigin(item);
      // The sentence's values travel on the issue, for the message to quote when it is translated.
      if ('error' in result) {
        ctx.addIssue({ code: 'custom', path: [index], message: result.error.key, input: item, ...result.error.values });
      } else if (!origins.includes(result.origin)) origins.push(result.origin);
    });
    if (origins.length > MAX_ALLOWED_ORIGINS) {
      ctx.addIssue({ code: 'custom', message: 'chatbots:validation.tooManyOrigins', input: items });
    }
    return origins;
  });
