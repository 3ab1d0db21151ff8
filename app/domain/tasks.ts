// A partner agency's side of a task (DESIGN.md §3, §6): accept or decline an
// offer, post updates with figures, record the outcome, reopen, reassign.
// Every change is one transaction that locks the task row, checks who may do
// it, checks the version the person saw (optimistic locking), writes the
// change with version + 1 and an audit event, and queues any e-mail.
// The chair's side (offering, withdrawing, deciding on declined tasks) lives in
// ./chair-tasks.
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { env } from "~/config/env.server";
import { enqueueEmail } from "~/integrations/outbox.server";
import { type Database, db, type Executor } from "~db/client.server";
import {
  agencies,
  agencyMemberships,
  assemblies,
  assemblyChairs,
  auditEvents,
  neighbourhoods,
  priorities,
  tasks,
  taskUpdates,
  updateFigures,
  users,
} from "~db/schema";
import { taskAssignedEmail } from "~emails/task-assigned";
import { taskDeclinedEmail } from "~emails/task-declined";
import { canReadPartnersOnly, ensure, isChairOf, isMemberOf, type Viewer } from "./access";
import type { AgencyKind } from "./agency-kinds";
import { recordAudit } from "./audit";
import { type IsoDate, toIsoDate } from "./deadlines";
import { conflict, type FieldErrors, invalid, notFound, STALE_TASK_MESSAGE } from "./errors";
import {
  isPublicTask,
  isPublicUpdate,
  postsOnTaskArePublic,
  publicTask,
  updatePublicityColumns,
} from "./publication";
import { TASK_STATUS, type TaskStatus } from "./statuses";
import {
  canMoveTask,
  isActionPlanLate,
  isAnswerLate,
  isOpenTask,
  isTaskIn,
  isTaskOverdue,
  mayMakeTaskMove,
  TASK_MOVES,
  type TaskMoveName,
} from "./task-lifecycle";

export type TaskOptions = {
  database?: Database;
  now?: Date;
  /** The site's address, for links in e-mails. */
  publicUrl?: string;
  /** The client's address, kept in the audit event. */
  address?: string | null;
};

export type Figure = { label: string; value: number; unit: string };
export type Visibility = "public" | "partners_only";

/** What partners usually count, by agency kind (offered as suggestions, never required). */
export const FIGURE_SUGGESTIONS: Record<AgencyKind, string[]> = {
  police: [
    "patrols",
    "stop and checks",
    "arrests",
    "fixed penalty notices issued",
    "alcohol seized",
    "vehicles seized",
    "warning notices issued",
  ],
  council: [
    "warning letters",
    "acceptable behaviour contracts",
    "fixed penalty notices issued",
    "community protection warnings",
    "items removed",
    "premises visited",
  ],
  trading_standards: [
    "test purchases",
    "premises visited",
    "premises failed test purchases",
    "warning letters",
    "items seized",
  ],
  youth_offending: ["young people engaged", "prevention programmes completed", "home visits"],
  housing: ["tenancy warnings", "home visits", "repairs completed"],
  fire: ["home safety checks", "school sessions", "items removed"],
  health: ["people referred", "outreach sessions"],
  community_group: ["volunteers", "litter picks", "bags of litter collected", "events held"],
  other: ["visits", "items removed"],
};

// ---------------------------------------------------------------- loading

type TaskRow = typeof tasks.$inferSelect;

type LoadedTask = {
  task: TaskRow;
  assemblyId: number;
  priorityTitle: string;
  agencyName: string;
  agencyKind: AgencyKind;
  agencyDefaultConfidentiality: Visibility;
};

/** The publication rule's view of a loaded task: are public posts on it ever public? */
const postsArePublic = (loaded: LoadedTask) =>
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

async function snapshot(database: Executor, task: TaskRow): Promise<TaskSnapshot> {
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
  if (task.version !== version) throw conflict(STALE_TASK_MESSAGE, await snapshot(database, task));
}

/** Refuses the move when the task's status is not one it starts from (./task-lifecycle TASK_MOVES). */
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

