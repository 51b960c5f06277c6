CREATE TYPE "public"."conversation_outcome" AS ENUM('ai', 'handed', 'human', 'unanswered');--> statement-breakpoint
CREATE TYPE "public"."conversation_sentiment" AS ENUM('positive', 'neutral', 'negative');--> statement-breakpoint
CREATE TYPE "public"."handoff_reason" AS ENUM('visitor_asked', 'low_confidence', 'no_answer', 'policy', 'webhook_failure', 'bot_offered');--> statement-breakpoint
CREATE TABLE "analytics_hourly" (
	"workspace_id" uuid NOT NULL,
	"chatbot_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"origin" text NOT NULL,
	"hour" timestamp NOT NULL,
	"conversations" integer DEFAULT 0 NOT NULL,
	"visitor_messages" integer DEFAULT 0 NOT NULL,
	"bot_messages" integer DEFAULT 0 NOT NULL,
	"operator_messages" integer DEFAULT 0 NOT NULL,
	"outcome_ai" integer DEFAULT 0 NOT NULL,
	"outcome_handed" integer DEFAULT 0 NOT NULL,
	"outcome_human" integer DEFAULT 0 NOT NULL,
	"outcome_unanswered" integer DEFAULT 0 NOT NULL,
	"handoff_visitor_asked" integer DEFAULT 0 NOT NULL,
	"handoff_low_confidence" integer DEFAULT 0 NOT NULL,
	"handoff_no_answer" integer DEFAULT 0 NOT NULL,
	"handoff_policy" integer DEFAULT 0 NOT NULL,
	"handoff_webhook_failure" integer DEFAULT 0 NOT NULL,
	"handoff_bot_offered" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_1" integer DEFAULT 0 NOT NULL,
	"rating_2" integer DEFAULT 0 NOT NULL,
	"rating_3" integer DEFAULT 0 NOT NULL,
	"rating_4" integer DEFAULT 0 NOT NULL,
	"rating_5" integer DEFAULT 0 NOT NULL,
	"thumbs_up" integer DEFAULT 0 NOT NULL,
	"thumbs_down" integer DEFAULT 0 NOT NULL,
	"sentiment_positive" integer DEFAULT 0 NOT NULL,
	"sentiment_neutral" integer DEFAULT 0 NOT NULL,
	"sentiment_negative" integer DEFAULT 0 NOT NULL,
	"bot_responses" integer DEFAULT 0 NOT NULL,
	"bot_response_ms_sum" double precision DEFAULT 0 NOT NULL,
	"human_responses" integer DEFAULT 0 NOT NULL,
	"human_response_ms_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_hourly_workspace_id_chatbot_id_channel_origin_hour_pk" PRIMARY KEY("workspace_id","chatbot_id","channel","origin","hour")
);
--> statement-breakpoint
CREATE TABLE "analytics_labels" (
	"workspace_id" uuid NOT NULL,
	"chatbot_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"origin" text NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_labels_workspace_id_chatbot_id_channel_origin_day_kind_label_pk" PRIMARY KEY("workspace_id","chatbot_id","channel","origin","day","kind","label")
);
--> statement-breakpoint
CREATE TABLE "analytics_response_times" (
	"workspace_id" uuid NOT NULL,
	"chatbot_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"origin" text NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"bucket" smallint NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_response_times_workspace_id_chatbot_id_channel_origin_day_kind_bucket_pk" PRIMARY KEY("workspace_id","chatbot_id","channel","origin","day","kind","bucket")
);
--> statement-breakpoint
CREATE TABLE "usage_notices" (
	"workspace_id" uuid NOT NULL,
	"month" date NOT NULL,
	"metric" text NOT NULL,
	"threshold" smallint NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_notices_workspace_id_month_metric_threshold_pk" PRIMARY KEY("workspace_id","month","metric","threshold")
);
--> statement-breakpoint
CREATE TABLE "usage_tokens_daily" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"provider" text NOT NULL,
	"tokens_in" bigint DEFAULT 0 NOT NULL,
	"tokens_out" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_tokens_daily_workspace_id_day_provider_pk" PRIMARY KEY("workspace_id","day","provider")
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "origin" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "is_test" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "visitor_messages" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "bot_messages" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "operator_messages" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "thumbs_up" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "thumbs_down" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "outcome" "conversation_outcome";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "handoff_reason" "handoff_reason";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "outcome_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "bot_first_response_ms" double precision;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "human_first_response_ms" double precision;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "topic" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "sentiment" "conversation_sentiment";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "labeled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "webhook_deliveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "origin" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "is_test" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "monthly_token_limit" bigint DEFAULT 20000000 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "document_limit" integer DEFAULT 500 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "storage_byte_limit" bigint DEFAULT 1073741824 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "monthly_webhook_limit" integer DEFAULT 100000 NOT NULL;--> statement-breakpoint
ALTER TABLE "knowledge_gaps" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
UPDATE "knowledge_gaps" SET "closed_at" = "last_asked_at" WHERE "status" <> 'open';--> statement-breakpoint
ALTER TABLE "analytics_hourly" ADD CONSTRAINT "analytics_hourly_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_hourly" ADD CONSTRAINT "analytics_hourly_chatbot_id_chatbots_id_fk" FOREIGN KEY ("chatbot_id") REFERENCES "public"."chatbots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_labels" ADD CONSTRAINT "analytics_labels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_labels" ADD CONSTRAINT "analytics_labels_chatbot_id_chatbots_id_fk" FOREIGN KEY ("chatbot_id") REFERENCES "public"."chatbots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_response_times" ADD CONSTRAINT "analytics_response_times_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_response_times" ADD CONSTRAINT "analytics_response_times_chatbot_id_chatbots_id_fk" FOREIGN KEY ("chatbot_id") REFERENCES "public"."chatbots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_notices" ADD CONSTRAINT "usage_notices_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_tokens_daily" ADD CONSTRAINT "usage_tokens_daily_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_hourly_workspace_hour_idx" ON "analytics_hourly" USING btree ("workspace_id","hour");--> statement-breakpoint
CREATE INDEX "conversations_workspace_created_idx" ON "conversations" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "conversations_to_settle_idx" ON "conversations" USING btree ("last_message_at") WHERE "conversations"."outcome_at" is null;--> statement-breakpoint
-- Rollups of conversations (docs/analytics.md). TypeScript twin: server/services/analytics/recount.ts, which
-- recomputes the same figures from the conversations table; rollups.test.ts holds the two equal.
-- Existing data first: message counters, the team's own playground conversations as tests.
UPDATE "visitors" SET "is_test" = true WHERE "user_id" IS NOT NULL;--> statement-breakpoint
UPDATE "conversations" c SET
  "is_test" = (c."channel" = 'playground'),
  "visitor_messages" = m.v, "bot_messages" = m.b, "operator_messages" = m.o, "thumbs_up" = m.up, "thumbs_down" = m.down
