// Public reads of the work: tasks, updates (outcomes included) and their
// figures, always through the publication rule (./rule). Residents' contact
// details, assignees, authors, action plans and decline reasons are never
// selected here.
import {
  and,
  asc,
  type Column,
  desc,
  eq,
  gte,
  inArray,
  lt,
  lte,
  type SQL,
  type SQLWrapper,
  sql,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  anyOf,
  db,
  type Executor,
  fixedLimit,
  type Placeholders,
  placeholders,
  prepared,
} from "~db/client.server";
import { jsonList, jsonRowOf, type RowOf, readJsonRows } from "~db/json-rows";
import { agencies, priorities, tasks, taskUpdates } from "~db/schema";
import type { IsoDate } from "../core/deadlines";
import { type Figure, figuresOf } from "../core/figures";
import { isTaskOverdue } from "../lifecycle/public-status";
import { TASK_STATUS } from "../lifecycle/statuses";
import { type PUBLIC_TASK_STATUSES, publicTask, publicUpdate } from "./rule";

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

export type PublicFigure = Figure;

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

const publicTaskColumns = {
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
};
type PublicTaskRow = RowOf<typeof publicTaskColumns>;

/** The public tasks of the priorities `ofPriorities` picks, as `fields` (by priority, then agency). */
function publicTasksQuery(database: Executor, ofPriorities: SQL, fields: Record<string, unknown>) {
  return database
    .select(fields as never)
    .from(tasks)
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(and(ofPriorities, publicTask))
    .orderBy(asc(tasks.priorityId), asc(agencies.name), asc(tasks.id));
}

function toPublicTask(row: PublicTaskRow, today: IsoDate): PublicTask {
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
}

export async function listPublicTasks(
  priorityIds: number[],
  today: IsoDate,
  database: Executor = db(),
): Promise<PublicTask[]> {
  if (!priorityIds.length) return [];
  const query = prepared(database, "public tasks of priorities", (d) =>
    publicTasksQuery(d, anyOf(tasks.priorityId, "priorityIds"), publicTaskColumns).prepare(
      "public_tasks_of_priorities",
    ),
  );
  const rows = (await query.execute({ priorityIds })) as PublicTaskRow[];
  return rows.map((row) => toPublicTask(row, today));
}

/** The public tasks of the priorities `ofPriorities` picks, as a JSON list for `readPublicTasks`. */
export const publicTasksJson = (database: Executor, ofPriorities: SQL) =>
  jsonList(publicTasksQuery(database, ofPriorities, jsonRowOf(publicTaskColumns)));

export const readPublicTasks = (value: unknown, today: IsoDate) =>
  readJsonRows<PublicTaskRow>(publicTaskColumns, value).map((row) => toPublicTask(row, today));

// The update's priority's title, read by its key for each update listed. Joined instead, a kept
// plan read every priority into a hash to find a neighbourhood's few (0.6 of the Atom feed's
// 1.1 ms in PostgreSQL at 10,000 tasks); as a subquery of the listed rows PostgreSQL reads it
// after the sort and limit.
const UPDATE_PRIORITY = "update_priority";
const updatePriority = alias(priorities, UPDATE_PRIORITY);
const priorityTitleOf = (priorityId: Column) =>
  sql<string>`(select ${updatePriority.title} from ${priorities} ${sql.identifier(UPDATE_PRIORITY)} where ${updatePriority.id} = ${priorityId})`;

const updateColumns = {
  id: taskUpdates.id,
  taskId: taskUpdates.taskId,
  priorityId: tasks.priorityId,
  priorityTitle: priorityTitleOf(tasks.priorityId),
  agencyId: agencies.id,
  agencyName: agencies.name,
  taskTitle: tasks.title,
  body: taskUpdates.body,
  createdAt: taskUpdates.createdAt,
  isOutcome: taskUpdates.isOutcome,
  residentsAsked: taskUpdates.residentsAsked,
  figures: figuresOf(taskUpdates.id),
};

export type UpdateQuery = {
  /** Ids, or a subquery of them in a statement that reads the priorities too. */
  priorityIds?: number[] | SQLWrapper;
  /** A neighbourhood's id, or its column in a statement that reads the neighbourhood too. */
  neighbourhoodId?: number | Column;
  /** Created at or after. */
  since?: Date;
  /** Created before. */
  before?: Date;
  limit: number;
};

/** Public updates, newest first, with their figures. */
export async function listPublicUpdates(
  query: UpdateQuery,
  database: Executor = db(),
): Promise<PublicUpdate[]> {
  if (Array.isArray(query.priorityIds) && !query.priorityIds.length) return [];
  const values = placeholders();
  const where = publicUpdatesWhere(query, values);
  const listing = prepared(
    database,
    `public updates ${values.shape(`limit ${Math.trunc(query.limit)}`)}`,
    (d) => publicUpdatesQuery(d, where, query.limit, updateColumns).prepare("public_updates"),
  );
  return (await listing.execute(values.values)) as PublicUpdate[];
}

