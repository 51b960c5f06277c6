import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { fieldErrorsOf } from '../../shared/field-errors';

/**
 * `await expect(call).toFailWith({ code, message, fieldErrors })`: the call
 * is refused with a TRPCError whose code, message and field errors (by dotted
 * path, as the forms show them) match the given ones the way `toMatchObject`
 * matches: strings exactly, `expect.stringMatching(/…/)` and other asymmetric
 * matchers too. A call that succeeds, or throws anything else, fails it.
 */
type TExpectedFailure = {
  code?: TRPCError['code'];
  message?: unknown;
  fieldErrors?: unknown;
  cause?: unknown;
};

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- must match vitest's own declaration
  interface Matchers<T = any> {
    toFailWith: (expected: TExpectedFailure) => Promise<T>;
  }
}

expect.extend({
  async toFailWith(received: unknown, expected: TExpectedFailure) {
    let error: unknown;
    try {
      await received;
    } catch (caught) {
      error = caught;
    }
    if (!(error instanceof TRPCError)) {
      const got = error === undefined ? 'it succeeded' : `it threw ${String(error)}`;
      return { pass: false, message: () => `Expected the call to be refused with a TRPCError, but ${got}.` };
    }
    const refusal = {
      code: error.code,
      message: error.message,
      fieldErrors: fieldErrorsOf(error.cause),
      cause: error.cause,
    };
    try {
      expect(refusal).toMatchObject(expected);
      return { pass: true, message: () => 'Expected the call not to be refused that way.' };
    } catch (mismatch) {
      return { pass: false, message: () => (mismatch as Error).message };
    }
  },
});
