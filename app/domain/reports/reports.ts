// The monthly report of an assembly (issue 7): partnerships active, progress
// on each priority, areas of concern, upcoming meetings, the month's measures
// and the crime and justice figures. Generated for any month on demand; when
// the chair publishes it, both versions are kept as they were (a later change
// does not rewrite a published report). The public version is built only
// through the publication filter, so it holds nothing partners-only.
import { and, asc, type Column, desc, eq, gte, inArray, lt, max, sql } from "drizzle-orm";
import { db, type Executor, placeholders, prepared } from "~db/client.server";
import { agencies, assemblies, meetings, monthlyReports, neighbourhoods, tasks, users } from "~db/schema";
import { isAdmin, isChairOf, type MaybeViewer, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import { addCalendarDays, type IsoDate, toIsoDate } from "../core/deadlines";
import { conflict, forbidden, invalid, notFound } from "../core/errors";
import type { Figure } from "../core/figures";
import { compareNames } from "../core/words";
import { PRIORITY_STATUS, TASK_STATUS, type TaskStatus } from "../lifecycle/statuses";
import { isAnswerLate, isTaskIn, isTaskOverdue } from "../lifecycle/tasks";
import { crimeFiguresUpTo } from "../measures/crime-figures";
import { DEFINITIONS, type MeasureRow } from "../measures/how-were-doing";
import {
  type Audience,
  type Facts,
  figuresTable,
  formatMeasure,
  isOpenAt,
  isStaleAt,
  lastPublicNews,
  loadFacts,
  MEASURE_IDS,
  MEASURES,
  type Month,
  monthInWords,
  monthOf,
  monthPeriod,
  monthsEnding,
  monthsPeriod,
  type Period,
} from "../measures/measures";
import { MEETING_KIND_NAME } from "../meetings/meetings";
import { withStatus } from "../priorities/priority-cards";
import {
  isPublicTask,
  listPublicPriorities,
  listPublicTasks,
  listPublicUpdates,
  taskPublicityColumns,
} from "../publication";
import { partnersUpdatesOn } from "../tasks/updates";

// ---------------------------------------------------------------- the report's content (stored as JSON)

export type ReportUpdate = {
  agencyName: string;
  taskTitle: string;
  body: string;
  createdAt: string;
  partnersOnly: boolean;
  figures: Figure[];
};

export type ReportTask = {
  agencyName: string;
  title: string;
  statusLabel: string;
  dueDate: IsoDate;
  isOverdue: boolean;
  partnersOnly: boolean;
};

export type ReportContent = {
  version: 1;
  audience: Audience;
  assembly: { id: number; slug: string; name: string };
  month: Month;
  monthLabel: string;
  /** The last day the report covers (the month's end, or the day it was made in a month still going). */
  asOf: IsoDate;
  generatedAt: string;
  partnerships: Array<{ agencyName: string; liveTasks: number; completed: number; updates: number }>;
  priorities: Array<{
    id: number;
    title: string;
    youSaid: string;
    neighbourhoodName: string;
    neighbourhoodSlug: string;
    statusLabel: string;
    agreedOn: IsoDate;
    reviewDate: IsoDate;
    isStale: boolean;
    tasks: ReportTask[];
    updates: ReportUpdate[];
  }>;
  concerns: {
    stale: Array<{ title: string; neighbourhoodName: string }>;
    overdue: Array<{ agencyName: string; taskTitle: string; priorityTitle: string; dueDate: IsoDate }>;
    /** Partners' version only. */
    declined: Array<{ agencyName: string; taskTitle: string; priorityTitle: string; reason: string }>;
    /** Partners' version only. */
    unaccepted: Array<{
      agencyName: string;
      taskTitle: string;
      priorityTitle: string;
      acknowledgeBy: IsoDate;
    }>;
  };
  upcoming: Array<{ id: number; title: string; startsAt: string; venue: string; status: string }>;
  figures: { columns: string[]; rows: MeasureRow[] };
  crime: Array<{
    neighbourhoodName: string;
    figures: {
      month: Month;
      monthLabel: string;
      total: number;
      categories: Array<{ name: string; label: string; count: number }>;
      outcomes: Array<{ name: string; label: string; count: number }>;
      source: { name: string; url: string; licence: string; note: string };
    } | null;
  }>;
  definitions: typeof DEFINITIONS;
};

const SAFEGUARDING_PLACEHOLDER = "A safeguarding referral was made (details are kept in the task record).";

/** Midnight UK time at the start of `day`, as an instant. */
function ukMidnight(day: IsoDate): Date {
  for (const offsetHours of [1, 0, 2, -1]) {
    const t = new Date(Date.parse(`${day}T00:00:00Z`) - offsetHours * 3_600_000);
    if (toIsoDate(t) === day && toIsoDate(new Date(t.getTime() - 1)) !== day) return t;
  }
  return new Date(`${day}T00:00:00Z`);
}

type AssemblyRow = { id: number; slug: string; name: string };

async function findAssembly(slug: string, database: Executor): Promise<AssemblyRow | null> {
  const [row] = await database
    .select({ id: assemblies.id, slug: assemblies.slug, name: assemblies.name })
    .from(assemblies)
    .where(eq(assemblies.slug, slug))
    .limit(1);
  return row ?? null;
}

/**
 * Reads shared by reports built together (the demo seed builds a year of them
 * for each assembly): each audience's facts loaded once for a period covering
 * every report's month, and a memo of the reads that do not depend on the
 * audience (same inputs, same rows), so a month's public and partners' reports
 * read them once. A report built with them is the report built without them
 * (tests/integration/seed-history.test.ts compares a stored year with reports built afresh).
 */
export type SharedReads = {
  /** The months the facts cover. */
  period: Period;
  facts: Partial<Record<Audience, Facts>>;
  memo: Map<string, Promise<unknown>>;
};

/** Shared reads for reports of `assemblyId` for `months` (all within one transaction, with no writes between). */
export async function shareReportReads(
  assemblyId: number,
  months: Month[],
  database: Executor = db(),
): Promise<SharedReads> {
  const period = monthsPeriod([...months].sort());
  const facts: SharedReads["facts"] = {};
  for (const audience of ["public", "partners"] as const) {
    facts[audience] = await loadFacts({ period, audience, assemblyId }, database);
  }
  return { period, facts, memo: new Map() };
}

function once<T>(shared: SharedReads | undefined, key: string, read: () => PromiseLike<T>): Promise<T> {
  if (!shared) return Promise.resolve(read());
  const hit = shared.memo.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  // A query builder runs again each time it is awaited: keep the one promise of its rows.
  const fresh = Promise.resolve(read());
  shared.memo.set(key, fresh);
  return fresh;
}

// ---------------------------------------------------------------- building a report, section by section

/** What every section of one report reads: whose, which month, for whom, as of when. */
type ReportScope = {
  assembly: AssemblyRow;
  month: Month;
  audience: Audience;
  now: Date;
  today: IsoDate;
  period: Period;
  /** The last day the report covers. */
  asOf: IsoDate;
  /** The month's first and last instants (UK time), for what was written in it. */
  since: Date;
  before: Date;
  database: Executor;
  shared?: SharedReads;
};

type Place = { id: number; slug: string; name: string };

/** A task of the report, with what the sections after the priorities need. */
type WorkTask = ReportTask & {
  priorityId: number;
  status: TaskStatus;
  extra?: { declineReason: string | null; acknowledgeBy: IsoDate };
};
type WorkUpdate = ReportUpdate & { priorityId: number };
type Work = { tasks: WorkTask[]; updates: WorkUpdate[] };

/** Builds the report for `audience`. Pure read: nothing is stored. */
export async function buildMonthlyReport(
  assembly: AssemblyRow,
  month: Month,
  audience: Audience,
  now: Date,
  database: Executor = db(),
  shared?: SharedReads,
): Promise<ReportContent> {
  const today = toIsoDate(now);
  const period = monthPeriod(month);
  const scope: ReportScope = {
    assembly,
    month,
    audience,
    now,
    today,
    period,
    asOf: [period.to, today].sort()[0],
    since: ukMidnight(period.from),
    before: ukMidnight(addCalendarDays(period.to, 1)),
    database,
    shared,
  };
  const places = await placesOf(scope);
  const facts = await factsFor(scope);
  const openIds = prioritiesOpenInMonth(facts, period);
  const current = await publicPrioritiesWithStatus(scope, openIds);
  const work = audience === "public" ? await publicWork(scope, openIds) : await partnersWork(scope, openIds);
  const priorityList = prioritiesSection(scope, facts, current, places, work);
  const upcoming = await upcomingSection(scope);
  const crime = await crimeSection(scope, places);
  return {
    version: 1,
    audience,
    assembly,
    month,
    monthLabel: monthInWords(month),
    asOf: scope.asOf,
    generatedAt: now.toISOString(),
    partnerships: partnershipsSection(work),
    priorities: priorityList,
    concerns: concernsSection(scope, priorityList, work.tasks),
    upcoming,
    figures: figuresSection(scope, facts, places),
    crime,
    definitions: DEFINITIONS,
  };
}

/** The assembly's neighbourhoods, by name. */
function placesOf({ assembly, database, shared }: ReportScope): Promise<Place[]> {
  return once(shared, `places:${assembly.id}`, () =>
    database
      .select({ id: neighbourhoods.id, slug: neighbourhoods.slug, name: neighbourhoods.name })
      .from(neighbourhoods)
      .where(eq(neighbourhoods.assemblyId, assembly.id))
      .orderBy(asc(neighbourhoods.name)),
  );
}

/** The audience's facts for the month (the shared ones when they cover it). */
async function factsFor({ assembly, audience, period, database, shared }: ReportScope): Promise<Facts> {
  // Shared facts serve only a month inside the period they were loaded for.
  const sharedFacts =
    shared && shared.period.from <= period.from && period.to <= shared.period.to
      ? shared.facts[audience]
      : undefined;
  return sharedFacts ?? (await loadFacts({ period, audience, assemblyId: assembly.id }, database));
}

/** Priorities open at some point in the month. */
function prioritiesOpenInMonth(facts: Facts, period: Period): number[] {
  return facts.priorities
    .filter((p) => p.agreedOn <= period.to && (!p.closedAt || toIsoDate(p.closedAt) >= period.from))
    .map((p) => p.id);
}

/** Those priorities as the public reads them, with their public status now. */
async function publicPrioritiesWithStatus({ now, database, shared }: ReportScope, openIds: number[]) {
  const { priorities } = await once(
    shared,
    `priorities:${openIds.join(",")}:${now.toISOString()}`,
    async () =>
      withStatus(
        await listPublicPriorities({ ids: openIds, limit: 500, order: "review" }, database),
        now,
        database,
      ),
  );
  return priorities;
}

/** The public's tasks and the month's updates: only through the publication filter. */
async function publicWork({ asOf, since, before, database }: ReportScope, openIds: number[]): Promise<Work> {
  const visible = await listPublicTasks(openIds, asOf, database);
  const updates = openIds.length
    ? await listPublicUpdates({ priorityIds: openIds, since, before, limit: 1000 }, database)
    : [];
  return {
    tasks: visible.map((t) => ({
      priorityId: t.priorityId,
      status: t.status,
      agencyName: t.agency.name,
      title: t.title,
      statusLabel: t.statusLabel,
      dueDate: t.dueDate,
      isOverdue: t.isOverdue,
      partnersOnly: false,
    })),
    updates: updates.reverse().map((u) => ({
      priorityId: u.priorityId,
      agencyName: u.agencyName,
      taskTitle: u.taskTitle,
      body: u.body,
      createdAt: u.createdAt.toISOString(),
      partnersOnly: false,
      figures: u.figures,
    })),
  };
}

/** The partners' tasks and the month's updates: all of them, partners-only marked, safeguarding hidden. */
async function partnersWork(
  { asOf, since, before, database }: ReportScope,
  openIds: number[],
): Promise<Work> {
  if (!openIds.length) return { tasks: [], updates: [] };
  const rows = await database
    .select({
      priorityId: tasks.priorityId,
      ...taskPublicityColumns,
      agencyName: agencies.name,
      title: tasks.title,
      dueDate: tasks.dueDate,
      declineReason: tasks.declineReason,
      acknowledgeBy: tasks.acknowledgeBy,
      id: tasks.id,
    })
    .from(tasks)
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(and(inArray(tasks.priorityId, openIds), lt(tasks.offeredAt, before)))
    .orderBy(asc(tasks.priorityId), asc(agencies.name), asc(tasks.id));
  const updates = await partnersUpdatesOn(database, openIds, { since, before });
  return {
    tasks: rows.map((t) => ({
      priorityId: t.priorityId,
      status: t.status,
      agencyName: t.agencyName,
      title: t.title,
      statusLabel: TASK_STATUS[t.status],
      dueDate: t.dueDate,
      isOverdue: isTaskOverdue(t, asOf),
      partnersOnly: !isPublicTask(t),
      extra: { declineReason: t.declineReason, acknowledgeBy: t.acknowledgeBy },
    })),
    updates: updates.map((u) => ({
      priorityId: u.priorityId,
      agencyName: u.agencyName,
      taskTitle: u.taskTitle,
      body: u.safeguardingReferral ? SAFEGUARDING_PLACEHOLDER : u.body,
      createdAt: u.createdAt.toISOString(),
      partnersOnly: u.partnersOnly,
      figures: u.figures,
    })),
  };
}

/** Progress on each priority open in the month: its status then, its tasks and updates. */
function prioritiesSection(
  { asOf }: ReportScope,
  facts: Facts,
  current: Awaited<ReturnType<typeof publicPrioritiesWithStatus>>,
  places: Place[],
  work: Work,
): ReportContent["priorities"] {
  const placeById = new Map(places.map((p) => [p.id, p]));
  const factById = new Map(facts.priorities.map((p) => [p.id, p]));
  const lastNews = lastPublicNews(facts.publicUpdates, asOf);
  return current.map((p) => {
    const place = placeById.get(p.neighbourhoodId);
    const fact = factById.get(p.id);
    return {
      id: p.id,
      title: p.title,
      youSaid: p.youSaid,
      neighbourhoodName: place?.name ?? "",
      neighbourhoodSlug: place?.slug ?? "",
      // A report for an earlier month says when a priority open then has since closed.
      statusLabel:
        fact && isOpenAt(fact, asOf) && !PRIORITY_STATUS[p.status].current
          ? `Open at the end of the month (since then: ${p.publicStatus.label})`
          : p.publicStatus.label,
      agreedOn: p.agreedOn,
      reviewDate: p.reviewDate,
      isStale: fact ? isStaleAt(fact, lastNews.get(p.id), asOf) : false,
      tasks: work.tasks
        .filter((t) => t.priorityId === p.id)
        .map(({ priorityId: _p, status: _s, extra: _e, ...task }) => task),
      updates: work.updates
        .filter((u) => u.priorityId === p.id)
        .map(({ priorityId: _p, ...update }) => update),
    };
  });
}

/** Partnerships: agencies with work on the assembly's priorities during the month, by name. */
function partnershipsSection(work: Work): ReportContent["partnerships"] {
  const partnerships = new Map<string, ReportContent["partnerships"][number]>();
  for (const task of work.tasks) {
    if (isTaskIn("dropped", task.status)) continue;
    const entry = partnerships.get(task.agencyName) ?? {
      agencyName: task.agencyName,
      liveTasks: 0,
      completed: 0,
      updates: 0,
    };
    if (isTaskIn("finished", task.status)) entry.completed += 1;
    else entry.liveTasks += 1;
    partnerships.set(task.agencyName, entry);
  }
  for (const update of work.updates) {
    const entry = partnerships.get(update.agencyName);
    if (entry) entry.updates += 1;
  }
  return [...partnerships.values()].sort((a, b) => compareNames(a.agencyName, b.agencyName));
}

/** Areas of concern: stale priorities and overdue tasks; for partners, declined and unanswered offers too. */
function concernsSection(
  { audience, asOf }: ReportScope,
  priorityList: ReportContent["priorities"],
  reportTasks: WorkTask[],
): ReportContent["concerns"] {
  const titleOf = new Map(priorityList.map((p) => [p.id, p.title]));
  const named = (t: WorkTask) => ({
    agencyName: t.agencyName,
    taskTitle: t.title,
    priorityTitle: titleOf.get(t.priorityId) ?? "",
  });
  const partners = audience === "partners";
  return {
    stale: priorityList
      .filter((p) => p.isStale)
      .map((p) => ({ title: p.title, neighbourhoodName: p.neighbourhoodName })),
    overdue: reportTasks.filter((t) => t.isOverdue).map((t) => ({ ...named(t), dueDate: t.dueDate })),
    declined: partners
      ? reportTasks
          .filter((t) => t.status === "declined")
          .map((t) => ({ ...named(t), reason: t.extra?.declineReason ?? "" }))
      : [],
    unaccepted: partners
      ? reportTasks
          .filter((t) => t.extra && isAnswerLate({ status: t.status, ...t.extra }, asOf))
          .map((t) => ({ ...named(t), acknowledgeBy: t.extra?.acknowledgeBy ?? "" }))
      : [],
  };
}

/** Upcoming meetings: the next two months from now (this month) or from the month's end. */
async function upcomingSection({
  assembly,
  month,
  now,
  before,
  database,
  shared,
}: ReportScope): Promise<ReportContent["upcoming"]> {
  const upcomingFrom = month === monthOf(now) ? now : before;
  const upcoming = await once(shared, `upcoming:${assembly.id}:${upcomingFrom.toISOString()}`, () =>
    database
      .select({
        id: meetings.id,
        title: meetings.title,
        kind: meetings.kind,
        startsAt: meetings.startsAt,
        venue: meetings.venue,
        status: meetings.status,
      })
      .from(meetings)
      .where(
        and(
          eq(meetings.assemblyId, assembly.id),
          gte(meetings.startsAt, upcomingFrom),
          lt(meetings.startsAt, new Date(upcomingFrom.getTime() + 62 * 86_400_000)),
        ),
      )
      .orderBy(asc(meetings.startsAt))
      .limit(10),
  );
  return upcoming.map((m) => ({
    id: m.id,
    title: m.title || `${assembly.name} ${MEETING_KIND_NAME[m.kind] ?? "meeting"}`,
    startsAt: m.startsAt.toISOString(),
    venue: m.venue,
    status: m.status,
  }));
}

/** The month's measures, a column for each neighbourhood and one for the whole assembly. */
function figuresSection(
  { assembly, month, audience, today }: ReportScope,
  facts: Facts,
  places: Place[],
): ReportContent["figures"] {
  const rows = figuresTable(
    facts,
    [
      ...places.map((p) => ({
        scope: { kind: "neighbourhood" as const, id: p.id },
        name: p.name,
        slug: p.slug,
      })),
      {
        scope: { kind: "assembly" as const, id: assembly.id },
        name: `${assembly.name} (all)`,
        slug: assembly.slug,
      },
    ],
    [month],
    { audience, today },
  );
  return {
    columns: rows.map((r) => r.name),
    rows: MEASURE_IDS.map((id) => ({
      id,
      label: MEASURES[id].label,
      definition: MEASURES[id].definition,
      cells: rows.map((r) => formatMeasure(r.byMonth[0].figures[id])),
    })),
  };
}

/** Crime and justice figures for each neighbourhood, the latest published up to the month. */
async function crimeSection(
  { assembly, month, database, shared }: ReportScope,
  places: Place[],
): Promise<ReportContent["crime"]> {
  const crime = await once(shared, `crime:${assembly.id}:${month}`, () =>
    crimeFiguresUpTo(
      places.map((p) => p.id),
      month,
      database,
    ),
  );
  return places.map((p) => {
    const figures = crime.get(p.id);
    return {
      neighbourhoodName: p.name,
      figures: figures
        ? {
            month: figures.month,
            monthLabel: figures.monthLabel,
            total: figures.total,
            categories: figures.categories,
            outcomes: figures.outcomes,
            source: figures.source,
          }
        : null,
    };
  });
}

// ---------------------------------------------------------------- chair and public use

function checkMonth(month: string, now: Date): Month {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw notFound("No such month.");
  if (month > monthOf(now))
    throw invalid("A report can only be made for this month or an earlier one.", {
      month: ["Choose this month or an earlier one."],
    });
  return month;
}

export type PublishedInfo = { publishedAt: Date; publishedBy: string | null } | null;

/** The chair's (partners') report: as published if it has been, otherwise generated now. */
export async function chairMonthlyReport(
  viewer: Viewer,
  query: { assemblySlug: string; month: string },
  now = new Date(),
  database: Executor = db(),
) {
  const assembly = await findAssembly(query.assemblySlug, database);
  if (!assembly) throw notFound("No such area assembly.");
  if (!isChairOf(viewer, assembly.id)) throw forbidden();
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(query.month) || query.month > monthOf(now))
    throw notFound("No such month.");
  const [stored] = await database
    .select({
      partnersContent: monthlyReports.partnersContent,
      publishedAt: monthlyReports.publishedAt,
      publishedBy: users.name,
    })
    .from(monthlyReports)
    .leftJoin(users, eq(users.id, monthlyReports.publishedByUserId))
    .where(and(eq(monthlyReports.assemblyId, assembly.id), eq(monthlyReports.month, query.month)))
    .limit(1);
  if (stored) {
    return {
      report: stored.partnersContent as ReportContent,
      published: { publishedAt: stored.publishedAt, publishedBy: stored.publishedBy } as PublishedInfo,
    };
  }
  return {
    report: await buildMonthlyReport(assembly, query.month, "partners", now, database),
    published: null as PublishedInfo,
  };
}

