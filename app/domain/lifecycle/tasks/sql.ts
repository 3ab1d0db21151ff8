// The task lifecycle's groups and rules as SQL, and the one bank-holiday
// loader. The groups themselves are in ./index; tests check the inbox's
// partial index (tasks_open_inbox_idx) against the "open" group.
import { and, inArray, lt, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { bankHolidays, tasks } from "~db/schema";
import type { IsoDate } from "../../core/deadlines";
import { TASK_STATUS_GROUPS, type TaskStatusGroup } from "./index";

/**
 * `tasks.status in (…the group…)`, the statuses written into the SQL: a prepared statement's kept
 * plan can then use the partial index on open work (tasks_open_inbox_idx), which it could not prove
 * it may for statuses sent as values, so PostgreSQL re-planned the inbox's page on every call.
 */
export const taskStatusIn = (group: TaskStatusGroup): SQL =>
  inArray(tasks.status, [...TASK_STATUS_GROUPS[group]]).inlineParams();

/** An open task past its due date on `today` (isTaskOverdue as SQL), the day written into the SQL like the statuses. */
export const taskOverdueOn = (today: IsoDate): SQL =>
  (and(taskStatusIn("open"), lt(tasks.dueDate, today)) as SQL).inlineParams();

/** England and Wales bank holidays as the admin keeps them: the days no working-day count includes. */
export async function loadBankHolidays(database: Executor): Promise<Set<IsoDate>> {
  const rows = await database.select({ day: bankHolidays.day }).from(bankHolidays);
  return new Set(rows.map((r) => r.day));
}
