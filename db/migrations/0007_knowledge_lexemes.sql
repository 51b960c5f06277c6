CREATE TABLE "knowledge_lexemes" (
	"chatbot_id" uuid NOT NULL,
	"lexeme" text NOT NULL,
	"chunks" integer NOT NULL,
	CONSTRAINT "knowledge_lexemes_chatbot_id_lexeme_pk" PRIMARY KEY("chatbot_id","lexeme")
);
--> statement-breakpoint
ALTER TABLE "knowledge_lexemes" ADD CONSTRAINT "knowledge_lexemes_chatbot_id_chatbots_id_fk" FOREIGN KEY ("chatbot_id") REFERENCES "public"."chatbots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Chunks are written and deleted, never edited in place (a source's chunks are replaced), so inserts
-- and deletes keep the counts. Statement triggers with transition tables: one grouped upsert per
-- statement, however many chunks it writes.
CREATE FUNCTION knowledge_lexemes_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted, so the chatbot's empty-lexeme row is locked first: concurrent writers to one chatbot queue there
  -- instead of deadlocking on each other's words.
  INSERT INTO knowledge_lexemes AS k (chatbot_id, lexeme, chunks)
  SELECT chatbot_id, lexeme, count(*)::int
  FROM (
    SELECT chatbot_id, '' AS lexeme FROM added
    UNION ALL
    SELECT chatbot_id, unnest(tsvector_to_array(search)) FROM added
  ) words
  GROUP BY chatbot_id, lexeme
  ORDER BY chatbot_id, lexeme
  ON CONFLICT (chatbot_id, lexeme) DO UPDATE SET chunks = k.chunks + excluded.chunks;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION knowledge_lexemes_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Locked in the inserts' order (see knowledge_lexemes_add). Rows already gone (the chatbot itself
  -- being deleted) are simply not there. A word no chunk holds any more loses its row; the others
  -- their count (two disjoint sets of rows, so one statement may touch both).
  WITH counted AS (
    SELECT chatbot_id, lexeme, count(*)::int AS chunks
    FROM (
      SELECT chatbot_id, '' AS lexeme FROM removed
      UNION ALL
      SELECT chatbot_id, unnest(tsvector_to_array(search)) FROM removed
    ) words
    GROUP BY chatbot_id, lexeme
  ),
  locked AS (
    SELECT k.chatbot_id, k.lexeme, k.chunks - c.chunks AS remaining
    FROM knowledge_lexemes k
    JOIN counted c ON c.chatbot_id = k.chatbot_id AND c.lexeme = k.lexeme
    ORDER BY k.chatbot_id, k.lexeme
    FOR UPDATE OF k
  ),
  emptied AS (
    DELETE FROM knowledge_lexemes k
    USING locked l
    WHERE k.chatbot_id = l.chatbot_id AND k.lexeme = l.lexeme AND l.remaining <= 0
  )
  UPDATE knowledge_lexemes k SET chunks = l.remaining
  FROM locked l
  WHERE k.chatbot_id = l.chatbot_id AND k.lexeme = l.lexeme AND l.remaining > 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER knowledge_chunks_lexemes_added AFTER INSERT ON knowledge_chunks
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION knowledge_lexemes_add();
--> statement-breakpoint
CREATE TRIGGER knowledge_chunks_lexemes_removed AFTER DELETE ON knowledge_chunks
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION knowledge_lexemes_remove();
--> statement-breakpoint
-- The chunks written before this migration.
INSERT INTO knowledge_lexemes (chatbot_id, lexeme, chunks)
SELECT chatbot_id, lexeme, count(*)::int
FROM (
  SELECT chatbot_id, '' AS lexeme FROM knowledge_chunks
  UNION ALL
  SELECT chatbot_id, unnest(tsvector_to_array(search)) FROM knowledge_chunks
) words
GROUP BY chatbot_id, lexeme;
--> statement-breakpoint
-- Hybrid retrieval for one chatbot (server/services/knowledge/retrieval.ts calls it). A function so
-- its statements' plans are cached per session: parsing and planning this query took as long as
-- running it (~2 ms of ~4 at 10k chunks on PGlite), and PGlite has no named prepared statements.
--
-- question_vector: the question's embedding as scaled integers (see questionVector in retrieval.ts).
-- Vector side: nearest neighbours by cosine distance through the HNSW index (the session settings in
-- db/client.ts turn on iterative scans), ordered by the bare distance expression with a LIMIT so the
-- index is used; ranks are numbered outside, since iterative scans may return neighbours slightly out
-- of order. Only chunks embedded by the question's model are compared (vectors of two models are not
-- comparable); while re-embedding catches up after a model change, the others are still found by the
-- full-text side.
-- Text side: the question's words ORed (websearch_to_tsquery ANDs them, and a question in a visitor's
-- words rarely has every one in a passage; ts_rank still ranks fuller matches first; quoted phrases
-- keep their <-> operators). Chunks are matched on the question's rare words only and ranked on all
-- of them; when none is rare, on all of them. A word is common when more than 5% of the chatbot's
-- chunks hold it (and more than 100): like a stop word it says little about which chunk answers, and
-- matching on it made the text side rank ~1,000 rows at 10k chunks, most of retrieval's time. The
-- floor leaves knowledge bases of up to 2,000 chunks, where ranking every match is cheap, as they were.
-- ts_rank, not ts_rank_cd: cover density cost about seven times as much per row for no better hit
-- rate on the evaluation set.
-- Both sides fused by reciprocal rank (k = 60, the usual constant: it damps the head so one side's
-- first place does not decide alone), cut to `passages` before the chunks' text is read.
CREATE FUNCTION retrieve_passages(
  chatbot uuid, question text, question_vector integer[], model text, passages integer, candidates integer
) RETURNS TABLE (
  chunk_id bigint, source_id uuid, source_title text, source_url text, heading_path text, content text,
  distance double precision, vector_rank bigint, text_score real, text_rank bigint, rrf numeric
) LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
  question_embedding vector := question_vector::vector;
  question_words tsquery := replace(websearch_to_tsquery('english', question)::text, ' & ', ' | ')::tsquery;
  question_rare_words tsquery;