/** Refuses anyone but the assembly's chairs and admins (before any input is read). */
export async function ensureReportChair(viewer: Viewer, assemblySlug: string, database: Executor = db()) {
  const assembly = await findAssembly(assemblySlug, database);
  if (!assembly) throw notFound("No such area assembly.");
  if (!isChairOf(viewer, assembly.id)) throw forbidden();
  return assembly;
}

/** Publishes the report: both versions kept as they are now. Once only. */
export async function publishMonthlyReport(
  viewer: Viewer,
  query: { assemblySlug: string; month: string },
  now = new Date(),
  database: Executor = db(),
) {
  const assembly = await findAssembly(query.assemblySlug, database);
  if (!assembly) throw notFound("No such area assembly.");
  if (!isChairOf(viewer, assembly.id)) throw forbidden();
  const month = checkMonth(query.month, now);
  return database.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: monthlyReports.id, publishedAt: monthlyReports.publishedAt })
      .from(monthlyReports)
      .where(and(eq(monthlyReports.assemblyId, assembly.id), eq(monthlyReports.month, month)))
      .limit(1);
    if (existing)
      throw conflict(
        "This report has already been published; a published report is kept as it was.",
        existing,
      );
    const [publicContent, partnersContent] = await Promise.all([
      buildMonthlyReport(assembly, month, "public", now, tx),
      buildMonthlyReport(assembly, month, "partners", now, tx),
    ]);
    const [row] = await tx
      .insert(monthlyReports)
      .values({
        assemblyId: assembly.id,
        month,
        publicContent,
        partnersContent,
        publishedAt: now,
        publishedByUserId: viewer.userId,
      })
      .onConflictDoNothing()
      .returning({ id: monthlyReports.id });
    if (!row) throw conflict("This report has already been published; a published report is kept as it was.");
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "report.published",
      entityType: "monthly_report",
      entityId: row.id,
      assemblyId: assembly.id,
      after: { month },
    });
    return { id: row.id, url: `/reports/${assembly.slug}/${month}` };
  });
}

