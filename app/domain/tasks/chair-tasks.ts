// The chair's side of tasks: offer a task to an agency (or community group),
// withdraw it, and decide what happens to a declined one. The agency's side
// (accept, decline, update, complete) lives in ./tasks/; the chair can never
// complete a task. Offering e-mails the agency's inbox and coordinators
// through the outbox, in the same transaction.
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { enqueueEmail } from "~/integrations/outbox.server";
import { db, type Executor } from "~db/client.server";
import {
  agencies,
  agencyMemberships,
  assemblies,
  neighbourhoods,
  priorities,
  tasks,
  users,
} from "~db/schema";
import { taskOfferedEmail } from "~emails/task-offered";
import { taskWithdrawnEmail } from "~emails/task-withdrawn";
import { canRunAssembly, ensure, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import { addWorkingDays, type IsoDate, isWorkingDay, toIsoDate } from "../core/deadlines";
import { conflict, type FieldErrors, invalid, notFound, STALE_TASK_MESSAGE } from "../core/errors";
import { PRIORITY_STATUS, TASK_STATUS, type TaskStatus } from "../lifecycle/statuses";
import {
  actionPlanDueBy,
  canMoveTask,
  isAnswerLate,
  isTaskIn,
  isTaskOverdue,
  TASK_MOVES,
} from "../lifecycle/tasks";
import { loadBankHolidays } from "../lifecycle/tasks/sql";
import type { DomainOptions } from "../meetings/meetings";
import { isPublicTask } from "../publication";

// ---------------------------------------------------------------- rules (pure)

/** The chair may withdraw a task in this status (./task-lifecycle TASK_MOVES.withdraw). */
export const canChairWithdraw = (status: TaskStatus) => canMoveTask("withdraw", status);
/** A declined task waits for the chair to re-offer or withdraw it (TASK_MOVES.reoffer). */
export const canChairReoffer = (status: TaskStatus) => canMoveTask("reoffer", status);

/** Unless the chair says otherwise, the work is due this many working days after the offer. */
export const DEFAULT_DUE_WORKING_DAYS = 20;

export type TaskDeadlineInput = { dueInWorkingDays?: number; dueDate?: IsoDate };

/**
 * The three dates of an offer, made on `today`: accept-by (the agency's
 * working days), action plan (10 calendar days) and the work's due date (a
 * date the chair chose, or working days from today).
 */
export function offerDeadlines(
  today: IsoDate,
  acknowledgeWithinWorkingDays: number,
  due: TaskDeadlineInput,
  holidays: ReadonlySet<IsoDate>,
): { acknowledgeBy: IsoDate; actionPlanDueBy: IsoDate; dueDate: IsoDate; errors: FieldErrors } {
  const acknowledgeBy = addWorkingDays(today, acknowledgeWithinWorkingDays, holidays);
  const planDueBy = actionPlanDueBy(today);
  const errors: FieldErrors = {};
  let dueDate: IsoDate;
  if (due.dueDate) {
    dueDate = due.dueDate;
    if (dueDate <= acknowledgeBy) {
      errors.dueDate = ["The work must be due after the date the agency has to accept it by"];
    } else if (!isWorkingDay(dueDate, holidays)) {
      errors.dueDate = ["Choose a working day: not a weekend or bank holiday"];
    }
  } else {
    const days = due.dueInWorkingDays ?? DEFAULT_DUE_WORKING_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > 260) {
      errors.dueInWorkingDays = ["Enter a whole number of working days from 1 to 260"];
      dueDate = today;
    } else {
      dueDate = addWorkingDays(today, days, holidays);
      if (dueDate <= acknowledgeBy) {
        errors.dueInWorkingDays = [
          `Allow more than the ${acknowledgeWithinWorkingDays} working days the agency has to accept`,
        ];
      }
    }
  }
  return { acknowledgeBy, actionPlanDueBy: planDueBy, dueDate, errors };
}

// ---------------------------------------------------------------- helpers

