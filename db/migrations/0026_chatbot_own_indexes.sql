-- A large chatbot gets an HNSW index of its own (server/services/knowledge/own-index.ts), partial on
-- its id; deleting the chatbot drops it, so no index outlives the rows it was for.
CREATE FUNCTION chatbots_drop_own_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP INDEX IF EXISTS %I', 'knowledge_chunks_embedding_' || replace(OLD."id"::text, '-', ''));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "chatbots_drop_own_index" AFTER DELETE ON "chatbots"
  FOR EACH ROW EXECUTE FUNCTION chatbots_drop_own_index();