/** The task this person may work on now: theirs to work, at the version they saw, in a working status. */
async function loadWorkable(
  database: Executor,
  viewer: Viewer,
  input: Versioned,
  lock: boolean,
  move: "update" | "complete",
): Promise<LoadedTask> {
  const loaded = await loadTask(database, input.taskId, lock);
  ensureMayMake(viewer, move, loaded);
  await ensureFresh(database, loaded.task, input.version);
  ensureMoveFrom(loaded.task, move);
  return loaded;
}

/** Public text is posted only after the person has seen it shown back. */
function ensurePublicTextConfirmed(visibility: Visibility, confirmed: boolean | undefined) {
  if (visibility === "public" && !confirmed) {
    throw invalid("Check the public text before posting it", {
      confirm: ["Check the public text before posting it"],
    });
  }
}

/** Writes the change with version + 1; the WHERE on version is a second guard against lost updates. */
async function writeTask(
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
  if (!row) throw conflict(STALE_TASK_MESSAGE, await snapshot(tx, task));
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

async function audit(
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

function baseUrl(options: TaskOptions) {
  return (options.publicUrl ?? env().PUBLIC_URL).replace(/\/$/, "");
}

async function ensureAgencyMember(tx: Executor, agencyId: number, userId: number, field: string) {
  const [member] = await tx
    .select({ userId: agencyMemberships.userId })
    .from(agencyMemberships)
    .innerJoin(users, eq(users.id, agencyMemberships.userId))
    .where(
      and(
        eq(agencyMemberships.agencyId, agencyId),
        eq(agencyMemberships.userId, userId),
        eq(users.active, true),
      ),
    );
  if (!member) throw invalid("There is a problem", { [field]: ["Choose someone in your agency"] });
}

/** Tells a newly named assignee, unless they assigned themselves or chose a digest. */
async function tellAssignee(
  tx: Executor,
  viewer: Viewer,
  loaded: LoadedTask,
  assigneeUserId: number,
  options: TaskOptions,
  version: number,
) {
  if (assigneeUserId === viewer.userId) return;
  const [person] = await tx
    .select({ name: users.name, email: users.email, mailPreference: users.mailPreference })
    .from(users)
    .where(eq(users.id, assigneeUserId));
  if (person?.mailPreference !== "immediate") return;
  const message = taskAssignedEmail({
    name: person.name,
    assignedBy: viewer.name,
    taskTitle: loaded.task.title,
    priorityTitle: loaded.priorityTitle,
    dueDate: loaded.task.dueDate,
    taskUrl: `${baseUrl(options)}/tasks/${loaded.task.id}`,
  });
  await enqueueEmail(tx, {
    to: person.email,
    template: TASK_MOVES.reassign.email.template,
    ...message,
    dedupeKey: `task-assigned:${loaded.task.id}:${version}:${assigneeUserId}`,
  });
}

function requireText(value: string | null | undefined, field: string, message: string, errors: FieldErrors) {
  if (!value?.trim()) errors[field] = [message];
}

function checkFigures(figures: readonly Figure[], errors: FieldErrors) {
  if (figures.length > 20) errors.figures = ["Give 20 figures or fewer"];
  figures.forEach((figure, index) => {
    if (!figure.label.trim()) errors[`figure-${index}-label`] = [`Enter what figure ${index + 1} counts`];
    if (!Number.isFinite(figure.value) || figure.value < 0 || figure.value >= 1e10) {
      errors[`figure-${index}-value`] = [`Enter figure ${index + 1} as a number of 0 or more`];
    }
  });
}

async function insertUpdate(
  tx: Executor,
  values: typeof taskUpdates.$inferInsert,
  figures: readonly Figure[],
  now: Date,
) {
  const [update] = await tx
    .insert(taskUpdates)
    .values({ ...values, createdAt: now })
    .returning({ id: taskUpdates.id });
  if (figures.length) {
    await tx.insert(updateFigures).values(
      figures.map((figure, position) => ({
        updateId: update.id,
        label: figure.label.trim(),
        value: figure.value,
        unit: figure.unit.trim(),
        position,
      })),
    );
  }
  return update.id;
}

/** Keeps the priority's "last public news" (its stale flag) right when public text is posted. */
async function touchPriorityIfPublic(tx: Executor, taskId: number, priorityId: number, now: Date) {
  const [row] = await tx
    .select({ id: tasks.id })
    .from(tasks)
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(and(eq(tasks.id, taskId), publicTask));
  if (row) await tx.update(priorities).set({ lastPublicUpdateAt: now }).where(eq(priorities.id, priorityId));
}

// ---------------------------------------------------------------- changes

type Versioned = { taskId: number; version: number };

/** Accepts an offered task, optionally naming who does it and giving the action plan. */
export async function acceptTask(
  viewer: Viewer,
  input: Versioned & { assigneeUserId?: number | null; actionPlan?: string | null },
  options: TaskOptions = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const loaded = await loadTask(tx, input.taskId, true);
    const { task } = loaded;
    ensureMayMake(viewer, "accept", loaded);
    await ensureFresh(tx, task, input.version);
    ensureMoveFrom(task, "accept");
    if (input.assigneeUserId != null) {
      await ensureAgencyMember(tx, task.agencyId, input.assigneeUserId, "assigneeUserId");
    }
    const actionPlan = input.actionPlan?.trim() || null;
    const after = await writeTask(
      tx,
      task,
      {
        status: TASK_MOVES.accept.to,
        acceptedAt: now,
        assigneeUserId: input.assigneeUserId ?? task.assigneeUserId,
        ...(actionPlan ? { actionPlan, actionPlanSubmittedAt: now } : {}),
      },
      now,
    );
    await audit(tx, viewer, TASK_MOVES.accept.audit, loaded, after, options);
    if (input.assigneeUserId != null && input.assigneeUserId !== task.assigneeUserId) {
      await tellAssignee(tx, viewer, loaded, input.assigneeUserId, options, after.version);
    }
    return after;
  });
}

