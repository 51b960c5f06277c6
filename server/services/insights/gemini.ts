import { z } from 'zod';
import { lazyGeminiClient } from '../gemini-sdk';
import type { TLabels } from './offline';

const ZGeminiLabels = z.object({
  topic: z.string().trim().min(1).max(60).nullable(),
  sentiment: z.enum(['positive', 'neutral', 'negative']),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2}$/)
    .nullable(),
});

/** What Gemini is asked to fill in: a JSON schema, so the answer is parsed, never guessed from prose. */
const RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    topic: { type: ['string', 'null'], description: 'What the visitor asked about, 1 to 3 words, e.g. "Returns".' },
    sentiment: { type: 'string', enum: ['positive', 'neutral', 'negative'] },
    language: { type: ['string', 'null'], description: 'ISO 639-1 code of the visitor’s language, e.g. "de".' },
  },
  required: ['topic', 'sentiment', 'language'],
};

export type TGeminiLabeller = (visitorText: string[], knownTopics: string[]) => Promise<TLabels>;

/**
 * One structured-output call per conversation: Gemini reads the visitor's
 * messages and the workspace's topics so far (so it reuses one rather than
 * inventing a near-synonym) and answers JSON in the schema above.
 */
export function geminiLabeller(apiKey: string, model: string): TGeminiLabeller {
  const client = lazyGeminiClient(apiKey);
  return async (visitorText, knownTopics) => {
    const response = await (
      await client()
    ).models.generateContent({
      model,
      contents: [{ role: 'user', parts: [{ text: visitorText.join('\n').slice(0, 8000) }] }],
      config: {
        systemInstruction:
          'Label this customer-support conversation from the visitor messages given. ' +
          `Reuse one of these existing topics when it fits: ${JSON.stringify(knownTopics.slice(0, 50))}.`,
        responseMimeType: 'application/json',
        responseJsonSchema: RESPONSE_SCHEMA,
        temperature: 0,
        abortSignal: AbortSignal.timeout(30_000),
      },
    });
    const labels = ZGeminiLabels.parse(JSON.parse(response.text ?? ''));
    return { topic: labels.topic, sentiment: labels.sentiment, language: labels.language };
  };
}
