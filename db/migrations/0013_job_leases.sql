ALTER TYPE "public"."source_status" ADD VALUE 'retrying' BEFORE 'ready';--> statement-breakpoint
CREATE TABLE "job_leases" (
	"job_id" uuid PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"token" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "job_leases_expires_at_idx" ON "job_leases" USING btree ("expires_at");