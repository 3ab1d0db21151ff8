// Test data for the public pages: priorities with tasks, updates and figures,
// and meetings, added to the demo borough by natural keys (slugs).
import { eq } from "drizzle-orm";
import type { Database } from "~db/client.server";
import {
  agencies,
  categories,
  meetingNeighbourhoods,
  meetings,
  neighbourhoods,
  priorities,
} from "~db/schema";
import {
  type TaskSpec as BuiltTaskSpec,
  type UpdateSpec as BuiltUpdateSpec,
  buildPriority,
  type PrioritySpec,
} from "./build";

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

export type UpdateSpec = Omit<BuiltUpdateSpec, "daysAgo"> & { daysAgo: number };

export type TaskSpec = Omit<BuiltTaskSpec, "agency" | "updates"> & { agency: string; updates?: UpdateSpec[] };

/** A priority in a demo neighbourhood, its tasks offered to demo agencies (by slug); made by buildPriority. */
export async function addPriority(
  db: Database,
  spec: Omit<PrioritySpec, "neighbourhood" | "categoryId" | "tasks"> & {
    neighbourhood: string;
    title: string;
    category?: string;
    closedDaysAgo?: number;
    tasks?: TaskSpec[];
  },
) {
  const now = spec.now ?? new Date();
  const { neighbourhood, category, closedDaysAgo, tasks: taskSpecs, ...rest } = spec;
  const [categoryRow] = category
    ? await db.select().from(categories).where(eq(categories.slug, category))
    : [undefined];
  const tasks: BuiltTaskSpec[] = [];
  for (const task of taskSpecs ?? []) {
    const agency = await agencyBySlug(db, task.agency);
    tasks.push({ ...task, agency: agency.id, title: task.title ?? `${agency.name} task` });
  }
  const built = await buildPriority(db, {
    ...rest,
    neighbourhood: (await neighbourhoodBySlug(db, neighbourhood)).id,
    categoryId: categoryRow?.id ?? null,
    closedAt: spec.closedAt ?? (closedDaysAgo !== undefined ? daysFrom(now, -closedDaysAgo) : undefined),
    tasks,
  });
  return { priority: built.priority, taskIds: built.taskIds };
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
