ALTER TYPE "public"."token_purpose" ADD VALUE 'sign_in';--> statement-breakpoint
ALTER TABLE "mails" ALTER COLUMN "text" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mails" ALTER COLUMN "html" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mails" ADD COLUMN "body_expires_at" timestamp with time zone;--> statement-breakpoint
-- Bodies written before sealing hold live link tokens in clear: drop those of mails already delivered
-- over SMTP (or given up on), and of outbox mails older than the longest link Parley mails (48 hours).
UPDATE "mails" SET "text" = NULL, "html" = NULL
WHERE ("transport" = 'smtp' AND "status" <> 'queued') OR ("transport" = 'outbox' AND "created_at" < now() - interval '48 hours');
--> statement-breakpoint
-- Unconfirmed accounts can no longer log in; sessions they got before (possibly someone else's sign-up
-- with the owner's address) end now rather than at the owner's confirmation.
DELETE FROM "sessions" WHERE "user_id" IN (SELECT "id" FROM "users" WHERE "email_verified_at" IS NULL);