/** The agency's task inbox and its active coordinators, each address once. */
async function agencyRecipients(tx: Executor, agency: { id: number; inboxEmail: string }) {
  const coordinators = await tx
    .select({ email: users.email })
    .from(agencyMemberships)
    .innerJoin(users, eq(users.id, agencyMemberships.userId))
    .where(
      and(
        eq(agencyMemberships.agencyId, agency.id),
        eq(agencyMemberships.role, "coordinator"),
        eq(users.active, true),
      ),
    )
    .orderBy(asc(users.email));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const address of [agency.inboxEmail, ...coordinators.map((c) => c.email)]) {
    const key = address.trim().toLowerCase();
    if (key && !seen.has(key)) {
      seen.add(key);
      out.push(address.trim());
    }
  }
  return out;
}

/** True when someone can sign in for the agency: one active member, of any role. */
const hasActiveMember = (agencyId: SQL) =>
  sql<boolean>`exists (select 1 from ${agencyMemberships} m join ${users} u on u.id = m.user_id where m.agency_id = ${agencyId} and u.active)`;

/**
 * When nobody at the agency can sign in yet, the administrators who can invite
 * them (the task e-mail then says whom to ask); otherwise null.
 */
async function whomToAskForAccess(tx: Executor, agencyId: number): Promise<string[] | null> {
  const [{ reachable }] = await tx
    .select({ reachable: hasActiveMember(sql`${agencies}.id`) })
    .from(agencies)
    .where(eq(agencies.id, agencyId));
  if (reachable) return null;
  const administrators = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.isAdmin, true), eq(users.active, true)))
    .orderBy(asc(users.id));
  return administrators.map((a) => a.email);
}

function taskAudit(task: typeof tasks.$inferSelect) {
  return {
    priorityId: task.priorityId,
    agencyId: task.agencyId,
    title: task.title,
    ask: task.ask,
    confidentiality: task.confidentiality,
    status: task.status,
    acknowledgeBy: task.acknowledgeBy,
    actionPlanDueBy: task.actionPlanDueBy,
    dueDate: task.dueDate,
    declineReason: task.declineReason,
    suggestedAgencyId: task.suggestedAgencyId,
    withdrawnReason: task.withdrawnReason,
    version: task.version,
  };
}

async function loadPriorityContext(tx: Executor, priorityId: number) {
  const [row] = await tx
    .select({
      priority: priorities,
      assemblyId: neighbourhoods.assemblyId,
      neighbourhoodName: neighbourhoods.name,
      assemblyName: assemblies.name,
    })
    .from(priorities)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(eq(priorities.id, priorityId))
    .limit(1);
  if (!row) throw notFound("There is no such priority.");
  return row;
}

async function loadTask(tx: Executor, taskId: number, lock = false) {
  const query = tx.select().from(tasks).where(eq(tasks.id, taskId)).limit(1);
  const [task] = lock ? await query.for("update") : await query;
  if (!task) throw notFound("There is no such task.");
  return task;
}

const baseUrl = (publicUrl?: string) => (publicUrl ?? "http://localhost:3000").replace(/\/$/, "");

// ---------------------------------------------------------------- changes

export type TaskOffer = TaskDeadlineInput & {
  priorityId: number;
  agencyId: number;
  title: string;
  ask: string;
  /** Omitted: the agency's default. */
  confidentiality?: "public" | "partners_only";
};

type OfferOptions = DomainOptions & { publicUrl?: string };

