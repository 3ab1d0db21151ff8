// Builder factories: a test states the data it needs, and gets it made from
// nothing (no demo story, no rows looked up by title). Each builder fills what
// the schema requires with plain defaults and makes what it depends on when
// not given (a priority makes its neighbourhood, whose assembly it makes too;
// a task makes its agency). Names are unique per call, so builders can be used
// any number of times in one database.
//
//   const { priority, tasks } = await buildPriority(db, {
//     tasks: [{ agency: { kind: "youth_offending" }, status: "in_progress", updates: [{ body: "…" }] }],
//   });
import { eq } from "drizzle-orm";
import { loadViewerByEmail } from "~/domain/accounts/viewers";
import { addCalendarDays, ENGLAND_AND_WALES_BANK_HOLIDAYS, toIsoDate } from "~/domain/core/deadlines";
import { actionPlanDueBy, isTaskIn } from "~/domain/lifecycle/tasks";
import { hashPassword } from "~/lib/password.server";
import type { Database } from "~db/client.server";
import * as t from "~db/schema";

const DAY = 86_400_000;
const daysFrom = (now: Date, days: number) => new Date(now.getTime() + days * DAY);

let made = 0;
const next = (prefix: string) => `${prefix}-${process.pid}-${++made}`;

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];

export async function buildAssembly(db: Database, values: Partial<Insert<typeof t.assemblies>> = {}) {
  const slug = values.slug ?? next("assembly");
  const [row] = await db
    .insert(t.assemblies)
    .values({ slug, name: `Assembly ${slug}`, ...values })
    .returning();
  return row;
}

export async function buildNeighbourhood(
  db: Database,
  values: Partial<Insert<typeof t.neighbourhoods>> = {},
) {
  const assemblyId = values.assemblyId ?? (await buildAssembly(db)).id;
  const slug = values.slug ?? next("neighbourhood");
  const [row] = await db
    .insert(t.neighbourhoods)
    .values({ name: `Neighbourhood ${slug}`, ...values, slug, assemblyId })
    .returning();
  return row;
}

export async function buildAgency(db: Database, values: Partial<Insert<typeof t.agencies>> = {}) {
  const slug = values.slug ?? next("agency");
  const [row] = await db
    .insert(t.agencies)
    .values({
      name: `Agency ${slug}`,
      kind: "council",
      inboxEmail: `${slug}@agencies.example.org`,
      ...values,
      slug,
    })
    .returning();
  return row;
}

export type UpdateSpec = {
  body: string;
  daysAgo?: number;
  visibility?: "public" | "partners_only";
  isOutcome?: boolean;
  safeguardingReferral?: boolean;
  figures?: Array<{ label: string; value: number; unit?: string }>;
};

export type TaskSpec = {
  /** An agency's id, or the values of a new agency (a new council agency when left out). */
  agency?: number | Partial<Insert<typeof t.agencies>>;
  title?: string;
  status?: Insert<typeof t.tasks>["status"];
  confidentiality?: "public" | "partners_only";
  dueInDays?: number;
  outcome?: string;
  updates?: UpdateSpec[];
  /**
   * Days before `now` the task was offered (and made): 25 when left out, so it was to be
   * acknowledged 20 days ago (five calendar days after the offer) and its action plan was
   * due 15 days ago (the app's rule, ten calendar days after the offer).
   */
  offeredDaysAgo?: number;
  /**
   * Days before `now` the agency accepted it: the day after the offer when left out, for a
   * task the agency accepted (accepted, in progress or done); null when it never was
   * (offered, declined, withdrawn). Null here says it never was accepted.
   */
  acceptedDaysAgo?: number | null;
};

export type PrioritySpec = {
  /** A neighbourhood's id, or the values of a new one (in a new assembly unless assemblyId is given). */
  neighbourhood?: number | Partial<Insert<typeof t.neighbourhoods>>;
  title?: string;
  youSaid?: string;
  categoryId?: number | null;
  status?: Insert<typeof t.priorities>["status"];
  agreedDaysAgo?: number;
  closedAt?: Date | null;
  closedReason?: string;
  referredTo?: string;
  outcomeSummary?: string;
  agreedAtMeetingId?: number;
  tasks?: TaskSpec[];
  now?: Date;
};

