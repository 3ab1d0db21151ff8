// A neighbourhood's public lists in one statement: the neighbourhood itself (by slug), a page of
// its public priorities with what their public status needs (their public tasks, their latest
// public updates, the neighbourhood's next meeting), and when asked their count, public updates,
// meetings to come and "what's working" notes, and lists of the groups above this one (`also`).
// The Atom feed, the open-data API, the neighbourhood page and the priority page read this way,
// one round trip each where the feed made six, the API seven and the neighbourhood page five
// (a second only when the listed priorities' updates run past their limit: `newestOfEach`).
// Every list is the same select the single reads use (./priorities, ./work, ./meetings), read
// back through db/json-rows, so the publication rule is not written twice.
import { type Column, eq, inArray, type SQL, sql } from "drizzle-orm";
import { db, type Executor, type Placeholders, placeholders, prepared } from "~db/client.server";
import { jsonList, jsonRowOf, readJsonRows } from "~db/json-rows";
import { assemblies, neighbourhoods, priorities, tasks } from "~db/schema";
import { toIsoDate } from "../core/deadlines";
import {
  nextPublicMeetingsJson,
  type PublicMeeting,
  readNextPublicMeetings,
  readPublicMeetings,
  upcomingPublicMeetingsJson,
  whatsWorkingJson,
} from "./meetings";
import { neighbourhoodColumns, type PublicNeighbourhood } from "./places";
import {
  type PriorityQuery,
  type PriorityRow,
  type PublicPriority,
  priorityColumns,
  publicPrioritiesCountQuery,
  publicPrioritiesQuery,
  queryShape,
  toPublicPriority,
} from "./priorities";
import {
  latestPublicUpdates,
  latestPublicUpdatesJson,
  type PublicTask,
  type PublicUpdate,
  publicTasksJson,
  publicUpdatesJson,
  readPublicTasks,
  readPublicUpdates,
} from "./work";

export type NeighbourhoodListsQuery = {
  /** Which of the neighbourhood's priorities, in what order, how many (the neighbourhood is the slug's). */
  priorities: Omit<PriorityQuery, "neighbourhoodId" | "neighbourhoodIds">;
  /** Count every priority `priorities` matches, not only the page. */
  count?: boolean;
  /** The listed priorities' public updates, newest first, at most this many. */
  updatesOfPriorities?: number;
  /** The neighbourhood's public updates, newest first, at most this many. */
  updatesOfNeighbourhood?: number;
  /** The neighbourhood's meetings starting at or after `from`, soonest first, at most `limit`. */
  meetings?: { from: Date; limit: number };
  /** The neighbourhood's latest published "what's working" notes, at most this many. */
  whatsWorking?: number;
  /** Lists read by groups above this one, in the same statement. */
  also?: AlsoLists;
};

/**
 * More of a neighbourhood's lists, owned by groups above this one (the neighbourhood page's crime
 * figures, its assembly's latest report): each an SQL expression, usually a JSON list, of the
 * statement's neighbourhood, returned as PostgreSQL gave it for its owner to read back.
 */
export type AlsoLists = {
  /** Names this set of lists: the statement is kept under it, so one name, one set. */
  name: string;
  /**
   * The expressions, of the statement's neighbourhood and assembly ids (placeholders as `values`),
   * keyed by names other than the lists' own.
   */
  select: (place: { neighbourhoodId: Column; assemblyId: Column }, database: Executor) => Record<string, SQL>;
  /** The values of the placeholders the expressions use. */
  values?: Record<string, unknown>;
};

export type NeighbourhoodLists = {
  neighbourhood: PublicNeighbourhood;
  priorities: PublicPriority[];
  /** Every priority the query matches; null unless `count` was asked for. */
  total: number | null;
  /** The listed priorities' public tasks. */
  tasks: PublicTask[];
  /** The newest public update of each listed priority that has one. */
  latest: Map<number, PublicUpdate>;
  /** The neighbourhood's next meeting, keyed by its id, when one is to come. */
  next: Map<number, PublicMeeting>;
  /** The listed priorities' public updates (`updatesOfPriorities`), else the neighbourhood's. */
  updates: PublicUpdate[];
  /** The meetings to come asked for (`meetings`); empty when not asked. */
  meetings: PublicMeeting[];
  /** The "what's working" notes asked for (`whatsWorking`); empty when not asked. */
  whatsWorking: PublicMeeting[];
  /** `also`'s expressions' values, by key, as PostgreSQL gave them. */
  also: Record<string, unknown>;
};

/** The priorities asked for, of the neighbourhood the statement's row is. */
const prioritiesOf = (query: NeighbourhoodListsQuery): PriorityQuery => ({
  ...query.priorities,
  neighbourhoodId: neighbourhoods.id,
});

