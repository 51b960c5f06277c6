import { delay, http, HttpResponse } from 'msw';

/** How the fake answers one `streamGenerateContent` request. */
export type TGeminiTurn = {
  /** A non-200 status answered at once (429, 500…). */
  status?: number;
  /** The text pieces streamed as SSE events, in order. */
  chunks?: string[];
  /** Waits this long before the first event (to outlast a timeout). */
  firstChunkDelayMs?: number;
  /** Breaks the connection after this many chunks (a stream cut in the middle). */
  cutAfter?: number;
  usage?: { promptTokenCount: number; candidatesTokenCount: number };
};

type TGenerateBody = {
  contents: { role: string; parts: { text: string }[] }[];
  systemInstruction?: { parts: { text: string }[] };
  generationConfig?: { temperature?: number; maxOutputTokens?: number };
};

const encoder = new TextEncoder();
const event = (payload: unknown) => encoder.encode(`data: ${JSON.stringify(payload)}\r\n\r\n`);

/**
 * Gemini's streaming endpoint (`models/{model}:streamGenerateContent?alt=sse`,
 * what `@google/genai`'s `generateContentStream` calls), faked at the HTTP
 * boundary. Each request takes the next scripted turn (the last one repeats).
 * Requests for other methods (embeddings) fall through to other fakes.
 */
export function fakeGeminiChat(turns: TGeminiTurn[]) {
  const script = [...turns];
  const requests: { model: string; apiKey: string | null; body: TGenerateBody; url: string }[] = [];

  const handlers = [
    http.post('https://generativelanguage.googleapis.com/v1beta/models/:model', async ({ request, params }) => {
      const [model, method] = String(params.model).split(':');
      if (method !== 'streamGenerateContent') return undefined;
      const body = (await request.json()) as TGenerateBody;
      requests.push({ model: model!, apiKey: request.headers.get('x-goog-api-key'), body, url: request.url });
      const turn = (script.length > 1 ? script.shift() : script[0]) ?? { chunks: ['OK'] };
      if (turn.status && turn.status !== 200)
        return HttpResponse.json(
          { error: { code: turn.status, message: 'Fake Gemini error', status: 'UNAVAILABLE' } },
          { status: turn.status },
        );
      const chunks = turn.chunks ?? [];
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          if (turn.firstChunkDelayMs) await delay(turn.firstChunkDelayMs);
          for (const [i, text] of chunks.entries()) {
            if (turn.cutAfter !== undefined && i >= turn.cutAfter) {
              controller.error(new Error('connection reset by the fake'));
              return;
            }
            const isLast = i === chunks.length - 1;
            controller.enqueue(
              event({
                candidates: [
                  { content: { role: 'model', parts: [{ text }] }, ...(isLast ? { finishReason: 'STOP' } : {}) },
                ],
                ...(isLast && turn.usage ? { usageMetadata: turn.usage } : {}),
              }),
            );
            await delay(1);
          }
          controller.close();
        },
      });
      return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } });
    }),
  ];
  return { handlers, requests };
}