/** A priority with its tasks, their updates and figures; returns every row made. */
export async function buildPriority(db: Database, spec: PrioritySpec = {}) {
  const now = spec.now ?? new Date();
  const neighbourhoodId =
    typeof spec.neighbourhood === "number"
      ? spec.neighbourhood
      : (await buildNeighbourhood(db, spec.neighbourhood)).id;
  const agreedAt = daysFrom(now, -(spec.agreedDaysAgo ?? 30));
  const status = spec.status ?? "active";
  const title = spec.title ?? `Priority ${next("p")}`;
  const [priority] = await db
    .insert(t.priorities)
    .values({
      neighbourhoodId,
      categoryId: spec.categoryId ?? null,
      agreedAtMeetingId: spec.agreedAtMeetingId ?? null,
      title,
      youSaid: spec.youSaid ?? `Residents said: ${title}.`,
      status,
      agreedOn: toIsoDate(agreedAt),
      reviewDate: toIsoDate(daysFrom(now, 21)),
      closedAt: status === "active" || status === "monitoring" ? null : (spec.closedAt ?? now),
      closedReason: spec.closedReason ?? (status === "closed" ? "Closed at the review." : null),
      referredTo: spec.referredTo ?? (status === "referred" ? "Another service." : null),
      outcomeSummary: spec.outcomeSummary ?? (status === "resolved" ? "Resolved." : null),
      createdAt: agreedAt,
    })
    .returning();
  const tasks: Array<{ task: typeof t.tasks.$inferSelect; updateIds: number[] }> = [];
  for (const taskSpec of spec.tasks ?? []) tasks.push(await buildTask(db, priority.id, taskSpec, now));
  return { priority, neighbourhoodId, tasks, taskIds: tasks.map((made) => made.task.id) };
}

