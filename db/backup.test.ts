import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestChatbot } from '../tests/factories/chatbots';
import { createTestUser } from '../tests/factories/workspaces';
import { backupEmbedded, restoreEmbedded } from './backup';
import { openDatabase } from './client';
import { chatbots, users } from './schema';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-backup-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('embedded database backups', () => {
  it('restores a backup with the same data, and refuses while the database is open', { timeout: 180_000 }, async () => {
    const dataDir = path.join(root, 'data');
    const file = path.join(root, 'backup.tar.gz');
    const database = await openDatabase({ dataDir });
    await database.migrate();
    await createTestUser(database.db, { email: 'kept@example.test' });
    await createTestChatbot(database.db, { name: 'Kept bot' });
    const read = async (db: typeof database.db) => ({
      users: await db.select().from(users).orderBy(asc(users.id)),
      chatbots: await db.select().from(chatbots).orderBy(asc(chatbots.id)),
    });
    const before = await read(database.db);
    // The running server holds the folder: a backup must wait for it to stop.
    await expect(backupEmbedded({ dataDir, file })).rejects.toThrow(/in use|locked|running/i);
    await database.close();

    await backupEmbedded({ dataDir, file });
    const restoredDir = path.join(root, 'restored');
    await restoreEmbedded({ file, dataDir: restoredDir });
    const restored = await openDatabase({ dataDir: restoredDir });
    try {
      expect(await read(restored.db)).toEqual(before);
    } finally {
      await restored.close();
    }
    await expect(restoreEmbedded({ file, dataDir: restoredDir })).rejects.toThrow(/--force/);
  });
});
