// The task lifecycle on the real database: the inbox's partial index was built
// for the "open" group (read back from the catalog), each group as SQL picks
// the rows the JavaScript rule picks, the overdue rule agrees in both, and the
// bank holidays come from the admin's table through the one loader.
import { asc, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "~/domain/core/deadlines";
import { isTaskIn, isTaskOverdue, TASK_STATUS_GROUPS, type TaskStatusGroup } from "~/domain/lifecycle/tasks";
import { loadBankHolidays, taskOverdueOn, taskStatusIn } from "~/domain/lifecycle/tasks/sql";
import * as t from "~db/schema";
import { buildAgency, buildBankHolidays, buildPriority } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const today = toIsoDate(new Date());

function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<
    Record<string, unknown>
  >;
}

describe("the task lifecycle in the database", () => {
  it("built the inbox's partial index (tasks_open_inbox_idx) for exactly the open group", async () => {
    const [row] = rowsOf(
      await test.db.execute(
        sql`select pg_get_expr(i.indpred, i.indrelid) as predicate
            from pg_index i join pg_class c on c.oid = i.indexrelid
            where c.relname = 'tasks_open_inbox_idx'`,
      ),
    );
    const predicate = String(row?.predicate ?? "");
    expect(predicate).toMatch(/status/);
    const statuses = [...predicate.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    expect(statuses.sort()).toEqual([...TASK_STATUS_GROUPS.open].sort());
  });

  describe("with a task in every status, due yesterday, today and tomorrow", () => {
    let ids: number[] = [];

    beforeAll(async () => {
      // One agency's eighteen tasks on one priority: six statuses, each due on three days.
      const police = await buildAgency(test.db, { name: "SYP Neighbourhood Team", kind: "police" });
      const built = await buildPriority(test.db, {
        title: "Youths causing damage at Maynard Road play area",
        tasks: t.taskStatuses.flatMap((status) =>
          [-1, 0, 1].map((dueInDays) => ({ agency: police.id, status, dueInDays, outcome: "Fixed." })),
        ),
      });
      ids = built.taskIds;
      expect(ids).toHaveLength(18);
    });

    const load = (where = sql`true`) =>
      test.db
        .select({ id: t.tasks.id, status: t.tasks.status, dueDate: t.tasks.dueDate })
        .from(t.tasks)
        .where(sql`${inArray(t.tasks.id, ids)} and ${where}`)
        .orderBy(asc(t.tasks.id));

    it.each(Object.keys(TASK_STATUS_GROUPS).map((g) => [g]))(
      "picks the %s group as the JavaScript does",
      async (group) => {
        const all = await load();
        expect(all).toHaveLength(ids.length);
        const inSql = await load(taskStatusIn(group as TaskStatusGroup));
        expect(inSql.map((r) => r.id)).toEqual(
          all.filter((r) => isTaskIn(group as TaskStatusGroup, r.status)).map((r) => r.id),
        );
        expect(inSql.length).toBeGreaterThan(0);
      },
    );

    it("calls the same tasks overdue in SQL and in JavaScript", async () => {
      const all = await load();
      const overdue = await load(taskOverdueOn(today));
      expect(overdue.map((r) => r.id)).toEqual(all.filter((r) => isTaskOverdue(r, today)).map((r) => r.id));
      expect(overdue.map((r) => r.status)).toEqual(["offered", "accepted", "in_progress"]);
    });
  });

  it("loads the bank holidays the admin keeps, including one just added", async () => {
    await buildBankHolidays(test.db);
    await test.db
      .insert(t.bankHolidays)
      .values({ day: "2026-06-15", name: "Test holiday" })
      .onConflictDoNothing();
    const days = await loadBankHolidays(test.db);
    expect(days.has("2026-06-15")).toBe(true);
    const [{ count }] = await test.db.select({ count: sql<number>`count(*)::int` }).from(t.bankHolidays);
    expect(days.size).toBe(count);
    await test.db.delete(t.bankHolidays).where(eq(t.bankHolidays.day, "2026-06-15"));
    expect((await loadBankHolidays(test.db)).has("2026-06-15")).toBe(false);
  });
});
