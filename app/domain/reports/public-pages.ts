// Read models for the public pages. Each is built from the publication
// filter's functions only (./publication), with a fixed number of indexed
// queries whatever the size of the database.
import { sql } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import {
  improvementCountsSql,
  publicImprovement,
  readImprovementCounts,
} from "../concerns/improvement-answers";
import { listPublicConcerns } from "../concerns/public-concerns";
import { toIsoDate } from "../core/deadlines";
import { compareNames } from "../core/words";
import { withPublicStatus } from "../lifecycle/public-status";
import { latestCrimeFiguresJson, readLatestCrimeFigures } from "../measures/crime-figures";
import { type PriorityCard, reviewMeeting, withStatus } from "../priorities/priority-cards";
import {
  countPublicPriorities,
  findPublicNeighbourhood,
  getPublicMeeting,
  latestPublicUpdates,
  listArchiveYears,
  listAssembliesWithNeighbourhoods,
  listCategories,
  listPublicMeetings,
  listPublicPriorities,
  neighbourhoodLists,
  type PublicMeeting,
  type PublicNeighbourhood,
  type PublicPriority,
  type PublicTask,
  type PublicUpdate,
} from "../publication";
import { latestReportMonth, readLatestReport } from "./reports";

const HOUR_MS = 3_600_000;
/** A meeting that started within this long ago still counts as "next" (it may be on now). */
const STILL_ON_MS = 3 * HOUR_MS;

export const HOME_PAGE_QUERIES = 1;

export async function homePage(database: Executor = db()) {
  return { assemblies: await listAssembliesWithNeighbourhoods(database) };
}

/** `/neighbourhoods/:slug`: current priorities, what's working, next meetings, who to contact. */
export async function neighbourhoodPage(slug: string, now = new Date(), database: Executor = db()) {
  // The neighbourhood, its current priorities and what their status needs, its meetings to come,
  // "what's working", its latest crime figures and its assembly's latest report: one statement.
  const lists = await neighbourhoodLists(
    slug,
    {
      priorities: { which: "current", limit: 20 },
      meetings: { from: new Date(now.getTime() - STILL_ON_MS), limit: 3 },
      whatsWorking: 2,
      also: {
        name: "neighbourhood page",
        select: ({ neighbourhoodId, assemblyId }, d) => ({
          crime: latestCrimeFiguresJson(d, neighbourhoodId),
          reportMonth: latestReportMonth(assemblyId),
        }),
      },
    },
    now,
    database,
  );
  if (!lists) return null;
  const { neighbourhood, meetings, whatsWorking } = lists;
  const today = toIsoDate(now);
  const { priorities, tasks } = await withStatus(lists.priorities, now, database, lists);
  const contacts = new Map<number, { name: string; contact: string }>();
  for (const task of tasks) {
    if (task.agency.contact)
      contacts.set(task.agency.id, { name: task.agency.name, contact: task.agency.contact });
  }
  return {
    neighbourhood,
    today,
    priorities: priorities satisfies PriorityCard[],
    meetings,
    whatsWorking: whatsWorking.map((m) => ({
      meetingId: m.id,
      meetingTitle: m.title,
      startsAt: m.startsAt,
      text: m.whatsWorking ?? "",
    })),
    contacts: [...contacts.values()].sort((a, b) => compareNames(a.name, b.name)),
    latestReport: readLatestReport(neighbourhood.assemblySlug, lists.also.reportMonth),
    crime: readLatestCrimeFigures(lists.also.crime),
  };
}
export type NeighbourhoodPage = NonNullable<Awaited<ReturnType<typeof neighbourhoodPage>>>;

