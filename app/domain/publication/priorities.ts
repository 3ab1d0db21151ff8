// Public reads of priorities (all of a priority's fields here are public;
// closing words show only for the status they belong to).
import {
  and,
  asc,
  type Column,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  lt,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { db, type Executor, type Placeholders, placeholders, prepared } from "~db/client.server";
import type { RowOf } from "~db/json-rows";
import { categories, meetings, priorities } from "~db/schema";
import { type IsoDate, toIsoDate } from "../core/deadlines";
import {
  CURRENT_PRIORITY_STATUSES,
  PAST_PRIORITY_STATUSES,
  PRIORITY_STATUS,
  type PriorityStatus,
} from "../lifecycle/statuses";
import { MEETING_KIND_NAME } from "../meetings/meetings";

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

export const priorityColumns = {
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

/** Fields of a priority's category and of the meeting that agreed it: null when it has none (left joins). */
type JoinedField =
  | "categorySlug"
  | "categoryName"
  | "agreedAtMeetingId"
  | "agreedAtMeetingTitle"
  | "agreedAtMeetingKind"
  | "agreedAtMeetingStartsAt";
type PriorityColumnsRow = RowOf<typeof priorityColumns>;
export type PriorityRow = Omit<PriorityColumnsRow, JoinedField> & {
  [K in JoinedField]: PriorityColumnsRow[K] | null;
};

export function toPublicPriority(row: PriorityRow): PublicPriority {
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
  /** A neighbourhood's id, or its column in a statement that reads the neighbourhood too. */
  neighbourhoodId?: number | Column;
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

// Each shape of query (which of the fields above it sets, and its order) is built once per
// database and kept as a prepared query; the values go in as placeholders.
function priorityConditions(query: PriorityQuery, { set: value, any }: Placeholders) {
  const conditions: SQL[] = [];
  if (query.neighbourhoodId != null) {
    conditions.push(eq(priorities.neighbourhoodId, value("neighbourhoodId", query.neighbourhoodId)));
  }
  if (query.neighbourhoodIds)
    conditions.push(any(priorities.neighbourhoodId, "neighbourhoodIds", query.neighbourhoodIds));
  if (query.agreedAtMeetingId != null) {
    conditions.push(eq(priorities.agreedAtMeetingId, value("agreedAtMeetingId", query.agreedAtMeetingId)));
  }
  if (query.which === "current") conditions.push(inArray(priorities.status, CURRENT_PRIORITY_STATUSES));
  if (query.which === "past") conditions.push(inArray(priorities.status, PAST_PRIORITY_STATUSES));
  if (query.closedInYear != null) {
    conditions.push(
      gte(priorities.closedAt, value("closedInYearFrom", isoMoment(Date.UTC(query.closedInYear, 0, 1)))),
      lt(priorities.closedAt, value("closedInYearBefore", isoMoment(Date.UTC(query.closedInYear + 1, 0, 1)))),
    );
  }
  if (query.categorySlug) conditions.push(eq(categories.slug, value("categorySlug", query.categorySlug)));
  if (query.ids) conditions.push(any(priorities.id, "ids", query.ids));
  if (query.created) {
    conditions.push(
      gte(priorities.createdAt, value("createdSince", query.created.since.toISOString())),
      lt(priorities.createdAt, value("createdBefore", query.created.before.toISOString())),
    );
  }
  if (query.closed) {
    conditions.push(
      inArray(priorities.status, PAST_PRIORITY_STATUSES),
      gte(priorities.closedAt, value("closedSince", query.closed.since.toISOString())),
      lt(priorities.closedAt, value("closedBefore", query.closed.before.toISOString())),
    );
  }
  if (query.openAt) {
    conditions.push(
      lt(priorities.agreedOn, value("openOn", toIsoDate(query.openAt))),
      or(
        sql`${priorities.closedAt} is null`,
        gte(priorities.closedAt, value("openAt", query.openAt.toISOString())),
      ) as SQL,
    );
  }
  return and(...conditions);
}

const isoMoment = (ms: number) => new Date(ms).toISOString();

function priorityOrder(order: NonNullable<PriorityQuery["order"]>) {
  if (order === "closed") return [sql`${priorities.closedAt} desc nulls last`, desc(priorities.id)];
  if (order === "newest") return [desc(priorities.createdAt), desc(priorities.id)];
  return [asc(priorities.reviewDate), asc(priorities.id)];
}

/**
 * The select behind `listPublicPriorities`, for `fields` (its own columns, or only `id` for the
 * priorities' ids, or one JSON row each for a list read inside another statement).
 */
export function publicPrioritiesQuery<F extends Record<string, unknown>>(
  database: Executor,
  query: PriorityQuery,
  values: Placeholders,
  fields: F,
) {
  const order = query.order ?? (query.which === "past" ? "closed" : "review");
  const conditions = priorityConditions(query, values);
  return database
    .select(fields as never)
    .from(priorities)
    .leftJoin(categories, eq(categories.id, priorities.categoryId))
    .leftJoin(meetings, eq(meetings.id, priorities.agreedAtMeetingId))
    .where(conditions)
    .orderBy(...priorityOrder(order))
    .limit(values.set("limit", query.limit))
    .offset(values.set("offset", query.offset ?? 0));
}

/** Public priorities matching `query`, in the order asked for. */
export async function listPublicPriorities(
  query: PriorityQuery,
  database: Executor = db(),
): Promise<PublicPriority[]> {
  if (query.ids?.length === 0 || query.neighbourhoodIds?.length === 0) return [];
  const values = placeholders();
  const order = query.order ?? (query.which === "past" ? "closed" : "review");
  const listing = prepared(database, `public priorities ${queryShape(query, values, order)}`, (d) =>
    publicPrioritiesQuery(d, query, placeholders(), priorityColumns).prepare("public_priorities"),
  );
  const rows = (await listing.execute(values.values)) as PriorityRow[];
  return rows.map(toPublicPriority);
}

// The prepared query's name: which fields the query sets, and its order. Working out the
// conditions is what sets `values`, so it is done here, on every call, before the query is looked
// up; the query itself is built once per shape.
export function queryShape(query: PriorityQuery, values: Placeholders, order?: string) {
  priorityConditions(query, values);
  values.set("limit", query.limit);
  values.set("offset", query.offset ?? 0);
  return values.shape(query.which, order);
}

export async function countPublicPriorities(query: PriorityQuery, database: Executor = db()) {
  if (query.ids?.length === 0 || query.neighbourhoodIds?.length === 0) return 0;
  const values = placeholders();
  priorityConditions(query, values); // sets the values; the query is built once per shape
  const counting = prepared(database, `public priorities counted ${values.shape(query.which)}`, (d) =>
    publicPrioritiesCountQuery(d, query, placeholders()).prepare("public_priorities_counted"),
  );
  const [{ total }] = (await counting.execute(values.values)) as Array<{ total: number }>;
  return total;
}

/** How many public priorities match `query` (its limit and order aside), as one row's `total`. */
export function publicPrioritiesCountQuery(database: Executor, query: PriorityQuery, values: Placeholders) {
  return database
    .select({ total: count() })
    .from(priorities)
    .leftJoin(categories, eq(categories.id, priorities.categoryId))
    .where(priorityConditions(query, values));
}

export async function getPublicPriority(
  id: number,
  database: Executor = db(),
): Promise<PublicPriority | null> {
  const [found] = await listPublicPriorities({ ids: [id], which: "all", limit: 1 }, database);
  return found ?? null;
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