/** Gives (or replaces) the action plan of an accepted task. */
export async function submitActionPlan(
  viewer: Viewer,
  input: Versioned & { actionPlan: string },
  options: TaskOptions = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const loaded = await loadTask(tx, input.taskId, true);
    const { task } = loaded;
    ensureMayMake(viewer, "actionPlan", loaded);
    await ensureFresh(tx, task, input.version);
    ensureMoveFrom(task, "actionPlan");
    const errors: FieldErrors = {};
    requireText(input.actionPlan, "actionPlan", "Enter the action plan", errors);
    if (Object.keys(errors).length) throw invalid("There is a problem", errors);
    const after = await writeTask(
      tx,
      task,
      { actionPlan: input.actionPlan.trim(), actionPlanSubmittedAt: now },
      now,
    );
    await audit(tx, viewer, TASK_MOVES.actionPlan.audit, loaded, after, options);
    return after;
  });
}

/** Declines an offered (or accepted) task with a reason; the assembly's chairs are e-mailed. */
export async function declineTask(
  viewer: Viewer,
  input: Versioned & { reason: string; suggestedAgencyId?: number | null },
  options: TaskOptions = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const loaded = await loadTask(tx, input.taskId, true);
    const { task } = loaded;
    ensureMayMake(viewer, "decline", loaded);
    await ensureFresh(tx, task, input.version);
    ensureMoveFrom(task, "decline");
    const errors: FieldErrors = {};
    requireText(input.reason, "reason", "Enter why your agency cannot take this task", errors);
    let suggestedAgencyName: string | null = null;
    if (input.suggestedAgencyId != null) {
      const [suggested] = await tx
        .select({ id: agencies.id, name: agencies.name })
        .from(agencies)
        .where(and(eq(agencies.id, input.suggestedAgencyId), ne(agencies.id, task.agencyId)));
      if (!suggested) errors.suggestedAgencyId = ["Choose another agency from the list"];
      suggestedAgencyName = suggested?.name ?? null;
    }
    if (Object.keys(errors).length) throw invalid("There is a problem", errors);
    const reason = input.reason.trim();
    const after = await writeTask(
      tx,
      task,
      {
        status: TASK_MOVES.decline.to,
        declineReason: reason,
        suggestedAgencyId: input.suggestedAgencyId ?? null,
      },
      now,
    );
    await audit(tx, viewer, TASK_MOVES.decline.audit, loaded, after, options);
    const chairs = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(assemblyChairs)
      .innerJoin(users, eq(users.id, assemblyChairs.userId))
      .where(and(eq(assemblyChairs.assemblyId, loaded.assemblyId), eq(users.active, true)))
      .orderBy(asc(users.id));
    for (const chair of chairs) {
      const message = taskDeclinedEmail({
        chairName: chair.name,
        agencyName: loaded.agencyName,
        taskTitle: task.title,
        priorityTitle: loaded.priorityTitle,
        reason,
        suggestedAgencyName,
        // The chair decides on the chair's page, not the partner's view of the task.
        taskUrl: `${baseUrl(options)}/chair/tasks/${task.id}`,
      });
      await enqueueEmail(tx, {
        to: chair.email,
        template: TASK_MOVES.decline.email.template,
        ...message,
        dedupeKey: `task-declined:${task.id}:${after.version}:${chair.id}`,
      });
    }
    return after;
  });
}

