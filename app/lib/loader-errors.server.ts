import { data, redirect } from '@remix-run/node';

const STATUS: Record<string, number> = {
  // A loader's input comes from the URL: a malformed id is a page that does not exist.
  BAD_REQUEST: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

/**
 * For loaders: a tRPC refusal becomes the matching HTTP answer — a log-in
 * redirect for UNAUTHORIZED, otherwise the status with the server's sentence
 * for the error page — instead of a 500.
 */
export async function orHttpError<T>(request: Request, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const { name, code, message } = (error ?? {}) as { name?: string; code?: string; message?: string };
    if (name !== 'TRPCError' || !code || !(code in STATUS)) throw error;
    if (code === 'UNAUTHORIZED') {
      const url = new URL(request.url);
      throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
    }
    throw data({ message }, { status: STATUS[code] });
  }
}