FROM (
  SELECT "conversation_id",
    count(*) FILTER (WHERE "role" = 'visitor') AS v, count(*) FILTER (WHERE "role" = 'bot') AS b,
    count(*) FILTER (WHERE "role" = 'operator') AS o, count(*) FILTER (WHERE "feedback" = 'up') AS up,
    count(*) FILTER (WHERE "feedback" = 'down') AS down
  FROM "messages" GROUP BY "conversation_id"
) m WHERE m."conversation_id" = c."id";--> statement-breakpoint
UPDATE "conversations" SET "is_test" = true WHERE "channel" = 'playground';--> statement-breakpoint
-- Adds the contribution of n and takes away that of o (either may be null), both of one rollup key.
CREATE FUNCTION analytics_bump(n "conversations", o "conversations") RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k "conversations" := coalesce(n, o);
  h timestamp := date_trunc('hour', k."created_at" AT TIME ZONE 'UTC');
BEGIN
  -- Only taking away, and the chatbot is gone (its deletion cascades here and to the rollup): nothing to keep.
  IF n."id" IS NULL AND NOT EXISTS (SELECT 1 FROM "chatbots" WHERE "id" = k."chatbot_id") THEN
    RETURN;
  END IF;
  INSERT INTO "analytics_hourly" AS a (
    "workspace_id", "chatbot_id", "channel", "origin", "hour",
    "conversations", "visitor_messages", "bot_messages", "operator_messages",
    "outcome_ai", "outcome_handed", "outcome_human", "outcome_unanswered",
    "handoff_visitor_asked", "handoff_low_confidence", "handoff_no_answer", "handoff_policy",
    "handoff_webhook_failure", "handoff_bot_offered",
    "rated", "rating_sum", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5",
    "thumbs_up", "thumbs_down", "sentiment_positive", "sentiment_neutral", "sentiment_negative",
    "bot_responses", "bot_response_ms_sum", "human_responses", "human_response_ms_sum"
  ) VALUES (
    k."workspace_id", k."chatbot_id", k."channel"::text, coalesce(k."origin", ''), h,
    (n."id" IS NOT NULL)::int - (o."id" IS NOT NULL)::int,
    coalesce(n."visitor_messages", 0) - coalesce(o."visitor_messages", 0),
    coalesce(n."bot_messages", 0) - coalesce(o."bot_messages", 0),
    coalesce(n."operator_messages", 0) - coalesce(o."operator_messages", 0),
    coalesce((n."outcome" = 'ai')::int, 0) - coalesce((o."outcome" = 'ai')::int, 0),
    coalesce((n."outcome" = 'handed')::int, 0) - coalesce((o."outcome" = 'handed')::int, 0),
    coalesce((n."outcome" = 'human')::int, 0) - coalesce((o."outcome" = 'human')::int, 0),
    coalesce((n."outcome" = 'unanswered')::int, 0) - coalesce((o."outcome" = 'unanswered')::int, 0),
    coalesce((n."handoff_reason" = 'visitor_asked')::int, 0) - coalesce((o."handoff_reason" = 'visitor_asked')::int, 0),
    coalesce((n."handoff_reason" = 'low_confidence')::int, 0) - coalesce((o."handoff_reason" = 'low_confidence')::int, 0),
    coalesce((n."handoff_reason" = 'no_answer')::int, 0) - coalesce((o."handoff_reason" = 'no_answer')::int, 0),
    coalesce((n."handoff_reason" = 'policy')::int, 0) - coalesce((o."handoff_reason" = 'policy')::int, 0),
    coalesce((n."handoff_reason" = 'webhook_failure')::int, 0) - coalesce((o."handoff_reason" = 'webhook_failure')::int, 0),
    coalesce((n."handoff_reason" = 'bot_offered')::int, 0) - coalesce((o."handoff_reason" = 'bot_offered')::int, 0),
    (n."rating" IS NOT NULL)::int - (o."rating" IS NOT NULL)::int,
    coalesce(n."rating", 0) - coalesce(o."rating", 0),
    coalesce((n."rating" = 1)::int, 0) - coalesce((o."rating" = 1)::int, 0),
    coalesce((n."rating" = 2)::int, 0) - coalesce((o."rating" = 2)::int, 0),
    coalesce((n."rating" = 3)::int, 0) - coalesce((o."rating" = 3)::int, 0),
    coalesce((n."rating" = 4)::int, 0) - coalesce((o."rating" = 4)::int, 0),
    coalesce((n."rating" = 5)::int, 0) - coalesce((o."rating" = 5)::int, 0),
    coalesce(n."thumbs_up", 0) - coalesce(o."thumbs_up", 0),
    coalesce(n."thumbs_down", 0) - coalesce(o."thumbs_down", 0),
    coalesce((n."sentiment" = 'positive')::int, 0) - coalesce((o."sentiment" = 'positive')::int, 0),
    coalesce((n."sentiment" = 'neutral')::int, 0) - coalesce((o."sentiment" = 'neutral')::int, 0),
    coalesce((n."sentiment" = 'negative')::int, 0) - coalesce((o."sentiment" = 'negative')::int, 0),
    (n."bot_first_response_ms" IS NOT NULL)::int - (o."bot_first_response_ms" IS NOT NULL)::int,
    coalesce(n."bot_first_response_ms", 0) - coalesce(o."bot_first_response_ms", 0),
    (n."human_first_response_ms" IS NOT NULL)::int - (o."human_first_response_ms" IS NOT NULL)::int,
    coalesce(n."human_first_response_ms", 0) - coalesce(o."human_first_response_ms", 0)
  ) ON CONFLICT ("workspace_id", "chatbot_id", "channel", "origin", "hour") DO UPDATE SET
    "conversations" = a."conversations" + excluded."conversations",
    "visitor_messages" = a."visitor_messages" + excluded."visitor_messages",
    "bot_messages" = a."bot_messages" + excluded."bot_messages",
    "operator_messages" = a."operator_messages" + excluded."operator_messages",
    "outcome_ai" = a."outcome_ai" + excluded."outcome_ai",
    "outcome_handed" = a."outcome_handed" + excluded."outcome_handed",
    "outcome_human" = a."outcome_human" + excluded."outcome_human",
    "outcome_unanswered" = a."outcome_unanswered" + excluded."outcome_unanswered",
    "handoff_visitor_asked" = a."handoff_visitor_asked" + excluded."handoff_visitor_asked",
    "handoff_low_confidence" = a."handoff_low_confidence" + excluded."handoff_low_confidence",
    "handoff_no_answer" = a."handoff_no_answer" + excluded."handoff_no_answer",
    "handoff_policy" = a."handoff_policy" + excluded."handoff_policy",
    "handoff_webhook_failure" = a."handoff_webhook_failure" + excluded."handoff_webhook_failure",
    "handoff_bot_offered" = a."handoff_bot_offered" + excluded."handoff_bot_offered",
    "rated" = a."rated" + excluded."rated",
    "rating_sum" = a."rating_sum" + excluded."rating_sum",
    "rating_1" = a."rating_1" + excluded."rating_1",
    "rating_2" = a."rating_2" + excluded."rating_2",
    "rating_3" = a."rating_3" + excluded."rating_3",
    "rating_4" = a."rating_4" + excluded."rating_4",
    "rating_5" = a."rating_5" + excluded."rating_5",
    "thumbs_up" = a."thumbs_up" + excluded."thumbs_up",
    "thumbs_down" = a."thumbs_down" + excluded."thumbs_down",
    "sentiment_positive" = a."sentiment_positive" + excluded."sentiment_positive",
    "sentiment_neutral" = a."sentiment_neutral" + excluded."sentiment_neutral",
    "sentiment_negative" = a."sentiment_negative" + excluded."sentiment_negative",
    "bot_responses" = a."bot_responses" + excluded."bot_responses",
    "bot_response_ms_sum" = a."bot_response_ms_sum" + excluded."bot_response_ms_sum",
    "human_responses" = a."human_responses" + excluded."human_responses",
    "human_response_ms_sum" = a."human_response_ms_sum" + excluded."human_response_ms_sum";
