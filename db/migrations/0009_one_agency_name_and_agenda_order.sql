ALTER TABLE "assemblies" ADD COLUMN "agenda_order" text DEFAULT 'traditional' NOT NULL;--> statement-breakpoint
-- One agency name on every screen: keep the name the public already knows (published reports carry it).
UPDATE "agencies" SET "name" = "public_name" WHERE "public_name" <> '';--> statement-breakpoint
ALTER TABLE "agencies" DROP COLUMN "public_name";--> statement-breakpoint
ALTER TABLE "assemblies" ADD CONSTRAINT "assemblies_agenda_order_check" CHECK ("assemblies"."agenda_order" in ('traditional', 'strengths_first'));
