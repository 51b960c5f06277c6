/**
 * The retrieval benchmark's corpus: synthetic embeddings and words shaped like
 * real ones, bulk-loaded into a migrated PGlite the way a restore would be.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { fromPGlite, pgliteOptions, type Database } from '../db/client';
import { EMBEDDING_DIMENSIONS } from '../db/schema';
import { createTestChatbot, createTestSource } from '../tests/factories/chatbots';
import type { Embedder } from '../server/services/knowledge/embedder';
import { migratedTemplate, startTimer } from './lib';

/** Deterministic PRNG (mulberry32), so every run searches the same corpus. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const int = (n: number) => Math.floor(next() * n);
  return { next, gaussian, int };
}

/**
 * Synthetic embeddings shaped like real ones. Text embeddings are not
 * spread uniformly over the 768-d sphere: they lie near a low-dimensional
 * manifold (intrinsic dimension of a few dozen) and bunch into topics. In
 * uniform random 768-d data every point is almost equally far from every
 * other, so "nearest" means little and no index does well on it; that
 * would measure a corpus nobody has. So: TOPICS centres in a LATENT-d
 * space, each chunk a centre plus a spread, lifted to 768-d by one fixed
 * random projection, plus a little full-dimensional noise, normalised.
 * Queries are drawn the same way (new points, not copies of chunks).
 */
const LATENT = 48;
const TOPICS = 400;
const SPREAD = 0.7;
const NOISE = 0.15;

function vectorSpace(seed: number) {
  const rng = random(seed);
  const projection = new Float64Array(EMBEDDING_DIMENSIONS * LATENT).map(() => rng.gaussian() / Math.sqrt(LATENT));
  const centres = Array.from({ length: TOPICS }, () => Float64Array.from({ length: LATENT }, () => rng.gaussian()));
  const z = new Float64Array(LATENT);
  // Uniform noise of the same variance as a Gaussian's: 768 logs and cosines per vector made generation the slow part.
  const noise = NOISE * Math.sqrt(3) * 2;
  const draw = (topic: number) => {
    const centre = centres[topic]!;
    for (let i = 0; i < LATENT; i++) z[i] = centre[i]! + SPREAD * rng.gaussian();
    const v = new Array<number>(EMBEDDING_DIMENSIONS);
    let norm = 0;
    for (let d = 0; d < EMBEDDING_DIMENSIONS; d++) {
      let x = noise * (rng.next() - 0.5);
      for (let i = 0, o = d * LATENT; i < LATENT; i++) x += projection[o + i]! * z[i]!;
      v[d] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < EMBEDDING_DIMENSIONS; d++) v[d] = v[d]! / norm;
    return v;
  };
  return { draw, rng };
}

/**
 * Words for the full-text side: each topic owns a handful of keywords that
 * its chunks use among common filler, so a question's words match the
 * chunks of its topic (a few hundred at 100k), as a real question matches
 * its subject's passages.
 */
const SYLLABLES = 'ka lo mi nu pe ra so ti va zu be do fi gu ha je ko lu ma ne'.split(' ');
const word = (n: number) => {
  let text = '';
  for (let x = n + SYLLABLES.length; x > 0; x = Math.floor(x / SYLLABLES.length))
    text += SYLLABLES[x % SYLLABLES.length];
  return text;
};
const topicWords = (topic: number) => Array.from({ length: 8 }, (_, i) => word(1000 + topic * 8 + i));
const FILLER = Array.from({ length: 400 }, (_, i) => word(i));

/**
 * Rows in COPY's binary format. Text COPY spent ~1.7 ms per row parsing the
 * 768 numbers of each vector in WASM (100k rows: ~3 minutes); binary takes
 * `vector_recv`'s layout (int16 dimensions, int16 unused, float4s) as is,
 * about 16 times faster.
 */
