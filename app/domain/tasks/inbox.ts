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
import { agencyWork, ChangeMemo } from "../core/public-changes";
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
// change only when its tasks, the priorities they are on or places do: kept per
// agency and day until the change log names the agency's work (or `all`), so a
// partner's update elsewhere does not make every agency count again; the
// choices already sorted by name (sorting them on every request was a tenth of
// the inbox's CPU).
const overviews = new ChangeMemo<{
  counts: Awaited<ReturnType<typeof inboxCountsQuery>>[number] | undefined;
  catalog: PlaceCatalog;
}>();

function agencyOverview(agencyId: number, today: IsoDate, database: Executor) {
  return overviews.get(
    `${agencyId}|${today}`,
    async () => {
      const [[counts], places, openPriorities] = await Promise.all([
        inboxCountsQuery(agencyId, today, database),
        openNeighbourhoodsQuery(agencyId, database),
        openPrioritiesQuery(agencyId, {}, database),
      ]);
      return { counts, catalog: placeCatalog(places, openPriorities) };
    },
    database,
    { dependsOn: [agencyWork(agencyId)] },
  );
}

/** The agency's current priorities with open work: their ids, from its open tasks (never run on its own). */
const openPriorityIds = (agencyId: number) =>
  subqueries
    .selectDistinct({ priorityId: tasks.priorityId })
    .from(tasks)
    .where(and(eq(tasks.agencyId, agencyId), taskStatusIn("open")));

/**
 * The neighbourhoods the agency has open work in, each with how many of its
 * current priorities that work is on: every one of them, counted in SQL, so the
 * filters' counts are exact however many priorities an agency works on across the
 * country (one row a neighbourhood, not one a priority).
 */
function openNeighbourhoodsQuery(agencyId: number, database: Executor) {
  return database
    .select({
      neighbourhoodId: neighbourhoods.id,
      neighbourhoodName: neighbourhoods.name,
      assemblyId: assemblies.id,
      assemblyName: assemblies.name,
      priorities: sql<number>`count(*)`.mapWith(Number),
    })
    .from(priorities)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(
      and(
        // An array (not a join) so the planner looks each priority up by its key.
        sql`${priorities.id} = any(array(${openPriorityIds(agencyId)}))`,
        inArray(priorities.status, CURRENT_PRIORITY_STATUSES),
      ),
    )
    .groupBy(neighbourhoods.id, assemblies.id);
}

/**
 * The agency's current priorities with open work, where they are: in the given
 * neighbourhoods, or the one priority chosen, or (neither) anywhere. At most one
 * more than can be offered, so a caller can tell "too many" without reading them all.
 */
function openPrioritiesQuery(
  agencyId: number,
  where: { neighbourhoodIds?: number[]; priorityId?: number },
  database: Executor,
) {
  return database
    .select({
      id: priorities.id,
      name: priorities.title,
      neighbourhoodId: priorities.neighbourhoodId,
      assemblyId: neighbourhoods.assemblyId,
    })
    .from(priorities)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .where(
      and(
        sql`${priorities.id} = any(array(${openPriorityIds(agencyId)}))`,
        inArray(priorities.status, CURRENT_PRIORITY_STATUSES),
        where.neighbourhoodIds ? inArray(priorities.neighbourhoodId, where.neighbourhoodIds) : undefined,
        where.priorityId != null ? eq(priorities.id, where.priorityId) : undefined,
      ),
    )
    .limit(MAX_FILTER_OPTIONS + 1);
}

/** A list longer than this is not offered in full: it is narrowed by the filter above it first. */
export const MAX_FILTER_OPTIONS = 100;

type OpenNeighbourhood = Awaited<ReturnType<typeof openNeighbourhoodsQuery>>[number];

/** Where a choice lies, so a list can be narrowed by the filter above it; how many open priorities are in it. */
type Choice = {
  id: number;
  name: string;
  assemblyId?: number;
  neighbourhoodId?: number;
  priorities?: number;
};
export type PlaceCatalog = {
  assemblies: Choice[];
  neighbourhoods: Choice[];
  /** Every priority the agency has open work on, when they are few enough to offer; else null. */
  priorities: Choice[] | null;
};

const byName = (list: Choice[]) => list.sort((a, b) => compareNames(a.name, b.name));