export type UpdateInput = Versioned & {
  body: string;
  visibility: Visibility;
  figures: Figure[];
  markInProgress?: boolean;
  safeguardingReferral?: boolean;
  /** Public text must have been shown back to the author first. */
  publicTextConfirmed?: boolean;
};

/** The checks for an update, without writing (the route's "check your update" step). */
function checkUpdate(loaded: LoadedTask, input: Omit<UpdateInput, "taskId" | "version">) {
  const errors: FieldErrors = {};
  requireText(input.body, "body", "Enter what was done", errors);
  if (input.visibility === "public" && !postsArePublic(loaded)) {
    errors.visibility = ["This task is partners-only, so its updates are partners-only too"];
  }
  if (input.visibility === "public" && input.safeguardingReferral) {
    errors.visibility = ["A safeguarding referral is never published: choose partners only"];
  }
  checkFigures(input.figures, errors);
  if (Object.keys(errors).length) throw invalid("There is a problem", errors);
}

/** Refuses now (without writing) anything postTaskUpdate would refuse, so the preview never lies. */
export async function previewTaskUpdate(viewer: Viewer, input: UpdateInput, options: TaskOptions = {}) {
  const database = options.database ?? db();
  const loaded = await loadWorkable(database, viewer, input, false, "update");
  checkUpdate(loaded, input);
  return { ok: true as const };
}

export async function postTaskUpdate(viewer: Viewer, input: UpdateInput, options: TaskOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const loaded = await loadWorkable(tx, viewer, input, true, "update");
    const { task } = loaded;
    checkUpdate(loaded, input);
    ensurePublicTextConfirmed(input.visibility, input.publicTextConfirmed);
    const startsWork = Boolean(input.markInProgress) && canMoveTask("startWork", task.status);
    const after = await writeTask(tx, task, startsWork ? { status: TASK_MOVES.startWork.to } : {}, now);
    const updateId = await insertUpdate(
      tx,
      {
        taskId: task.id,
        authorUserId: viewer.userId,
        body: input.body.trim(),
        visibility: input.visibility,
        statusChange: startsWork ? TASK_MOVES.startWork.to : null,
        safeguardingReferral: Boolean(input.safeguardingReferral),
      },
      input.figures,
      now,
    );
    if (input.visibility === "public") await touchPriorityIfPublic(tx, task.id, task.priorityId, now);
    await audit(tx, viewer, TASK_MOVES.update.audit, loaded, after, options, {
      updateId,
      visibility: input.visibility,
      figures: input.figures.length,
    });
    return { task: after, updateId };
  });
}

export type CompleteInput = Versioned & {
  outcomeSummary: string;
  figures: Figure[];
  residentsAsked: boolean;
  /** What residents said, when they were asked (public with a public outcome). */
  residentsSaid?: string | null;
  publicTextConfirmed?: boolean;
};

/** Whether the outcome of this task will be public (the publication rule decides). */
const outcomeVisibility = (loaded: LoadedTask): Visibility =>
  postsArePublic(loaded) ? "public" : "partners_only";

