// Test data for the partner side: fresh tasks on a priority found by its title
// (Maynard Road's unless told, whether the demo made it or the test built it),
// and extra agency members.
import { and, eq } from "drizzle-orm";
import { addCalendarDays, toIsoDate } from "~/domain/core/deadlines";
import { actionPlanDueBy } from "~/domain/lifecycle/tasks";
import type { Database } from "~db/client.server";
import * as t from "~db/schema";

export const MAYNARD = "Youths causing damage at Maynard Road play area";

export async function agencyId(db: Database, slug: string) {
  const [row] = await db.select({ id: t.agencies.id }).from(t.agencies).where(eq(t.agencies.slug, slug));
  if (!row) throw new Error(`no agency ${slug}`);
  return row.id;
}

export async function priorityId(db: Database, title = MAYNARD) {
  const [row] = await db
    .select({ id: t.priorities.id })
    .from(t.priorities)
    .where(eq(t.priorities.title, title));
  if (!row) throw new Error(`no priority ${title}`);
  return row.id;
}

export async function taskByTitle(db: Database, title: string) {
  const [row] = await db.select().from(t.tasks).where(eq(t.tasks.title, title));
  if (!row) throw new Error(`no task ${title}`);
  return row;
}

export async function reloadTask(db: Database, id: number) {
  const [row] = await db.select().from(t.tasks).where(eq(t.tasks.id, id));
  return row;
}

let counter = 0;

/** A task offered to `agencySlug` on a priority (Maynard Road by default). */
export async function offerTask(
  db: Database,
  agencySlug: string,
  values: Partial<typeof t.tasks.$inferInsert> & { priorityTitle?: string; now?: Date } = {},
) {
  counter += 1;
  const now = values.now ?? new Date();
  const today = toIsoDate(now);
  const { priorityTitle, now: _now, ...rest } = values;
  const [row] = await db
    .insert(t.tasks)
    .values({
      priorityId: await priorityId(db, priorityTitle),
      agencyId: await agencyId(db, agencySlug),
      title: `Test task ${counter} for ${agencySlug}`,
      ask: "Do something useful about the play area.",
      offeredAt: now,
      acknowledgeBy: addCalendarDays(today, 5),
      actionPlanDueBy: actionPlanDueBy(today),
      dueDate: addCalendarDays(today, 30),
      ...rest,
    })
    .returning();
  return row;
}

/** A new active user, member (or coordinator) of an agency. */
export async function addMember(
  db: Database,
  agencySlug: string,
  email: string,
  role: "member" | "coordinator" = "member",
  mailPreference: "immediate" | "digest" = "immediate",
) {
  const [user] = await db
    .insert(t.users)
    .values({ email, name: email.split("@")[0], mailPreference })
    .returning({ id: t.users.id });
  await db
    .insert(t.agencyMemberships)
    .values({ userId: user.id, agencyId: await agencyId(db, agencySlug), role });
  return user.id;
}

export async function outboxFor(db: Database, template: string, to?: string) {
  return db
    .select()
    .from(t.outboxMessages)
    .where(
      to
        ? and(eq(t.outboxMessages.template, template), eq(t.outboxMessages.toAddress, to))
        : eq(t.outboxMessages.template, template),
    );
}

export async function auditFor(db: Database, taskId: number) {
  return db
    .select()
    .from(t.auditEvents)
    .where(and(eq(t.auditEvents.entityType, "task"), eq(t.auditEvents.entityId, String(taskId))));
}
