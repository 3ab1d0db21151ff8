CREATE TYPE "public"."agency_kind" AS ENUM('police', 'council', 'trading_standards', 'youth_offending', 'housing', 'fire', 'health', 'community_group', 'other');--> statement-breakpoint
CREATE TYPE "public"."concern_source" AS ENUM('meeting', 'online');--> statement-breakpoint
CREATE TYPE "public"."concern_status" AS ENUM('new', 'adopted', 'answered', 'referred', 'not_adopted');--> statement-breakpoint
CREATE TYPE "public"."confidentiality" AS ENUM('public', 'partners_only');--> statement-breakpoint
CREATE TYPE "public"."mail_preference" AS ENUM('immediate', 'digest');--> statement-breakpoint
CREATE TYPE "public"."meeting_kind" AS ENUM('pact', 'area_assembly', 'street_meeting');--> statement-breakpoint
CREATE TYPE "public"."meeting_status" AS ENUM('scheduled', 'held', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."membership_role" AS ENUM('member', 'coordinator');--> statement-breakpoint
CREATE TYPE "public"."outbox_status" AS ENUM('pending', 'sending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."priority_status" AS ENUM('active', 'monitoring', 'resolved', 'closed', 'referred');--> statement-breakpoint
CREATE TYPE "public"."task_status" AS ENUM('offered', 'accepted', 'in_progress', 'done', 'declined', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."token_kind" AS ENUM('invitation', 'password_reset', 'subscription');--> statement-breakpoint
CREATE TYPE "public"."visibility" AS ENUM('public', 'partners_only');--> statement-breakpoint
CREATE TABLE "agencies" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"public_name" text NOT NULL,
	"kind" "agency_kind" NOT NULL,
	"inbox_email" text NOT NULL,
	"public_contact" text DEFAULT '' NOT NULL,
	"default_confidentiality" "confidentiality" DEFAULT 'public' NOT NULL,
	"acknowledge_within_working_days" integer DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_slug_unique" UNIQUE("slug"),
	CONSTRAINT "agencies_acknowledge_check" CHECK ("agencies"."acknowledge_within_working_days" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "agency_memberships" (
	"user_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"role" "membership_role" DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_memberships_user_id_agency_id_pk" PRIMARY KEY("user_id","agency_id")
);
--> statement-breakpoint
CREATE TABLE "assemblies" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assemblies_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "assembly_chairs" (
	"user_id" integer NOT NULL,
	"assembly_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assembly_chairs_user_id_assembly_id_pk" PRIMARY KEY("user_id","assembly_id")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_user_id" integer,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"assembly_id" integer,
	"agency_id" integer,
	"before" jsonb,
	"after" jsonb,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_holidays" (
	"day" date PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "categories_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "concerns" (
	"id" serial PRIMARY KEY NOT NULL,
	"neighbourhood_id" integer NOT NULL,
	"category_id" integer,
	"raised_at_meeting_id" integer,
	"source" "concern_source" DEFAULT 'meeting' NOT NULL,
	"public_wording" text NOT NULL,
	"original_wording" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"contact_removed_at" timestamp with time zone,
	"status" "concern_status" DEFAULT 'new' NOT NULL,
	"answer" text,
	"referred_agency_id" integer,
	"not_adopted_reason" text,
	"moderated_at" timestamp with time zone,
	"moderated_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "concerns_answered_check" CHECK ("concerns"."status" <> 'answered' or coalesce("concerns"."answer", '') <> ''),
	CONSTRAINT "concerns_not_adopted_check" CHECK ("concerns"."status" <> 'not_adopted' or coalesce("concerns"."not_adopted_reason", '') <> ''),
	CONSTRAINT "concerns_referred_check" CHECK ("concerns"."status" <> 'referred' or "concerns"."referred_agency_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"address" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_neighbourhoods" (
	"meeting_id" integer NOT NULL,
	"neighbourhood_id" integer NOT NULL,
	CONSTRAINT "meeting_neighbourhoods_meeting_id_neighbourhood_id_pk" PRIMARY KEY("meeting_id","neighbourhood_id")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"assembly_id" integer NOT NULL,
	"kind" "meeting_kind" DEFAULT 'pact' NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"venue" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"accessibility_note" text DEFAULT '' NOT NULL,
	"status" "meeting_status" DEFAULT 'scheduled' NOT NULL,
	"cancellation_reason" text,
	"attendance" integer,
	"public_summary" text,
	"whats_working" text,
	"minutes_reference" text,
	"published_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_time_check" CHECK ("meetings"."ends_at" >= "meetings"."starts_at"),
	CONSTRAINT "meetings_attendance_check" CHECK ("meetings"."attendance" is null or "meetings"."attendance" >= 0),
	CONSTRAINT "meetings_cancel_reason_check" CHECK ("meetings"."status" <> 'cancelled' or coalesce("meetings"."cancellation_reason", '') <> '')
);
--> statement-breakpoint
CREATE TABLE "neighbourhoods" (
	"id" serial PRIMARY KEY NOT NULL,
	"assembly_id" integer NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"police_force_id" text,
	"police_neighbourhood_id" text,
	"wards" text[] DEFAULT '{}'::text[] NOT NULL,
	"postcode_districts" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_active_priorities" integer DEFAULT 3 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "neighbourhoods_slug_unique" UNIQUE("slug"),
	CONSTRAINT "neighbourhoods_max_active_check" CHECK ("neighbourhoods"."max_active_priorities" between 1 and 20),
	CONSTRAINT "neighbourhoods_slug_check" CHECK ("neighbourhoods"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"template" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text,
	"status" "outbox_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_messages_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "priorities" (
	"id" serial PRIMARY KEY NOT NULL,
	"neighbourhood_id" integer NOT NULL,
	"category_id" integer,
	"agreed_at_meeting_id" integer,
	"title" text NOT NULL,
	"you_said" text NOT NULL,
	"status" "priority_status" DEFAULT 'active' NOT NULL,
	"agreed_on" date NOT NULL,
	"review_date" date NOT NULL,
	"outcome_summary" text,
	"closed_reason" text,
	"referred_to" text,
	"closed_at" timestamp with time zone,
	"last_public_update_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "priorities_resolved_check" CHECK ("priorities"."status" <> 'resolved' or coalesce("priorities"."outcome_summary", '') <> ''),
	CONSTRAINT "priorities_closed_check" CHECK ("priorities"."status" <> 'closed' or coalesce("priorities"."closed_reason", '') <> ''),
	CONSTRAINT "priorities_referred_check" CHECK ("priorities"."status" <> 'referred' or coalesce("priorities"."referred_to", '') <> '')
);
--> statement-breakpoint
CREATE TABLE "priority_concerns" (
	"priority_id" integer NOT NULL,
	"concern_id" integer NOT NULL,
	CONSTRAINT "priority_concerns_priority_id_concern_id_pk" PRIMARY KEY("priority_id","concern_id")
);
--> statement-breakpoint
CREATE TABLE "public_changes" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"counter" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bucket" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"neighbourhood_id" integer,
	"priority_id" integer,
	"confirm_token_hash" text NOT NULL,
	"unsubscribe_token_hash" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"last_digest_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_confirmTokenHash_unique" UNIQUE("confirm_token_hash"),
	CONSTRAINT "subscriptions_unsubscribeTokenHash_unique" UNIQUE("unsubscribe_token_hash"),
	CONSTRAINT "subscriptions_target_check" CHECK (("subscriptions"."neighbourhood_id" is null) <> ("subscriptions"."priority_id" is null))
);
--> statement-breakpoint
CREATE TABLE "task_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"author_user_id" integer,
	"body" text NOT NULL,
	"visibility" "visibility" NOT NULL,
	"status_change" "task_status",
	"is_outcome" boolean DEFAULT false NOT NULL,
	"residents_asked" boolean,
	"safeguarding_referral" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_updates_safeguarding_check" CHECK (not "task_updates"."safeguarding_referral" or "task_updates"."visibility" = 'partners_only')
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"priority_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"assignee_user_id" integer,
	"title" text NOT NULL,
	"ask" text NOT NULL,
	"confidentiality" "confidentiality" DEFAULT 'public' NOT NULL,
	"status" "task_status" DEFAULT 'offered' NOT NULL,
	"offered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledge_by" date NOT NULL,
	"action_plan_due_by" date NOT NULL,
	"due_date" date NOT NULL,
	"action_plan" text,
	"action_plan_submitted_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"decline_reason" text,
	"suggested_agency_id" integer,
	"withdrawn_reason" text,
	"outcome_summary" text,
	"residents_asked" boolean,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_version_check" CHECK ("tasks"."version" >= 1),
	CONSTRAINT "tasks_declined_check" CHECK ("tasks"."status" <> 'declined' or coalesce("tasks"."decline_reason", '') <> ''),
	CONSTRAINT "tasks_done_check" CHECK ("tasks"."status" <> 'done' or coalesce("tasks"."outcome_summary", '') <> '')
);
--> statement-breakpoint
CREATE TABLE "update_figures" (
	"id" serial PRIMARY KEY NOT NULL,
	"update_id" integer NOT NULL,
	"label" text NOT NULL,
	"value" numeric(12, 2) NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "update_figures_value_check" CHECK ("update_figures"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "user_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "token_kind" NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" integer,
	"created_by_user_id" integer,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"is_admin" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"mail_preference" "mail_preference" DEFAULT 'immediate' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	CONSTRAINT "users_email_check" CHECK ("users"."email" like '%_@_%')
);
--> statement-breakpoint
ALTER TABLE "agency_memberships" ADD CONSTRAINT "agency_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_memberships" ADD CONSTRAINT "agency_memberships_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_chairs" ADD CONSTRAINT "assembly_chairs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assembly_chairs" ADD CONSTRAINT "assembly_chairs_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_neighbourhood_id_neighbourhoods_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."neighbourhoods"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_raised_at_meeting_id_meetings_id_fk" FOREIGN KEY ("raised_at_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_referred_agency_id_agencies_id_fk" FOREIGN KEY ("referred_agency_id") REFERENCES "public"."agencies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_moderated_by_user_id_users_id_fk" FOREIGN KEY ("moderated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_neighbourhoods" ADD CONSTRAINT "meeting_neighbourhoods_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_neighbourhoods" ADD CONSTRAINT "meeting_neighbourhoods_neighbourhood_id_neighbourhoods_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."neighbourhoods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "neighbourhoods" ADD CONSTRAINT "neighbourhoods_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priorities" ADD CONSTRAINT "priorities_neighbourhood_id_neighbourhoods_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."neighbourhoods"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priorities" ADD CONSTRAINT "priorities_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priorities" ADD CONSTRAINT "priorities_agreed_at_meeting_id_meetings_id_fk" FOREIGN KEY ("agreed_at_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_concerns" ADD CONSTRAINT "priority_concerns_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_concerns" ADD CONSTRAINT "priority_concerns_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_neighbourhood_id_neighbourhoods_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."neighbourhoods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_updates" ADD CONSTRAINT "task_updates_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_updates" ADD CONSTRAINT "task_updates_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_suggested_agency_id_agencies_id_fk" FOREIGN KEY ("suggested_agency_id") REFERENCES "public"."agencies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "update_figures" ADD CONSTRAINT "update_figures_update_id_task_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."task_updates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_tokens" ADD CONSTRAINT "user_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_tokens" ADD CONSTRAINT "user_tokens_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_memberships_agency_id_role_index" ON "agency_memberships" USING btree ("agency_id","role");--> statement-breakpoint
CREATE INDEX "assembly_chairs_assembly_id_index" ON "assembly_chairs" USING btree ("assembly_id");--> statement-breakpoint
CREATE INDEX "audit_events_created_at_index" ON "audit_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_user_id_created_at_index" ON "audit_events" USING btree ("actor_user_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_entity_type_entity_id_index" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_events_assembly_id_created_at_index" ON "audit_events" USING btree ("assembly_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_agency_id_created_at_index" ON "audit_events" USING btree ("agency_id","created_at");--> statement-breakpoint
CREATE INDEX "concerns_neighbourhood_id_status_created_at_index" ON "concerns" USING btree ("neighbourhood_id","status","created_at");--> statement-breakpoint
CREATE INDEX "concerns_raised_at_meeting_id_index" ON "concerns" USING btree ("raised_at_meeting_id");--> statement-breakpoint
CREATE INDEX "login_attempts_email_idx" ON "login_attempts" USING btree (lower("email"),"created_at");--> statement-breakpoint
CREATE INDEX "login_attempts_address_created_at_index" ON "login_attempts" USING btree ("address","created_at");--> statement-breakpoint
CREATE INDEX "meeting_neighbourhoods_neighbourhood_id_meeting_id_index" ON "meeting_neighbourhoods" USING btree ("neighbourhood_id","meeting_id");--> statement-breakpoint
CREATE INDEX "meetings_assembly_id_starts_at_index" ON "meetings" USING btree ("assembly_id","starts_at");--> statement-breakpoint
CREATE INDEX "meetings_starts_at_index" ON "meetings" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "neighbourhoods_assembly_id_name_index" ON "neighbourhoods" USING btree ("assembly_id","name");--> statement-breakpoint
CREATE INDEX "neighbourhoods_postcode_districts_idx" ON "neighbourhoods" USING gin ("postcode_districts");--> statement-breakpoint
CREATE INDEX "neighbourhoods_wards_idx" ON "neighbourhoods" USING gin ("wards");--> statement-breakpoint
CREATE UNIQUE INDEX "neighbourhoods_police_uk_idx" ON "neighbourhoods" USING btree ("police_force_id","police_neighbourhood_id");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE "outbox_messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_messages_status_created_at_index" ON "outbox_messages" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "priorities_neighbourhood_id_status_review_date_index" ON "priorities" USING btree ("neighbourhood_id","status","review_date");--> statement-breakpoint
CREATE INDEX "priorities_neighbourhood_id_closed_at_index" ON "priorities" USING btree ("neighbourhood_id","closed_at");--> statement-breakpoint
CREATE INDEX "priorities_agreed_at_meeting_id_index" ON "priorities" USING btree ("agreed_at_meeting_id");--> statement-breakpoint
CREATE INDEX "priority_concerns_concern_id_index" ON "priority_concerns" USING btree ("concern_id");--> statement-breakpoint
CREATE INDEX "rate_limit_events_bucket_created_at_index" ON "rate_limit_events" USING btree ("bucket","created_at");--> statement-breakpoint
CREATE INDEX "sessions_user_id_index" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_at_index" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "subscriptions_neighbourhood_id_index" ON "subscriptions" USING btree ("neighbourhood_id");--> statement-breakpoint
CREATE INDEX "subscriptions_priority_id_index" ON "subscriptions" USING btree ("priority_id");--> statement-breakpoint
CREATE INDEX "task_updates_task_id_created_at_index" ON "task_updates" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "task_updates_public_idx" ON "task_updates" USING btree ("created_at") WHERE "task_updates"."visibility" = 'public';--> statement-breakpoint
CREATE INDEX "tasks_inbox_idx" ON "tasks" USING btree ("agency_id","status","due_date","id");--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("assignee_user_id","status","due_date");--> statement-breakpoint
CREATE INDEX "tasks_priority_id_agency_id_index" ON "tasks" USING btree ("priority_id","agency_id");--> statement-breakpoint
CREATE INDEX "update_figures_update_id_position_index" ON "update_figures" USING btree ("update_id","position");--> statement-breakpoint
CREATE INDEX "user_tokens_user_id_kind_index" ON "user_tokens" USING btree ("user_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree (lower("email"));