function checkCompletion(input: Omit<CompleteInput, "taskId" | "version">) {
  const errors: FieldErrors = {};
  requireText(input.outcomeSummary, "outcomeSummary", "Enter what changed, for residents to read", errors);
  if (typeof input.residentsAsked !== "boolean") {
    errors.residentsAsked = ["Say whether residents were asked if things improved"];
  }
  checkFigures(input.figures, errors);
  if (Object.keys(errors).length) throw invalid("There is a problem", errors);
}

export async function previewCompletion(viewer: Viewer, input: CompleteInput, options: TaskOptions = {}) {
  const database = options.database ?? db();
  const loaded = await loadWorkable(database, viewer, input, false, "complete");
  checkCompletion(input);
  return { visibility: outcomeVisibility(loaded) };
}

/** Records the outcome and marks the task done. */
export async function completeTask(viewer: Viewer, input: CompleteInput, options: TaskOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const loaded = await loadWorkable(tx, viewer, input, true, "complete");
    const { task } = loaded;
    checkCompletion(input);
    const visibility = outcomeVisibility(loaded);
    ensurePublicTextConfirmed(visibility, input.publicTextConfirmed);
    const outcomeSummary = input.outcomeSummary.trim();
    const after = await writeTask(
      tx,
      task,
      {
        status: TASK_MOVES.complete.to,
        outcomeSummary,
        residentsAsked: input.residentsAsked,
        residentsSaid: input.residentsAsked ? input.residentsSaid?.trim() || null : null,
        completedAt: now,
      },
      now,
    );
    const updateId = await insertUpdate(
      tx,
      {
        taskId: task.id,
        authorUserId: viewer.userId,
        body: outcomeSummary,
        visibility,
        statusChange: TASK_MOVES.complete.to,
        isOutcome: true,
        residentsAsked: input.residentsAsked,
      },
      input.figures,
      now,
    );
    if (visibility === "public") await touchPriorityIfPublic(tx, task.id, task.priorityId, now);
    await audit(tx, viewer, TASK_MOVES.complete.audit, loaded, after, options, { updateId });
    return { task: after, updateId };
  });
}

/** Reopens a done task (its coordinators or the chair), with a reason kept for partners. */
export async function reopenTask(
  viewer: Viewer,
  input: Versioned & { reason: string },
  options: TaskOptions = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const loaded = await loadTask(tx, input.taskId, true);
    const { task } = loaded;
    ensureMayMake(viewer, "reopen", loaded);
    await ensureFresh(tx, task, input.version);
    ensureMoveFrom(task, "reopen");
    const errors: FieldErrors = {};
    requireText(input.reason, "reason", "Enter why the task is reopened", errors);
    if (Object.keys(errors).length) throw invalid("There is a problem", errors);
    const reason = input.reason.trim();
    const after = await writeTask(
      tx,
      task,
      {
        status: TASK_MOVES.reopen.to,
        outcomeSummary: null,
        residentsAsked: null,
        residentsSaid: null,
        completedAt: null,
      },
      now,
    );
    await insertUpdate(
      tx,
      {
        taskId: task.id,
        authorUserId: viewer.userId,
        body: `Reopened: ${reason}`,
        visibility: "partners_only",
        statusChange: TASK_MOVES.reopen.to,
      },
      [],
      now,
    );
    await audit(tx, viewer, TASK_MOVES.reopen.audit, loaded, after, options, { reason });
    return after;
  });
}

/** Gives the task to another member of the agency, or to no one (coordinators). */
export async function reassignTask(
  viewer: Viewer,
  input: Versioned & { assigneeUserId: number | null },
  options: TaskOptions = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const loaded = await loadTask(tx, input.taskId, true);
    const { task } = loaded;
    ensureMayMake(viewer, "reassign", loaded);
    await ensureFresh(tx, task, input.version);
    ensureMoveFrom(task, "reassign");
    if (input.assigneeUserId != null) {
      await ensureAgencyMember(tx, task.agencyId, input.assigneeUserId, "assigneeUserId");
    }
    const after = await writeTask(tx, task, { assigneeUserId: input.assigneeUserId }, now);
    await audit(tx, viewer, TASK_MOVES.reassign.audit, loaded, after, options);
    if (input.assigneeUserId != null && input.assigneeUserId !== task.assigneeUserId) {
      await tellAssignee(tx, viewer, loaded, input.assigneeUserId, options, after.version);
    }
    return after;
  });
}

