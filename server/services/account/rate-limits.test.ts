import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { createTestApp } from '../../../tests/helpers/app';
import { createWireDatabase } from '../../../tests/helpers/pglite-server';
import { AppError } from '../../errors';
import { assertUnderLimit, authLimiters, consumeLimit, penalise, resetLimit } from './rate-limits';

const drivers: Array<{ name: string; open: () => Promise<{ database: Database; close: () => Promise<void> }> }> = [
  {
    name: 'PGlite',
    open: async () => {
      const h = await createTestApp();
      return { database: h.database, close: h.close };
    },
  },
  // Not the harness's database: the same limits through the production driver, postgres.js over the wire.
  { name: 'postgres.js', open: () => createWireDatabase({ poolMax: 1 }) },
];

describe.each(drivers)('limits stored in rate_limits on $name', ({ open }) => {
  let handle: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(() => handle.close());

  it('counts, refuses past the limit with minutes to wait, and resets', async () => {
    const { resendAccount } = authLimiters(handle.database);
    for (let i = 0; i < 5; i++) await consumeLimit(resendAccount, 'someone@example.test');
    const error = await consumeLimit(resendAccount, 'someone@example.test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'Too many attempts. Try again in 60 minutes.' });
    await resetLimit(resendAccount, 'someone@example.test');
    await consumeLimit(resendAccount, 'someone@example.test');
  });

  it('checks without spending, and penalties count', async () => {
    const { loginAccount } = authLimiters(handle.database);
    await assertUnderLimit(loginAccount, 'x@example.test');
    for (let i = 0; i < 100; i++) await penalise(loginAccount, 'x@example.test');
    await expect(assertUnderLimit(loginAccount, 'x@example.test')).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Other keys are untouched, and the stored keys are hashes, not the e-mail.
    await assertUnderLimit(loginAccount, 'y@example.test');
    const { rows } = await handle.database.executeSql('select key from rate_limits');
    expect(JSON.stringify(rows)).not.toContain('example.test');
  });

  it('is one set of limiters per database', () => {
    expect(authLimiters(handle.database)).toBe(authLimiters(handle.database));
  });
});
