-- Any change to what public pages are built from bumps public_changes.counter,
-- so every app process can drop its cached public pages (correct across
-- processes, with no code path able to forget). Statement-level: a bulk
-- insert bumps it once.
CREATE OR REPLACE FUNCTION bump_public_changes() RETURNS trigger AS $$
BEGIN
  UPDATE public_changes SET counter = counter + 1, changed_at = now() WHERE id = 1;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assemblies_public_change AFTER INSERT OR UPDATE OR DELETE ON assemblies FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER neighbourhoods_public_change AFTER INSERT OR UPDATE OR DELETE ON neighbourhoods FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER agencies_public_change AFTER INSERT OR UPDATE OR DELETE ON agencies FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER categories_public_change AFTER INSERT OR UPDATE OR DELETE ON categories FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER meetings_public_change AFTER INSERT OR UPDATE OR DELETE ON meetings FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER meeting_neighbourhoods_public_change AFTER INSERT OR UPDATE OR DELETE ON meeting_neighbourhoods FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER concerns_public_change AFTER INSERT OR UPDATE OR DELETE ON concerns FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER priorities_public_change AFTER INSERT OR UPDATE OR DELETE ON priorities FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER priority_concerns_public_change AFTER INSERT OR UPDATE OR DELETE ON priority_concerns FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER tasks_public_change AFTER INSERT OR UPDATE OR DELETE ON tasks FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER task_updates_public_change AFTER INSERT OR UPDATE OR DELETE ON task_updates FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
--> statement-breakpoint
CREATE TRIGGER update_figures_public_change AFTER INSERT OR UPDATE OR DELETE ON update_figures FOR EACH STATEMENT EXECUTE FUNCTION bump_public_changes();
