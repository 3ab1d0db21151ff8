CREATE TYPE "public"."improvement_answer" AS ENUM('better', 'no_change', 'worse', 'not_sure');--> statement-breakpoint
CREATE TABLE "improvement_answers" (
	"id" serial PRIMARY KEY NOT NULL,
	"priority_id" integer NOT NULL,
	"browser_key" text NOT NULL,
	"answer" "improvement_answer" NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "priorities" ADD COLUMN "improvement_counts" jsonb;--> statement-breakpoint
ALTER TABLE "improvement_answers" ADD CONSTRAINT "improvement_answers_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "improvement_answers_browser_idx" ON "improvement_answers" USING btree ("priority_id","browser_key");