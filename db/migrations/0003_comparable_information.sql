CREATE TABLE "crime_figures" (
	"neighbourhood_id" integer NOT NULL,
	"month" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"count" integer NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crime_figures_neighbourhood_id_month_kind_name_pk" PRIMARY KEY("neighbourhood_id","month","kind","name"),
	CONSTRAINT "crime_figures_month_check" CHECK ("crime_figures"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "crime_figures_kind_check" CHECK ("crime_figures"."kind" in ('total', 'category', 'outcome')),
	CONSTRAINT "crime_figures_count_check" CHECK ("crime_figures"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "monthly_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"assembly_id" integer NOT NULL,
	"month" text NOT NULL,
	"public_content" jsonb NOT NULL,
	"partners_content" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by_user_id" integer,
	CONSTRAINT "monthly_reports_month_check" CHECK ("monthly_reports"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
ALTER TABLE "crime_figures" ADD CONSTRAINT "crime_figures_neighbourhood_id_neighbourhoods_id_fk" FOREIGN KEY ("neighbourhood_id") REFERENCES "public"."neighbourhoods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_reports" ADD CONSTRAINT "monthly_reports_assembly_id_assemblies_id_fk" FOREIGN KEY ("assembly_id") REFERENCES "public"."assemblies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_reports" ADD CONSTRAINT "monthly_reports_published_by_user_id_users_id_fk" FOREIGN KEY ("published_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monthly_reports_assembly_month_idx" ON "monthly_reports" USING btree ("assembly_id","month");--> statement-breakpoint
CREATE TRIGGER crime_figures_public_change AFTER INSERT OR UPDATE OR DELETE ON crime_figures FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER monthly_reports_public_change AFTER INSERT OR UPDATE OR DELETE ON monthly_reports FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
