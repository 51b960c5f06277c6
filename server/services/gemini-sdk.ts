import type * as GenAI from '@google/genai';

type TSdk = typeof GenAI;
type GoogleGenAI = GenAI.GoogleGenAI;

let loading: Promise<TSdk> | null = null;
let loaded: TSdk | null = null;

/**
 * `@google/genai` is loaded on first use, not at start: it holds ~19 MB of
 * resident memory, which an installation in offline mode (the default)
 * would carry for nothing (decision 0010).
 */
const loadSdk = () =>
  (loading ??= import('@google/genai').then((sdk) => {
    loaded = sdk;
    return sdk;
  }));

/** A Gemini client for `apiKey`, made the first time it is asked for. */
export function lazyGeminiClient(apiKey: string): () => Promise<GoogleGenAI> {
  let client: Promise<GoogleGenAI> | null = null;
  return () => (client ??= loadSdk().then((sdk) => new sdk.GoogleGenAI({ apiKey })));
}

/**
 * Worth another try: Gemini's 429 and 5xx, and fetch's TypeError on a network
 * failure (reset, DNS hiccup). An `ApiError` exists only once the SDK is loaded.
 */
export const isRetryableGeminiError = (error: unknown) =>
  loaded && error instanceof loaded.ApiError ? error.status === 429 || error.status >= 500 : error instanceof TypeError;
