-- retrieve_passages is planned for each call's chatbot, never from a cached generic plan. plpgsql
-- caches its statements' plans per session, and after five calls Postgres may switch to a generic
-- plan, which estimates `chatbot_id = $1` from the average chatbot. Among many small chatbots that
-- average is tiny, so the generic plan reads the chatbot's chunks through the chatbot_id btree and
-- sorts them by exact distance: right for a small chatbot, an exact scan for a large one (42–73 ms
-- instead of ~6 at 10,000 chunks among 200 small chatbots, from the sixth call on one connection).
-- Planning with the chatbot's own row count picks the HNSW index for a large chatbot and the btree
-- for a small one on every call; the statements are still parsed once per session (see
-- docs/decisions/0006-retrieve-passages-and-lexeme-counts.md for the figures).
ALTER FUNCTION retrieve_passages(uuid, text, integer[], text, integer, integer)
  SET plan_cache_mode = force_custom_plan;
