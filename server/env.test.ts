import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InvalidEnvError, parseEnv } from './env';
import { limitsFromEnv } from './services/usage/limits';

describe('parseEnv', () => {
  it('gives the documented defaults when nothing is set', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: './.data', NODE_ENV: 'development', LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    const env = parseEnv({ PORT: '', DATABASE_URL: '' });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('lists every bad setting at once', () => {
    let error: unknown;
    try {
      parseEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEnvError);
    const { problems } = error as InvalidEnvError;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT: .*number.*"abc"/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL: must be a postgres/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('takes only exact address:port pairs as UNSAFE_KNOWLEDGE_FETCH_EXEMPT', () => {
    expect(parseEnv({}).UNSAFE_KNOWLEDGE_FETCH_EXEMPT).toEqual([]);
    expect(
      parseEnv({ UNSAFE_KNOWLEDGE_FETCH_EXEMPT: '127.0.0.1:4321, [::1]:80' }).UNSAFE_KNOWLEDGE_FETCH_EXEMPT,
    ).toEqual(['127.0.0.1:4321', '[::1]:80']);
    for (const bad of [
      '*',
      '127.0.0.1',
      '127.0.0.*:80',
      '10.0.0.0/8:80',
      'localhost:80',
      '127.0.0.1:*',
      '999.0.0.1:80',
    ])
      expect(() => parseEnv({ UNSAFE_KNOWLEDGE_FETCH_EXEMPT: bad }), bad).toThrow(/UNSAFE_KNOWLEDGE_FETCH_EXEMPT/);
    expect(() => parseEnv({ UNSAFE_KNOWLEDGE_FETCH_EXEMPT: '127.0.0.1:70000' })).toThrow(/port 1–65535/);
  });

  it('takes a whole number as UNSAFE_JOB_RETRY_LIMIT', () => {
    expect(parseEnv({ UNSAFE_JOB_RETRY_LIMIT: '0' }).UNSAFE_JOB_RETRY_LIMIT).toBe(0);
    expect(() => parseEnv({ UNSAFE_JOB_RETRY_LIMIT: '-1' })).toThrow(/UNSAFE_JOB_RETRY_LIMIT: must be 0 or more/);
  });

  it('refuses a port out of range', () => {
    expect(() => parseEnv({ PORT: '70000' })).toThrow(/PORT: must be between 0 and 65535/);
  });

  it('reads the plan limits new workspaces start with, and refuses bad ones', () => {
    const env = parseEnv({ LIMIT_MONTHLY_MESSAGES: '1000', LIMIT_STORAGE_MB: '10' });
    expect(limitsFromEnv(env)).toMatchObject({ monthlyMessageLimit: 1000, storageByteLimit: 10 * 1024 * 1024 });
    expect(parseEnv({}).LIMIT_MONTHLY_TOKENS).toBe(20_000_000);
    expect(() => parseEnv({ LIMIT_DOCUMENTS: '-1' })).toThrow(/LIMIT_DOCUMENTS: must be 0 or more/);
    expect(() => parseEnv({ LIMIT_MONTHLY_WEBHOOKS: 'lots' })).toThrow(/LIMIT_MONTHLY_WEBHOOKS: must be a number/);
  });
});

describe('start-up with an invalid environment', () => {
  it('refuses to start and says what is wrong', async () => {
    const run = promisify(execFile);
    const result = await run('npx', ['tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: 'http://nope', DATA_DIR: '/tmp/parley-never-created' },
      timeout: 30_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Parley cannot start');
    expect(result.stderr).toMatch(/PORT: .*"not-a-port"/);
    expect(result.stderr).toMatch(/DATABASE_URL: must be a postgres/);
  });
});
