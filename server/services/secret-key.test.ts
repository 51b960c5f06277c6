import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { ensureSecretKey, keyFilePaths, seal, signParts, unseal } from './secret-key';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-key-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the secret key', () => {
  it('seals and unseals; another key, or a changed byte, opens nothing', () => {
    const env = parseEnv({ NODE_ENV: 'test', SECRET_KEY: 'a'.repeat(40) });
    const sealed = seal(env, 'Confirm: https://parley.test/verify-email?token=abc');
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain('token=abc');
    expect(seal(env, 'same')).not.toBe(seal(env, 'same'));
    expect(unseal(env, sealed)).toBe('Confirm: https://parley.test/verify-email?token=abc');
    expect(unseal(parseEnv({ NODE_ENV: 'test', SECRET_KEY: 'b'.repeat(40) }), sealed)).toBeNull();
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    expect(unseal(env, flipped)).toBeNull();
    // Bodies stored before sealing existed are returned as they are.
    expect(unseal(env, 'plain text')).toBe('plain text');
  });

  it('without SECRET_KEY, makes a key file beside the data folder once, and every later start reads it', () => {
    const dataDir = path.join(root, 'beside', 'data');
    const env = parseEnv({ NODE_ENV: 'production', DATA_DIR: dataDir });
    ensureSecretKey(env);
    const [beside] = keyFilePaths(dataDir);
    expect(beside).toBe(`${dataDir}.key`);
    expect(fs.readFileSync(beside!, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(fs.statSync(beside!).mode & 0o777).toBe(0o600);
    // Not inside the data folder: a copy of the folder does not carry the key.
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
    const sealed = seal(env, 'hello');
    // Another process (or a restart) with the same folder reads the same key.
    const other = parseEnv({ NODE_ENV: 'production', DATA_DIR: `${path.join(root, 'beside')}/./data` });
    expect(unseal(other, sealed)).toBe('hello');
    expect(signParts(other, 'p', ['x'])).toBe(signParts(env, 'p', ['x']));
  });

  it('SECRET_KEY wins over a key file, and purposes get different keys', () => {
    const dataDir = path.join(root, 'env-wins', 'data');
    const env = parseEnv({ NODE_ENV: 'production', DATA_DIR: dataDir, SECRET_KEY: 'c'.repeat(40) });
    ensureSecretKey(env);
    expect(fs.existsSync(`${dataDir}.key`)).toBe(false);
    expect(signParts(env, 'device', ['x'])).not.toBe(signParts(env, 'sign-up-proof', ['x']));
  });

  it('refuses a SECRET_KEY that is too short, with how to make one', () => {
    expect(() => parseEnv({ SECRET_KEY: 'short' })).toThrow(/SECRET_KEY: must be at least 32 characters/);
  });
});
