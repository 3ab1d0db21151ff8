-- Who is working on what, in the change log (issue 18): a change to a task, or
-- to a priority some agency has tasks on, also names `agency:<id>` for each
-- agency whose work it touches (a reassigned task: both agencies). No public
-- page reads these keys (the same change names its priority and neighbourhood
-- for them); the partner inbox's counts and filter lists do, so that an
-- agency's are read again when its own work changes, not after every partner's
-- update anywhere in the country. Only the tasks' and priorities' triggers of
-- 0011 change; the procedure that makes them is made again for this and dropped.
CREATE PROCEDURE mark_public_changes_on(tbl regclass, keys text) AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_public_changes_of_rows(%L)', tbl::text || '_public_change_insert', tbl, keys);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_public_changes_of_rows(%L)', tbl::text || '_public_change_update', tbl, keys);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mark_public_changes_of_rows(%L)', tbl::text || '_public_change_delete', tbl, keys);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER priorities_public_change_insert ON priorities;--> statement-breakpoint
DROP TRIGGER priorities_public_change_update ON priorities;--> statement-breakpoint
DROP TRIGGER priorities_public_change_delete ON priorities;--> statement-breakpoint
DROP TRIGGER tasks_public_change_insert ON tasks;--> statement-breakpoint
DROP TRIGGER tasks_public_change_update ON tasks;--> statement-breakpoint
DROP TRIGGER tasks_public_change_delete ON tasks;--> statement-breakpoint
-- A priority's title and status show in the inbox of every agency with a task on it.
CALL mark_public_changes_on('priorities', $$(SELECT 'priority:' || r.id UNION ALL SELECT 'neighbourhood:' || r.neighbourhood_id
  UNION ALL SELECT 'meeting:' || r.agreed_at_meeting_id
  UNION ALL SELECT DISTINCT 'agency:' || t.agency_id FROM tasks t WHERE t.priority_id = r.id)$$);--> statement-breakpoint
CALL mark_public_changes_on('tasks', $$(SELECT 'priority:' || r.priority_id
  UNION ALL SELECT 'neighbourhood:' || p.neighbourhood_id FROM priorities p WHERE p.id = r.priority_id
  UNION ALL SELECT 'agency:' || r.agency_id)$$);--> statement-breakpoint
DROP PROCEDURE mark_public_changes_on(regclass, text);
