// The partner inbox: one agency's tasks, counted by status, filtered, sorted
// by due date and paginated. A fixed number of queries whatever the page size:
// the page (cut from tasks_inbox_idx, or tasks_open_inbox_idx for open work,
// before any join) and its total, plus the agency's counts and filter choices,
// which are kept while nothing public changes (public-changes.ts). No query
// per row.
import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import {
  type Database,
  db,
  type Executor,
  fixedLimit,
  type Placeholders,
  placeholders,
  prepared,
} from "~db/client.server";
import { agencies, assemblies, neighbourhoods, priorities, tasks, users } from "~db/schema";
import { ensure, isAdmin, isMemberOf, type Viewer } from "../core/access";
import { type IsoDate, toIsoDate } from "../core/deadlines";
import { ChangeMemo } from "../core/public-changes";
import { compareNames } from "../core/words";
import { CURRENT_PRIORITY_STATUSES, TASK_STATUS, type TaskStatus } from "../lifecycle/statuses";
import { isAnswerLate, isTaskOverdue, TASK_STATUS_GROUPS } from "../lifecycle/tasks";
import { taskOverdueOn, taskStatusIn } from "../lifecycle/tasks/sql";
import { isPublicTask, taskPublicityColumns } from "../publication";
import { INBOX_PAGE_SIZE, type InboxStatusFilter } from "./inbox-filters";

export {
  INBOX_PAGE_SIZE,
  INBOX_STATUS_FILTERS,
  INBOX_STATUS_LABEL,
  type InboxStatusFilter,
} from "./inbox-filters";

export type InboxFilters = {
  agencyId: number;
  status: InboxStatusFilter;
  neighbourhoodId?: number;
  assemblyId?: number;
  priorityId?: number;
  overdue?: boolean;
  assigned?: "me" | "unassigned";
  page: number;
};

/** The agencies whose inbox this person may open: their own, or every agency for an admin. */
export async function listInboxAgencies(viewer: Viewer, database: Executor = db()) {
  const ids = [...viewer.agencies.keys()];
  if (!isAdmin(viewer) && !ids.length) return [];
  const values = placeholders();
  const which = isAdmin(viewer) ? undefined : values.any(agencies.id, "ids", ids);
  const query = prepared(database, `inbox agencies ${values.shape()}`, (d) =>
    d
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(which)
      .orderBy(asc(agencies.name))
      .prepare("inbox_agencies"),
  );
  const rows = await query.execute(values.values);
  return rows.map((row) => ({ ...row, role: viewer.agencies.get(row.id) ?? null }));
}

/** Builds the SQL of subqueries (run as part of their outer query, never on their own). */
const subqueries = new QueryBuilder({ casing: "snake_case" });

// The status and the day are written into the SQL (one of a few statuses, one day at a time):
// sent as values, PostgreSQL planned the filtered page and its count afresh on every call.
function statusCondition(status: InboxStatusFilter): SQL | undefined {
  if (status === "all") return undefined;
  if (status === "open") return taskStatusIn("open");
  return eq(tasks.status, status).inlineParams();
}

/** The filters' conditions, their values as placeholders in `values`. */
function conditions(filters: InboxFilters, values: Placeholders, viewerId: number, today: IsoDate) {
  return and(
    eq(tasks.agencyId, values.set("agencyId", filters.agencyId)),
    statusCondition(filters.status),
    filters.overdue ? taskOverdueOn(today) : undefined,
    filters.priorityId != null
      ? eq(tasks.priorityId, values.set("priorityId", filters.priorityId))
      : undefined,
    filters.neighbourhoodId != null
      ? eq(priorities.neighbourhoodId, values.set("neighbourhoodId", filters.neighbourhoodId))
      : undefined,
    filters.assemblyId != null
      ? eq(neighbourhoods.assemblyId, values.set("assemblyId", filters.assemblyId))
      : undefined,
    filters.assigned === "me" ? eq(tasks.assigneeUserId, values.set("viewerId", viewerId)) : undefined,
    filters.assigned === "unassigned" ? isNull(tasks.assigneeUserId) : undefined,
  );
}

const byPlace = (filters: InboxFilters) => filters.neighbourhoodId != null || filters.assemblyId != null;

/**
 * The inbox's two statements for these filters, with placeholders for their values (`values`),
 * and the name of their form (`shape`: which values, the status, the day when overdue is asked
 * for, which the SQL holds). Exported so a test can EXPLAIN exactly these queries.
 */