/** `/neighbourhoods/:slug/priorities/:id`: you said, we did (by agency), status, what next. */
export async function priorityPage(slug: string, id: number, now = new Date(), database: Executor = db()) {
  // The priority read as one of its neighbourhood's: none when it belongs to another.
  // With what residents answered about it: one statement.
  const lists = await neighbourhoodLists(
    slug,
    {
      priorities: { ids: [id], which: "all", limit: 1 },
      updatesOfPriorities: 500,
      also: {
        name: "priority page",
        select: () => improvementCountsSql(sql.placeholder("answersOf")),
        values: { answersOf: id },
      },
    },
    now,
    database,
  );
  const priority = lists?.priorities[0];
  if (!lists || !priority) return null;
  const { neighbourhood, tasks, updates } = lists;
  const today = toIsoDate(now);
  const answers = readImprovementCounts(priority, lists.also);
  const nextMeetings = priority.isCurrent ? lists.next : new Map<number, PublicMeeting>();
  const nextMeeting = nextMeetings.get(neighbourhood.id) ?? null;
  const [withItsStatus] = withPublicStatus([priority], {
    tasks,
    lastPublicUpdateAt: () => updates[0]?.createdAt ?? null,
    nextMeeting: () => reviewMeeting(nextMeeting),
    today,
  });
  // "We did", grouped by agency: each agency's tasks with their updates, oldest first.
  const byAgency = new Map<
    number,
    { agencyId: number; agencyName: string; tasks: Array<PublicTask & { updates: PublicUpdate[] }> }
  >();
  for (const task of tasks) {
    const group = byAgency.get(task.agency.id) ?? {
      agencyId: task.agency.id,
      agencyName: task.agency.name,
      tasks: [],
    };
    group.tasks.push({
      ...task,
      updates: updates.filter((u) => u.taskId === task.id).reverse(),
    });
    byAgency.set(task.agency.id, group);
  }
  return {
    neighbourhood,
    today,
    priority: withItsStatus,
    agencies: [...byAgency.values()],
    updateCount: updates.length,
    nextMeeting,
    improvement: publicImprovement(priority, tasks, answers),
  };
}
export type PriorityPage = NonNullable<Awaited<ReturnType<typeof priorityPage>>>;

export const ARCHIVE_PAGE_SIZE = 20;

/** `/neighbourhoods/:slug/archive`: past priorities with how they closed, by year and category. */
export async function archivePage(
  slug: string,
  filter: { year?: number; category?: string; page: number },
  database: Executor = db(),
) {
  const neighbourhood = await findPublicNeighbourhood(slug, database);
  if (!neighbourhood) return null;
  const query = {
    neighbourhoodId: neighbourhood.id,
    which: "past" as const,
    closedInYear: filter.year,
    categorySlug: filter.category,
    limit: ARCHIVE_PAGE_SIZE,
    offset: (filter.page - 1) * ARCHIVE_PAGE_SIZE,
  };
  const [years, categories, past, total] = await Promise.all([
    listArchiveYears(neighbourhood.id, database),
    listCategories(database),
    listPublicPriorities(query, database),
    countPublicPriorities(query, database),
  ]);
  const { priorities } = await withStatus(past, new Date(), database);
  return {
    neighbourhood,
    filter,
    years,
    categories: categories.map((c) => ({ slug: c.slug, name: c.name })),
    total,
    pages: Math.max(1, Math.ceil(total / ARCHIVE_PAGE_SIZE)),
    priorities,
  };
}
export type ArchivePage = NonNullable<Awaited<ReturnType<typeof archivePage>>>;

/** A meeting hears a few dozen concerns at most; beyond that the neighbourhood pages list them all. */
const MEETING_CONCERNS_LIMIT = 100;

