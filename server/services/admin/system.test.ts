import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestChatbot, createTestFileSource, createTestSource } from '../../../tests/factories/chatbots';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { createLoginUser } from '../../../tests/factories/users';
import { storageOverview } from './storage';
import { systemOverview } from './system';

let h: TTestApp;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(() => h.close());

describe('storage on the System page', () => {
  it('counts uploaded files and source text by their stored size, and the data folder on disk', async () => {
    const before = await storageOverview({ database: h.database, env: h.env });
    const chatbot = await createTestChatbot(h.db);
    await createTestFileSource(h.db, {
      chatbot,
      file: { fileName: 'guide.md', mimeType: 'text/markdown', bytes: new Uint8Array(3000).fill(65) },
    });
    await createTestSource(h.db, { chatbot, title: 'Text', content: 'é'.repeat(500) });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-storage-'));
    fs.mkdirSync(path.join(dataDir, 'base'));
    fs.writeFileSync(path.join(dataDir, 'base', 'one'), Buffer.alloc(1234));
    fs.writeFileSync(path.join(dataDir, 'two'), Buffer.alloc(766));

    const after = await storageOverview({ database: h.database, env: { ...h.env, DATA_DIR: dataDir } });
    expect(after.knowledgeFiles - before.knowledgeFiles).toBe(1);
    expect(after.knowledgeFileBytes - before.knowledgeFileBytes).toBe(3000);
    // Bytes, not characters: "é" is two bytes in UTF-8.
    expect(after.knowledgeTextBytes - before.knowledgeTextBytes).toBe(1000);
    expect(after.dataDirBytes).toBe(2000);
    fs.rmSync(dataDir, { recursive: true });
  });
});

describe('the System page', () => {
  it('gives totals, 30 UTC days of activity with today last, queues, database, storage and configuration', async () => {
    await createLoginUser(h.db);
    const ctx = { db: h.db, database: h.database, env: h.env, bus: h.bus, jobs: h.jobs, user: null!, ip: null };
    const system = await systemOverview(ctx as unknown as Parameters<typeof systemOverview>[0]);
    expect(system.perDay).toHaveLength(30);
    expect(system.perDay.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
    expect(system.perDay.at(-1)!.users).toBeGreaterThanOrEqual(1);
    expect(system.totals.users).toBeGreaterThanOrEqual(1);
    expect(system.database.bytes).toBeGreaterThan(0);
    expect(system.storage).toMatchObject({ knowledgeFiles: expect.any(Number) });
    // Gemini is off in tests: offline answers.
    expect(system.configuration.geminiModel).toBeNull();
    expect(system.process.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