export function inboxQueries(filters: InboxFilters, viewerId: number, today: IsoDate, database: Executor) {
  const values = placeholders();
  const where = conditions(filters, values, viewerId, today);
  // The first page has no offset at all: a kept plan for an offset it cannot see plans for a later
  // page, and PostgreSQL then planned the default view afresh on every call.
  const offset =
    filters.page > 1
      ? (values.set("offset", (filters.page - 1) * INBOX_PAGE_SIZE) as unknown as number)
      : undefined;
  const shape = values.shape(
    filters.status,
    filters.overdue ? `overdue on ${today}` : undefined,
    filters.assigned === "unassigned" ? "unassigned" : undefined,
    byPlace(filters) ? "by place" : undefined,
  );
  return {
    values: values.values,
    shape,
    page: () => inboxPageQuery(byPlace(filters), where, offset, database),
    total: () => inboxTotalQuery(byPlace(filters), where, database),
  };
}

/**
 * The page of tasks. The page is cut from the agency's tasks first (through
 * the inbox index) and only its rows are joined to their priority and place,
 * so the cost does not grow with how many tasks match.
 */
function inboxPageQuery(
  joinPlaces: boolean,
  where: SQL | undefined,
  offset: number | undefined,
  database: Executor,
) {
  let ids = subqueries.select({ id: tasks.id, dueDate: tasks.dueDate }).from(tasks).$dynamic();
  if (joinPlaces) {
    ids = ids
      .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId));
  }
  const firstPage = ids
    .where(where)
    .orderBy(asc(tasks.dueDate), asc(tasks.id))
    .limit(fixedLimit(INBOX_PAGE_SIZE));
  const page = (offset === undefined ? firstPage : firstPage.offset(offset)).as("page");
  return database
    .select({
      id: tasks.id,
      title: tasks.title,
      dueDate: tasks.dueDate,
      acknowledgeBy: tasks.acknowledgeBy,
      ...taskPublicityColumns,
      assigneeUserId: tasks.assigneeUserId,
      assigneeName: users.name,
      priorityId: priorities.id,
      priorityTitle: priorities.title,
      neighbourhoodName: neighbourhoods.name,
      assemblyName: assemblies.name,
    })
    .from(page)
    .innerJoin(tasks, eq(tasks.id, page.id))
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .leftJoin(users, eq(users.id, tasks.assigneeUserId))
    .orderBy(asc(tasks.dueDate), asc(tasks.id));
}

/**
 * How many tasks match the filters. Counted on its own, over tasks alone unless
 * a place is filtered on: a window count on the page query would join every
 * matching task to its priority and place before the page is cut.
 */
function inboxTotalQuery(joinPlaces: boolean, where: SQL | undefined, database: Executor) {
  let query = database
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(tasks)
    .$dynamic();
  if (joinPlaces) {
    query = query
      .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId));
  }
  return query.where(where);
}

type InboxQueries = ReturnType<typeof inboxQueries>;

async function counted(queries: InboxQueries, database: Executor) {
  const total = prepared(database, `inbox total ${queries.shape}`, () =>
    queries.total().prepare("inbox_total"),
  );
  const [row] = await total.execute(queries.values);
  return row.total;
}

/** How many tasks match the filters, counted (getInbox takes it from the agency's counts where they say). */
export const countInbox = (filters: InboxFilters, viewerId: number, today: IsoDate, database: Executor) =>
  counted(inboxQueries(filters, viewerId, today, database), database);