/** The public version of a published report, or null. */
export async function publishedMonthlyReport(
  query: { assemblySlug: string; month: string },
  database: Executor = db(),
): Promise<{ report: ReportContent; publishedAt: Date } | null> {
  const [row] = await database
    .select({ publicContent: monthlyReports.publicContent, publishedAt: monthlyReports.publishedAt })
    .from(monthlyReports)
    .innerJoin(assemblies, eq(assemblies.id, monthlyReports.assemblyId))
    .where(and(eq(assemblies.slug, query.assemblySlug), eq(monthlyReports.month, query.month)))
    .limit(1);
  return row ? { report: row.publicContent as ReportContent, publishedAt: row.publishedAt } : null;
}

/**
 * An assembly's reports for the public: the last 12 months, each published or
 * not yet, then any older published ones — newest first.
 */
export async function listPublishedReports(
  assemblySlug: string,
  now = new Date(),
  database: Executor = db(),
) {
  const assembly = await findAssembly(assemblySlug, database);
  if (!assembly) return null;
  const rows = await database
    .select({ month: monthlyReports.month, publishedAt: monthlyReports.publishedAt })
    .from(monthlyReports)
    .where(eq(monthlyReports.assemblyId, assembly.id))
    .orderBy(desc(monthlyReports.month))
    .limit(120);
  const published = new Map(rows.map((r) => [r.month, r.publishedAt]));
  const recent = monthsEnding(monthOf(now), 12).reverse();
  const older = rows.map((r) => r.month).filter((month) => !recent.includes(month));
  return {
    assembly,
    reports: rows.map((r) => ({ ...r, monthLabel: monthInWords(r.month) })),
    months: [...recent, ...older].map((month) => ({
      month,
      monthLabel: monthInWords(month),
      publishedAt: published.get(month) ?? null,
    })),
  };
}