END $$;--> statement-breakpoint
-- One count in a day-keyed rollup (labels or response-time buckets), up or down.
CREATE FUNCTION analytics_bump_bucket(k "conversations", p_kind text, p_label text, p_bucket smallint, p_delta int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE d date := (k."created_at" AT TIME ZONE 'UTC')::date;
BEGIN
  IF p_delta < 0 AND NOT EXISTS (SELECT 1 FROM "chatbots" WHERE "id" = k."chatbot_id") THEN
    RETURN;
  END IF;
  IF p_label IS NOT NULL THEN
    INSERT INTO "analytics_labels" AS a ("workspace_id", "chatbot_id", "channel", "origin", "day", "kind", "label", "count")
    VALUES (k."workspace_id", k."chatbot_id", k."channel"::text, coalesce(k."origin", ''), d, p_kind, p_label, p_delta)
    ON CONFLICT ("workspace_id", "chatbot_id", "channel", "origin", "day", "kind", "label")
    DO UPDATE SET "count" = a."count" + excluded."count";
  ELSIF p_bucket IS NOT NULL THEN
    INSERT INTO "analytics_response_times" AS a ("workspace_id", "chatbot_id", "channel", "origin", "day", "kind", "bucket", "count")
    VALUES (k."workspace_id", k."chatbot_id", k."channel"::text, coalesce(k."origin", ''), d, p_kind, p_bucket, p_delta)
    ON CONFLICT ("workspace_id", "chatbot_id", "channel", "origin", "day", "kind", "bucket")
    DO UPDATE SET "count" = a."count" + excluded."count";
  END IF;
END $$;--> statement-breakpoint
-- Bucket b holds [2^(b/4), 2^((b+1)/4)) ms (the TypeScript twin: responseBucket in recount.ts).
CREATE FUNCTION analytics_response_bucket(ms double precision) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN ms IS NULL THEN NULL ELSE floor(log(2, greatest(ms, 1)::numeric) * 4)::smallint END
$$;--> statement-breakpoint
-- The day-keyed parts of one conversation, added (sign 1) or taken away (sign -1).
CREATE FUNCTION analytics_bump_days(k "conversations", p_sign int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF k."topic" IS NOT NULL THEN PERFORM analytics_bump_bucket(k, 'topic', k."topic", NULL, p_sign); END IF;
  IF k."language" IS NOT NULL THEN PERFORM analytics_bump_bucket(k, 'language', k."language", NULL, p_sign); END IF;
  IF k."bot_first_response_ms" IS NOT NULL THEN
    PERFORM analytics_bump_bucket(k, 'bot', NULL, analytics_response_bucket(k."bot_first_response_ms"), p_sign);
  END IF;
  IF k."human_first_response_ms" IS NOT NULL THEN
    PERFORM analytics_bump_bucket(k, 'human', NULL, analytics_response_bucket(k."human_first_response_ms"), p_sign);
  END IF;
END $$;--> statement-breakpoint
CREATE FUNCTION conversations_analytics() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o "conversations";
  n "conversations";
BEGIN
  IF TG_OP <> 'INSERT' AND NOT OLD."is_test" THEN o := OLD; END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW."is_test" THEN n := NEW; END IF;
  IF TG_OP = 'UPDATE' AND o."id" IS NOT NULL AND n."id" IS NOT NULL
     AND (o."workspace_id", o."chatbot_id", o."channel", o."origin", o."created_at")
         IS NOT DISTINCT FROM (n."workspace_id", n."chatbot_id", n."channel", n."origin", n."created_at") THEN
    -- The common case (a message, an outcome, a rating): one key, one upsert, and only when a figure moved.
    IF (o."visitor_messages", o."bot_messages", o."operator_messages", o."outcome", o."handoff_reason", o."rating",
        o."thumbs_up", o."thumbs_down", o."sentiment", o."bot_first_response_ms", o."human_first_response_ms")
       IS DISTINCT FROM
       (n."visitor_messages", n."bot_messages", n."operator_messages", n."outcome", n."handoff_reason", n."rating",
        n."thumbs_up", n."thumbs_down", n."sentiment", n."bot_first_response_ms", n."human_first_response_ms") THEN
      PERFORM analytics_bump(n, o);
    END IF;
    IF (o."topic", o."language", o."bot_first_response_ms", o."human_first_response_ms")
       IS DISTINCT FROM (n."topic", n."language", n."bot_first_response_ms", n."human_first_response_ms") THEN
      PERFORM analytics_bump_days(o, -1);
      PERFORM analytics_bump_days(n, 1);
    END IF;
    RETURN NULL;
  END IF;
  IF o."id" IS NOT NULL THEN
    PERFORM analytics_bump(NULL, o);
    PERFORM analytics_bump_days(o, -1);
  END IF;
  IF n."id" IS NOT NULL THEN
    PERFORM analytics_bump(n, NULL);
    PERFORM analytics_bump_days(n, 1);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "conversations_analytics" AFTER INSERT OR UPDATE OR DELETE ON "conversations"
  FOR EACH ROW EXECUTE FUNCTION conversations_analytics();--> statement-breakpoint
-- A message moves its conversation's counters (and so the rollup, through the trigger above); a new one
-- also asks the settle job to decide the outcome again. Under a cascade from the conversation the update
-- finds no row and does nothing: the conversation's own delete took its counters away.
CREATE FUNCTION messages_analytics() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r "messages" := coalesce(NEW, OLD);
  s int := CASE TG_OP WHEN 'INSERT' THEN 1 WHEN 'DELETE' THEN -1 ELSE 0 END;
  up int := coalesce((NEW."feedback" = 'up')::int, 0) - coalesce((OLD."feedback" = 'up')::int, 0);
  down int := coalesce((NEW."feedback" = 'down')::int, 0) - coalesce((OLD."feedback" = 'down')::int, 0);
BEGIN
  IF TG_OP = 'INSERT' THEN up := coalesce((NEW."feedback" = 'up')::int, 0); down := coalesce((NEW."feedback" = 'down')::int, 0); END IF;
  IF TG_OP = 'DELETE' THEN up := -coalesce((OLD."feedback" = 'up')::int, 0); down := -coalesce((OLD."feedback" = 'down')::int, 0); END IF;
  IF s = 0 AND up = 0 AND down = 0 THEN RETURN NULL; END IF;
  UPDATE "conversations" SET
    "visitor_messages" = "visitor_messages" + CASE WHEN r."role" = 'visitor' THEN s ELSE 0 END,
    "bot_messages" = "bot_messages" + CASE WHEN r."role" = 'bot' THEN s ELSE 0 END,
    "operator_messages" = "operator_messages" + CASE WHEN r."role" = 'operator' THEN s ELSE 0 END,
    "thumbs_up" = "thumbs_up" + up,
    "thumbs_down" = "thumbs_down" + down,
    "outcome_at" = CASE WHEN TG_OP = 'INSERT' AND r."role" <> 'system' THEN NULL ELSE "outcome_at" END
  WHERE "id" = r."conversation_id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "messages_analytics" AFTER INSERT OR DELETE OR UPDATE OF "feedback" ON "messages"
  FOR EACH ROW EXECUTE FUNCTION messages_analytics();--> statement-breakpoint
-- Existing conversations into the rollups, by the same functions the trigger uses.
SELECT analytics_bump(c, NULL), analytics_bump_days(c, 1) FROM "conversations" c WHERE NOT c."is_test";--> statement-breakpoint
-- widget_send_batch (0009) as before, except that the team's test conversations do not count towards
-- the monthly quota (issue 16, item 11).
CREATE OR REPLACE FUNCTION widget_send_batch(jobs json) RETURNS TABLE (
	ord int,
	outcome text,
	message_id uuid,
	conversation_id uuid,
	workspace_id uuid,
	chatbot_id uuid,
	status conversation_status,
	handler conversation_handler,
	seq bigint,
	created_at timestamptz
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH job AS (
		SELECT j.ord, j.visitor_id, j.client_id, j.content
		FROM json_to_recordset(jobs) AS j(ord int, visitor_id uuid, client_id text, content text)
	), locked AS (
		SELECT v.id FROM visitors v
		WHERE v.id IN (SELECT job.visitor_id FROM job)
		ORDER BY v.id
		FOR UPDATE
	), current AS (
		SELECT DISTINCT ON (c.visitor_id) c.visitor_id, c.id, c.workspace_id, c.chatbot_id, c.status, c.handler
		FROM conversations c
		WHERE c.visitor_id IN (SELECT locked.id FROM locked)
			AND c.channel = 'widget' AND c.status IN ('open', 'pending')
		ORDER BY c.visitor_id, c.created_at DESC
	), stored AS (
		SELECT DISTINCT ON (c.visitor_id, m.client_id) c.visitor_id, m.client_id, m.id
		FROM messages m JOIN conversations c ON c.id = m.conversation_id
		WHERE c.visitor_id IN (SELECT locked.id FROM locked)
			AND m.client_id IN (SELECT job.client_id FROM job)
		ORDER BY c.visitor_id, m.client_id, m.created_at
	), decided AS (
		SELECT job.*, locked.id IS NOT NULL AS is_locked, s.id AS stored_id,
			cur.id AS conv_id, cur.workspace_id, cur.chatbot_id, cur.status, cur.handler,
			row_number() OVER (PARTITION BY job.visitor_id, job.client_id ORDER BY job.ord) AS copy
		FROM job
		LEFT JOIN locked ON locked.id = job.visitor_id
		LEFT JOIN stored s ON s.visitor_id = job.visitor_id AND s.client_id = job.client_id
		LEFT JOIN current cur ON cur.visitor_id = job.visitor_id
	), fresh AS (
		SELECT d.*, row_number() OVER (PARTITION BY d.visitor_id ORDER BY d.ord) AS n
		FROM decided d
		WHERE d.is_locked AND d.stored_id IS NULL AND d.conv_id IS NOT NULL AND d.copy = 1
	), bumped AS (
		UPDATE visitors v
		SET message_seq = v.message_seq + coalesce(k.messages, 0), last_seen_at = now()
		FROM locked LEFT JOIN (SELECT fresh.visitor_id, count(*) AS messages FROM fresh GROUP BY fresh.visitor_id) k
			ON k.visitor_id = locked.id
		WHERE v.id = locked.id
		RETURNING v.id, v.message_seq - coalesce(k.messages, 0) AS base
	), inserted AS (
		INSERT INTO messages (workspace_id, conversation_id, role, content, client_id, seq)
		SELECT f.workspace_id, f.conv_id, 'visitor', f.content, f.client_id, b.base + f.n
		FROM fresh f JOIN bumped b ON b.id = f.visitor_id
		ORDER BY f.ord
		ON CONFLICT (conversation_id, client_id) DO NOTHING
		RETURNING messages.id, messages.conversation_id, messages.client_id, messages.seq, messages.created_at
	), touched AS (
		UPDATE conversations SET last_message_at = now()
		WHERE conversations.id IN (SELECT inserted.conversation_id FROM inserted)
	), counted AS (
		INSERT INTO usage_daily AS u (workspace_id, chatbot_id, day, messages, ai_answers, tokens_in, tokens_out)
		SELECT f.workspace_id, f.chatbot_id, (now() AT TIME ZONE 'utc')::date, count(*)::int, 0, 0, 0
		FROM inserted i JOIN fresh f ON f.conv_id = i.conversation_id AND f.client_id = i.client_id
		JOIN conversations c ON c.id = i.conversation_id AND NOT c.is_test
		GROUP BY f.workspace_id, f.chatbot_id
		ON CONFLICT (workspace_id, chatbot_id, day) DO UPDATE SET messages = u.messages + excluded.messages
	)
	SELECT d.ord,
		CASE
			WHEN NOT d.is_locked THEN 'gone'
			WHEN d.stored_id IS NOT NULL THEN 'stored'
			WHEN d.conv_id IS NULL THEN 'no-conversation'
			WHEN d.copy > 1 THEN 'repeat'
			WHEN i.id IS NOT NULL THEN 'new'
			ELSE 'conflict'
		END,
		coalesce(i.id, d.stored_id), d.conv_id, d.workspace_id, d.chatbot_id, d.status, d.handler,
		i.seq, i.created_at
	FROM decided d
	LEFT JOIN inserted i ON d.copy = 1 AND i.conversation_id = d.conv_id AND i.client_id = d.client_id
	ORDER BY d.ord;
END;
$$;
