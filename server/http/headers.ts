import type { IncomingHttpHeaders } from 'node:http';

/** Node's header object as a fetch `Headers`, the shape the tRPC context reads. */
export function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item);
  }
  return headers;
}