// The statement for one shape of query. Placeholders: slug, from, and those of the priorities'
// conditions and page; every list reads the outer row's neighbourhood id.
function listsStatement(database: Executor, query: NeighbourhoodListsQuery, values: Placeholders) {
  const of = prioritiesOf(query);
  // The listed priorities' ids, as a subquery the other lists read.
  const listed = publicPrioritiesQuery(database, of, values, { id: priorities.id });
  const updates =
    query.updatesOfPriorities != null
      ? publicUpdatesJson(database, { priorityIds: listed, limit: query.updatesOfPriorities }, values)
      : query.updatesOfNeighbourhood != null
        ? publicUpdatesJson(
            database,
            { neighbourhoodId: neighbourhoods.id, limit: query.updatesOfNeighbourhood },
            values,
          )
        : sql`'[]'::json`;
  const none = sql`'[]'::json`;
  const own = {
    ...neighbourhoodColumns,
    priorities: jsonList(publicPrioritiesQuery(database, of, values, jsonRowOf(priorityColumns))),
    total: query.count ? sql`(${publicPrioritiesCountQuery(database, of, values)})` : sql`null`,
    tasks: publicTasksJson(database, inArray(tasks.priorityId, listed)),
    // With the listed priorities' updates asked for, the newest of each is read from those (below).
    latest: query.updatesOfPriorities != null ? none : latestPublicUpdatesJson(database, listed, values),
    next: nextPublicMeetingsJson(database, neighbourhoods.id),
    updates,
    meetings: query.meetings
      ? upcomingPublicMeetingsJson(
          database,
          neighbourhoods.id,
          sql.placeholder("meetingsFrom"),
          query.meetings.limit,
        )
      : none,
    whatsWorking: query.whatsWorking
      ? whatsWorkingJson(database, neighbourhoods.id, query.whatsWorking)
      : none,
  };
  const also = query.also?.select(
    { neighbourhoodId: neighbourhoods.id, assemblyId: neighbourhoods.assemblyId },
    database,
  );
  for (const key of Object.keys(also ?? {})) {
    if (key in own)
      throw new Error(`neighbourhoodLists: "${key}" is one of its own fields, not free for \`also\``);
  }
  return database
    .select({ ...also, ...own })
    .from(neighbourhoods)
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(eq(neighbourhoods.slug, values.set("slug", "")))
    .limit(1);
}

/**
 * The newest public update of each of `priorityIds`, from their updates listed newest first (the
 * order `latestPublicUpdates` picks by), at most `limit` of them. A priority missing from a list
 * cut at its limit may still have older updates: those priorities are read on their own. Reading
 * them from the list spares the statement reading the same updates twice (1.4 of its 3.8 ms in
 * PostgreSQL for a typical neighbourhood's API at 1,000,000 tasks).
 */
async function newestOfEach(
  updates: PublicUpdate[],
  limit: number,
  priorityIds: number[],
  database: Executor,
): Promise<Map<number, PublicUpdate>> {
  const newest = new Map<number, PublicUpdate>();
  for (const update of updates) if (!newest.has(update.priorityId)) newest.set(update.priorityId, update);
  if (updates.length < limit) return newest;
  const missed = priorityIds.filter((id) => !newest.has(id));
  for (const [id, update] of await latestPublicUpdates(missed, database)) newest.set(id, update);
  return newest;
}

/** The neighbourhood whose slug is `slug` with its lists (above), or null when there is none. */
export async function neighbourhoodLists(
  slug: string,
  query: NeighbourhoodListsQuery,
  now: Date,
  database: Executor = db(),
): Promise<NeighbourhoodLists | null> {
  const values = placeholders();
  const name = [
    "neighbourhood lists",
    queryShape(prioritiesOf(query), values, query.priorities.order),
    query.count ? "count" : "",
    `updates ${query.updatesOfPriorities ?? "-"} ${query.updatesOfNeighbourhood ?? "-"}`,
    // The two lists' sizes are written into the SQL (a page's, never a visitor's choice).
    query.meetings ? `meetings ${query.meetings.limit}` : "",
    query.whatsWorking ? `whats working ${query.whatsWorking}` : "",
    query.also ? `also ${query.also.name}` : "",
  ].join(" ");
  const statement = prepared(database, name, (d) =>
    listsStatement(d, query, placeholders()).prepare("neighbourhood_lists"),
  );
  const [row] = await statement.execute({
    ...query.also?.values,
    ...values.values,
    slug,
    from: now.toISOString(),
    ...(query.meetings && { meetingsFrom: query.meetings.from.toISOString() }),
  });
  if (!row) return null;
  const {
    priorities: list,
    total,
    tasks: taskList,
    latest,
    next,
    updates,
    meetings,
    whatsWorking,
    ...rest
  } = row as typeof row & Record<string, unknown>;
  const neighbourhood: Record<string, unknown> = {};
  const also: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key in neighbourhoodColumns) neighbourhood[key] = value;
    else also[key] = value;
  }
  const listedPriorities = readJsonRows<PriorityRow>(priorityColumns, list).map(toPublicPriority);
  const updateList = readPublicUpdates(updates);
  return {
    neighbourhood: neighbourhood as PublicNeighbourhood,
    priorities: listedPriorities,
    total: total == null ? null : Number(total),
    tasks: readPublicTasks(taskList, toIsoDate(now)),
    latest:
      query.updatesOfPriorities != null
        ? await newestOfEach(
            updateList,
            query.updatesOfPriorities,
            listedPriorities.map((p) => p.id),
            database,
          )
        : new Map(readPublicUpdates(latest).map((u) => [u.priorityId, u])),
    next: readNextPublicMeetings(next),
    updates: updateList,
    meetings: readPublicMeetings(meetings),
    whatsWorking: readPublicMeetings(whatsWorking),
    also,
  };
}
