import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const refused = (code: TRPCError['code'], message: string, cause?: unknown) =>
  Promise.reject(new TRPCError({ code, message, cause }));

describe('toFailWith', () => {
  it('passes on a refusal with the given code and message', async () => {
    await expect(refused('NOT_FOUND', 'That chatbot does not exist.')).toFailWith({ code: 'NOT_FOUND' });
    await expect(refused('FORBIDDEN', 'Only owners may do that.')).toFailWith({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/owners/),
    });
  });

  it('matches field errors by dotted path', async () => {
    const issues = z.object({ name: z.string().min(1, 'Give it a name.') }).safeParse({ name: '' }).error;
    await expect(refused('BAD_REQUEST', 'Invalid input', issues)).toFailWith({
      code: 'BAD_REQUEST',
      fieldErrors: { name: ['Give it a name.'] },
    });
  });

  it('fails when the call succeeds, throws something else, or is refused otherwise', async () => {
    await expect(expect(Promise.resolve('fine')).toFailWith({ code: 'NOT_FOUND' })).rejects.toThrow(/it succeeded/);
    await expect(expect(Promise.reject(new Error('boom'))).toFailWith({ code: 'NOT_FOUND' })).rejects.toThrow(/boom/);
    await expect(expect(refused('FORBIDDEN', 'No.')).toFailWith({ code: 'NOT_FOUND' })).rejects.toThrow(/NOT_FOUND/);
    await expect(expect(refused('NOT_FOUND', 'Gone.')).not.toFailWith({ code: 'NOT_FOUND' })).rejects.toThrow();
  });
});
