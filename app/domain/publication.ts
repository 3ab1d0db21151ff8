// THE publication filter: what the public may see. Every public page, feed,
// open-data response, CSV and e-mail to the public reads the dialogue through
// the functions in this file, and nothing public reads tasks, updates,
// meetings or priorities any other way.
//
// Rules (DESIGN.md §2.5):
// - a task is public when its confidentiality is public, it is live or done
//   (not declined or withdrawn), and it is not youth offending work while the
//   youth offending agency keeps its partners-only default;
// - an update is public when it is marked public, is not a safeguarding
//   referral, and belongs to a public task;
// - residents' contact details, assignees, authors, action plans and decline
//   reasons are never selected here;
// - a meeting's summary, "what's working" and minutes appear once published.
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  lt,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import {
  agencies,
  assemblies,
  categories,
  meetingNeighbourhoods,
  meetings,
  neighbourhoods,
  priorities,
  tasks,
  taskUpdates,
  updateFigures,
} from "~db/schema";
import { type IsoDate, toIsoDate } from "./deadlines";
import { MEETING_KIND_NAME } from "./meetings";
import { isTaskOverdue } from "./public-status";
import {
  CURRENT_PRIORITY_STATUSES,
  INVOLVED_TASK_STATUSES,
  MEETING_STATUS,
  type MeetingStatus,
  PAST_PRIORITY_STATUSES,
  PRIORITY_STATUS,
  type PriorityStatus,
  TASK_STATUS,
  type TaskStatus,
} from "./statuses";

// ---------------------------------------------------------------- the rules, as SQL

/** Task statuses the public sees: offered (waiting to be accepted), accepted, in progress, done. */
export const PUBLIC_TASK_STATUSES = INVOLVED_TASK_STATUSES;

/** A task (joined with its agency) that the public may see. */
export const publicTask: SQL = and(
  eq(tasks.confidentiality, "public"),
  inArray(tasks.status, [...PUBLIC_TASK_STATUSES]),
  // Youth offending work stays partners-only while the agency keeps that default.
  or(ne(agencies.kind, "youth_offending"), eq(agencies.defaultConfidentiality, "public")),
) as SQL;

/** An update (of a public task) that the public may see. Safeguarding referrals never are. */
export const publicUpdate: SQL = and(
  eq(taskUpdates.visibility, "public"),
  eq(taskUpdates.safeguardingReferral, false),
) as SQL;

// ---------------------------------------------------------------- types

export type PublicNeighbourhood = {
  id: number;
  slug: string;
  name: string;
  description: string;
  assemblyId: number;
  assemblySlug: string;
  assemblyName: string;
  policeForceId: string | null;
  policeNeighbourhoodId: string | null;
  updatedAt: Date;
};