export type LatestReport = { assemblySlug: string; month: Month; monthLabel: string; url: string };

/** Each assembly's latest published report (public), by assembly slug. */
export async function latestPublishedReports(
  assemblySlugs: string[] | "all",
  database: Executor = db(),
): Promise<Map<string, LatestReport>> {
  if (assemblySlugs !== "all" && !assemblySlugs.length) return new Map();
  const values = placeholders();
  const which = assemblySlugs === "all" ? undefined : values.any(assemblies.slug, "slugs", assemblySlugs);
  const query = prepared(database, `latest reports ${values.shape()}`, (d) =>
    d
      .select({ slug: assemblies.slug, month: max(monthlyReports.month) })
      .from(monthlyReports)
      .innerJoin(assemblies, eq(assemblies.id, monthlyReports.assemblyId))
      .where(which)
      .groupBy(assemblies.slug)
      .prepare("latest_reports"),
  );
  const rows = await query.execute(values.values);
  return new Map(
    rows
      .filter((r): r is { slug: string; month: string } => r.month !== null)
      .map((r) => [r.slug, latestReport(r.slug, r.month)]),
  );
}

const latestReport = (assemblySlug: string, month: Month): LatestReport => ({
  assemblySlug,
  month,
  monthLabel: monthInWords(month),
  url: `/reports/${assemblySlug}/${month}`,
});