/** Inserts the task, its audit event and its e-mails, inside the caller's transaction. */
async function insertOffer(tx: Executor, viewer: Viewer, input: TaskOffer, now: Date, publicUrl?: string) {
  const context = await loadPriorityContext(tx, input.priorityId);
  ensure(canRunAssembly(viewer, context.assemblyId));
  if (!PRIORITY_STATUS[context.priority.status].current) {
    throw conflict("This priority is no longer current, so no tasks can be offered for it.");
  }
  const errors: FieldErrors = {};
  const [agency] = await tx.select().from(agencies).where(eq(agencies.id, input.agencyId));
  if (!agency) errors.agencyId = ["Choose the agency or community group"];
  if (!input.title.trim()) errors.title = ["Enter the task’s title"];
  if (!input.ask.trim()) errors.ask = ["Enter what is asked of the agency"];
  if (!agency) throw invalid("There is a problem", errors);
  const today = toIsoDate(now);
  const deadlines = offerDeadlines(
    today,
    agency.acknowledgeWithinWorkingDays,
    input,
    await loadBankHolidays(tx),
  );
  Object.assign(errors, deadlines.errors);
  const confidentiality = input.confidentiality ?? agency.defaultConfidentiality;
  // Youth offending work must never identify a young person in public.
  if (
    agency.kind === "youth_offending" &&
    agency.defaultConfidentiality === "partners_only" &&
    confidentiality === "public"
  ) {
    errors.confidentiality = ["Youth offending work is partners-only"];
  }
  if (Object.keys(errors).length) throw invalid("There is a problem", errors);
  const [task] = await tx
    .insert(tasks)
    .values({
      priorityId: context.priority.id,
      agencyId: agency.id,
      title: input.title.trim(),
      ask: input.ask.trim(),
      confidentiality,
      status: TASK_MOVES.offer.to,
      offeredAt: now,
      acknowledgeBy: deadlines.acknowledgeBy,
      actionPlanDueBy: deadlines.actionPlanDueBy,
      dueDate: deadlines.dueDate,
      createdByUserId: viewer.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const recipients = await agencyRecipients(tx, agency);
  const message = taskOfferedEmail({
    askForAccess: await whomToAskForAccess(tx, agency.id),
    agencyName: agency.name,
    assemblyName: context.assemblyName,
    neighbourhoodName: context.neighbourhoodName,
    priorityTitle: context.priority.title,
    taskTitle: task.title,
    ask: task.ask,
    acknowledgeBy: task.acknowledgeBy,
    actionPlanDueBy: task.actionPlanDueBy,
    dueDate: task.dueDate,
    partnersOnly: !isPublicTask({
      ...task,
      agencyKind: agency.kind,
      agencyDefaultConfidentiality: agency.defaultConfidentiality,
    }),
    chairName: viewer.name,
    taskUrl: `${baseUrl(publicUrl)}/tasks/${task.id}`,
  });
  for (const to of recipients) {
    await enqueueEmail(tx, {
      to,
      template: TASK_MOVES.offer.email.template,
      ...message,
      dedupeKey: `task-offered:${task.id}:${to.toLowerCase()}`,
    });
  }
  await recordAudit(tx, {
    actorUserId: viewer.userId,
    action: TASK_MOVES.offer.audit,
    entityType: "task",
    entityId: task.id,
    assemblyId: context.assemblyId,
    agencyId: agency.id,
    after: { ...taskAudit(task), notified: recipients },
  });
  return task;
}

/** Offers a task for a current priority to an agency or community group. */
export async function offerTask(viewer: Viewer, input: TaskOffer, options: OfferOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction((tx) => insertOffer(tx, viewer, input, now, options.publicUrl));
}

/**
 * Withdraws a task inside the caller's transaction (the caller has checked
 * the chair's right), and tells the agency. Used by withdrawTask and by a
 * priority review that ends the priority.
 */
export async function withdrawOpenTask(
  tx: Executor,
  viewer: Viewer,
  input: {
    taskId: number;
    reason: string;
    assemblyId: number;
    now: Date;
    publicUrl?: string;
    action?: string;
  },
) {
  const before = await loadTask(tx, input.taskId, true);
  if (!canMoveTask("withdraw", before.status)) {
    throw conflict(`This task is ${TASK_STATUS[before.status].toLowerCase()}, so it cannot be withdrawn.`);
  }
  const [after] = await tx
    .update(tasks)
    .set({
      status: TASK_MOVES.withdraw.to,
      withdrawnReason: input.reason,
      version: before.version + 1,
      updatedAt: input.now,
    })
    .where(eq(tasks.id, before.id))
    .returning();
  // A declined task is already off the agency's list: no need to write to them again.
  if (!isTaskIn("needsChair", before.status)) {
    const [agency] = await tx.select().from(agencies).where(eq(agencies.id, before.agencyId));
    const context = await loadPriorityContext(tx, before.priorityId);
    const message = taskWithdrawnEmail({
      agencyName: agency.name,
      assemblyName: context.assemblyName,
      priorityTitle: context.priority.title,
      taskTitle: before.title,
      reason: input.reason,
      taskUrl: `${baseUrl(input.publicUrl)}/tasks/${before.id}`,
    });
    for (const to of await agencyRecipients(tx, agency)) {
      await enqueueEmail(tx, {
        to,
        template: TASK_MOVES.withdraw.email.template,
        ...message,
        dedupeKey: `task-withdrawn:${before.id}:${to.toLowerCase()}`,
      });
    }
  }
  await recordAudit(tx, {
    actorUserId: viewer.userId,
    action: input.action ?? TASK_MOVES.withdraw.audit,
    entityType: "task",
    entityId: before.id,
    assemblyId: input.assemblyId,
    agencyId: before.agencyId,
    before: taskAudit(before),
    after: taskAudit(after),
  });
  return after;
}

/**
 * The task a chair is about to change, locked, with its priority's context: refused unless
 * the viewer runs its assembly and the page's version is still current.
 */
async function lockTaskForChair(tx: Executor, viewer: Viewer, input: { taskId: number; version: number }) {
  const task = await loadTask(tx, input.taskId, true);
  const context = await loadPriorityContext(tx, task.priorityId);
  ensure(canRunAssembly(viewer, context.assemblyId));
  if (task.version !== input.version) throw conflict(STALE_TASK_MESSAGE, taskAudit(task));
  return { task, context };
}

/** The chair withdraws a task (optimistic lock: the page's version must be current). */
export async function withdrawTask(
  viewer: Viewer,
  input: { taskId: number; version: number; reason: string },
  options: OfferOptions = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const { task, context } = await lockTaskForChair(tx, viewer, input);
    if (!input.reason.trim()) {
      throw invalid("There is a problem", { reason: ["Enter why the task is withdrawn"] });
    }
    return withdrawOpenTask(tx, viewer, {
      taskId: task.id,
      reason: input.reason.trim(),
      assemblyId: context.assemblyId,
      now,
      publicUrl: options.publicUrl,
    });
  });
}

