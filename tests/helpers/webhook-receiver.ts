import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type TReceived = { path: string; headers: Record<string, string>; body: string };

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it records every request and answers with
 * the status `respond` gives for it (200 unless told otherwise).
 */
export async function startWebhookReceiver() {
  const received: TReceived[] = [];
  let respond: (request: TReceived) => number = () => 200;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        path: request.url ?? '/',
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, [value ?? ''].flat().join(', ')]),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      const status = respond(entry);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    /** Only the requests to one path. */
    at: (path: string) => received.filter((entry) => entry.path === path),
    answer: (fn: (request: TReceived) => number) => void (respond = fn),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