const binaryCopy = {
  header: Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]),
  trailer: Buffer.from([0xff, 0xff]),
  row(fields: Buffer[]) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(fields.length);
    return Buffer.concat([
      count,
      ...fields.flatMap((field) => {
        const length = Buffer.alloc(4);
        length.writeInt32BE(field.length);
        return [length, field];
      }),
    ]);
  },
  uuid: (value: string) => Buffer.from(value.replaceAll('-', ''), 'hex'),
  int4(value: number) {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32BE(value);
    return buffer;
  },
  text: (value: string) => Buffer.from(value, 'utf8'),
  vector(values: number[]) {
    const buffer = Buffer.alloc(4 + 4 * values.length);
    buffer.writeInt16BE(values.length, 0);
    values.forEach((x, i) => buffer.writeFloatBE(x, 4 + 4 * i));
    return buffer;
  },
};

export type Query = { text: string; vector: number[] };

type Loaded = {
  database: Database;
  /** The chatbot the benchmark queries: the largest. */
  chatbotId: string;
  /** The other chatbots (the small tenants when there are many). */
  otherChatbotIds: string[];
  queries: Query[];
  loadMs: number;
  ginMs: number;
  hnswMs: number;
};

/** Rows per COPY: bounds the CSV held in memory (a 768-d vector is ~7 KB of text). */
const COPY_BATCH = 5000;
/** Chunks that belong to another chatbot (10%): the chatbot filter must do real work. */
const OTHER_SHARE = 0.1;
/** In-memory HNSW build: at 100k × 768-d the graph is ~350 MB; past maintenance_work_mem the build slows to a crawl. */
export const MAINTENANCE_WORK_MEM = '1GB';

/**
 * How the chunks are shared out. Without tenants: one chatbot holds 90% and
 * a neighbour the rest. With tenants: one chatbot holds `largest` chunks and
 * `chatbots - 1` small ones share the rest evenly, as on a hosted install.
 */
export type Tenants = { chatbots: number; largest: number };

type Owner = { id: string; chatbot: { id: string; workspaceId: string } };

/** A source per ~100 chunks of a chatbot, as documents of a few pages would give; `owner(i)` is chunk i's source. */
async function createOwners(database: Database, size: number, tenants: Tenants | null) {
  const sourcesOf = async (chatbot: Owner['chatbot'], chunks: number) => {
    const sources: Owner[] = [];
    for (let i = 0; i < Math.max(1, Math.ceil(chunks / 100)); i++) {
      const source = await createTestSource(database.db, { chatbot, title: `Document ${i}` });
      sources.push({ id: source.id, chatbot });
    }
    return sources;
  };
  const target = await createTestChatbot(database.db, { name: 'Big' });
  if (!tenants) {
    const other = await createTestChatbot(database.db, { name: 'Neighbour' });
    const sources = await Promise.all(
      Array.from({ length: Math.ceil(size / 100) }, async (_, i) => {
        const chatbot = i % Math.round(1 / OTHER_SHARE) === 0 ? other : target;
        const source = await createTestSource(database.db, { chatbot, title: `Document ${i}` });
        return { id: source.id, chatbot };
      }),
    );
    return { target, others: [other], owner: (i: number) => sources[Math.floor(i / 100)]! };
  }
  const big = await sourcesOf(target, tenants.largest);
  const small: Owner[][] = [];
  const smallCount = tenants.chatbots - 1;
  const perSmall = Math.ceil((size - tenants.largest) / smallCount);
  for (let i = 0; i < smallCount; i++) {
    const chatbot = await createTestChatbot(database.db, { name: `Small ${i}` });
    small.push(await sourcesOf(chatbot, perSmall));
  }
  // The large chatbot's chunks first, then the small ones' dealt out in turn (their rows interleaved on disk).
  const owner = (i: number) => {
    if (i < tenants.largest) return big[Math.floor(i / 100)]!;
    const j = i - tenants.largest;
    const sources = small[j % smallCount]!;
    return sources[Math.floor(j / smallCount / 100) % sources.length]!;
  };
  return { target, others: small.map((sources) => sources[0]!.chatbot), owner };
}

/**
 * One big chatbot is the case that needs the index (a small one is scanned
 * exactly in milliseconds through the chatbot_id btree); the other chatbots'
 * rows make the chatbot filter, and pgvector's iterative scan, do real work,
 * and many small ones make the planner's average chatbot small (see
 * `Tenants`).
 *
 * Bulk load the way a restore or a large import would: the vector and
 * full-text indexes are dropped, rows COPYed in batches, then the indexes
 * built once (each timed), exactly as the migration defines them.
 */
