import { http, HttpResponse } from 'msw';

type TEmbedRequest = {
  requests: {
    model: string;
    content: { parts: { text: string }[] };
    taskType?: string;
    outputDimensionality?: number;
  }[];
};

export type TFakeGeminiOptions = {
  /** Answers the first N requests with these statuses (e.g. [429]) before succeeding. */
  failWith?: number[];
};

/**
 * Gemini's batch embedding endpoint (what `@google/genai` calls for
 * `models.embedContent` with the Gemini API), faked at the HTTP boundary.
 * Each vector is deterministic, not unit length (like Gemini's reduced
 * dimensions), and carries the text's length in its first component so a
 * test can check order.
 */
export function fakeGemini(options: TFakeGeminiOptions = {}) {
  const failures = [...(options.failWith ?? [])];
  /** Every request that reached the fake, failed or not. */
  const requests: { model: string; apiKey: string | null; body: TEmbedRequest; status: number }[] = [];

  const handlers = [
    http.post('https://generativelanguage.googleapis.com/v1beta/models/:model', async ({ request, params }) => {
      const [model, method] = String(params.model).split(':');
      const body = (await request.json()) as TEmbedRequest;
      const status = failures.shift() ?? 200;
      requests.push({ model: model!, apiKey: request.headers.get('x-goog-api-key'), body, status });
      if (method !== 'batchEmbedContents') return HttpResponse.json({ error: { code: 404 } }, { status: 404 });
      if (status !== 200)
        return HttpResponse.json(
          { error: { code: status, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } },
          { status },
        );
      return HttpResponse.json({
        embeddings: body.requests.map((r) => {
          const text = r.content.parts.map((p) => p.text).join('');
          const size = r.outputDimensionality ?? 3072;
          return { values: Array.from({ length: size }, (_, i) => (i === 0 ? text.length : ((i % 7) + 1) * 0.5)) };
        }),
      });
    }),
  ];
  return { handlers, requests };
}