BEGIN
  -- Lexemes go into the tsquery quoted, their quotes and backslashes escaped.
  SELECT string_agg('''' || replace(replace(k.lexeme, '\', '\\'), '''', '''''') || '''', ' | ')::tsquery
  INTO question_rare_words
  FROM knowledge_lexemes k
  WHERE k.chatbot_id = chatbot
    AND k.lexeme = ANY (tsvector_to_array(to_tsvector('english', question)))
    AND k.chunks <= greatest(100, 0.05 * (
      SELECT t.chunks FROM knowledge_lexemes t WHERE t.chatbot_id = chatbot AND t.lexeme = ''
    ));

  RETURN QUERY
  WITH vector_hits AS (
    SELECT v.id, v.distance, row_number() OVER (ORDER BY v.distance, v.id) AS rank
    FROM (
      SELECT c.id, c.embedding <=> question_embedding AS distance
      FROM knowledge_chunks c
      WHERE c.chatbot_id = chatbot AND c.embedding_model = model
      ORDER BY c.embedding <=> question_embedding
      LIMIT candidates
    ) v
  ),
  text_hits AS (
    SELECT t.id, t.score, row_number() OVER (ORDER BY t.score DESC, t.id) AS rank
    FROM (
      SELECT c.id, ts_rank(c.search, question_words) AS score
      FROM knowledge_chunks c
      WHERE c.chatbot_id = chatbot AND c.search @@ coalesce(question_rare_words, question_words)
      ORDER BY score DESC, c.id
      LIMIT candidates
    ) t
  ),
  fused AS (
    SELECT coalesce(v.id, t.id) AS id, v.distance, v.rank AS vector_rank, t.score AS text_score,
      t.rank AS text_rank,
      coalesce(1.0 / (60 + v.rank), 0) + coalesce(1.0 / (60 + t.rank), 0) AS rrf
    FROM vector_hits v
    FULL OUTER JOIN text_hits t ON t.id = v.id
    ORDER BY rrf DESC, id
    LIMIT passages
  )
  SELECT f.id, c.source_id, s.title, s.url, c.heading_path, c.content, f.distance, f.vector_rank,
    f.text_score, f.text_rank, f.rrf
  FROM fused f
  JOIN knowledge_chunks c ON c.id = f.id
  JOIN knowledge_sources s ON s.id = c.source_id
  WHERE c.chatbot_id = chatbot
  ORDER BY f.rrf DESC, f.id;
END
$$;