export type DeclinedDecision =
  | ({ kind: "offer_suggested" } & TaskDeadlineInput)
  | ({ kind: "offer_other"; agencyId: number } & TaskDeadlineInput)
  | { kind: "withdraw"; reason: string };

/**
 * What happens to a declined task: offered to the agency it suggested, to
 * another agency, or withdrawn. A re-offer is a new task (the same title and
 * ask) and the declined one is closed as withdrawn, naming where it went.
 */
export async function decideDeclinedTask(
  viewer: Viewer,
  input: { taskId: number; version: number; decision: DeclinedDecision },
  options: OfferOptions = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const { task, context } = await lockTaskForChair(tx, viewer, input);
    if (!canMoveTask("reoffer", task.status)) throw conflict(TASK_MOVES.reoffer.refusal);
    const decision = input.decision;
    if (decision.kind === "withdraw") {
      if (!decision.reason.trim()) {
        throw invalid("There is a problem", { reason: ["Enter why the task is withdrawn"] });
      }
      const withdrawn = await withdrawOpenTask(tx, viewer, {
        taskId: task.id,
        reason: decision.reason.trim(),
        assemblyId: context.assemblyId,
        now,
        publicUrl: options.publicUrl,
        action: TASK_MOVES.withdrawDeclined.audit,
      });
      return { declined: withdrawn, offered: null };
    }
    const agencyId = decision.kind === "offer_suggested" ? task.suggestedAgencyId : decision.agencyId;
    if (agencyId == null) {
      throw invalid("There is a problem", {
        kind: ["The agency did not suggest another agency; choose one"],
      });
    }
    if (agencyId === task.agencyId) {
      throw invalid("There is a problem", {
        agencyId: ["Choose an agency other than the one that declined"],
      });
    }
    const offered = await insertOffer(
      tx,
      viewer,
      {
        priorityId: task.priorityId,
        agencyId,
        title: task.title,
        ask: task.ask,
        dueDate: decision.dueDate,
        dueInWorkingDays: decision.dueInWorkingDays,
      },
      now,
      options.publicUrl,
    );
    const [agency] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId));
    const declined = await withdrawOpenTask(tx, viewer, {
      taskId: task.id,
      reason: `Declined; offered to ${agency.name} instead.`,
      assemblyId: context.assemblyId,
      now,
      publicUrl: options.publicUrl,
      action: TASK_MOVES.reoffer.audit,
    });
    return { declined, offered };
  });
}

