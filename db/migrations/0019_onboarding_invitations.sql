ALTER TABLE "chatbots" ADD COLUMN "widget_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chatbots" ADD COLUMN "widget_seen_origin" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "signup_user_id" uuid;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_signup_user_id_users_id_fk" FOREIGN KEY ("signup_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;