/** The agency's assemblies and neighbourhoods (each once, with its open priorities counted) and priorities, sorted by name. */
export function placeCatalog(
  places: OpenNeighbourhood[],
  openPriorities: Array<{ id: number; name: string; neighbourhoodId: number; assemblyId: number }>,
): PlaceCatalog {
  const assemblies = new Map<number, Choice>();
  for (const place of places) {
    const assembly = assemblies.get(place.assemblyId);
    if (assembly) assembly.priorities = (assembly.priorities ?? 0) + place.priorities;
    else
      assemblies.set(place.assemblyId, {
        id: place.assemblyId,
        name: place.assemblyName,
        priorities: place.priorities,
      });
  }
  return {
    assemblies: byName([...assemblies.values()]),
    neighbourhoods: byName(
      places.map((p) => ({
        id: p.neighbourhoodId,
        name: p.neighbourhoodName,
        assemblyId: p.assemblyId,
        priorities: p.priorities,
      })),
    ),
    priorities:
      openPriorities.length > MAX_FILTER_OPTIONS ? null : byName(openPriorities.map((p) => ({ ...p }))),
  };
}

/** The neighbourhoods the priority filter's choices lie in (narrowed by the filters above it), and how many choices. */
export function priorityScope(
  catalog: PlaceCatalog,
  filters: Pick<InboxFilters, "assemblyId" | "neighbourhoodId">,
) {
  const neighbourhoods = catalog.neighbourhoods.filter(
    (n) =>
      (filters.assemblyId == null || n.assemblyId === filters.assemblyId) &&
      (filters.neighbourhoodId == null || n.id === filters.neighbourhoodId),
  );
  return {
    neighbourhoodIds: neighbourhoods.map((n) => n.id),
    count: neighbourhoods.reduce((sum, n) => sum + (n.priorities ?? 0), 0),
  };
}

/**
 * The priorities the priority filter can offer (see filterOptions): from the catalog
 * when the agency has few enough; else read, only when the filters above narrow them
 * to few enough, or to show the one already chosen.
 */
async function priorityChoices(
  agencyId: number,
  catalog: PlaceCatalog,
  filters: Pick<InboxFilters, "assemblyId" | "neighbourhoodId" | "priorityId">,
  database: Executor,
): Promise<Choice[]> {
  if (catalog.priorities) return catalog.priorities;
  const scope = priorityScope(catalog, filters);
  if (scope.count > 0 && scope.count <= MAX_FILTER_OPTIONS) {
    return byName(
      await openPrioritiesQuery(agencyId, { neighbourhoodIds: scope.neighbourhoodIds }, database),
    );
  }
  if (filters.priorityId != null && scope.count > 0) {
    return await openPrioritiesQuery(agencyId, { priorityId: filters.priorityId }, database);
  }
  return [];
}

/**
 * The choices for the assembly, neighbourhood and priority filters. Each list is
 * narrowed by the filters above it (neighbourhoods by the chosen assembly,
 * priorities by the chosen neighbourhood or assembly); a list still longer than
 * MAX_FILTER_OPTIONS offers only the current choice and says how many there are,
 * so the page stays small and usable for an agency working across the country.
 * `priorities`: those priorityChoices() found (any outside the narrowing are left out here).
 */
export function filterOptions(
  catalog: PlaceCatalog,
  filters: Pick<InboxFilters, "assemblyId" | "neighbourhoodId" | "priorityId">,
  priorities: Choice[] = catalog.priorities ?? [],
) {
  const inAssembly = (o: Choice) => filters.assemblyId == null || o.assemblyId === filters.assemblyId;
  const inNeighbourhood = (o: Choice) =>
    filters.neighbourhoodId == null || o.neighbourhoodId === filters.neighbourhoodId;
  const limited = (list: Choice[], chosen: number | undefined, count = list.length) => {
    const tooMany = count > MAX_FILTER_OPTIONS ? count : 0;
    const offered = tooMany ? list.filter((o) => o.id === chosen) : list;
    return { choices: offered.map(({ id, name }) => ({ id, name })), tooMany };
  };
  const assemblies = limited(catalog.assemblies, filters.assemblyId);
  const neighbourhoods = limited(catalog.neighbourhoods.filter(inAssembly), filters.neighbourhoodId);
  const prioritiesOffered = limited(
    priorities.filter((o) => inAssembly(o) && inNeighbourhood(o)),
    filters.priorityId,
    priorityScope(catalog, filters).count,
  );
  return {
    assemblies: assemblies.choices,
    neighbourhoods: neighbourhoods.choices,
    priorities: prioritiesOffered.choices,
    /** How many there are to choose from, where the list was too long to offer. */
    tooMany: {
      assemblies: assemblies.tooMany,
      neighbourhoods: neighbourhoods.tooMany,
      priorities: prioritiesOffered.tooMany,
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
  const [total, priorities] = await Promise.all([
    totalFromCounts(filters, counts) ?? counted(queries, database),
    priorityChoices(filters.agencyId, catalog, filters, database),
  ]);
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
    options: filterOptions(catalog, filters, priorities),
  };
}

export type Inbox = Awaited<ReturnType<typeof getInbox>>;