/** `/meetings/:id`: the meeting, its public summary, and its public pack. */
export async function meetingPage(id: number, now = new Date(), database: Executor = db()) {
  const found = await getPublicMeeting(id, database);
  if (!found) return null;
  const { meeting, neighbourhoods } = found;
  const neighbourhoodIds = neighbourhoods.map((n) => n.id);
  const today = toIsoDate(now);
  const upcoming = meeting.startsAt.getTime() > now.getTime() - STILL_ON_MS;
  // The pack: what was agreed here, and the priorities open at the time with
  // their latest public update by then (now, for a meeting still to come).
  const [agreedHere, reviewed, concernsRaised] = await Promise.all([
    listPublicPriorities({ agreedAtMeetingId: meeting.id, limit: 30 }, database),
    neighbourhoodIds.length
      ? listPublicPriorities(
          upcoming
            ? { neighbourhoodIds, which: "current", limit: 60 }
            : { neighbourhoodIds, openAt: meeting.startsAt, limit: 60 },
          database,
        )
      : Promise.resolve([] as PublicPriority[]),
    listPublicConcerns({ meetingId: meeting.id, limit: MEETING_CONCERNS_LIMIT }, database),
  ]);
  const agreedIds = new Set(agreedHere.map((p) => p.id));
  const { priorities } = await withStatus(
    [...agreedHere, ...reviewed.filter((p) => !agreedIds.has(p.id))],
    now,
    database,
  );
  // For a meeting that has happened: the latest public update by its end.
  const byThen = upcoming
    ? null
    : await latestPublicUpdates(
        priorities.filter((p) => !agreedIds.has(p.id)).map((p) => p.id),
        database,
        meeting.endsAt,
      );
  const pack = neighbourhoods
    .map((n) => ({
      neighbourhood: n,
      agreed: priorities.filter((p) => p.neighbourhoodId === n.id && agreedIds.has(p.id)),
      reviewed: priorities
        .filter((p) => p.neighbourhoodId === n.id && !agreedIds.has(p.id))
        .map((p) => (byThen ? { ...p, latestUpdate: byThen.get(p.id) ?? null } : p)),
    }))
    .filter((section) => section.agreed.length || section.reviewed.length);
  return {
    meeting,
    neighbourhoods,
    upcoming,
    today,
    pack,
    concerns: concernsRaised,
    moreConcerns: concernsRaised.length === MEETING_CONCERNS_LIMIT,
  };
}
export type MeetingPage = NonNullable<Awaited<ReturnType<typeof meetingPage>>>;

export const FEED_SIZE = 50;

/** The Atom feed's content: public updates and newly agreed priorities, newest first. */
export async function neighbourhoodFeed(slug: string, now = new Date(), database: Executor = db()) {
  const lists = await neighbourhoodLists(
    slug,
    { priorities: { which: "all", order: "newest", limit: 20 }, updatesOfNeighbourhood: FEED_SIZE },
    now,
    database,
  );
  if (!lists) return null;
  const { neighbourhood, updates } = lists;
  const { priorities: newest } = await withStatus(lists.priorities, now, database, lists);
  type Entry =
    | { kind: "update"; at: Date; update: PublicUpdate }
    | { kind: "priority"; at: Date; priority: (typeof newest)[number] };
  const entries: Entry[] = [
    ...updates.map((update) => ({
      kind: "update" as const,
      at: update.createdAt,
      update,
    })),
    ...newest.map((priority) => ({ kind: "priority" as const, at: priority.createdAt, priority })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, FEED_SIZE);
  return { neighbourhood, entries };
}
export type NeighbourhoodFeed = NonNullable<Awaited<ReturnType<typeof neighbourhoodFeed>>>;

/** Meetings for the calendar feed: the last 90 days (so calendars keep them) and all to come. */
export async function neighbourhoodCalendar(slug: string, now = new Date(), database: Executor = db()) {
  const neighbourhood = await findPublicNeighbourhood(slug, database);
  if (!neighbourhood) return null;
  const meetings = await listPublicMeetings(
    {
      neighbourhoodId: neighbourhood.id,
      from: new Date(now.getTime() - 90 * 24 * HOUR_MS),
      order: "asc",
      limit: 200,
    },
    database,
  );
  return { neighbourhood, meetings };
}

export type { PublicNeighbourhood };
