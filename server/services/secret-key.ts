import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TEnv } from '../env';

/**
 * The one secret Parley keeps outside its database: it seals the bodies of
 * stored mails (their links carry live tokens) and signs the sign-up and
 * device cookies. A copy of the database — a backup, a dump, a read-only
 * SQL injection — therefore opens no link and forges no cookie.
 *
 * Where it comes from, in order:
 * - `SECRET_KEY` from the environment. Installs where several processes share
 *   one Postgres must set the same value on every process: a mail queued by
 *   one may be sent by another, and a cookie signed by one is checked by all.
 * - under NODE_ENV=test without it, a random key for the life of the process
 *   (tests never share a database between processes);
 * - otherwise a key file made at first start *beside* the embedded data
 *   folder (`<DATA_DIR>.key`, so a copy of the folder does not carry it), or
 *   inside it when its parent is not writable (a container whose only
 *   volume is the data folder).
 */
const masterKeys = new Map<string, Buffer>();
let testKey: Buffer | null = null;

const KEY_BYTES = 32;

const readKeyFile = (file: string) => {
  try {
    const hex = fs.readFileSync(file, 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
  } catch {
    return null;
  }
};

/** Creates the file unless another process won the race, then reads whichever key is in it. */
const createKeyFile = (file: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKeyFile(file);
};

export const keyFilePaths = (dataDir: string) => {
  const folder = path.resolve(dataDir);
  return [`${folder}.key`, path.join(folder, 'secret.key')];
};

const keyFromFiles = (dataDir: string) => {
  const candidates = keyFilePaths(dataDir);
  for (const file of candidates) {
    const key = readKeyFile(file);
    if (key) return key;
  }
  const problems: string[] = [];
  for (const file of candidates) {
    try {
      const key = createKeyFile(file);
      if (key) return key;
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  throw new Error(`Parley could not create its key file (${problems.join('; ')}). Set SECRET_KEY instead.`);
};

const masterKey = (env: TEnv): Buffer => {
  if (env.SECRET_KEY) {
    let key = masterKeys.get(`env:${env.SECRET_KEY}`);
    if (!key) {
      key = createHmac('sha256', 'parley-secret-key').update(env.SECRET_KEY).digest();
      masterKeys.set(`env:${env.SECRET_KEY}`, key);
    }
    return key;
  }
  if (env.NODE_ENV === 'test') return (testKey ??= randomBytes(KEY_BYTES));
  const id = `file:${path.resolve(env.DATA_DIR)}`;
  let key = masterKeys.get(id);
  if (!key) {
    key = keyFromFiles(env.DATA_DIR);
    masterKeys.set(id, key);
  }
  return key;
};

/** Makes sure the key exists at start-up, so a problem with it stops the start instead of a later request. */
export const ensureSecretKey = (env: TEnv) => void masterKey(env);

/** A key for one purpose, so a MAC made for one use never verifies for another. */
export const derivedKey = (env: TEnv, purpose: string) => createHmac('sha256', masterKey(env)).update(purpose).digest();

/** A base64url HMAC-SHA-256 of `parts` under the key for `purpose`. */
export const signParts = (env: TEnv, purpose: string, parts: string[]) =>
  createHmac('sha256', derivedKey(env, purpose)).update(parts.join('\u0000')).digest('base64url');

const SEALED_PREFIX = 'sealed:v1:';

/** AES-256-GCM under the mail key: `sealed:v1:` + base64url(iv | tag | ciphertext). */
export const seal = (env: TEnv, plaintext: string) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derivedKey(env, 'mail-body'), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
};

export const isSealed = (value: string) => value.startsWith(SEALED_PREFIX);

/** The sealed text, or null when it was sealed under another key (or tampered with). Unsealed text is returned as is. */
export const unseal = (env: TEnv, value: string): string | null => {
  if (!isSealed(value)) return value;
  const raw = Buffer.from(value.slice(SEALED_PREFIX.length), 'base64url');
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', derivedKey(env, 'mail-body'), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
};
