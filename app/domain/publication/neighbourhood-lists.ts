// A neighbourhood's public lists in one statement: the neighbourhood itself (by slug), a page of
// its public priorities with what their public status needs (their public tasks, their latest
// public updates, the neighbourhood's next meeting), and when asked their count and public
// updates. The Atom feed, the open-data API, the neighbourhood page and the priority page read
// this way, one round trip where the feed made six and the API seven. Every list is the same select the single reads use (./priorities, ./work,
// ./meetings), read back through db/json-rows, so the publication rule is not written twice.
import { eq, inArray, sql } from "drizzle-orm";
import { db, type Executor, type Placeholders, placeholders, prepared } from "~db/client.server";
import { jsonList, jsonRowOf, readJsonRows } from "~db/json-rows";
import { assemblies, neighbourhoods, priorities, tasks } from "~db/schema";
import { toIsoDate } from "../core/deadlines";
import { nextPublicMeetingsJson, type PublicMeeting, readNextPublicMeetings } from "./meetings";
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
  return database
    .select({
      ...neighbourhoodColumns,
      priorities: jsonList(publicPrioritiesQuery(database, of, values, jsonRowOf(priorityColumns))),
      total: query.count ? sql`(${publicPrioritiesCountQuery(database, of, values)})` : sql`null`,
      tasks: publicTasksJson(database, inArray(tasks.priorityId, listed)),
      latest: latestPublicUpdatesJson(database, listed, values),
      next: nextPublicMeetingsJson(database, neighbourhoods.id),
      updates,
    })
    .from(neighbourhoods)
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(eq(neighbourhoods.slug, values.set("slug", "")))
    .limit(1);
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
  ].join(" ");
  const statement = prepared(database, name, (d) =>
    listsStatement(d, query, placeholders()).prepare("neighbourhood_lists"),
  );
  const [row] = await statement.execute({ ...values.values, slug, from: now.toISOString() });
  if (!row) return null;
  const { priorities: list, total, tasks: taskList, latest, next, updates, ...neighbourhood } = row;
  return {
    neighbourhood,
    priorities: readJsonRows<PriorityRow>(priorityColumns, list).map(toPublicPriority),
    total: total == null ? null : Number(total),
    tasks: readPublicTasks(taskList, toIsoDate(now)),
    latest: new Map(readPublicUpdates(latest).map((u) => [u.priorityId, u])),
    next: readNextPublicMeetings(next),
    updates: readPublicUpdates(updates),
  };
}
