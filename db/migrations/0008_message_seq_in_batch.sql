-- A writer may number its own messages: a batch of visitor messages bumps each visitor's counter once
-- and gives its rows their positions itself (one visitor update per batch instead of one per row).
-- The trigger numbers every other message, as before; its WHEN clause is checked without calling it.
DROP TRIGGER "messages_visitor_seq" ON "messages";--> statement-breakpoint
CREATE TRIGGER "messages_visitor_seq" BEFORE INSERT ON "messages"
FOR EACH ROW WHEN (NEW."seq" = 0) EXECUTE FUNCTION "messages_visitor_seq"();
