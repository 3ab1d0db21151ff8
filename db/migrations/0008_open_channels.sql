CREATE TABLE "installation" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"tag_authority" text NOT NULL,
	"tag_year" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installation_single_row_check" CHECK ("installation"."id" = 1),
	CONSTRAINT "installation_tag_year_check" CHECK ("installation"."tag_year" ~ '^[0-9]{4}$')
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "message_id" text DEFAULT gen_random_uuid()::text || '@one-dialogue.invalid' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_messageId_unique" UNIQUE("message_id");--> statement-breakpoint
-- Existing meetings keep the SEQUENCE calendars already saw (minutes since 2020), so their next change still counts as newer.
UPDATE "meetings" SET "sequence" = greatest(0, floor(extract(epoch from ("updated_at" - timestamptz '2020-01-01T00:00:00Z')) / 60))::integer;--> statement-breakpoint
CREATE FUNCTION meetings_bump_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'sequence' - 'updated_at' - 'reminder_sent_at') IS DISTINCT FROM (to_jsonb(OLD) - 'sequence' - 'updated_at' - 'reminder_sent_at') THEN
    NEW.sequence := OLD.sequence + 1;
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER meetings_bump_sequence BEFORE UPDATE ON "meetings" FOR EACH ROW EXECUTE FUNCTION meetings_bump_sequence();
