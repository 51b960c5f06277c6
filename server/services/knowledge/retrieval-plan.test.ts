import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import { auto_explain } from '@electric-sql/pglite/contrib/auto_explain';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { fromPGlite, pgliteOptions, type Database } from '../../../db/client';
import { createTestChatbot, createTestSource } from '../../../tests/factories/chatbots';
import { offlineEmbedder } from './embedder';
import { retrieve } from './retrieval';
import { ensureOwnIndex, ownIndexName } from './own-index';
import { chatbots } from '../../../db/schema';

const SIGNATURE = 'retrieve_passages(uuid, text, integer[], text, integer, integer)';
const LARGE = 1000;
const SMALL_CHATBOTS = 100;
const SMALL_SIZE = 3;

let pg: PGlite;
let database: Database;
let largeChatbotId: string;
/** The plans auto_explain reported for the statements of the last call. */
let plans: string[] = [];

/**
 * The database as retrieval uses it, except that raw statements collect the
 * plans auto_explain sends back as notices: the plans the function's
 * statements actually ran with, cached or not.
 */
const traced = (): Database => ({
  ...database,
  executeSql: async (text, values) => {
    const result = await pg.query<Record<string, unknown>>(text, values, {
      onNotice: (notice) => plans.push(notice.message ?? ''),
    });
    return { rows: result.rows, rowCount: result.rows.length };
  },
});

/** The plan the vector side of one retrieval for the large chatbot ran with. */
const vectorPlan = async () => {
  plans = [];
  await retrieve(
    { database: traced(), embedder: offlineEmbedder },
    { chatbotId: largeChatbotId, query: 'How do I return word7 items?' },
  );
  const vectorSide = plans.find((plan) => plan.includes('vector_hits'));
  if (!vectorSide) throw new Error(`auto_explain reported no plan for the retrieval query:\n${plans.join('\n')}`);
  return vectorSide;
};

/** Retrieves for the large chatbot `calls` times on this one connection; says for each call whether the vector side used HNSW. */
const retrieveRepeatedly = async (calls: number) => {
  const usesIndex: boolean[] = [];
  for (let call = 0; call < calls; call++)
    usesIndex.push((await vectorPlan()).includes('knowledge_chunks_embedding_idx'));
  return usesIndex;
};

/** Runs `fn` after `statements` in a transaction that is then rolled back, so they change nothing for later tests. */
const inTransaction = async (statements: string, fn: () => Promise<boolean[]>) => {
  await pg.exec(`begin; ${statements}`);
  try {
    return await fn();
  } finally {
    await pg.exec('rollback');
  }
};

// One chatbot of 1,000 chunks among 100 of 3: a generic plan sizes `chatbot_id = $1` from the average
// chatbot (~13 chunks), reads the chatbot's chunks through the btree and sorts them all by distance.
// Embedded only: the plans come from PGlite's auto_explain extension, on a restored template dump.
describe.skipIf(!inject('templateDbPath'))('retrieve_passages on many chatbots', () => {
  beforeAll(async () => {
    const dump = new Blob([fs.readFileSync(inject('templateDbPath'))]);
    pg = new PGlite({
      loadDataDir: dump,
      ...pgliteOptions,
      extensions: { ...pgliteOptions.extensions, auto_explain },
    });
    await pg.waitReady;
    database = fromPGlite(pg);

    const large = await createTestChatbot(database.db, { name: 'Large' });
    largeChatbotId = large.id;
    const source = await createTestSource(database.db, { chatbot: large });
    // The small chatbots and their sources in one statement each; the HNSW index built once, after the rows.
    await pg.exec('drop index knowledge_chunks_embedding_idx');
    await pg.query(
      `with bots as (
         insert into chatbots (workspace_id, name, template, settings, public_key)
         select $1, 'Small ' || i, 'support', '{}', 'pk_test_small_' || i from generate_series(1, $2::int) i
         returning id, workspace_id
       )
       insert into knowledge_sources (workspace_id, chatbot_id, kind, title)
       select workspace_id, id, 'text', 'A document' from bots`,
      [large.workspaceId, SMALL_CHATBOTS],
    );
    const chunks = `insert into knowledge_chunks (workspace_id, chatbot_id, source_id, ordinal, content, content_hash,
        token_count, embedding, embedding_model)
      select s.workspace_id, s.chatbot_id, s.id, i, 'word' || (i % 50) || ' text', 'h', 10,
        (select array_agg(random() - 0.5) from generate_series(1, 768 + 0 * i))::vector, $2
      from knowledge_sources s, generate_series(1, $3::int) i`;
    await pg.query(`${chunks} where s.id = $1`, [source.id, offlineEmbedder.model, LARGE]);
    await pg.query(`${chunks} where s.id <> $1`, [source.id, offlineEmbedder.model, SMALL_SIZE]);
    await pg.exec(`create index knowledge_chunks_embedding_idx on knowledge_chunks using hnsw (embedding vector_cosine_ops);
      analyze knowledge_chunks;
      load 'auto_explain';
      set auto_explain.log_min_duration = 0;
      set auto_explain.log_nested_statements = on;
      set auto_explain.log_level = notice;`);
  }, 120_000);
  afterAll(() => database.close());

  it('is planned for each call', async () => {
    const [row] = await database.rows<{ proconfig: string[] | null }>(
      sql`select proconfig from pg_proc where oid = ${SIGNATURE}::regprocedure`,
    );
    expect(row!.proconfig).toContain('plan_cache_mode=force_custom_plan');
  });

  it("keeps the large chatbot's retrievals on the HNSW index past the fifth call on one connection", async () => {
    const usesIndex = await retrieveRepeatedly(12);
    expect(usesIndex).toEqual(Array(12).fill(true));
  });

  it('would leave the index from the sixth call with the plan cache left to choose', async () => {
    const usesIndex = await inTransaction(`alter function ${SIGNATURE} reset plan_cache_mode;`, () =>
      retrieveRepeatedly(12),
    );
    expect(usesIndex.slice(0, 5)).toEqual(Array(5).fill(true));
    expect(usesIndex.slice(9)).toEqual(Array(3).fill(false));
  });

  // Last: it deletes the large chatbot.
  it('gives a large chatbot an index of its own, which its retrievals use and its deletion drops', async () => {
    const deps = { db: database.db, isSharedDatabase: false };
    const [small] = await database.rows<{ id: string }>(
      sql`select id from chatbots where id <> ${largeChatbotId} limit 1`,
    );
    const own = ownIndexName(largeChatbotId);
    expect(await ensureOwnIndex(deps, small!.id, { minChunks: LARGE / 2 })).toBe(false);
    expect(await ensureOwnIndex(deps, largeChatbotId, { minChunks: LARGE / 2 })).toBe(true);
    expect(await ensureOwnIndex(deps, largeChatbotId, { minChunks: LARGE / 2 })).toBe(false);
    for (let call = 0; call < 8; call++) expect(await vectorPlan()).toContain(own);

    await database.db.delete(chatbots).where(eq(chatbots.id, largeChatbotId));
    const [left] = await database.rows<{ index: string | null }>(sql`select to_regclass(${own})::text as index`);
    expect(left!.index).toBeNull();
  });

  it('refuses anything but a chatbot id in the DDL', async () => {
    await expect(
      ensureOwnIndex({ db: database.db, isSharedDatabase: false }, "x'; drop table users; --"),
    ).rejects.toThrow();
  });
});
