ALTER TABLE "conversations" ADD COLUMN "email_offered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "reply_email" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "wants_transcript" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "transcript_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "emailed_to" text;