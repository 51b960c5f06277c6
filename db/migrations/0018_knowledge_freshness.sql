CREATE TYPE "public"."crawl_page_status" AS ENUM('queued', 'done', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."sync_interval" AS ENUM('off', 'shortest', 'hourly', 'daily', 'weekly');--> statement-breakpoint
ALTER TYPE "public"."source_kind" ADD VALUE 'crawl';--> statement-breakpoint
CREATE TABLE "knowledge_crawl_pages" (
	"source_id" uuid NOT NULL,
	"url" text NOT NULL,
	"depth" integer NOT NULL,
	"status" "crawl_page_status" DEFAULT 'queued' NOT NULL,
	"note" text,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knowledge_crawl_pages_source_id_url_pk" PRIMARY KEY("source_id","url")
);
--> statement-breakpoint
ALTER TABLE "knowledge_sources" ADD COLUMN "is_title_edited" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "knowledge_sources" ADD COLUMN "sync_interval" "sync_interval" DEFAULT 'daily' NOT NULL;--> statement-breakpoint
ALTER TABLE "knowledge_sources" ADD COLUMN "etag" text;--> statement-breakpoint
ALTER TABLE "knowledge_sources" ADD COLUMN "last_modified" text;--> statement-breakpoint
ALTER TABLE "knowledge_sources" ADD COLUMN "last_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "knowledge_sources" ADD COLUMN "last_sync_result" text;--> statement-breakpoint
ALTER TABLE "knowledge_sources" ADD COLUMN "sync_error" text;--> statement-breakpoint
ALTER TABLE "knowledge_sources" ADD COLUMN "next_sync_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "knowledge_sources" ADD COLUMN "crawl_settings" jsonb;--> statement-breakpoint
ALTER TABLE "knowledge_crawl_pages" ADD CONSTRAINT "knowledge_crawl_pages_source_id_knowledge_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."knowledge_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "knowledge_crawl_pages_status_idx" ON "knowledge_crawl_pages" USING btree ("source_id","status","depth");--> statement-breakpoint
CREATE INDEX "knowledge_sources_next_sync_idx" ON "knowledge_sources" USING btree ("next_sync_at");--> statement-breakpoint
-- Web sources imported before scheduled syncs start syncing within a day, spread out rather than all at once.
UPDATE "knowledge_sources" SET "next_sync_at" = now() + random() * interval '1 day' WHERE "kind" IN ('url', 'sitemap') AND "parent_id" IS NULL;
