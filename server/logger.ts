import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs, one object a line. Request-scoped children carry a
 * `reqId`, so every line a request causes can be found together.
 */
export function createLogger(options: { level: string; pretty?: boolean }): Logger {
  return pino({
    level: options.level,
    base: { service: 'parley' },
    redact: ['req.headers.cookie', 'req.headers.authorization', 'connectionParams'],
    ...(options.pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
  });
}