// ---------------------------------------------------------------- reads for the chair

/** Agencies and community groups to offer a task to, with their defaults. */
export async function listAgencyOptions(database: Executor = db()) {
  return database
    .select({
      id: agencies.id,
      name: agencies.name,
      kind: agencies.kind,
      defaultConfidentiality: agencies.defaultConfidentiality,
      acknowledgeWithinWorkingDays: agencies.acknowledgeWithinWorkingDays,
      // Nobody can sign in for the agency yet: its task e-mail says whom to ask for an invitation.
      hasAccounts: hasActiveMember(sql`${agencies}.id`),
    })
    .from(agencies)
    .orderBy(sql`${agencies.kind} = 'community_group'`, asc(agencies.name));
}

/** One task for the chair: the priority it serves and what the chair may do with it. */
export async function getTaskForChair(viewer: Viewer, taskId: number, options: DomainOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const task = await loadTask(database, taskId);
  const context = await loadPriorityContext(database, task.priorityId);
  ensure(canRunAssembly(viewer, context.assemblyId));
  const agencyIds = [task.agencyId, task.suggestedAgencyId].filter((id): id is number => id != null);
  const named = await database
    .select({
      id: agencies.id,
      name: agencies.name,
      kind: agencies.kind,
      defaultConfidentiality: agencies.defaultConfidentiality,
    })
    .from(agencies)
    .where(inArray(agencies.id, agencyIds));
  const nameOf = (id: number | null) => named.find((a) => a.id === id)?.name ?? null;
  const agency = named.find((a) => a.id === task.agencyId);
  const today = toIsoDate(now);
  return {
    task: {
      ...task,
      statusLabel: TASK_STATUS[task.status],
      agencyName: nameOf(task.agencyId) ?? "",
      /** Kept from the public by the publication rule. */
      partnersOnly:
        !agency ||
        !isPublicTask({
          ...task,
          agencyKind: agency.kind,
          agencyDefaultConfidentiality: agency.defaultConfidentiality,
        }),
      suggestedAgencyName: nameOf(task.suggestedAgencyId),
      canWithdraw: canChairWithdraw(task.status),
      canReoffer: canChairReoffer(task.status),
      isOverdue: isTaskOverdue(task, today),
      isAnswerLate: isAnswerLate(task, today),
    },
    priority: {
      id: context.priority.id,
      title: context.priority.title,
      status: context.priority.status,
      isCurrent: PRIORITY_STATUS[context.priority.status].current,
    },
    assemblyId: context.assemblyId,
    assemblyName: context.assemblyName,
    neighbourhoodName: context.neighbourhoodName,
    agencies: await listAgencyOptions(database),
    defaultDueWorkingDays: DEFAULT_DUE_WORKING_DAYS,
  };
}
