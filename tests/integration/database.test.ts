// The schema on whichever driver this run uses (PGlite, or the server with
// TEST_DATABASE_URL): migrations, and constraints that refuse bad data.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "~db/migrate";
import * as t from "~db/schema";
import { onServer, useTestDatabase } from "../setup/database";

const test = useTestDatabase();

/** The database error behind a drizzle error (drizzle wraps it in `cause`). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    return `${cause?.code ?? ""} ${cause?.message ?? (error as Error).message}`;
  }
  throw new Error("expected the database to refuse this");
}

let made = 0;
async function minimalPriority() {
  const db = test.db;
  made += 1;
  const [assembly] = await db
    .insert(t.assemblies)
    .values({ slug: `a-${made}`, name: "Test" })
    .returning();
  const [neighbourhood] = await db
    .insert(t.neighbourhoods)
    .values({ assemblyId: assembly.id, slug: `n-${made}`, name: "N" })
    .returning();
  const [agency] = await db
    .insert(t.agencies)
    .values({
      slug: `ag-${made}`,
      name: "Agency",
      kind: "police",
      inboxEmail: "a@example.org",
    })
    .returning();
  const [priority] = await db
    .insert(t.priorities)
    .values({
      neighbourhoodId: neighbourhood.id,
      title: "T",
      youSaid: "Y",
      agreedOn: "2026-11-01",
      reviewDate: "2027-01-01",
    })
    .returning();
  return { assembly, neighbourhood, agency, priority };
}

describe(`migrations (${onServer() ? "PostgreSQL server" : "PGlite"})`, () => {
  it("creates every table of the model", async () => {
    const rows = await test.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public'`,
    );
    const names = (Array.isArray(rows) ? rows : (rows as { rows: { table_name: string }[] }).rows).map(
      (r: { table_name: string }) => r.table_name,
    );
    for (const table of [
      "assemblies",
      "neighbourhoods",
      "agencies",
      "users",
      "agency_memberships",
      "assembly_chairs",
      "meetings",
      "meeting_neighbourhoods",
      "concerns",
      "priorities",
      "priority_concerns",
      "tasks",
      "task_updates",
      "update_figures",
      "subscriptions",
      "sessions",
      "audit_events",
      "outbox_messages",
      "categories",
      "bank_holidays",
      "user_tokens",
      "login_attempts",
    ]) {
      expect(names, table).toContain(table);
    }
  });

  it("applies again without error or change (already-applied migrations are skipped)", async () => {
    await migrateDatabase(test.handle);
    const [{ count }] = await test.db
      .select({ count: sql<number>`count(*)::int` })
      .from(sql`drizzle.__drizzle_migrations`);
    await migrateDatabase(test.handle);
    const [{ count: after }] = await test.db
      .select({ count: sql<number>`count(*)::int` })
      .from(sql`drizzle.__drizzle_migrations`);
    expect(after).toBe(count);
    expect(count).toBeGreaterThanOrEqual(2);
  });
});

describe("constraints refuse bad data", () => {
  it("refuses a status outside the vocabulary", async () => {
    const { priority } = await minimalPriority();
    const message = await refusal(
      test.db.execute(sql`update priorities set status = 'sorted' where id = ${priority.id}`),
    );
    expect(message).toMatch(/invalid input value for enum priority_status/);
    const task = await refusal(
      test.db.execute(sql`update tasks set status = 'finished' where priority_id = ${priority.id}`),
    );
    expect(task).toMatch(/task_status/);
  });

  it("refuses a task pointing at a priority that does not exist", async () => {
    const { agency } = await minimalPriority();
    const message = await refusal(
      test.db.insert(t.tasks).values({
        priorityId: 999_999,
        agencyId: agency.id,
        title: "Orphan",
        ask: "x",
        acknowledgeBy: "2026-11-30",
        actionPlanDueBy: "2026-12-02",
        dueDate: "2027-01-01",
      }),
    );
    expect(message).toMatch(/23503|foreign key/);
  });

  it("refuses two neighbourhoods with one slug, and a slug that is not URL-safe", async () => {
    const [assembly] = await test.db
      .insert(t.assemblies)
      .values({ slug: "slugs", name: "Slugs" })
      .returning();
    await test.db.insert(t.neighbourhoods).values({ assemblyId: assembly.id, slug: "same", name: "One" });
    expect(
      await refusal(
        test.db.insert(t.neighbourhoods).values({ assemblyId: assembly.id, slug: "same", name: "Two" }),
      ),
    ).toMatch(/23505|unique/);
    expect(
      await refusal(
        test.db
          .insert(t.neighbourhoods)
          .values({ assemblyId: assembly.id, slug: "Not Safe!", name: "Three" }),
      ),
    ).toMatch(/neighbourhoods_slug_check/);
  });

  it("refuses closing a priority without a reason, or resolving it without an outcome", async () => {
    const { priority } = await minimalPriority();
    expect(
      await refusal(
        test.db.update(t.priorities).set({ status: "closed" }).where(eq(t.priorities.id, priority.id)),
      ),
    ).toMatch(/priorities_closed_check/);
    expect(
      await refusal(
        test.db.update(t.priorities).set({ status: "resolved" }).where(eq(t.priorities.id, priority.id)),
      ),
    ).toMatch(/priorities_resolved_check/);
  });

  it("refuses a public update flagged as a safeguarding referral", async () => {
    const { priority, agency } = await minimalPriority();
    const [task] = await test.db
      .insert(t.tasks)
      .values({
        priorityId: priority.id,
        agencyId: agency.id,
        title: "T",
        ask: "A",
        acknowledgeBy: "2026-11-30",
        actionPlanDueBy: "2026-12-02",
        dueDate: "2027-01-01",
      })
      .returning();
    expect(
      await refusal(
        test.db.insert(t.taskUpdates).values({
          taskId: task.id,
          body: "Referral made",
          visibility: "public",
          safeguardingReferral: true,
        }),
      ),
    ).toMatch(/task_updates_safeguarding_check/);
  });

  it("keeps audit events append-only: updates and deletes are refused", async () => {
    await test.db
      .insert(t.auditEvents)
      .values({ action: "test.created", entityType: "test", after: { ok: true } });
    expect(await refusal(test.db.execute(sql`update audit_events set action = 'rewritten'`))).toMatch(
      /append-only/,
    );
    expect(await refusal(test.db.execute(sql`delete from audit_events`))).toMatch(/append-only/);
    const [{ count }] = await test.db.select({ count: sql<number>`count(*)::int` }).from(t.auditEvents);
    expect(count).toBe(1);
  });

  it("uses an index for the partner inbox (agency + status + due date)", async () => {
    const rows = await test.db.execute(
      sql`select indexdef from pg_indexes where indexname = 'tasks_inbox_idx'`,
    );
    const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
    expect(JSON.stringify(list)).toMatch(/\(agency_id, status, due_date, id\)/);
  });
});
