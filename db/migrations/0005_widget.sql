ALTER TYPE "public"."conversation_status" ADD VALUE 'pending' BEFORE 'resolved';--> statement-breakpoint
ALTER TYPE "public"."conversation_status" ADD VALUE 'archived';--> statement-breakpoint
CREATE TABLE "app_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "agent_read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "visitor_read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rating" smallint;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rating_comment" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "handoff_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "user_agent" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "traits" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "context" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "message_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_conversation_seq_idx" ON "messages" USING btree ("conversation_id","seq");--> statement-breakpoint
-- Existing messages get their per-visitor positions in the order they were written.
UPDATE "messages" m SET "seq" = numbered.seq
FROM (
	SELECT m2."id", row_number() OVER (PARTITION BY c."visitor_id" ORDER BY m2."created_at", m2."id") AS seq
	FROM "messages" m2 JOIN "conversations" c ON c."id" = m2."conversation_id"
) numbered
WHERE numbered."id" = m."id";--> statement-breakpoint
UPDATE "visitors" v SET "message_seq" = coalesce((
	SELECT max(m."seq") FROM "messages" m JOIN "conversations" c ON c."id" = m."conversation_id" WHERE c."visitor_id" = v."id"
), 0);--> statement-breakpoint
-- Every message, whoever writes it, takes the next position of its visitor. The UPDATE locks the
-- visitor's row until the transaction ends, so positions are handed out in commit order.
CREATE FUNCTION "messages_visitor_seq"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "visitors" SET "message_seq" = "message_seq" + 1
	WHERE "id" = (SELECT "visitor_id" FROM "conversations" WHERE "id" = NEW."conversation_id")
	RETURNING "message_seq" INTO NEW."seq";
	RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "messages_visitor_seq" BEFORE INSERT ON "messages"
FOR EACH ROW EXECUTE FUNCTION "messages_visitor_seq"();