/** A task on a priority, with its updates and their figures. */
export async function buildTask(db: Database, priorityId: number, spec: TaskSpec = {}, now = new Date()) {
  const agencyId = typeof spec.agency === "number" ? spec.agency : (await buildAgency(db, spec.agency)).id;
  const status = spec.status ?? "in_progress";
  // Every date is stated from `now` (none left to the database's clock, which a pinned test clock does not move).
  const offeredDaysAgo = spec.offeredDaysAgo ?? 25;
  const offeredAt = daysFrom(now, -offeredDaysAgo);
  const offeredOn = toIsoDate(offeredAt);
  const wasAccepted = isTaskIn("working", status) || isTaskIn("finished", status);
  const acceptedDaysAgo =
    spec.acceptedDaysAgo !== undefined ? spec.acceptedDaysAgo : wasAccepted ? offeredDaysAgo - 1 : null;
  const [task] = await db
    .insert(t.tasks)
    .values({
      priorityId,
      agencyId,
      title: spec.title ?? `Task ${next("t")}`,
      ask: "Do something useful.",
      confidentiality: spec.confidentiality ?? "public",
      status,
      offeredAt,
      createdAt: offeredAt,
      acceptedAt: acceptedDaysAgo === null ? null : daysFrom(now, -acceptedDaysAgo),
      acknowledgeBy: addCalendarDays(offeredOn, 5),
      actionPlanDueBy: actionPlanDueBy(offeredOn),
      dueDate: toIsoDate(daysFrom(now, spec.dueInDays ?? 30)),
      outcomeSummary: status === "done" ? (spec.outcome ?? "Done.") : null,
      completedAt: status === "done" ? daysFrom(now, -1) : null,
      declineReason: status === "declined" ? "Not ours." : null,
      withdrawnReason: status === "withdrawn" ? "No longer needed." : null,
    })
    .returning();
  const updateIds: number[] = [];
  for (const u of spec.updates ?? []) {
    const [update] = await db
      .insert(t.taskUpdates)
      .values({
        taskId: task.id,
        body: u.body,
        visibility: u.safeguardingReferral ? "partners_only" : (u.visibility ?? "public"),
        isOutcome: u.isOutcome ?? false,
        safeguardingReferral: u.safeguardingReferral ?? false,
        createdAt: daysFrom(now, -(u.daysAgo ?? 1)),
      })
      .returning({ id: t.taskUpdates.id });
    updateIds.push(update.id);
    if (u.figures?.length) {
      await db.insert(t.updateFigures).values(
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
  return { task, updateIds };
}

export type UserSpec = Partial<Insert<typeof t.users>> & {
  /** Agencies the person works for (ids); "coordinator" makes them its coordinator. */
  agencies?: Array<number | { agencyId: number; role: "member" | "coordinator" }>;
  /** Assemblies the person chairs (ids). */
  chairs?: number[];
  /** A password to sign in with (hashed as the app does); none when left out. */
  password?: string;
};

/** A person, with the agencies they work for and the assemblies they chair. */
export async function buildUser(db: Database, spec: UserSpec = {}) {
  const { agencies = [], chairs = [], password, ...values } = spec;
  const handle = next("person");
  const [user] = await db
    .insert(t.users)
    .values({
      email: `${handle}@people.example.org`,
      name: `Person ${handle}`,
      passwordHash: password ? await hashPassword(password) : null,
      ...values,
    })
    .returning();
  for (const entry of agencies) {
    const { agencyId, role } =
      typeof entry === "number" ? { agencyId: entry, role: "member" as const } : entry;
    await db.insert(t.agencyMemberships).values({ userId: user.id, agencyId, role });
  }
  for (const assemblyId of chairs) await db.insert(t.assemblyChairs).values({ userId: user.id, assemblyId });
  return user;
}

/** A person as the app sees them once signed in (roles, agencies, assemblies). */
export async function buildViewer(db: Database, spec: UserSpec = {}) {
  const user = await buildUser(db, spec);
  const viewer = await loadViewerByEmail(user.email, db);
  if (!viewer) throw new Error(`built user ${user.email} cannot be loaded`);
  return viewer;
}

export type MeetingSpec = Partial<Insert<typeof t.meetings>> & {
  /** The neighbourhoods it covers (ids); at least one, made in the assembly when left out. */
  neighbourhoods?: number[];
  /** Days from now to its start (negative: in the past). */
  startsInDays?: number;
  now?: Date;
};

/** A meeting of an assembly, covering some of its neighbourhoods. */
export async function buildMeeting(db: Database, spec: MeetingSpec = {}) {
  const { neighbourhoods, startsInDays = 7, now = new Date(), ...values } = spec;
  let assemblyId = values.assemblyId;
  let covered = neighbourhoods ?? [];
  if (!assemblyId && covered.length) {
    const [first] = await db
      .select({ assemblyId: t.neighbourhoods.assemblyId })
      .from(t.neighbourhoods)
      .where(eq(t.neighbourhoods.id, covered[0]));
    assemblyId = first.assemblyId;
  }
  assemblyId ??= (await buildAssembly(db)).id;
  if (!covered.length) covered = [(await buildNeighbourhood(db, { assemblyId })).id];
  const startsAt = values.startsAt ?? daysFrom(now, startsInDays);
  const [meeting] = await db
    .insert(t.meetings)
    .values({
      venue: "Community hall",
      ...values,
      assemblyId,
      startsAt,
      endsAt: values.endsAt ?? new Date(startsAt.getTime() + 2 * 3_600_000),
    })
    .returning();
  await db
    .insert(t.meetingNeighbourhoods)
    .values(covered.map((neighbourhoodId) => ({ meetingId: meeting.id, neighbourhoodId })));
  return { meeting, neighbourhoodIds: covered };
}

/** A concern raised in a neighbourhood (at a meeting or online). */
export async function buildConcern(
  db: Database,
  values: Partial<Insert<typeof t.concerns>> & { neighbourhoodId: number },
) {
  const wording = values.publicWording ?? `Concern ${next("c")}`;
  const [concern] = await db
    .insert(t.concerns)
    .values({ publicWording: wording, originalWording: wording, ...values })
    .returning();
  return concern;
}

export async function buildCategory(db: Database, values: Partial<Insert<typeof t.categories>> = {}) {
  const slug = values.slug ?? next("category");
  const [row] = await db
    .insert(t.categories)
    .values({ name: `Category ${slug}`, ...values, slug })
    .returning();
  return row;
}

/** England and Wales's bank holidays (the calendar every working-day rule reads), as the seed loads them. */
export async function buildBankHolidays(db: Database) {
  await db
    .insert(t.bankHolidays)
    .values([...ENGLAND_AND_WALES_BANK_HOLIDAYS])
    .onConflictDoNothing();
}

// ---------------------------------------------------------------- added by helper A

export type OfferSpec = Partial<Insert<typeof t.tasks>> & { now?: Date };

/**
 * A task just offered, as a chair's offer makes it: offered now, to acknowledge
 * within five calendar days, its action plan due by the app's rule, due in thirty
 * days; any column can be given (status, acceptedAt, dueDate, version…). Makes a
 * priority and an agency when not given their ids.
 */
export async function buildOffer(db: Database, spec: OfferSpec = {}) {
  const { now = new Date(), ...values } = spec;
  const today = toIsoDate(now);
  const priorityId = values.priorityId ?? (await buildPriority(db, { now })).priority.id;
  const agencyId = values.agencyId ?? (await buildAgency(db)).id;
  const [task] = await db
    .insert(t.tasks)
    .values({
      title: `Task ${next("offer")}`,
      ask: "Do something useful.",
      offeredAt: now,
      acknowledgeBy: addCalendarDays(today, 5),
      actionPlanDueBy: actionPlanDueBy(today),
      dueDate: addCalendarDays(today, 30),
      ...values,
      priorityId,
      agencyId,
    })
    .returning();
  return task;
}

// ---------------------------------------------------------------- added by helper C

/** Links concerns to the priority that adopted them (as adopting at a meeting does). */
export async function linkConcerns(
  db: Database,
  priorityId: number,
  concerns: Array<number | { id: number }>,
) {
  if (!concerns.length) return;
  await db
    .insert(t.priorityConcerns)
    .values(concerns.map((c) => ({ priorityId, concernId: typeof c === "number" ? c : c.id })));
}
