import { hash, verify, type Options } from '@node-rs/argon2';
import { passwordStrength } from '../../../shared/password-strength';
import { AppError } from '../../errors';

/** OWASP's argon2id parameters: 19 MiB, two passes, one lane. */
const ARGON2_OPTIONS: Options = {
  // Algorithm.Argon2id; the enum is `const` and not importable under isolatedModules.
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export const hashPassword = (password: string) => hash(password, ARGON2_OPTIONS);

export const verifyPassword = async (passwordHash: string, password: string) => {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed match, never a crash that tells the caller something.
    return false;
  }
};

let dummyHash: Promise<string> | null = null;
/**
 * Verifies against a throwaway hash so a log-in for an unknown e-mail takes
 * as long as one with a wrong password (no account probing by timing).
 */
export const burnPasswordCheck = async (password: string) => {
  dummyHash ??= hashPassword('parley-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
};

/** Refuses weak passwords with field errors on `field`, using the same rules as the sign-up meter. */
export const assertStrongPassword = (options: { password: string; email: string; field: string }) => {
  const { problems } = passwordStrength(options.password, options.email);
  if (problems.length === 0) return;
  throw new AppError('BAD_REQUEST', problems[0]!, { [options.field]: problems });
};