/** Counts by status for the agency (done: completed this month, UK time). */
export function inboxCountsQuery(agencyId: number, today: IsoDate, database: Executor) {
  const monthStart = `${today.slice(0, 7)}-01`;
  const doneThisMonth = sql`${tasks.status} = 'done' and ${tasks.completedAt} >= (${monthStart}::date::timestamp at time zone 'Europe/London')`;
  return database
    .select({
      offered: sql<number>`count(*) filter (where ${tasks.status} = 'offered')`.mapWith(Number),
      accepted: sql<number>`count(*) filter (where ${tasks.status} = 'accepted')`.mapWith(Number),
      inProgress: sql<number>`count(*) filter (where ${tasks.status} = 'in_progress')`.mapWith(Number),
      doneThisMonth: sql<number>`count(*) filter (where ${doneThisMonth})`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${taskOverdueOn(today)})`.mapWith(Number),
    })
    .from(tasks)
    .where(and(eq(tasks.agencyId, agencyId), sql`(${taskStatusIn("open")} or (${doneThisMonth}))`));
}

export type InboxTask = {
  id: number;
  title: string;
  status: TaskStatus;
  statusLabel: string;
  dueDate: IsoDate;
  /** Accept or decline by this day (shown while the task is offered). */
  acknowledgeBy: IsoDate;
  isOverdue: boolean;
  notAcceptedInTime: boolean;
  partnersOnly: boolean;
  assigneeName: string | null;
  assignedToMe: boolean;
  priorityId: number;
  priorityTitle: string;
  neighbourhoodName: string;
  assemblyName: string;
};

// The counts and the filter choices are the same for everyone in an agency and
// change only when tasks or places do: kept per agency and day while
// nothing public changes, the choices already sorted by name
// (sorting them on every request was a tenth of the inbox's CPU).
const overviews = new ChangeMemo<{
  counts: Awaited<ReturnType<typeof inboxCountsQuery>>[number] | undefined;
  catalog: PlaceCatalog;
}>();

function agencyOverview(agencyId: number, today: IsoDate, database: Executor) {
  return overviews.get(
    `${agencyId}|${today}`,
    async () => {
      const [[counts], places] = await Promise.all([
        inboxCountsQuery(agencyId, today, database),
        openPlacesQuery(agencyId, database),
      ]);
      return { counts, catalog: placeCatalog(places) };
    },
    database,
  );
}

/**
 * The places and priorities the agency has open work in (the filters offer
 * only those, so the page costs the same however large the borough or the
 * country is): its priorities found from its tasks first, then their places.
 */
function openPlacesQuery(agencyId: number, database: Executor) {
  const openPriorities = subqueries
    .selectDistinct({ priorityId: tasks.priorityId })
    .from(tasks)
    .where(and(eq(tasks.agencyId, agencyId), taskStatusIn("open")));
  return database
    .select({
      priorityId: priorities.id,
      priorityTitle: priorities.title,
      neighbourhoodId: neighbourhoods.id,
      neighbourhoodName: neighbourhoods.name,
      assemblyId: assemblies.id,
      assemblyName: assemblies.name,
    })
    .from(priorities)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(
      and(
        // An array (not a join) so the planner looks each priority up by its key.
        sql`${priorities.id} = any(array(${openPriorities}))`,
        inArray(priorities.status, CURRENT_PRIORITY_STATUSES),
      ),
    )
    .limit(2000);
}

/** A list longer than this is not offered in full: it is narrowed by the filter above it first. */
export const MAX_FILTER_OPTIONS = 100;

type Place = Awaited<ReturnType<typeof openPlacesQuery>>[number];

/** Where a choice lies, so a list can be narrowed by the filter above it. */
type Choice = { id: number; name: string; assemblyId?: number; neighbourhoodId?: number };
export type PlaceCatalog = { assemblies: Choice[]; neighbourhoods: Choice[]; priorities: Choice[] };

/** The agency's assemblies, neighbourhoods and priorities, each once and sorted by name. */
export function placeCatalog(places: Place[]): PlaceCatalog {
  const unique = (list: Choice[]) =>
    [...new Map(list.map((o) => [o.id, o])).values()].sort((a, b) => compareNames(a.name, b.name));
  return {
    assemblies: unique(places.map((p) => ({ id: p.assemblyId, name: p.assemblyName }))),
    neighbourhoods: unique(
      places.map((p) => ({ id: p.neighbourhoodId, name: p.neighbourhoodName, assemblyId: p.assemblyId })),
    ),
    priorities: unique(
      places.map((p) => ({
        id: p.priorityId,
        name: p.priorityTitle,
        assemblyId: p.assemblyId,
        neighbourhoodId: p.neighbourhoodId,
      })),
    ),
  };
}

/**
 * The choices for the assembly, neighbourhood and priority filters. Each list is
 * narrowed by the filters above it (neighbourhoods by the chosen assembly,
 * priorities by the chosen neighbourhood or assembly); a list still longer than
 * MAX_FILTER_OPTIONS offers only the current choice and says how many there are,
 * so the page stays small and usable for an agency working across the country.
 */
export function filterOptions(
  catalog: PlaceCatalog,
  filters: Pick<InboxFilters, "assemblyId" | "neighbourhoodId" | "priorityId">,
) {
  const inAssembly = (o: Choice) => filters.assemblyId == null || o.assemblyId === filters.assemblyId;
  const inNeighbourhood = (o: Choice) =>
    filters.neighbourhoodId == null || o.neighbourhoodId === filters.neighbourhoodId;
  const limited = (list: Choice[], chosen: number | undefined) => {
    const tooMany = list.length > MAX_FILTER_OPTIONS ? list.length : 0;
    const offered = tooMany ? list.filter((o) => o.id === chosen) : list;
    return { choices: offered.map(({ id, name }) => ({ id, name })), tooMany };
  };
  const assemblies = limited(catalog.assemblies, filters.assemblyId);
  const neighbourhoods = limited(catalog.neighbourhoods.filter(inAssembly), filters.neighbourhoodId);
  const priorities = limited(
    catalog.priorities.filter((o) => inAssembly(o) && inNeighbourhood(o)),
    filters.priorityId,
  );
  return {
    assemblies: assemblies.choices,
    neighbourhoods: neighbourhoods.choices,
    priorities: priorities.choices,
    /** How many there are to choose from, where the list was too long to offer. */
    tooMany: {
      assemblies: assemblies.tooMany,
      neighbourhoods: neighbourhoods.tooMany,
      priorities: priorities.tooMany,
    },
  };
}

/**
 * How many tasks match, when the agency's counts already say: a status alone (open work
 * by default) or open work overdue, with no place, priority or person chosen. Otherwise null,
 * and the total is counted.
 */
export function totalFromCounts(
  filters: InboxFilters,
  counts: Awaited<ReturnType<typeof inboxCountsQuery>>[number] | undefined,
): number | null {
  const narrowed =
    filters.neighbourhoodId != null ||
    filters.assemblyId != null ||
    filters.priorityId != null ||
    filters.assigned != null;
  if (narrowed || !counts) return null;
  if (filters.overdue) return filters.status === "open" ? counts.overdue : null;
  // The statuses the counts hold; open work is the lifecycle's own group of them.
  const byStatus: Partial<Record<TaskStatus, number>> = {
    offered: counts.offered,
    accepted: counts.accepted,
    in_progress: counts.inProgress,
  };
  const counted = filters.status === "open" ? TASK_STATUS_GROUPS.open : [filters.status];
  if (!counted.every((status) => status in byStatus)) return null;
  return counted.reduce((sum, status) => sum + (byStatus[status as TaskStatus] ?? 0), 0);
}

export async function getInbox(
  viewer: Viewer,
  filters: InboxFilters,
  options: { database?: Database; now?: Date } = {},
) {
  ensure(isMemberOf(viewer, filters.agencyId));
  const database = options.database ?? db();
  const today = toIsoDate(options.now ?? new Date());
  // Both statements are built once for each form of the filters and kept (prepared).
  const queries = inboxQueries(filters, viewer.userId, today, database);
  const page = prepared(database, `inbox page ${queries.shape}`, () => queries.page().prepare("inbox_page"));
  const [{ counts, catalog }, rows] = await Promise.all([
    agencyOverview(filters.agencyId, today, database),
    page.execute(queries.values),
  ]);
  const total = totalFromCounts(filters, counts) ?? (await counted(queries, database));
  const items: InboxTask[] = rows.map((row) => {
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      statusLabel: TASK_STATUS[row.status],
      dueDate: row.dueDate,
      acknowledgeBy: row.acknowledgeBy,
      isOverdue: isTaskOverdue(row, today),
      notAcceptedInTime: isAnswerLate(row, today),
      partnersOnly: !isPublicTask(row),
      assigneeName: row.assigneeName,
      assignedToMe: row.assigneeUserId === viewer.userId,
      priorityId: row.priorityId,
      priorityTitle: row.priorityTitle,
      neighbourhoodName: row.neighbourhoodName,
      assemblyName: row.assemblyName,
    };
  });
  return {
    counts: counts ?? { offered: 0, accepted: 0, inProgress: 0, doneThisMonth: 0, overdue: 0 },
    items,
    total,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)),
    options: filterOptions(catalog, filters),
  };
}

export type Inbox = Awaited<ReturnType<typeof getInbox>>;