export type PublicPriority = {
  id: number;
  neighbourhoodId: number;
  title: string;
  youSaid: string;
  /** The stored status; what the public is told comes from ./public-status. */
  status: PriorityStatus;
  isCurrent: boolean;
  category: { slug: string; name: string } | null;
  agreedOn: IsoDate;
  reviewDate: IsoDate;
  agreedAt: { meetingId: number; title: string; startsAt: Date } | null;
  outcomeSummary: string | null;
  closedReason: string | null;
  referredTo: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type PublicTask = {
  id: number;
  priorityId: number;
  agency: { id: number; name: string; kind: string; contact: string };
  title: string;
  ask: string;
  status: (typeof PUBLIC_TASK_STATUSES)[number];
  statusLabel: string;
  dueDate: IsoDate;
  isOverdue: boolean;
  outcomeSummary: string | null;
  residentsAsked: boolean | null;
  /** What residents said when asked (written for publication, checked like an update). */
  residentsSaid: string | null;
  completedAt: Date | null;
};

export type PublicFigure = { label: string; value: number; unit: string };

export type PublicUpdate = {
  id: number;
  taskId: number;
  priorityId: number;
  priorityTitle: string;
  agencyId: number;
  agencyName: string;
  taskTitle: string;
  body: string;
  createdAt: Date;
  isOutcome: boolean;
  residentsAsked: boolean | null;
  figures: PublicFigure[];
};

export type PublicMeeting = {
  id: number;
  assemblyId: number;
  assemblyName: string;
  kind: string;
  kindLabel: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  venue: string;
  address: string;
  accessibilityNote: string;
  status: MeetingStatus;
  statusLabel: string;
  cancellationReason: string | null;
  attendance: number | null;
  publicSummary: string | null;
  whatsWorking: string | null;
  minutesReference: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  /** Goes up by one with every change (iCalendar SEQUENCE). */
  sequence: number;
};

// ---------------------------------------------------------------- neighbourhoods

const neighbourhoodColumns = {
  id: neighbourhoods.id,
  slug: neighbourhoods.slug,
  name: neighbourhoods.name,
  description: neighbourhoods.description,
  assemblyId: assemblies.id,
  assemblySlug: assemblies.slug,
  assemblyName: assemblies.name,
  policeForceId: neighbourhoods.policeForceId,
  policeNeighbourhoodId: neighbourhoods.policeNeighbourhoodId,
  updatedAt: neighbourhoods.updatedAt,
};

export async function findPublicNeighbourhood(
  slug: string,
  database: Executor = db(),
): Promise<PublicNeighbourhood | null> {
  const [row] = await database
    .select(neighbourhoodColumns)
    .from(neighbourhoods)
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(eq(neighbourhoods.slug, slug))
    .limit(1);
  return row ?? null;
}

export async function findPublicNeighbourhoodById(
  id: number,
  database: Executor = db(),
): Promise<PublicNeighbourhood | null> {
  const [row] = await database
    .select(neighbourhoodColumns)
    .from(neighbourhoods)
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(eq(neighbourhoods.id, id))
    .limit(1);
  return row ?? null;
}

export async function findPublicNeighbourhoodByPoliceId(
  force: string,
  neighbourhood: string,
  database: Executor = db(),
): Promise<PublicNeighbourhood | null> {
  const [row] = await database
    .select(neighbourhoodColumns)
    .from(neighbourhoods)
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(
      and(eq(neighbourhoods.policeForceId, force), eq(neighbourhoods.policeNeighbourhoodId, neighbourhood)),
    )
    .limit(1);
  return row ?? null;
}

/** Neighbourhoods whose wards include `ward`, or whose postcode districts include `outcode`. */
export async function findNeighbourhoodsByPlace(
  place: { ward?: string | null; outcode?: string | null },
  database: Executor = db(),
) {
  const conditions: SQL[] = [];
  if (place.ward) conditions.push(sql`${neighbourhoods.wards} @> array[${place.ward}]::text[]`);
  if (place.outcode) {
    conditions.push(sql`${neighbourhoods.postcodeDistricts} @> array[${place.outcode}]::text[]`);
  }
  if (!conditions.length) return [];
  const rows = await database
    .select({
      ...neighbourhoodColumns,
      wards: neighbourhoods.wards,
      districts: neighbourhoods.postcodeDistricts,
    })
    .from(neighbourhoods)
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(or(...conditions))
    .orderBy(asc(neighbourhoods.name))
    .limit(50);
  return rows.map(({ wards, districts, ...neighbourhood }) => ({
    neighbourhood: neighbourhood as PublicNeighbourhood,
    wardMatch: place.ward ? wards.includes(place.ward) : false,
    districtMatch: place.outcode ? districts.includes(place.outcode) : false,
  }));
}

export async function listPublicNeighbourhoods(
  page: { limit: number; offset: number },
  database: Executor = db(),
): Promise<{ total: number; neighbourhoods: PublicNeighbourhood[] }> {
  const [rows, [{ total }]] = await Promise.all([
    database
      .select(neighbourhoodColumns)
      .from(neighbourhoods)
      .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
      .orderBy(asc(neighbourhoods.slug))
      .limit(page.limit)
      .offset(page.offset),
    database.select({ total: count() }).from(neighbourhoods),
  ]);
  return { total, neighbourhoods: rows };
}

export async function listAssembliesWithNeighbourhoods(database: Executor = db()) {
  const rows = await database
    .select({
      assemblyId: assemblies.id,
      assemblySlug: assemblies.slug,
      assemblyName: assemblies.name,
      neighbourhoodSlug: neighbourhoods.slug,
      neighbourhoodName: neighbourhoods.name,
    })
    .from(assemblies)
    .leftJoin(neighbourhoods, eq(neighbourhoods.assemblyId, assemblies.id))
    .orderBy(asc(assemblies.name), asc(neighbourhoods.name));
  const byAssembly = new Map<
    number,
    { slug: string; name: string; neighbourhoods: Array<{ slug: string; name: string }> }
  >();
  for (const row of rows) {
    let entry = byAssembly.get(row.assemblyId);
    if (!entry) {
      entry = { slug: row.assemblySlug, name: row.assemblyName, neighbourhoods: [] };
      byAssembly.set(row.assemblyId, entry);
    }
    if (row.neighbourhoodSlug && row.neighbourhoodName) {
      entry.neighbourhoods.push({ slug: row.neighbourhoodSlug, name: row.neighbourhoodName });
    }
  }
  return [...byAssembly.values()];
}

export async function listCategories(database: Executor = db()) {
  return database
    .select({ id: categories.id, slug: categories.slug, name: categories.name })
    .from(categories)
    .orderBy(asc(categories.name));
}

// ---------------------------------------------------------------- priorities

const priorityColumns = {
  id: priorities.id,
  neighbourhoodId: priorities.neighbourhoodId,
  title: priorities.title,
  youSaid: priorities.youSaid,
  status: priorities.status,
  categorySlug: categories.slug,
  categoryName: categories.name,
  agreedOn: priorities.agreedOn,
  reviewDate: priorities.reviewDate,
  agreedAtMeetingId: meetings.id,
  agreedAtMeetingTitle: meetings.title,
  agreedAtMeetingKind: meetings.kind,
  agreedAtMeetingStartsAt: meetings.startsAt,
  outcomeSummary: priorities.outcomeSummary,
  closedReason: priorities.closedReason,
  referredTo: priorities.referredTo,
  closedAt: priorities.closedAt,
  createdAt: priorities.createdAt,
  updatedAt: priorities.updatedAt,
};

function selectPriorities(database: Executor) {
  return database
    .select(priorityColumns)
    .from(priorities)
    .leftJoin(categories, eq(categories.id, priorities.categoryId))
    .leftJoin(meetings, eq(meetings.id, priorities.agreedAtMeetingId))
    .$dynamic();
}
type PriorityRow = Awaited<ReturnType<typeof selectPriorities>>[number];

function toPublicPriority(row: PriorityRow): PublicPriority {
  const status = row.status as PriorityStatus;
  return {
    id: row.id,
    neighbourhoodId: row.neighbourhoodId,
    title: row.title,
    youSaid: row.youSaid,
    status,
    isCurrent: PRIORITY_STATUS[status].current,
    category:
      row.categorySlug && row.categoryName ? { slug: row.categorySlug, name: row.categoryName } : null,
    agreedOn: row.agreedOn,
    reviewDate: row.reviewDate,
    agreedAt:
      row.agreedAtMeetingId != null && row.agreedAtMeetingStartsAt
        ? {
            meetingId: row.agreedAtMeetingId,
            title: row.agreedAtMeetingTitle || MEETING_KIND_NAME[row.agreedAtMeetingKind ?? "pact"],
            startsAt: row.agreedAtMeetingStartsAt,
          }
        : null,
    outcomeSummary: row.outcomeSummary,
    closedReason: status === "closed" ? row.closedReason : null,
    referredTo: status === "referred" ? row.referredTo : null,
    closedAt: PRIORITY_STATUS[status].current ? null : row.closedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type PriorityQuery = {
  neighbourhoodId?: number;
  agreedAtMeetingId?: number;
  which?: "current" | "past" | "all";
  /** review: soonest review first; closed: latest closed first; newest: latest agreed first. */
  order?: "review" | "closed" | "newest";
  /** Past priorities closed in this calendar year. */
  closedInYear?: number;
  categorySlug?: string;
  /** Open at this moment: agreed before it and not closed before it. */
  openAt?: Date;
  neighbourhoodIds?: number[];
  ids?: number[];
  /** Agreed (created) within [since, before). */
  created?: { since: Date; before: Date };
  /** Closed within [since, before). */
  closed?: { since: Date; before: Date };
  limit: number;
  offset?: number;
};

function priorityConditions(query: PriorityQuery) {
  const conditions: SQL[] = [];
  if (query.neighbourhoodId != null) conditions.push(eq(priorities.neighbourhoodId, query.neighbourhoodId));
  if (query.neighbourhoodIds) conditions.push(inArray(priorities.neighbourhoodId, query.neighbourhoodIds));
  if (query.agreedAtMeetingId != null) {
    conditions.push(eq(priorities.agreedAtMeetingId, query.agreedAtMeetingId));
  }
  if (query.which === "current") conditions.push(inArray(priorities.status, CURRENT_PRIORITY_STATUSES));
  if (query.which === "past") conditions.push(inArray(priorities.status, PAST_PRIORITY_STATUSES));
  if (query.closedInYear != null) {
    conditions.push(
      gte(priorities.closedAt, new Date(Date.UTC(query.closedInYear, 0, 1))),
      lt(priorities.closedAt, new Date(Date.UTC(query.closedInYear + 1, 0, 1))),
    );
  }
  if (query.categorySlug) conditions.push(eq(categories.slug, query.categorySlug));
  if (query.ids) conditions.push(inArray(priorities.id, query.ids.length ? query.ids : [0]));
  if (query.created) {
    conditions.push(
      gte(priorities.createdAt, query.created.since),
      lt(priorities.createdAt, query.created.before),
    );
  }
  if (query.closed) {
    conditions.push(
      inArray(priorities.status, PAST_PRIORITY_STATUSES),
      gte(priorities.closedAt, query.closed.since),
      lt(priorities.closedAt, query.closed.before),
    );
  }
  if (query.openAt) {
    conditions.push(
      lt(priorities.agreedOn, toIsoDate(query.openAt)),
      or(sql`${priorities.closedAt} is null`, gte(priorities.closedAt, query.openAt)) as SQL,
    );
  }
  return and(...conditions);
}

function priorityOrder(order: NonNullable<PriorityQuery["order"]>) {
  if (order === "closed") return [sql`${priorities.closedAt} desc nulls last`, desc(priorities.id)];
  if (order === "newest") return [desc(priorities.createdAt), desc(priorities.id)];
  return [asc(priorities.reviewDate), asc(priorities.id)];
}

/** Public priorities matching `query`, in the order asked for. */
export async function listPublicPriorities(
  query: PriorityQuery,
  database: Executor = db(),
): Promise<PublicPriority[]> {
  const rows = await selectPriorities(database)
    .where(priorityConditions(query))
    .orderBy(...priorityOrder(query.order ?? (query.which === "past" ? "closed" : "review")))
    .limit(query.limit)
    .offset(query.offset ?? 0);
  return rows.map(toPublicPriority);
}

export async function countPublicPriorities(query: PriorityQuery, database: Executor = db()) {
  const [{ total }] = await database
    .select({ total: count() })
    .from(priorities)
    .leftJoin(categories, eq(categories.id, priorities.categoryId))
    .where(priorityConditions(query));
  return total;
}

export async function getPublicPriority(
  id: number,
  database: Executor = db(),
): Promise<PublicPriority | null> {
  const [row] = await selectPriorities(database).where(eq(priorities.id, id)).limit(1);
  return row ? toPublicPriority(row) : null;
}

/** Calendar years (UTC) in which a neighbourhood's past priorities closed, newest first. */
export async function listArchiveYears(neighbourhoodId: number, database: Executor = db()) {
  const rows = await database
    .selectDistinct({ year: sql<number>`extract(year from ${priorities.closedAt} at time zone 'UTC')::int` })
    .from(priorities)
    .where(
      and(
        eq(priorities.neighbourhoodId, neighbourhoodId),
        inArray(priorities.status, PAST_PRIORITY_STATUSES),
        isNotNull(priorities.closedAt),
      ),
    );
  return rows.map((r) => Number(r.year)).sort((a, b) => b - a);
}

// ---------------------------------------------------------------- tasks, updates, figures

export async function listPublicTasks(
  priorityIds: number[],
  today: IsoDate,
  database: Executor = db(),
): Promise<PublicTask[]> {
  if (!priorityIds.length) return [];
  const rows = await database
    .select({
      id: tasks.id,
      priorityId: tasks.priorityId,
      agencyId: agencies.id,
      agencyName: agencies.name,
      agencyKind: agencies.kind,
      agencyContact: agencies.publicContact,
      title: tasks.title,
      ask: tasks.ask,
      status: tasks.status,
      dueDate: tasks.dueDate,
      outcomeSummary: tasks.outcomeSummary,
      residentsAsked: tasks.residentsAsked,
      residentsSaid: tasks.residentsSaid,
      completedAt: tasks.completedAt,
    })
    .from(tasks)
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(and(inArray(tasks.priorityId, priorityIds), publicTask))
    .orderBy(asc(tasks.priorityId), asc(agencies.name), asc(tasks.id));
  return rows.map((row) => {
    const status = row.status as PublicTask["status"];
    const done = status === "done";
    return {
      id: row.id,
      priorityId: row.priorityId,
      agency: { id: row.agencyId, name: row.agencyName, kind: row.agencyKind, contact: row.agencyContact },
      title: row.title,
      ask: row.ask,
      status,
      statusLabel: TASK_STATUS[status],
      dueDate: row.dueDate,
      isOverdue: isTaskOverdue(row, today),
      outcomeSummary: done ? row.outcomeSummary : null,
      residentsAsked: done ? row.residentsAsked : null,
      residentsSaid: done && row.residentsAsked ? row.residentsSaid : null,
      completedAt: done ? row.completedAt : null,
    };
  });
}

const updateColumns = {
  id: taskUpdates.id,
  taskId: taskUpdates.taskId,
  priorityId: tasks.priorityId,
  priorityTitle: priorities.title,
  agencyId: agencies.id,
  agencyName: agencies.name,
  taskTitle: tasks.title,
  body: taskUpdates.body,
  createdAt: taskUpdates.createdAt,
  isOutcome: taskUpdates.isOutcome,
  residentsAsked: taskUpdates.residentsAsked,
};

async function withFigures(
  rows: Array<Omit<PublicUpdate, "figures">>,
  database: Executor,
): Promise<PublicUpdate[]> {
  if (!rows.length) return [];
  const figures = await database
    .select({
      updateId: updateFigures.updateId,
      label: updateFigures.label,
      value: updateFigures.value,
      unit: updateFigures.unit,
    })
    .from(updateFigures)
    .where(
      inArray(
        updateFigures.updateId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(updateFigures.updateId), asc(updateFigures.position), asc(updateFigures.id));
  const byUpdate = new Map<number, PublicFigure[]>();
  for (const f of figures) {
    const list = byUpdate.get(f.updateId) ?? [];
    list.push({ label: f.label, value: Number(f.value), unit: f.unit });
    byUpdate.set(f.updateId, list);
  }
  return rows.map((row) => ({ ...row, figures: byUpdate.get(row.id) ?? [] }));
}

export type UpdateQuery = {
  priorityIds?: number[];
  neighbourhoodId?: number;
  /** Created at or after. */
  since?: Date;
  /** Created before. */
  before?: Date;
  limit: number;
};

/** Public updates, newest first, with their figures. */
export async function listPublicUpdates(query: UpdateQuery, database: Executor = db()) {
  if (query.priorityIds && !query.priorityIds.length) return [];
  const conditions: SQL[] = [publicTask, publicUpdate];
  if (query.priorityIds) conditions.push(inArray(tasks.priorityId, query.priorityIds));
  if (query.neighbourhoodId != null) conditions.push(eq(priorities.neighbourhoodId, query.neighbourhoodId));
  if (query.since) conditions.push(gte(taskUpdates.createdAt, query.since));
  if (query.before) conditions.push(lt(taskUpdates.createdAt, query.before));
  const rows = await database
    .select(updateColumns)
    .from(taskUpdates)
    .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
    .where(and(...conditions))
    .orderBy(desc(taskUpdates.createdAt), desc(taskUpdates.id))
    .limit(query.limit);
  return withFigures(rows, database);
}

/** The newest public update of each priority (optionally: before a moment), with figures. */
export async function latestPublicUpdates(
  priorityIds: number[],
  database: Executor = db(),
  before?: Date,
): Promise<Map<number, PublicUpdate>> {
  if (!priorityIds.length) return new Map();
  const rows = await database
    .selectDistinctOn([tasks.priorityId], updateColumns)
    .from(taskUpdates)
    .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
    .where(
      and(
        inArray(tasks.priorityId, priorityIds),
        publicTask,
        publicUpdate,
        before ? lte(taskUpdates.createdAt, before) : undefined,
      ),
    )
    .orderBy(asc(tasks.priorityId), desc(taskUpdates.createdAt), desc(taskUpdates.id));
  const updates = await withFigures(rows, database);
  return new Map(updates.map((u) => [u.priorityId, u]));
}

// ---------------------------------------------------------------- meetings

const meetingColumns = {
  id: meetings.id,
  assemblyId: meetings.assemblyId,
  assemblyName: assemblies.name,
  kind: meetings.kind,
  title: meetings.title,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  venue: meetings.venue,
  address: meetings.address,
  accessibilityNote: meetings.accessibilityNote,
  status: meetings.status,
  cancellationReason: meetings.cancellationReason,
  attendance: meetings.attendance,
  publicSummary: meetings.publicSummary,
  whatsWorking: meetings.whatsWorking,
  minutesReference: meetings.minutesReference,
  publishedAt: meetings.publishedAt,
  updatedAt: meetings.updatedAt,
  sequence: meetings.sequence,
};

type MeetingRow = {
  [K in keyof typeof meetingColumns]: (typeof meetingColumns)[K]["_"]["notNull"] extends true
    ? (typeof meetingColumns)[K]["_"]["data"]
    : (typeof meetingColumns)[K]["_"]["data"] | null;
};

function toPublicMeeting(row: MeetingRow): PublicMeeting {
  const published = row.publishedAt != null && row.status === "held";
  const status = row.status as MeetingStatus;
  return {
    id: row.id,
    assemblyId: row.assemblyId,
    assemblyName: row.assemblyName,
    kind: row.kind,
    kindLabel: MEETING_KIND_NAME[row.kind] ?? "Meeting",
    title: row.title || `${row.assemblyName} ${MEETING_KIND_NAME[row.kind] ?? "meeting"}`,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    venue: row.venue,
    address: row.address,
    accessibilityNote: row.accessibilityNote,
    status,
    statusLabel: MEETING_STATUS[status],
    cancellationReason: status === "cancelled" ? row.cancellationReason : null,
    attendance: status === "held" ? row.attendance : null,
    publicSummary: published ? row.publicSummary : null,
    whatsWorking: published ? row.whatsWorking : null,
    minutesReference: published ? row.minutesReference : null,
    publishedAt: published ? row.publishedAt : null,
    updatedAt: row.updatedAt,
    sequence: row.sequence,
  };
}

export type MeetingQuery = {
  neighbourhoodId: number;
  /** Starting at or after. */
  from?: Date;
  /** Starting before. */
  before?: Date;
  order: "asc" | "desc";
  limit: number;
  offset?: number;
};

export async function listPublicMeetings(query: MeetingQuery, database: Executor = db()) {
  const rows = await database
    .select(meetingColumns)
    .from(meetingNeighbourhoods)
    .innerJoin(meetings, eq(meetings.id, meetingNeighbourhoods.meetingId))
    .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
    .where(
      and(
        eq(meetingNeighbourhoods.neighbourhoodId, query.neighbourhoodId),
        query.from ? gte(meetings.startsAt, query.from) : undefined,
        query.before ? lt(meetings.startsAt, query.before) : undefined,
      ),
    )
    .orderBy(
      query.order === "asc" ? asc(meetings.startsAt) : desc(meetings.startsAt),
      query.order === "asc" ? asc(meetings.id) : desc(meetings.id),
    )
    .limit(query.limit)
    .offset(query.offset ?? 0);
  return rows.map(toPublicMeeting);
}

/** The latest published "what's working" notes for a neighbourhood. */
/** The next scheduled (not cancelled) meeting of each neighbourhood starting at or after `from`: one query. */
export async function nextPublicMeetings(
  neighbourhoodIds: number[],
  from: Date,
  database: Executor = db(),
): Promise<Map<number, PublicMeeting>> {
  if (!neighbourhoodIds.length) return new Map();
  const rows = await database
    .selectDistinctOn([meetingNeighbourhoods.neighbourhoodId], {
      neighbourhoodId: meetingNeighbourhoods.neighbourhoodId,
      ...meetingColumns,
    })
    .from(meetingNeighbourhoods)
    .innerJoin(meetings, eq(meetings.id, meetingNeighbourhoods.meetingId))
    .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
    .where(
      and(
        inArray(meetingNeighbourhoods.neighbourhoodId, neighbourhoodIds),
        gte(meetings.startsAt, from),
        ne(meetings.status, "cancelled"),
      ),
    )
    .orderBy(meetingNeighbourhoods.neighbourhoodId, asc(meetings.startsAt), asc(meetings.id));
  return new Map(rows.map(({ neighbourhoodId, ...row }) => [neighbourhoodId, toPublicMeeting(row)]));
}

export async function listWhatsWorking(neighbourhoodId: number, limit: number, database: Executor = db()) {
  const rows = await database
    .select(meetingColumns)
    .from(meetingNeighbourhoods)
    .innerJoin(meetings, eq(meetings.id, meetingNeighbourhoods.meetingId))
    .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
    .where(
      and(
        eq(meetingNeighbourhoods.neighbourhoodId, neighbourhoodId),
        eq(meetings.status, "held"),
        isNotNull(meetings.publishedAt),
        sql`coalesce(${meetings.whatsWorking}, '') <> ''`,
      ),
    )
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(limit);
  return rows.map(toPublicMeeting);
}

export async function getPublicMeeting(id: number, database: Executor = db()) {
  const [row] = await database
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
    .where(eq(meetings.id, id))
    .limit(1);
  if (!row) return null;
  const covered = await database
    .select({ id: neighbourhoods.id, slug: neighbourhoods.slug, name: neighbourhoods.name })
    .from(meetingNeighbourhoods)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, meetingNeighbourhoods.neighbourhoodId))
    .where(eq(meetingNeighbourhoods.meetingId, id))
    .orderBy(asc(neighbourhoods.name));
  return { meeting: toPublicMeeting(row), neighbourhoods: covered };
}
