// Test data for the public pages: priorities with tasks, updates and figures,
// and meetings, added to the demo borough by natural keys (slugs).
import { eq } from "drizzle-orm";
import { toIsoDate } from "~/domain/deadlines";
import type { Database } from "~db/client.server";
import {
  agencies,
  categories,
  meetingNeighbourhoods,
  meetings,
  neighbourhoods,
  priorities,
  tasks,
  taskUpdates,
  updateFigures,
} from "~db/schema";

const DAY = 86_400_000;
const daysFrom = (now: Date, days: number) => new Date(now.getTime() + days * DAY);

export async function neighbourhoodBySlug(db: Database, slug: string) {
  const [row] = await db.select().from(neighbourhoods).where(eq(neighbourhoods.slug, slug));
  if (!row) throw new Error(`no neighbourhood ${slug}`);
  return row;
}

export async function agencyBySlug(db: Database, slug: string) {
  const [row] = await db.select().from(agencies).where(eq(agencies.slug, slug));
  if (!row) throw new Error(`no agency ${slug}`);
  return row;
}

export async function priorityByTitle(db: Database, title: string) {
  const [row] = await db.select().from(priorities).where(eq(priorities.title, title));
  if (!row) throw new Error(`no priority ${title}`);
  return row;
}

export type UpdateSpec = {
  daysAgo: number;
  body: string;
  visibility?: "public" | "partners_only";
  figures?: Array<{ label: string; value: number; unit?: string }>;
};

export type TaskSpec = {
  agency: string;
  title?: string;
  status?: (typeof tasks.$inferInsert)["status"];
  confidentiality?: "public" | "partners_only";
  dueInDays?: number;
  outcome?: string;
  updates?: UpdateSpec[];
};

export async function addPriority(
  db: Database,
  spec: {
    neighbourhood: string;
    title: string;
    youSaid?: string;
    category?: string;
    status?: (typeof priorities.$inferInsert)["status"];
    agreedDaysAgo?: number;
    closedDaysAgo?: number;
    closedAt?: Date;
    closedReason?: string;
    referredTo?: string;
    outcomeSummary?: string;
    agreedAtMeetingId?: number;
    tasks?: TaskSpec[];
    now?: Date;
  },
) {
  const now = spec.now ?? new Date();
  const n = await neighbourhoodBySlug(db, spec.neighbourhood);
  const [category] = spec.category
    ? await db.select().from(categories).where(eq(categories.slug, spec.category))
    : [undefined];
  const agreedAt = daysFrom(now, -(spec.agreedDaysAgo ?? 30));
  const status = spec.status ?? "active";
  const closedAt =
    spec.closedAt ?? (spec.closedDaysAgo !== undefined ? daysFrom(now, -spec.closedDaysAgo) : null);
  const [priority] = await db
    .insert(priorities)
    .values({
      neighbourhoodId: n.id,
      categoryId: category?.id ?? null,
      agreedAtMeetingId: spec.agreedAtMeetingId ?? null,
      title: spec.title,
      youSaid: spec.youSaid ?? `Residents said: ${spec.title}.`,
      status,
      agreedOn: toIsoDate(agreedAt),
      reviewDate: toIsoDate(daysFrom(now, 21)),
      closedAt: status === "active" || status === "monitoring" ? null : (closedAt ?? now),
      closedReason: spec.closedReason ?? null,
      referredTo: spec.referredTo ?? null,
      outcomeSummary: spec.outcomeSummary ?? null,
      createdAt: agreedAt,
    })
    .returning();
  const taskIds: number[] = [];
  for (const t of spec.tasks ?? []) {
    const agency = await agencyBySlug(db, t.agency);
    const taskStatus = t.status ?? "in_progress";
    const [task] = await db
      .insert(tasks)
      .values({
        priorityId: priority.id,
        agencyId: agency.id,
        title: t.title ?? `${agency.name} task`,
        ask: "Do something useful.",
        confidentiality: t.confidentiality ?? "public",
        status: taskStatus,
        acknowledgeBy: toIsoDate(daysFrom(now, -20)),
        actionPlanDueBy: toIsoDate(daysFrom(now, -15)),
        dueDate: toIsoDate(daysFrom(now, t.dueInDays ?? 30)),
        outcomeSummary: taskStatus === "done" ? (t.outcome ?? "Done.") : null,
        completedAt: taskStatus === "done" ? daysFrom(now, -1) : null,
        declineReason: taskStatus === "declined" ? "Not ours." : null,
      })
      .returning({ id: tasks.id });
    taskIds.push(task.id);
    for (const u of t.updates ?? []) {
      const [update] = await db
        .insert(taskUpdates)
        .values({
          taskId: task.id,
          body: u.body,
          visibility: u.visibility ?? "public",
          createdAt: daysFrom(now, -u.daysAgo),
        })
        .returning({ id: taskUpdates.id });
      if (u.figures?.length) {
        await db.insert(updateFigures).values(
          u.figures.map((f, position) => ({
            updateId: update.id,
            label: f.label,
            value: f.value,
            unit: f.unit ?? "",
            position,
          })),
        );
      }
    }
  }
  return { priority, taskIds };
}

export async function addMeeting(
  db: Database,
  spec: {
    neighbourhoods: string[];
    daysFromNow: number;
    title?: string;
    status?: "scheduled" | "held" | "cancelled";
    cancellationReason?: string;
    publicSummary?: string;
    whatsWorking?: string;
    published?: boolean;
    now?: Date;
  },
) {
  const now = spec.now ?? new Date();
  const first = await neighbourhoodBySlug(db, spec.neighbourhoods[0]);
  const startsAt = daysFrom(now, spec.daysFromNow);
  startsAt.setUTCHours(18, 0, 0, 0);
  const [meeting] = await db
    .insert(meetings)
    .values({
      assemblyId: first.assemblyId,
      title: spec.title ?? "Extra PACT meeting",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venue: "Sitwell Library",
      address: "Broom Road",
      accessibilityNote: "Step-free access.",
      status: spec.status ?? "scheduled",
      cancellationReason: spec.cancellationReason ?? null,
      publicSummary: spec.publicSummary ?? null,
      whatsWorking: spec.whatsWorking ?? null,
      publishedAt: spec.published ? now : null,
    })
    .returning();
  for (const slug of spec.neighbourhoods) {
    const n = await neighbourhoodBySlug(db, slug);
    await db.insert(meetingNeighbourhoods).values({ meetingId: meeting.id, neighbourhoodId: n.id });
  }
  return meeting;
}
