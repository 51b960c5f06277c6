import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey, ZApiKeyInput } from '../../services/developer/api-keys';
import { router, workspaceProcedure } from '../procedures';

/**
 * The developer platform's settings: a workspace's API keys. Admins and
 * owners manage them from a session; keys themselves cannot (no apiScope),
 * so a leaked key cannot mint or keep itself alive.
 */
export const developerRouter = router({
  /** The workspace's keys, newest first, with when and where each was last used; never a secret. */
  listKeys: workspaceProcedure('admin').query(({ ctx }) => listApiKeys(ctx)),

  /** A new key; `secret` is in this answer only, never again. */
  createKey: workspaceProcedure('admin')
    .input(ZApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx, input)),

  /** Revokes a key at once: calls with it are refused and its open WebSockets close. */
  revokeKey: workspaceProcedure('admin')
    .input(z.object({ keyId: z.string({ error: 'developers:validation.keyRequired' }).max(100) }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx, input)),
});