// ---------------------------------------------------------------- the task page

export type TimelineEntry = {
  at: string;
  kind: "event" | "update";
  what: string;
  who: string | null;
  body: string | null;
  /** Who reads it now, by the publication rule (a public update on a declined or youth offending task is partners-only). */
  visibility: Visibility | null;
  isOutcome: boolean;
  safeguardingReferral: boolean;
  figures: Figure[];
};

export type PriorityUpdate = {
  id: number;
  taskId: number;
  agencyName: string;
  body: string;
  /** Who reads it now, by the publication rule. */
  visibility: Visibility;
  safeguardingReferral: boolean;
  isOutcome: boolean;
  createdAt: string;
  figures: Figure[];
};

const EVENT_WORDS: Record<string, string> = {
  "task.created": "Offered to the agency",
  "task.offered": "Offered to the agency",
  "task.accepted": "Accepted",
  "task.action_plan": "Action plan given",
  "task.declined": "Declined",
  "task.completed": "Completed",
  "task.reopened": "Reopened",
  "task.reassigned": "Reassigned",
  "task.withdrawn": "Withdrawn by the chair",
};

async function figuresFor(database: Executor, updateIds: number[]) {
  const byUpdate = new Map<number, Figure[]>();
  if (!updateIds.length) return byUpdate;
  const rows = await database
    .select({
      updateId: updateFigures.updateId,
      label: updateFigures.label,
      value: updateFigures.value,
      unit: updateFigures.unit,
    })
    .from(updateFigures)
    .where(inArray(updateFigures.updateId, updateIds))
    .orderBy(asc(updateFigures.updateId), asc(updateFigures.position), asc(updateFigures.id));
  for (const row of rows) {
    const list = byUpdate.get(row.updateId) ?? [];
    list.push({ label: row.label, value: Number(row.value), unit: row.unit });
    byUpdate.set(row.updateId, list);
  }
  return byUpdate;
}

