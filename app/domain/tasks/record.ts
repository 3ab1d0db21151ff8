// One task as the agency's moves see it: loading it with its place (locked
// for a change), the snapshot a stale form shows, the checks every move makes
// first (who may make it, the version the person saw, the status it starts
// from), writing it with version + 1, and its audit event. The moves
// themselves are in ./moves; the task page in ./task-page.
import { and, eq } from "drizzle-orm";
import { env } from "~/config/env.server";
import { type Database, db, type Executor } from "~db/client.server";
import { agencies, neighbourhoods, priorities, tasks, users } from "~db/schema";
import { ensure, type Viewer } from "../core/access";
import type { AgencyKind } from "../core/agency-kinds";
import { recordAudit } from "../core/audit";
import type { IsoDate } from "../core/deadlines";
import { conflict, invalid, notFound, STALE_TASK_MESSAGE } from "../core/errors";
import { TASK_STATUS, type TaskStatus } from "../lifecycle/statuses";
import { canMoveTask, mayMakeTaskMove, TASK_MOVES, type TaskMoveName } from "../lifecycle/tasks";
import { postsOnTaskArePublic } from "../publication";

export type TaskOptions = {
  database?: Database;
  now?: Date;
  /** The site's address, for links in e-mails. */
  publicUrl?: string;
  /** The client's address, kept in the audit event. */
  address?: string | null;
};

export type Visibility = "public" | "partners_only";

export type TaskRow = typeof tasks.$inferSelect;

export type LoadedTask = {
  task: TaskRow;
  assemblyId: number;
  priorityTitle: string;
  agencyName: string;
  agencyKind: AgencyKind;
  agencyDefaultConfidentiality: Visibility;
};

/** The publication rule's view of a loaded task: are public posts on it ever public? */
export const postsArePublic = (loaded: LoadedTask) =>
  postsOnTaskArePublic({
    ...loaded.task,
    agencyKind: loaded.agencyKind,
    agencyDefaultConfidentiality: loaded.agencyDefaultConfidentiality,
  });

async function loadTask(database: Executor, taskId: number, lock: boolean): Promise<LoadedTask> {
  const query = database
    .select({
      task: tasks,
      assemblyId: neighbourhoods.assemblyId,
      priorityTitle: priorities.title,
      agencyName: agencies.name,
      agencyKind: agencies.kind,
      agencyDefaultConfidentiality: agencies.defaultConfidentiality,
    })
    .from(tasks)
    .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(eq(tasks.id, taskId))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: tasks }) : await query;
  if (!row) throw notFound("There is no such task.");
  return row;
}

/** The task as it is now: what a stale form shows next to the person's own input. */
export type TaskSnapshot = {
  id: number;
  version: number;
  status: TaskStatus;
  statusLabel: string;
  assigneeUserId: number | null;
  assigneeName: string | null;
  actionPlan: string | null;
  dueDate: IsoDate;
  declineReason: string | null;
  outcomeSummary: string | null;
  residentsAsked: boolean | null;
  updatedAt: string;
};

export async function taskSnapshot(database: Executor, task: TaskRow): Promise<TaskSnapshot> {
  let assigneeName: string | null = null;
  if (task.assigneeUserId != null) {
    const [user] = await database
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, task.assigneeUserId));
    assigneeName = user?.name ?? null;
  }
  return {
    id: task.id,
    version: task.version,
    status: task.status,
    statusLabel: TASK_STATUS[task.status],
    assigneeUserId: task.assigneeUserId,
    assigneeName,
    actionPlan: task.actionPlan,
    dueDate: task.dueDate,
    declineReason: task.declineReason,
    outcomeSummary: task.outcomeSummary,
    residentsAsked: task.residentsAsked,
    updatedAt: task.updatedAt.toISOString(),
  };
}

async function ensureFresh(database: Executor, task: TaskRow, version: number) {
  if (task.version !== version) throw conflict(STALE_TASK_MESSAGE, await taskSnapshot(database, task));
}

/** Refuses the move when the task's status is not one it starts from (../task-lifecycle TASK_MOVES). */
function ensureMoveFrom(task: TaskRow, move: TaskMoveName) {
  if (!canMoveTask(move, task.status)) {
    const message = TASK_MOVES[move].refusal;
    throw invalid(message, { form: [message] });
  }
}

/** The agency's people (or an admin), or the coordinators and chair the move names. */
function ensureMayMake(viewer: Viewer, move: TaskMoveName, loaded: LoadedTask) {
  ensure(mayMakeTaskMove(viewer, move, { agencyId: loaded.task.agencyId, assemblyId: loaded.assemblyId }));
}

/** A move's input names the task and the version the person saw. */
export type Versioned = { taskId: number; version: number };

/**
 * The task this person may make this move on now: theirs to move, at the
 * version they saw, in a status the move starts from. Locked for the change
 * (a preview, which writes nothing, reads it without the lock).
 */
export async function loadForMove(
  database: Executor,
  viewer: Viewer,
  input: Versioned,
  move: TaskMoveName,
  { lock = true }: { lock?: boolean } = {},
): Promise<LoadedTask> {
  const loaded = await loadTask(database, input.taskId, lock);
  ensureMayMake(viewer, move, loaded);
  await ensureFresh(database, loaded.task, input.version);
  ensureMoveFrom(loaded.task, move);
  return loaded;
}

/**
 * Makes one move in one transaction: the task loaded, locked and checked
 * (loadForMove), then `change` writes it at the same moment `now`.
 */
export function makeMove<T>(
  viewer: Viewer,
  input: Versioned,
  move: TaskMoveName,
  options: TaskOptions,
  change: (tx: Executor, loaded: LoadedTask, now: Date) => Promise<T>,
): Promise<T> {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => change(tx, await loadForMove(tx, viewer, input, move), now));
}

/** Writes the change with version + 1; the WHERE on version is a second guard against lost updates. */
export async function writeTask(
  tx: Executor,
  task: TaskRow,
  changes: Partial<typeof tasks.$inferInsert>,
  now: Date,
): Promise<TaskRow> {
  const [row] = await tx
    .update(tasks)
    .set({ ...changes, version: task.version + 1, updatedAt: now })
    .where(and(eq(tasks.id, task.id), eq(tasks.version, task.version)))
    .returning();
  if (!row) throw conflict(STALE_TASK_MESSAGE, await taskSnapshot(tx, task));
  return row;
}

function auditView(task: TaskRow) {
  return {
    status: task.status,
    version: task.version,
    assigneeUserId: task.assigneeUserId,
    actionPlan: task.actionPlan,
    declineReason: task.declineReason,
    suggestedAgencyId: task.suggestedAgencyId,
    outcomeSummary: task.outcomeSummary,
    residentsAsked: task.residentsAsked,
  };
}

/** The task's audit event for a move: the task before and after, and what else the move records. */
export async function auditTask(
  tx: Executor,
  viewer: Viewer,
  action: string,
  loaded: LoadedTask,
  after: TaskRow,
  options: TaskOptions,
  extra: Record<string, unknown> = {},
) {
  await recordAudit(tx, {
    actorUserId: viewer.userId,
    action,
    entityType: "task",
    entityId: loaded.task.id,
    assemblyId: loaded.assemblyId,
    agencyId: loaded.task.agencyId,
    before: auditView(loaded.task),
    after: { ...auditView(after), ...extra },
    address: options.address ?? null,
  });
}

/** The site's address for links in e-mails, without a trailing slash. */
export function baseUrl(options: TaskOptions) {
  return (options.publicUrl ?? env().PUBLIC_URL).replace(/\/$/, "");
}
