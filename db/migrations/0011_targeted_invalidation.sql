-- Targeted invalidation (issue 18, part 1). Until now every change to what
-- public pages read bumped the one row of public_changes (0002, 0003): every
-- writing transaction in the country queued on that row's lock, and every app
-- process emptied its whole page cache. Now each change names what it affects
-- in an insert-only log — `neighbourhood:<id>`, `priority:<id>`,
-- `meeting:<id>`, `assembly:<id>`, or `all` for the rare changes to places,
-- agencies and categories — under the writing transaction's id. Inserts take
-- no shared lock, so writes in two neighbourhoods never wait for each other.
-- App processes read the rows their previous read could not see yet (by
-- transaction id and snapshot, app/domain/core/public-changes.ts) and drop only the
-- pages tagged with those keys; the borough-wide pages go on any change.
DROP TRIGGER assemblies_public_change ON assemblies;--> statement-breakpoint
DROP TRIGGER neighbourhoods_public_change ON neighbourhoods;--> statement-breakpoint
DROP TRIGGER agencies_public_change ON agencies;--> statement-breakpoint
DROP TRIGGER categories_public_change ON categories;--> statement-breakpoint
DROP TRIGGER meetings_public_change ON meetings;--> statement-breakpoint
DROP TRIGGER meeting_neighbourhoods_public_change ON meeting_neighbourhoods;--> statement-breakpoint
DROP TRIGGER concerns_public_change ON concerns;--> statement-breakpoint
DROP TRIGGER priorities_public_change ON priorities;--> statement-breakpoint
DROP TRIGGER priority_concerns_public_change ON priority_concerns;--> statement-breakpoint
DROP TRIGGER tasks_public_change ON tasks;--> statement-breakpoint
DROP TRIGGER task_updates_public_change ON task_updates;--> statement-breakpoint
DROP TRIGGER update_figures_public_change ON update_figures;--> statement-breakpoint
DROP TRIGGER crime_figures_public_change ON crime_figures;--> statement-breakpoint
DROP TRIGGER monthly_reports_public_change ON monthly_reports;--> statement-breakpoint
DROP FUNCTION bump_public_changes();--> statement-breakpoint
CREATE TABLE "public_change_log" (
	"xid" bigint NOT NULL,
	"key" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP TABLE "public_changes" CASCADE;--> statement-breakpoint
CREATE INDEX "public_change_log_xid_key_index" ON "public_change_log" USING btree ("xid","key");--> statement-breakpoint
CREATE INDEX "public_change_log_changed_at_index" ON "public_change_log" USING btree ("changed_at");--> statement-breakpoint
-- Records `keys` as changed by the current transaction (once per key and transaction).
CREATE FUNCTION mark_public_changes(keys text[]) RETURNS void AS $$
  INSERT INTO public_change_log (xid, key)
  SELECT DISTINCT pg_current_xact_id()::text::bigint, k FROM unnest(keys) AS k
  WHERE k IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM public_change_log l WHERE l.xid = pg_current_xact_id()::text::bigint AND l.key = k
  );
$$ LANGUAGE sql;
--> statement-breakpoint
-- Statement-level, over the statement's rows (a bulk insert costs one insert
-- here): TG_ARGV[0] is a row source of the keys one row `r` affects.
CREATE FUNCTION mark_public_changes_of_rows() RETURNS trigger AS $$
DECLARE
  rel text;
BEGIN
  FOREACH rel IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows']
                               ELSE ARRAY['new_rows', 'old_rows'] END LOOP
    EXECUTE 'SELECT mark_public_changes(ARRAY(SELECT DISTINCT k FROM ' || rel || ' r CROSS JOIN LATERAL '
      || TG_ARGV[0] || ' AS keys(k)))';
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Three triggers a table (a transition table exists only for its own events).
CREATE PROCEDURE mark_public_changes_on(tbl regclass, keys text) AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_public_changes_of_rows(%L)', tbl::text || '_public_change_insert', tbl, keys);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_public_changes_of_rows(%L)', tbl::text || '_public_change_update', tbl, keys);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_public_changes_of_rows(%L)', tbl::text || '_public_change_delete', tbl, keys);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Places, agencies and categories change rarely, by administrators, and show on nearly every page (names, slugs).
CALL mark_public_changes_on('assemblies', $$(VALUES ('all'))$$);--> statement-breakpoint
CALL mark_public_changes_on('neighbourhoods', $$(VALUES ('all'))$$);--> statement-breakpoint
CALL mark_public_changes_on('agencies', $$(VALUES ('all'))$$);--> statement-breakpoint
CALL mark_public_changes_on('categories', $$(VALUES ('all'))$$);--> statement-breakpoint
CALL mark_public_changes_on('meetings', $$(SELECT 'meeting:' || r.id UNION ALL SELECT 'assembly:' || r.assembly_id
  UNION ALL SELECT 'neighbourhood:' || mn.neighbourhood_id FROM meeting_neighbourhoods mn WHERE mn.meeting_id = r.id)$$);--> statement-breakpoint
CALL mark_public_changes_on('meeting_neighbourhoods', $$(VALUES ('meeting:' || r.meeting_id), ('neighbourhood:' || r.neighbourhood_id))$$);--> statement-breakpoint
CALL mark_public_changes_on('concerns', $$(VALUES ('neighbourhood:' || r.neighbourhood_id), ('meeting:' || r.raised_at_meeting_id))$$);--> statement-breakpoint
CALL mark_public_changes_on('priorities', $$(VALUES ('priority:' || r.id), ('neighbourhood:' || r.neighbourhood_id), ('meeting:' || r.agreed_at_meeting_id))$$);--> statement-breakpoint
CALL mark_public_changes_on('priority_concerns', $$(SELECT 'priority:' || r.priority_id
  UNION ALL SELECT 'neighbourhood:' || p.neighbourhood_id FROM priorities p WHERE p.id = r.priority_id)$$);--> statement-breakpoint
CALL mark_public_changes_on('tasks', $$(SELECT 'priority:' || r.priority_id
  UNION ALL SELECT 'neighbourhood:' || p.neighbourhood_id FROM priorities p WHERE p.id = r.priority_id)$$);--> statement-breakpoint
CALL mark_public_changes_on('task_updates', $$(SELECT unnest(ARRAY['priority:' || p.id, 'neighbourhood:' || p.neighbourhood_id])
  FROM tasks t JOIN priorities p ON p.id = t.priority_id WHERE t.id = r.task_id)$$);--> statement-breakpoint
CALL mark_public_changes_on('update_figures', $$(SELECT unnest(ARRAY['priority:' || p.id, 'neighbourhood:' || p.neighbourhood_id])
  FROM task_updates u JOIN tasks t ON t.id = u.task_id JOIN priorities p ON p.id = t.priority_id WHERE u.id = r.update_id)$$);--> statement-breakpoint
CALL mark_public_changes_on('crime_figures', $$(VALUES ('neighbourhood:' || r.neighbourhood_id))$$);--> statement-breakpoint
CALL mark_public_changes_on('monthly_reports', $$(VALUES ('assembly:' || r.assembly_id))$$);--> statement-breakpoint
DROP PROCEDURE mark_public_changes_on(regclass, text);