/** Everything the task page shows, for someone allowed to read the priority's partners-only work. */
export async function getTaskPage(viewer: Viewer, taskId: number, options: TaskOptions = {}) {
  const database = options.database ?? db();
  const today = toIsoDate(options.now ?? new Date());
  const [row] = await database
    .select({
      task: tasks,
      agencyName: agencies.name,
      agencyKind: agencies.kind,
      agencyDefaultConfidentiality: agencies.defaultConfidentiality,
      priorityId: priorities.id,
      priorityTitle: priorities.title,
      youSaid: priorities.youSaid,
      priorityStatus: priorities.status,
      reviewDate: priorities.reviewDate,
      neighbourhoodSlug: neighbourhoods.slug,
      neighbourhoodName: neighbourhoods.name,
      assemblyId: assemblies.id,
      assemblyName: assemblies.name,
    })
    .from(tasks)
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(eq(tasks.id, taskId))
    .limit(1);
  if (!row) throw notFound("There is no such task.");
  const { task } = row;

  const siblings = await database
    .select({
      id: tasks.id,
      agencyId: tasks.agencyId,
      agencyName: agencies.name,
      title: tasks.title,
      ask: tasks.ask,
      status: tasks.status,
      dueDate: tasks.dueDate,
      confidentiality: tasks.confidentiality,
      agencyKind: agencies.kind,
      agencyDefaultConfidentiality: agencies.defaultConfidentiality,
      outcomeSummary: tasks.outcomeSummary,
    })
    .from(tasks)
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(eq(tasks.priorityId, row.priorityId))
    .orderBy(asc(agencies.name), asc(tasks.id));
  const isOwnAgency = isMemberOf(viewer, task.agencyId);
  const involved = canReadPartnersOnly(viewer, {
    assemblyId: row.assemblyId,
    involvedAgencyIds: siblings.filter((s) => isTaskIn("involved", s.status)).map((s) => s.agencyId),
  });
  // An agency whose task was declined or withdrawn keeps its own record of that
  // task, and nothing more of the priority's partners-only work.
  ensure(involved || isOwnAgency);
  const seesTask = (taskIdOnPriority: number) => involved || taskIdOnPriority === task.id;
  const isChair = isChairOf(viewer, row.assemblyId);

  // Every update on the priority the viewer may read: public and partners-only; a
  // safeguarding referral only for its own agency and the chair.
  const updateRows = await database
    .select({
      id: taskUpdates.id,
      taskId: taskUpdates.taskId,
      agencyId: tasks.agencyId,
      agencyName: agencies.name,
      authorName: users.name,
      body: taskUpdates.body,
      ...updatePublicityColumns,
      isOutcome: taskUpdates.isOutcome,
      statusChange: taskUpdates.statusChange,
      createdAt: taskUpdates.createdAt,
    })
    .from(taskUpdates)
    .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .leftJoin(users, eq(users.id, taskUpdates.authorUserId))
    .where(eq(tasks.priorityId, row.priorityId))
    .orderBy(desc(taskUpdates.createdAt), desc(taskUpdates.id));
  const readable = updateRows
    .filter(
      (u) => seesTask(u.taskId) && (!u.safeguardingReferral || isChair || isMemberOf(viewer, u.agencyId)),
    )
    .map((u) => ({ ...u, visibility: (isPublicUpdate(u) ? "public" : "partners_only") as Visibility }));
  const figures = await figuresFor(
    database,
    readable.map((u) => u.id),
  );

  const events = await database
    .select({
      action: auditEvents.action,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.entityType, "task"), eq(auditEvents.entityId, String(task.id))))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id));

  const timeline: TimelineEntry[] = [
    ...events
      .filter((e) => EVENT_WORDS[e.action])
      .map((e) => {
        const after = (e.after ?? {}) as Record<string, unknown>;
        const reason =
          e.action === "task.reopened" || e.action === "task.withdrawn"
            ? (after.reason as string | undefined)
            : e.action === "task.declined"
              ? (after.declineReason as string | undefined)
              : undefined;
        return {
          at: e.createdAt.toISOString(),
          kind: "event" as const,
          what: EVENT_WORDS[e.action],
          who: e.actorName,
          body: reason ?? null,
          visibility: null,
          isOutcome: false,
          safeguardingReferral: false,
          figures: [],
        };
      }),
    ...readable
      .filter((u) => u.taskId === task.id)
      .map((u) => ({
        at: u.createdAt.toISOString(),
        kind: "update" as const,
        what: u.isOutcome
          ? "Outcome"
          : u.statusChange === TASK_MOVES.startWork.to
            ? "Update — work started"
            : "Update",
        who: u.authorName,
        body: u.body,
        visibility: u.visibility,
        isOutcome: u.isOutcome,
        safeguardingReferral: u.safeguardingReferral,
        figures: figures.get(u.id) ?? [],
      })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  const members = isOwnAgency
    ? await database
        .select({ id: users.id, name: users.name })
        .from(agencyMemberships)
        .innerJoin(users, eq(users.id, agencyMemberships.userId))
        .where(and(eq(agencyMemberships.agencyId, task.agencyId), eq(users.active, true)))
        .orderBy(asc(users.name))
    : [];
  const otherAgencies = isOwnAgency
    ? await database
        .select({ id: agencies.id, name: agencies.name })
        .from(agencies)
        .where(ne(agencies.id, task.agencyId))
        .orderBy(asc(agencies.name))
    : [];
  const current = await snapshot(database, task);
  const open = isOpenTask(task.status);
  const place = { agencyId: task.agencyId, assemblyId: row.assemblyId };
  /** May this person make the move, from the task's status now? */
  const may = (move: TaskMoveName) => canMoveTask(move, task.status) && mayMakeTaskMove(viewer, move, place);

  return {
    task: {
      ...current,
      title: task.title,
      ask: task.ask,
      confidentiality: task.confidentiality as Visibility,
      /** Kept from the public by the publication rule. */
      partnersOnly: !isPublicTask({
        ...task,
        agencyKind: row.agencyKind,
        agencyDefaultConfidentiality: row.agencyDefaultConfidentiality,
      }),
      agencyId: task.agencyId,
      agencyName: row.agencyName,
      agencyKind: row.agencyKind as AgencyKind,
      offeredAt: task.offeredAt.toISOString(),
      acknowledgeBy: task.acknowledgeBy,
      actionPlanDueBy: task.actionPlanDueBy,
      actionPlanSubmittedAt: task.actionPlanSubmittedAt?.toISOString() ?? null,
      actionPlanLate: isActionPlanLate(task, today),
      /** The action plan is still owed: its due date matters only until it is given. */
      actionPlanPending: open && task.actionPlanSubmittedAt == null,
      isOverdue: isTaskOverdue(task, today),
      notAcceptedInTime: isAnswerLate(task, today),
      suggestedAgencyId: task.suggestedAgencyId,
      completedAt: task.completedAt?.toISOString() ?? null,
    },
    priority: {
      id: row.priorityId,
      title: row.priorityTitle,
      youSaid: row.youSaid,
      status: row.priorityStatus,
      reviewDate: row.reviewDate,
      neighbourhoodSlug: row.neighbourhoodSlug,
      neighbourhoodName: row.neighbourhoodName,
      assemblyName: row.assemblyName,
    },
    otherTasks: siblings
      .filter((s) => s.id !== task.id && seesTask(s.id))
      .map(({ agencyKind, agencyDefaultConfidentiality, ...s }) => ({
        ...s,
        partnersOnly: !isPublicTask({ ...s, agencyKind, agencyDefaultConfidentiality }),
        statusLabel: TASK_STATUS[s.status],
        updates: readable
          .filter((u) => u.taskId === s.id)
          .map(
            (u): PriorityUpdate => ({
              id: u.id,
              taskId: u.taskId,
              agencyName: u.agencyName,
              body: u.body,
              visibility: u.visibility,
              safeguardingReferral: u.safeguardingReferral,
              isOutcome: u.isOutcome,
              createdAt: u.createdAt.toISOString(),
              figures: figures.get(u.id) ?? [],
            }),
          ),
      })),
    timeline,
    members,
    otherAgencies,
    figureSuggestions: FIGURE_SUGGESTIONS[row.agencyKind as AgencyKind] ?? [],
    can: {
      accept: may("accept"),
      decline: may("decline"),
      update: may("update"),
      actionPlan: may("actionPlan"),
      complete: may("complete"),
      reopen: may("reopen"),
      reassign: may("reassign"),
      // "Will be public": the publication rule, youth offending work included.
      publicUpdates: postsOnTaskArePublic({
        ...task,
        agencyKind: row.agencyKind,
        agencyDefaultConfidentiality: row.agencyDefaultConfidentiality,
      }),
    },
  };
}

export type TaskPage = Awaited<ReturnType<typeof getTaskPage>>;

/** Sets how a person gets non-urgent mail: each message straight away, or in the weekly digest. */
export async function setMailPreference(
  viewer: Viewer,
  preference: "immediate" | "digest",
  options: TaskOptions = {},
) {
  const database = options.database ?? db();
  return database.transaction(async (tx) => {
    const [before] = await tx
      .select({ mailPreference: users.mailPreference })
      .from(users)
      .where(eq(users.id, viewer.userId))
      .for("update");
    if (!before) throw notFound("There is no such person.");
    await tx
      .update(users)
      .set({ mailPreference: preference, updatedAt: options.now ?? new Date() })
      .where(eq(users.id, viewer.userId));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "user.mail_preference",
      entityType: "user",
      entityId: viewer.userId,
      before,
      after: { mailPreference: preference },
      address: options.address ?? null,
    });
  });
}

export async function getMailPreference(viewer: Viewer, database: Executor = db()) {
  const [row] = await database
    .select({ mailPreference: users.mailPreference })
    .from(users)
    .where(eq(users.id, viewer.userId));
  return row?.mailPreference ?? "immediate";
}
