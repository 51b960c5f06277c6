import http from 'node:http';
import WebSocket from 'ws';

export type TRawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One HTTP request with exactly the headers given — `fetch` will not send a
 * `Host` of our choosing, and the edge tests are about headers like it.
 */
export const rawRequest = (
  baseUrl: string,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string },
) =>
  new Promise<TRawResponse>((resolve, reject) => {
    const request = http.request(new URL(options.path, baseUrl), {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.end(options.body);
  });

/** Opens a WebSocket with the given headers: 'open', or the status code the upgrade was answered with. */
export const upgradeOutcome = (url: string, headers: Record<string, string>) =>
  new Promise<string>((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(String(response.statusCode));
      response.resume();
    });
    socket.on('error', () => resolve('error'));
  });
