-- A concern's reference: "RC-" and 8 characters from an alphabet without
-- look-alikes (no 0/O, 1/I), 40 random bits from gen_random_uuid() (a strong
-- random source). The bytes skipped carry the UUID's version and variant bits.
-- Defined before the column so existing rows are given one each (a volatile
-- default is evaluated per row).
CREATE OR REPLACE FUNCTION concern_reference() RETURNS text AS $$
DECLARE
  alphabet constant text := '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  random_bytes bytea := uuid_send(gen_random_uuid());
  code text := '';
  byte_index integer;
BEGIN
  FOREACH byte_index IN ARRAY ARRAY[0, 1, 2, 3, 4, 5, 9, 10] LOOP
    code := code || substr(alphabet, (get_byte(random_bytes, byte_index) % 32) + 1, 1);
  END LOOP;
  RETURN 'RC-' || substr(code, 1, 4) || '-' || substr(code, 5, 4);
END;
$$ LANGUAGE plpgsql VOLATILE;
--> statement-breakpoint
ALTER TYPE "public"."outbox_status" ADD VALUE 'cancelled';--> statement-breakpoint
ALTER TABLE "concerns" ADD COLUMN "reference" text DEFAULT concern_reference() NOT NULL;--> statement-breakpoint
ALTER TABLE "concerns" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
-- Decisions already made are final: their 10-minute window is long past.
UPDATE "concerns" SET "decided_at" = coalesce("moderated_at", "updated_at") WHERE "status" <> 'new';--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_reference_unique" UNIQUE("reference");