/** `tasks.priority_id` among `ids`: a list, as one placeholder, or a subquery of ids. */
function amongPriorities(values: Placeholders, ids: number[] | SQLWrapper) {
  return Array.isArray(ids)
    ? values.any(tasks.priorityId, "priorityIds", ids)
    : inArray(tasks.priorityId, ids);
}

/** The conditions and order of `query`, its values set in `values` (once per call). */
function publicUpdatesWhere(query: UpdateQuery, values: Placeholders) {
  const conditions: SQL[] = [publicUpdate];
  if (query.priorityIds) conditions.push(amongPriorities(values, query.priorityIds));
  if (query.neighbourhoodId != null) {
    // The neighbourhood's tasks through its priorities' ids, as an array: PostgreSQL then reads
    // those tasks through their index. Given the neighbourhood's id on the joined priorities, the
    // kept plan at 10,000 tasks hashed every task instead (an average neighbourhood there has 175
    // priorities; the one asked for may have one): 6.4 ms a feed against 1.4 ms.
    const neighbourhood = values.set("neighbourhoodId", query.neighbourhoodId);
    conditions.push(
      sql`${tasks.priorityId} = any(array(select ${priorities.id} from ${priorities} where ${priorities.neighbourhoodId} = ${neighbourhood}))`,
    );
  }
  if (query.since)
    conditions.push(gte(taskUpdates.createdAt, values.set("since", query.since.toISOString())));
  if (query.before)
    conditions.push(lt(taskUpdates.createdAt, values.set("before", query.before.toISOString())));
  // A few priorities' or one neighbourhood's updates are found through their tasks, then sorted.
  // Ordered by created_at itself, PostgreSQL may instead walk every public update newest first
  // (task_updates_public_idx) looking for theirs, which it cannot tell are few: 10,010 rows read
  // for a priority's 2 in the test, 25–40 ms a call at 10,000 tasks. The same order as an
  // expression no index holds leaves that walk to the borough-wide lists, where it is right.
  const newest =
    query.priorityIds || query.neighbourhoodId != null
      ? sql`${taskUpdates.createdAt} + interval '0 seconds'`
      : taskUpdates.createdAt;
  return { conditions: and(...conditions), newest };
}

/** The select behind `listPublicUpdates`, as `fields`. */
function publicUpdatesQuery(
  database: Executor,
  where: ReturnType<typeof publicUpdatesWhere>,
  limit: number,
  fields: Record<string, unknown>,
) {
  // The limit is written into the SQL (each caller's is fixed, 50 to 20,000): one kept plan per
  // limit, planned for that many rows rather than for a tenth of them.
  return database
    .select(fields as never)
    .from(taskUpdates)
    .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(where.conditions)
    .orderBy(desc(where.newest), desc(taskUpdates.id))
    .limit(fixedLimit(limit));
}

/** The newest public update of each priority (optionally: before a moment), with figures. */
export async function latestPublicUpdates(
  priorityIds: number[],
  database: Executor = db(),
  before?: Date,
): Promise<Map<number, PublicUpdate>> {
  if (!priorityIds.length) return new Map();
  const values = placeholders();
  const where = latestUpdatesWhere(priorityIds, values, before);
  const latest = prepared(database, `latest public updates ${values.shape()}`, (d) =>
    latestPublicUpdatesQuery(d, where, updateColumns).prepare("latest_public_updates"),
  );
  const rows = (await latest.execute(values.values)) as PublicUpdate[];
  return new Map(rows.map((u) => [u.priorityId, u]));
}

const latestUpdatesWhere = (priorityIds: number[] | SQLWrapper, values: Placeholders, before?: Date) =>
  and(
    amongPriorities(values, priorityIds),
    publicUpdate,
    before ? lte(taskUpdates.createdAt, values.set("before", before.toISOString())) : undefined,
  );

function latestPublicUpdatesQuery(
  database: Executor,
  where: SQL | undefined,
  fields: Record<string, unknown>,
) {
  return database
    .selectDistinctOn([tasks.priorityId], fields as never)
    .from(taskUpdates)
    .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(where)
    .orderBy(asc(tasks.priorityId), desc(taskUpdates.createdAt), desc(taskUpdates.id));
}

/** Public updates as a JSON list, for `readPublicUpdates`, in a statement that reads several lists. */
export const publicUpdatesJson = (database: Executor, query: UpdateQuery, values: Placeholders) =>
  jsonList(
    publicUpdatesQuery(database, publicUpdatesWhere(query, values), query.limit, jsonRowOf(updateColumns)),
  );

/** The newest public update of each of `priorityIds` (a subquery of ids) as a JSON list. */
export const latestPublicUpdatesJson = (database: Executor, priorityIds: SQLWrapper, values: Placeholders) =>
  jsonList(
    latestPublicUpdatesQuery(database, latestUpdatesWhere(priorityIds, values), jsonRowOf(updateColumns)),
  );

export const readPublicUpdates = (value: unknown): PublicUpdate[] =>
  readJsonRows<PublicUpdate>(updateColumns, value);
