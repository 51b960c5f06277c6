import type { ParleyLoadContext } from '../server/load-context';

declare module '@remix-run/node' {
  // server/http/server.ts builds this per request in getLoadContext.
  interface AppLoadContext extends ParleyLoadContext {}

  // Makes useLoaderData/useFetcher infer single-fetch types (plain objects, Dates kept).
  interface Future {
    v3_singleFetch: true;
  }
}
