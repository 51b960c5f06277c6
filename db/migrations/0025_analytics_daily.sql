CREATE TABLE "analytics_daily" (
	"workspace_id" uuid NOT NULL,
	"chatbot_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"origin" text NOT NULL,
	"day" date NOT NULL,
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
	CONSTRAINT "analytics_daily_workspace_id_chatbot_id_channel_origin_day_pk" PRIMARY KEY("workspace_id","chatbot_id","channel","origin","day")
);
--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_chatbot_id_chatbots_id_fk" FOREIGN KEY ("chatbot_id") REFERENCES "public"."chatbots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_daily_workspace_day_idx" ON "analytics_daily" USING btree ("workspace_id","day");--> statement-breakpoint
-- The hourly figures summed into days, before the hourly table keeps only its conversation counts.
INSERT INTO "analytics_daily" ("workspace_id", "chatbot_id", "channel", "origin", "day", "conversations", "visitor_messages", "bot_messages", "operator_messages", "outcome_ai", "outcome_handed", "outcome_human", "outcome_unanswered", "handoff_visitor_asked", "handoff_low_confidence", "handoff_no_answer", "handoff_policy", "handoff_webhook_failure", "handoff_bot_offered", "rated", "rating_sum", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5", "thumbs_up", "thumbs_down", "sentiment_positive", "sentiment_neutral", "sentiment_negative", "bot_responses", "bot_response_ms_sum", "human_responses", "human_response_ms_sum")
SELECT "workspace_id", "chatbot_id", "channel", "origin", "hour"::date, sum("conversations"), sum("visitor_messages"), sum("bot_messages"), sum("operator_messages"), sum("outcome_ai"), sum("outcome_handed"), sum("outcome_human"), sum("outcome_unanswered"), sum("handoff_visitor_asked"), sum("handoff_low_confidence"), sum("handoff_no_answer"), sum("handoff_policy"), sum("handoff_webhook_failure"), sum("handoff_bot_offered"), sum("rated"), sum("rating_sum"), sum("rating_1"), sum("rating_2"), sum("rating_3"), sum("rating_4"), sum("rating_5"), sum("thumbs_up"), sum("thumbs_down"), sum("sentiment_positive"), sum("sentiment_neutral"), sum("sentiment_negative"), sum("bot_responses"), sum("bot_response_ms_sum"), sum("human_responses"), sum("human_response_ms_sum")
FROM "analytics_hourly" GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "visitor_messages";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "bot_messages";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "operator_messages";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "outcome_ai";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "outcome_handed";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "outcome_human";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "outcome_unanswered";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "handoff_visitor_asked";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "handoff_low_confidence";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "handoff_no_answer";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "handoff_policy";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "handoff_webhook_failure";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "handoff_bot_offered";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "rated";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "rating_sum";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "rating_1";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "rating_2";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "rating_3";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "rating_4";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "rating_5";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "thumbs_up";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "thumbs_down";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "sentiment_positive";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "sentiment_neutral";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "sentiment_negative";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "bot_responses";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "bot_response_ms_sum";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "human_responses";--> statement-breakpoint
ALTER TABLE "analytics_hourly" DROP COLUMN "human_response_ms_sum";--> statement-breakpoint
-- The same figures into days; the hourly rollup now only counts conversations.
CREATE OR REPLACE FUNCTION analytics_bump(n "conversations", o "conversations") RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k "conversations" := coalesce(n, o);
  h timestamp := date_trunc('hour', k."created_at" AT TIME ZONE 'UTC');
  d int := (n."id" IS NOT NULL)::int - (o."id" IS NOT NULL)::int;
BEGIN
  -- Only taking away, and the chatbot is gone (its deletion cascades here and to the rollup): nothing to keep.
  IF n."id" IS NULL AND NOT EXISTS (SELECT 1 FROM "chatbots" WHERE "id" = k."chatbot_id") THEN
    RETURN;
  END IF;
  INSERT INTO "analytics_daily" AS a (
    "workspace_id", "chatbot_id", "channel", "origin", "day",
    "conversations", "visitor_messages", "bot_messages", "operator_messages",
    "outcome_ai", "outcome_handed", "outcome_human", "outcome_unanswered",
    "handoff_visitor_asked", "handoff_low_confidence", "handoff_no_answer", "handoff_policy",
    "handoff_webhook_failure", "handoff_bot_offered",
    "rated", "rating_sum", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5",
    "thumbs_up", "thumbs_down", "sentiment_positive", "sentiment_neutral", "sentiment_negative",
    "bot_responses", "bot_response_ms_sum", "human_responses", "human_response_ms_sum"
  ) VALUES (
    k."workspace_id", k."chatbot_id", k."channel"::text, coalesce(k."origin", ''), h::date,
    d,
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
  ) ON CONFLICT ("workspace_id", "chatbot_id", "channel", "origin", "day") DO UPDATE SET
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
  -- The hour only moves when a conversation comes or goes, not on every message of one.
  IF d <> 0 THEN
    INSERT INTO "analytics_hourly" AS a ("workspace_id", "chatbot_id", "channel", "origin", "hour", "conversations")
    VALUES (k."workspace_id", k."chatbot_id", k."channel"::text, coalesce(k."origin", ''), h, d)
    ON CONFLICT ("workspace_id", "chatbot_id", "channel", "origin", "hour") DO UPDATE SET
      "conversations" = a."conversations" + excluded."conversations";
  END IF;
END $$;
