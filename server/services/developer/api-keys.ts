import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { apiKeyAddresses, apiKeys, type TApiKey } from '../../../db/schema';
import { API_KEY_PATTERN, API_SCOPES, type TApiScope } from '../../../shared/api-scopes';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import { hashesEqual, hashToken, randomToken } from '../account/tokens';
import { recordAudit } from '../audit';
import type { TMemberCtx } from '../workspaces/workspaces';

declare module '../../events/types' {
  // Declaration merging (how domains add events) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyEvents {
    /** These keys were revoked: every process closes the sockets opened with them. */
    'api_key.revoked': { workspaceId: string; keyIds: string[]; prefixIds: string[] };
  }
}

export const ZApiKeyInput = z.object({
  name: z
    .string({ error: 'developers:validation.keyNameRequired' })
    .trim()
    .min(1, 'developers:validation.keyNameRequired')
    .max(80, 'developers:validation.keyNameTooLong'),
  scopes: z
    .array(z.enum(API_SCOPES, { error: 'developers:validation.scopeUnknown' }), {
      error: 'developers:validation.scopesRequired',
    })
    .min(1, 'developers:validation.scopesRequired')
    .max(API_SCOPES.length),
  expiresAt: z.coerce
    .date({ error: 'developers:validation.expiryInvalid' })
    .refine((date) => date.getTime() > Date.now() + 60_000, 'developers:validation.expiryPast')
    .nullish(),
});

type TKeyCtx = TMemberCtx & { ip: string | null };

/** The columns a list shows: never the hash. */
const presentKey = (key: TApiKey) => ({
  id: key.id,
  name: key.name,
  prefix: `pk_live_${key.prefixId}`,
  scopes: key.scopes as TApiScope[],
  expiresAt: key.expiresAt,
  lastUsedAt: key.lastUsedAt,
  lastUsedIp: key.lastUsedIp,
  revokedAt: key.revokedAt,
  createdAt: key.createdAt,
});

export type TApiKeyView = ReturnType<typeof presentKey>;

/** Makes a key; its whole secret is in the answer and nowhere else. */
export async function createApiKey(ctx: TKeyCtx, input: z.output<typeof ZApiKeyInput>) {
  const prefixId = randomToken(8).slice(0, 12);
  // 32 random bytes: 52 base32 characters, 256 bits.
  const secret = `pk_live_${prefixId}_${randomToken(32)}`;
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx
      .insert(apiKeys)
      .values({
        workspaceId: ctx.workspace.id,
        createdByUserId: ctx.user.id,
        name: input.name,
        prefixId,
        secretHash: hashToken(secret),
        scopes: [...new Set(input.scopes)],
        expiresAt: input.expiresAt ?? null,
      })
      .returning();
    await recordAudit(tx, {
      actor: { kind: 'user', id: ctx.user.id, email: ctx.user.email },
      action: 'api_key.created',
      workspaceId: ctx.workspace.id,
      target: { type: 'api_key', id: key!.id, label: key!.name },
      ip: ctx.ip,
      details: { scopes: key!.scopes, expiresAt: key!.expiresAt?.toISOString() ?? null },
    });
    return { key: presentKey(key!), secret };
  });
}

export async function listApiKeys(ctx: TMemberCtx) {
  const rows = await ctx.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, ctx.workspace.id))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(presentKey);
}

export const API_KEY_NOT_FOUND = 'developers:errors.apiKeyNotFound';

/** Revokes at once: the next call with the key is refused and its open sockets close in every process. */
export async function revokeApiKey(ctx: TKeyCtx & { bus: Pick<EventBus, 'publish'> }, input: { keyId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(
            apiKeys.id,
            z.uuid().safeParse(input.keyId).success ? input.keyId : '00000000-0000-0000-0000-000000000000',
          ),
          eq(apiKeys.workspaceId, ctx.workspace.id),
          isNull(apiKeys.revokedAt),
        ),
      )
      .returning();
    if (!key) throw new AppError('NOT_FOUND', API_KEY_NOT_FOUND);
    await recordAudit(tx, {
      actor: { kind: 'user', id: ctx.user.id, email: ctx.user.email },
      action: 'api_key.revoked',
      workspaceId: ctx.workspace.id,
      target: { type: 'api_key', id: key.id, label: key.name },
      ip: ctx.ip,
    });
    await ctx.bus.publish(
      'api_key.revoked',
      { workspaceId: ctx.workspace.id, keyIds: [key.id], prefixIds: [key.prefixId] },
      { tx },
    );
    return presentKey(key);
  });
}

export const INVALID_KEY = 'developers:errors.invalidKey';

/** The live key behind a raw bearer value; UNAUTHORIZED for anything else, the same words for every reason. */
export async function authenticateApiKey(db: Db, raw: string): Promise<TApiKey> {
  const match = API_KEY_PATTERN.exec(raw);
  if (!match) throw new AppError('UNAUTHORIZED', INVALID_KEY);
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.prefixId, match[1]!));
  // Hashed then compared in constant time: the time taken says nothing about how much of the secret matched.
  if (!key || !hashesEqual(key.secretHash, hashToken(raw))) throw new AppError('UNAUTHORIZED', INVALID_KEY);
  if (key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) {
    throw new AppError('UNAUTHORIZED', INVALID_KEY);
  }
  return key;
}

/** Notes the call's time and address; the first call from an address goes to the audit trail. */
export async function recordKeyUse(db: Db, key: TApiKey, ip: string | null) {
  const address = ip ?? 'unknown';
  // A busy key writes at most once a minute per address, not once per call.
  const isRecent = key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < 60_000;
  if (isRecent && key.lastUsedIp === address) return;
  await db.transaction(async (tx) => {
    await tx.update(apiKeys).set({ lastUsedAt: new Date(), lastUsedIp: address }).where(eq(apiKeys.id, key.id));
    const added = await tx
      .insert(apiKeyAddresses)
      .values({ keyId: key.id, ip: address })
      .onConflictDoNothing()
      .returning({ ip: apiKeyAddresses.ip });
    if (added.length === 0) return;
    await recordAudit(tx, {
      actor: { kind: 'api_key', id: key.id, name: key.name },
      action: 'api_key.used_from_new_address',
      workspaceId: key.workspaceId,
      target: { type: 'api_key', id: key.id, label: key.name },
      ip: address,
    });
  });
}
