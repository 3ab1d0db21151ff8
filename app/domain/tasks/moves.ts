// A partner agency's moves on a task (DESIGN.md §3, §6): accept or decline an
// offer, give the action plan, post updates with figures, record the outcome,
// reopen, reassign. Every change is one transaction that locks the task row,
// checks who may do it, checks the version the person saw (optimistic
// locking), writes the change with version + 1 and an audit event, and queues
// any e-mail (./record holds those steps; ../task-lifecycle the table of moves).
// The chair's side (offering, withdrawing, deciding on declined tasks) lives in
// ../chair-tasks.
import { and, asc, eq, ne } from "drizzle-orm";
import { enqueueEmail } from "~/integrations/outbox.server";
import { db, type Executor } from "~db/client.server";
import { agencies, agencyMemberships, assemblyChairs, taskUpdates, updateFigures, users } from "~db/schema";
import { taskAssignedEmail } from "~emails/task-assigned";
import { taskDeclinedEmail } from "~emails/task-declined";
import type { Viewer } from "../core/access";
import { type FieldErrors, invalid } from "../core/errors";
import { checkFigures, type Figure } from "../core/figures";
import { canMoveTask, TASK_MOVES } from "../lifecycle/tasks";
import {
  auditTask,
  baseUrl,
  type LoadedTask,
  loadForMove,
  makeMove,
  postsArePublic,
  type TaskOptions,
  type Versioned,
  type Visibility,
  writeTask,
} from "./record";

/** Public text is posted only after the person has seen it shown back. */
function ensurePublicTextConfirmed(visibility: Visibility, confirmed: boolean | undefined) {
  if (visibility === "public" && !confirmed) {
    throw invalid("Check the public text before posting it", {
      confirm: ["Check the public text before posting it"],
    });
  }
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

// ---------------------------------------------------------------- the moves

/** Accepts an offered task, optionally naming who does it and giving the action plan. */
export async function acceptTask(
  viewer: Viewer,
  input: Versioned & { assigneeUserId?: number | null; actionPlan?: string | null },
  options: TaskOptions = {},
) {
  return makeMove(viewer, input, "accept", options, async (tx, loaded, now) => {
    const { task } = loaded;
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
    await auditTask(tx, viewer, TASK_MOVES.accept.audit, loaded, after, options);
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
  return makeMove(viewer, input, "actionPlan", options, async (tx, loaded, now) => {
    const { task } = loaded;
    const errors: FieldErrors = {};
    requireText(input.actionPlan, "actionPlan", "Enter the action plan", errors);
    if (Object.keys(errors).length) throw invalid("There is a problem", errors);
    const after = await writeTask(
      tx,
      task,
      { actionPlan: input.actionPlan.trim(), actionPlanSubmittedAt: now },
      now,
    );
    await auditTask(tx, viewer, TASK_MOVES.actionPlan.audit, loaded, after, options);
    return after;
  });
}

/** Declines an offered (or accepted) task with a reason; the assembly's chairs are e-mailed. */
export async function declineTask(
  viewer: Viewer,
  input: Versioned & { reason: string; suggestedAgencyId?: number | null },
  options: TaskOptions = {},
) {
  return makeMove(viewer, input, "decline", options, async (tx, loaded, now) => {
    const { task } = loaded;
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
    await auditTask(tx, viewer, TASK_MOVES.decline.audit, loaded, after, options);
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
  const loaded = await loadForMove(database, viewer, input, "update", { lock: false });
  checkUpdate(loaded, input);
  return { ok: true as const };
}

export async function postTaskUpdate(viewer: Viewer, input: UpdateInput, options: TaskOptions = {}) {
  return makeMove(viewer, input, "update", options, async (tx, loaded, now) => {
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
    await auditTask(tx, viewer, TASK_MOVES.update.audit, loaded, after, options, {
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
  const loaded = await loadForMove(database, viewer, input, "complete", { lock: false });
  checkCompletion(input);
  return { visibility: outcomeVisibility(loaded) };
}

/** Records the outcome and marks the task done. */
export async function completeTask(viewer: Viewer, input: CompleteInput, options: TaskOptions = {}) {
  return makeMove(viewer, input, "complete", options, async (tx, loaded, now) => {
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
    await auditTask(tx, viewer, TASK_MOVES.complete.audit, loaded, after, options, { updateId });
    return { task: after, updateId };
  });
}

/** Reopens a done task (its coordinators or the chair), with a reason kept for partners. */
export async function reopenTask(
  viewer: Viewer,
  input: Versioned & { reason: string },
  options: TaskOptions = {},
) {
  return makeMove(viewer, input, "reopen", options, async (tx, loaded, now) => {
    const { task } = loaded;
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
    await auditTask(tx, viewer, TASK_MOVES.reopen.audit, loaded, after, options, { reason });
    return after;
  });
}

/** Gives the task to another member of the agency, or to no one (coordinators). */
export async function reassignTask(
  viewer: Viewer,
  input: Versioned & { assigneeUserId: number | null },
  options: TaskOptions = {},
) {
  return makeMove(viewer, input, "reassign", options, async (tx, loaded, now) => {
    const { task } = loaded;
    if (input.assigneeUserId != null) {
      await ensureAgencyMember(tx, task.agencyId, input.assigneeUserId, "assigneeUserId");
    }
    const after = await writeTask(tx, task, { assigneeUserId: input.assigneeUserId }, now);
    await auditTask(tx, viewer, TASK_MOVES.reassign.audit, loaded, after, options);
    if (input.assigneeUserId != null && input.assigneeUserId !== task.assigneeUserId) {
      await tellAssignee(tx, viewer, loaded, input.assigneeUserId, options, after.version);
    }
    return after;
  });
}