/**
 * The month of the assembly's latest published report, or null: `assemblyId` is the id column of a
 * statement that joins assemblies to another table (a select from assemblies alone writes its
 * columns without the table's name, which inside this subquery would name monthly_reports' own).
 */
export const latestReportMonth = (assemblyId: Column) =>
  sql<
    string | null
  >`(select max(${monthlyReports.month}) from ${monthlyReports} where ${monthlyReports.assemblyId} = ${assemblyId})`;

/** The latest report of the assembly whose slug is `assemblySlug`, given `latestReportMonth`'s month. */
export const readLatestReport = (assemblySlug: string, month: unknown): LatestReport | null =>
  typeof month === "string" ? latestReport(assemblySlug, month) : null;

/** What publishing a report makes public, and what stays with the partners, in counts (pure). */
export function publicationPreview(report: ReportContent) {
  const tasks = report.priorities.flatMap((p) => p.tasks);
  const updates = report.priorities.flatMap((p) => p.updates);
  return {
    priorities: report.priorities.length,
    publicTasks: tasks.filter((t) => !t.partnersOnly).length,
    publicUpdates: updates.filter((u) => !u.partnersOnly).length,
    partnersOnlyTasks: tasks.filter((t) => t.partnersOnly).length,
    partnersOnlyUpdates: updates.filter((u) => u.partnersOnly).length,
    declined: report.concerns.declined.length,
    unaccepted: report.concerns.unaccepted.length,
    upcomingMeetings: report.upcoming.length,
  };
}

/** The chair's list: each assembly they chair (all, for an admin), the last 12 months, published or not. */
export async function reportsHome(viewer: MaybeViewer, now = new Date(), database: Executor = db()) {
  if (!viewer) throw forbidden();
  const all = await database
    .select({ id: assemblies.id, slug: assemblies.slug, name: assemblies.name })
    .from(assemblies)
    .orderBy(asc(assemblies.name));
  const mine = all.filter((a) => isAdmin(viewer) || viewer.chairOf.has(a.id));
  const published = mine.length
    ? await database
        .select({ assemblyId: monthlyReports.assemblyId, month: monthlyReports.month })
        .from(monthlyReports)
        .where(
          inArray(
            monthlyReports.assemblyId,
            mine.map((a) => a.id),
          ),
        )
    : [];
  const done = new Set(published.map((p) => `${p.assemblyId}:${p.month}`));
  const months = monthsEnding(monthOf(now), 12).reverse();
  return {
    assemblies: mine.map((a) => ({
      ...a,
      months: months.map((month) => ({
        month,
        monthLabel: monthInWords(month),
        published: done.has(`${a.id}:${month}`),
      })),
    })),
  };
}
