import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../tests/helpers/db';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import { redactUrl } from './log-redaction';

describe('redactUrl', () => {
  it('hides the one-time tokens of e-mail links, previews and OAuth callbacks', () => {
    expect(redactUrl('/verify-email?token=abc123')).toBe('/verify-email?token=[redacted]');
    expect(redactUrl('/reset-password?token=abc&next=%2Fapp')).toBe('/reset-password?token=[redacted]&next=%2Fapp');
    expect(redactUrl('/confirm-email?TOKEN=abc')).toBe('/confirm-email?TOKEN=[redacted]');
    expect(redactUrl('/widget/frame?key=cb_1&origin=https%3A%2F%2Fshop.example&preview=v1.sig')).toBe(
      '/widget/frame?key=cb_1&origin=https%3A%2F%2Fshop.example&preview=[redacted]',
    );
    expect(redactUrl('/auth/github/callback?code=gh-code&state=s-1')).toBe(
      '/auth/github/callback?code=[redacted]&state=[redacted]',
    );
    // An escaped name is still the same parameter to the server, so it is hidden too.
    expect(redactUrl('/verify-email?%74oken=abc')).toBe('/verify-email?%74oken=[redacted]');
  });

  it('hides invitation tokens in the path, with or without a query', () => {
    expect(redactUrl('/invitations/inv_s3cr3t')).toBe('/invitations/[redacted]');
    expect(redactUrl('/invitations/inv_s3cr3t?_data=routes%2Finvitations.%24token')).toBe(
      '/invitations/[redacted]?_data=routes%2Finvitations.%24token',
    );
  });

  it('leaves everything else as it came, malformed or not', () => {
    for (const url of ['/app/inbox?c=123', '/healthz', '/x?%E0%A4%A=1', '/?token', '/api/trpc/a,b?batch=1'])
      expect(redactUrl(url)).toBe(url === '/?token' ? '/?token=[redacted]' : url);
  });
});

describe('the request log of a real server', () => {
  const lines: string[] = [];
  let parley: Parley;
  beforeAll(async () => {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
    parley = await startParley(env, pino({ level: 'info' }, sink), {
      database: await createTestDatabase(),
      serveWebApp: false,
    });
  });
  afterAll(() => parley?.close());

  it('carries no token from the URL', async () => {
    await fetch(`${parley.url}/reset-password?token=rst_live_secret`);
    await fetch(`${parley.url}/invitations/inv_live_secret`);
    const requests = lines.map((line) => JSON.parse(line) as { req?: { url: string } }).filter((entry) => entry.req);
    expect(requests.map((entry) => entry.req!.url)).toEqual(
      expect.arrayContaining(['/reset-password?token=[redacted]', '/invitations/[redacted]']),
    );
    expect(lines.join('\n')).not.toMatch(/live_secret/);
  });
});
