// Public reads of the work: tasks, updates (outcomes included) and their
// figures, always through the publication rule (./rule). Residents' contact
// details, assignees, authors, action plans and decline reasons are never
// selected here.
import { and, asc, desc, eq, gte, lt, lte, type SQL, sql } from "drizzle-orm";
import { anyOf, db, type Executor, fixedLimit, placeholders, prepared } from "~db/client.server";
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

export async function listPublicTasks(
  priorityIds: number[],
  today: IsoDate,
  database: Executor = db(),
): Promise<PublicTask[]> {
  if (!priorityIds.length) return [];
  const query = prepared(database, "public tasks of priorities", (d) =>
    d
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
      .where(and(anyOf(tasks.priorityId, "priorityIds"), publicTask))
      .orderBy(asc(tasks.priorityId), asc(agencies.name), asc(tasks.id))
      .prepare("public_tasks_of_priorities"),
  );
  const rows = await query.execute({ priorityIds });
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
  figures: figuresOf(taskUpdates.id),
};

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
export async function listPublicUpdates(
  query: UpdateQuery,
  database: Executor = db(),
): Promise<PublicUpdate[]> {
  if (query.priorityIds && !query.priorityIds.length) return [];
  const values = placeholders();
  const conditions: SQL[] = [publicUpdate];
  if (query.priorityIds) conditions.push(values.any(tasks.priorityId, "priorityIds", query.priorityIds));
  if (query.neighbourhoodId != null) {
    conditions.push(eq(priorities.neighbourhoodId, values.set("neighbourhoodId", query.neighbourhoodId)));
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
  // The limit is written into the SQL (each caller's is fixed, 50 to 20,000): one kept plan per
  // limit, planned for that many rows rather than for a tenth of them.
  const limit = fixedLimit(query.limit);
  const listing = prepared(
    database,
    `public updates ${values.shape(`limit ${Math.trunc(query.limit)}`)}`,
    (d) =>
      d
        .select(updateColumns)
        .from(taskUpdates)
        .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
        .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
        .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
        .where(and(...conditions))
        .orderBy(desc(newest), desc(taskUpdates.id))
        .limit(limit)
        .prepare("public_updates"),
  );
  return listing.execute(values.values);
}

/** The newest public update of each priority (optionally: before a moment), with figures. */
export async function latestPublicUpdates(
  priorityIds: number[],
  database: Executor = db(),
  before?: Date,
): Promise<Map<number, PublicUpdate>> {
  if (!priorityIds.length) return new Map();
  const values = placeholders();
  const conditions = and(
    values.any(tasks.priorityId, "priorityIds", priorityIds),
    publicUpdate,
    before ? lte(taskUpdates.createdAt, values.set("before", before.toISOString())) : undefined,
  );
  const latest = prepared(database, `latest public updates ${values.shape()}`, (d) =>
    d
      .selectDistinctOn([tasks.priorityId], updateColumns)
      .from(taskUpdates)
      .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
      .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
      .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
      .where(conditions)
      .orderBy(asc(tasks.priorityId), desc(taskUpdates.createdAt), desc(taskUpdates.id))
      .prepare("latest_public_updates"),
  );
  const rows = await latest.execute(values.values);
  return new Map(rows.map((u) => [u.priorityId, u]));
}
