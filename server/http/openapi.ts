import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type RequestHandler } from 'express';
import type { generateOpenApiDocument, OpenApiRouter } from 'trpc-to-openapi';
import { z } from 'zod';
import { appUrl, type TEnv } from '../env';
import type { Context } from '../trpc/context';
import type { TMeta } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { TRPC_MAX_BODY_BYTES } from './body-limits';

/** Where the REST routes live, and the document describing them. */
export const REST_PATH = '/api/v1';
export const OPENAPI_PATH = '/api/openapi.json';

type TDocument = ReturnType<typeof generateOpenApiDocument>;
const SECURITY_SCHEME = 'apiKey';

type TProcedure = { _def: { type: string; meta?: TMeta; output?: unknown; inputs: unknown[] } };

// At run time `_def.procedures` is flat, keyed by dotted path.
const procedures = appRouter._def.procedures as unknown as Record<string, TProcedure>;

/** Every error a REST route answers, in the JSON shape of docs/api.md ("Errors"). */
const ERROR_RESPONSES = {
  400: 'The input is not valid: `message`, `issues` and `data.fieldErrors` say what to change.',
  401: 'No API key, or one that is unknown, revoked or expired.',
  403: 'The key lacks the scope this route needs, or its creator is no longer an admin.',
  404: 'Nothing with this id in the workspace (ids of other workspaces included).',
  409: 'The change conflicts with the current state (for example, someone else took the conversation over).',
  429: "The key's calls per minute are spent: wait `Retry-After` seconds.",
  500: 'Something went wrong on our side; the `x-request-id` response header names it in the log.',
};

const RATE_LIMIT_HEADERS = z.object({
  'RateLimit-Limit': z.string().meta({ description: "The key's calls per minute." }),
  'RateLimit-Remaining': z.string().meta({ description: 'Calls left in this minute.' }),
  'RateLimit-Reset': z.string().meta({ description: 'Seconds until the count starts again.' }),
  'RateLimit-Policy': z.string().meta({ description: 'The limit and its window, e.g. `120;w=60`.' }),
});

/**
 * The procedures an API key may call that declare a REST route
 * (`meta.openapi`), as trpc-to-openapi reads them. Their results are not
 * described by output schemas on the procedures — an output schema strips
 * every field it does not name, and the typed client reads the same
 * procedures — so the document names the tRPC procedure whose result the
 * route returns (docs/api.md describes each). Calls still go through the
 * real router (`createCaller`), with every rule of the procedure ladder.
 */
function restRouter() {
  const routes: Record<string, TProcedure> = {};
  const scopes = new Map<string, string>();
  for (const [path, procedure] of Object.entries(procedures)) {
    const meta = procedure._def.meta;
    if (!meta?.openapi || !meta.apiScope || procedure._def.type === 'subscription') continue;
    const description = [
      meta.openapi.description,
      `Needs an API key with the \`${meta.apiScope}\` scope. Returns what the tRPC procedure \`${path}\` returns, as JSON (dates as ISO 8601 strings).`,
    ]
      .filter(Boolean)
      .join('\n\n');
    const operationId = path.replaceAll('.', '-');
    scopes.set(operationId, meta.apiScope);
    routes[path] = {
      _def: {
        ...procedure._def,
        output: procedure._def.output ?? z.unknown().meta({ description: `The result of \`${path}\`.` }),
        meta: {
          ...meta,
          openapi: {
            ...meta.openapi,
            operationId,
            description,
            tags: [path.split('.')[0]!],
            responseHeaders: RATE_LIMIT_HEADERS,
            errorResponses: ERROR_RESPONSES,
          } as TMeta['openapi'],
        },
      },
    };
  }
  const router = { ...appRouter, _def: { ...appRouter._def, procedures: routes } } as unknown as OpenApiRouter;
  return { router, scopes };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Each operation's security requirement names the key scope it needs
 * (OpenAPI 3.1 lets non-OAuth schemes list roles there), so tools, and the
 * REST isolation test, read it from the document.
 */
function withScopes(document: TDocument, scopes: Map<string, string>) {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation?.operationId) operation.security = [{ [SECURITY_SCHEME]: [scopes.get(operation.operationId)!] }];
    }
  }
  return document;
}

/**
 * Query strings carry text, so trpc-to-openapi switches coercion on in the
 * number, boolean and date schemas of a REST route's input (the schema
 * objects tRPC uses too, whose typed callers send those types already). It
 * coerces a boolean with `Boolean(text)`, for which "false" is true, so a
 * boolean query parameter of any route is read as the word it is first.
 */
function booleanQueryFields(document: TDocument) {
  const names = new Set<string>();
  for (const item of Object.values(document.paths ?? {})) {
    for (const parameter of item.get?.parameters ?? []) {
      const { in: where, name, schema } = parameter as { in: string; name: string; schema?: { type?: string } };
      if (where === 'query' && schema?.type === 'boolean') names.add(name);
    }
  }
  return names;
}

export type TRestContext = (req: IncomingMessage & { id?: unknown }, res: ServerResponse) => Promise<Context>;

/**
 * `GET /api/openapi.json` (OpenAPI 3.1) and the REST routes under
 * `/api/v1`, for callers without the typed client (Python, PHP, n8n's
 * HTTP node). Same keys (`Authorization: Bearer pk_live_…`), rate limits,
 * `RateLimit-*` headers and errors as /api/trpc, from the same context.
 */
export function restRoutes(env: TEnv, createContext: TRestContext): RequestHandler {
  const { router, scopes } = restRouter();
  // Loaded and made on the first request, not at start: trpc-to-openapi is ~20 MB of RSS imported alone, and the
  // document is half a second of work, which an install without REST callers never needs.
  let ready: Promise<{ document: TDocument; booleans: Set<string>; handle: RequestHandler }> | null = null;
  const load = () =>
    (ready ??= import('trpc-to-openapi').then(({ createOpenApiExpressMiddleware, generateOpenApiDocument }) => {
      const document = withScopes(
        generateOpenApiDocument(router, {
          title: 'Parley API',
          version: '1',
          description:
            'The public procedures of Parley, as REST. Authenticate with a workspace API key: `Authorization: Bearer pk_live_…`. A key acts as the admin who created it, within its scopes. Guide: docs/api.md.',
          // Without APP_URL the address is whatever the caller used: relative to the document, which 3.1 allows.
          baseUrl: env.APP_URL ? `${appUrl(env)}${REST_PATH}` : REST_PATH,
          securitySchemes: {
            [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', description: 'A workspace API key, pk_live_…' },
          },
        }),
        scopes,
      );
      const handle = createOpenApiExpressMiddleware({
        router,
        createContext: ({ req, res }) => createContext(req, res),
        maxBodySize: TRPC_MAX_BODY_BYTES,
      }) as RequestHandler;
      return { document, booleans: booleanQueryFields(document), handle };
    }));
  const routes = express.Router();
  routes.get(OPENAPI_PATH, (_req, res, next) => {
    load().then(({ document }) => res.json(document), next);
  });
  routes.use(REST_PATH, (req, res, next) => {
    // The library parses a body only under exactly `application/json`; `; charset=utf-8` would drop it.
    if (/^application\/json\s*;/i.test(req.headers['content-type'] ?? ''))
      req.headers['content-type'] = 'application/json';
    load().then(({ booleans, handle }) => {
      if (req.method === 'GET') {
        const query = req.query as Record<string, unknown>;
        for (const name of booleans) {
          if (query[name] === 'false' || query[name] === '0') query[name] = '';
        }
      }
      void handle(req, res, next);
    }, next);
  });
  return routes;
}