export async function load(size: number, queryCount: number, tenants: Tenants | null = null): Promise<Loaded> {
  const { dump } = await migratedTemplate();
  const pg = new PGlite({ loadDataDir: dump, ...pgliteOptions });
  await pg.waitReady;
  const database = fromPGlite(pg);
  const space = vectorSpace(size);
  const { rng } = space;
  const { target, others, owner } = await createOwners(database, size, tenants);

  const indexes = await database.rows<{ indexname: string; indexdef: string }>(
    sql`select indexname, indexdef from pg_indexes
        where tablename = 'knowledge_chunks' and indexname in ('knowledge_chunks_embedding_idx', 'knowledge_chunks_search_idx')`,
  );
  const definition = (name: string) => {
    const found = indexes.find((index) => index.indexname === name);
    if (!found) throw new Error(`The migration no longer creates ${name}; update this benchmark.`);
    return found.indexdef;
  };
  const hnswDefinition = definition('knowledge_chunks_embedding_idx');
  const ginDefinition = definition('knowledge_chunks_search_idx');
  await pg.exec('drop index knowledge_chunks_embedding_idx; drop index knowledge_chunks_search_idx;');

  const loadTimer = startTimer();
  for (let start = 0; start < size; start += COPY_BATCH) {
    const rows: Buffer[] = [binaryCopy.header];
    for (let i = start; i < Math.min(size, start + COPY_BATCH); i++) {
      const source = owner(i);
      const topic = rng.int(TOPICS);
      const keywords = topicWords(topic);
      const words = Array.from({ length: 60 }, (_, j) =>
        j % 5 === 0 ? keywords[rng.int(keywords.length)]! : FILLER[rng.int(FILLER.length)]!,
      );
      rows.push(
        binaryCopy.row([
          binaryCopy.uuid(source.chatbot.workspaceId),
          binaryCopy.uuid(source.chatbot.id),
          binaryCopy.uuid(source.id),
          binaryCopy.int4(i),
          binaryCopy.text(`Topic ${topic}`),
          binaryCopy.text(`${words.join(' ')}.`),
          binaryCopy.text(`h${i}`),
          binaryCopy.int4(80),
          binaryCopy.vector(space.draw(topic)),
          binaryCopy.text('bench-synthetic'),
        ]),
      );
    }
    rows.push(binaryCopy.trailer);
    await pg.query(
      `copy knowledge_chunks (workspace_id, chatbot_id, source_id, ordinal, heading_path, content, content_hash,
         token_count, embedding, embedding_model) from '/dev/blob' with (format binary)`,
      [],
      { blob: new Blob([Buffer.concat(rows)]) },
    );
  }
  const loadMs = loadTimer();

  const ginTimer = startTimer();
  await pg.exec(ginDefinition);
  const ginMs = ginTimer();
  const hnswTimer = startTimer();
  await pg.exec(`set maintenance_work_mem = '${MAINTENANCE_WORK_MEM}'; ${hnswDefinition}; reset maintenance_work_mem;`);
  const hnswMs = hnswTimer();
  await pg.exec('analyze knowledge_chunks');

  const queries = Array.from({ length: queryCount }, () => {
    const topic = rng.int(TOPICS);
    const keywords = topicWords(topic);
    return {
      text: `how do I ${keywords[rng.int(8)]} ${keywords[rng.int(8)]} ${FILLER[rng.int(FILLER.length)]}`,
      vector: space.draw(topic),
    };
  });
  return {
    database,
    chatbotId: target.id,
    otherChatbotIds: others.map((chatbot) => chatbot.id),
    queries,
    loadMs,
    ginMs,
    hnswMs,
  };
}

/** Hands `retrieve` the question's precomputed vector, as a real embedder would compute one. */
export const lookupEmbedder = (queries: Query[]): Embedder => {
  const byText = new Map(queries.map((query) => [query.text, query.vector]));
  return {
    model: 'bench-synthetic',
    dimensions: EMBEDDING_DIMENSIONS,
    embed: async (texts) => texts.map((text) => byText.get(text)!),
  };
};
