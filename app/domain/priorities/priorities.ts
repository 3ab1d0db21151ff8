// Priorities: agreed by the chair for a neighbourhood at a meeting, reviewed
// at later meetings. active ⇄ monitoring → resolved | closed | referred
// (DESIGN.md §3). A neighbourhood holds at most `maxActivePriorities` active
// ones; resolving, closing or referring a priority whose tasks are still open
// needs the chair to say what happens to those tasks.
import { and, asc, count, desc, eq, gt, inArray, lte, ne } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import {
  agencies,
  assemblies,
  categories,
  concerns,
  meetingNeighbourhoods,
  meetings,
  neighbourhoods,
  priorities,
  priorityConcerns,
  tasks,
} from "~db/schema";
import { adoptConcernsInto } from "../concerns/concerns";
import { countsForReview, improvementForChair } from "../concerns/improvement-answers";
import { canRunAssembly, ensure, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import { type IsoDate, toIsoDate } from "../core/deadlines";
import { conflict, type FieldErrors, invalid, notFound } from "../core/errors";
import { priorityFlags } from "../lifecycle/public-status";
import { PRIORITY_STATUS, type PriorityStatus, TASK_STATUS, type TaskStatus } from "../lifecycle/statuses";
import { isAnswerLate, isOpenTask, isTaskIn, isTaskOverdue } from "../lifecycle/tasks";
import { taskStatusIn } from "../lifecycle/tasks/sql";
import { type DomainOptions, meetingCovers, meetingUnderWay } from "../meetings/meetings";
import { isPublicTask, latestPublicUpdates } from "../publication";
import { withdrawOpenTask } from "../tasks/chair-tasks";

// ---------------------------------------------------------------- the state machine (pure)

export const PRIORITY_TRANSITIONS: Record<PriorityStatus, readonly PriorityStatus[]> = {
  active: ["active", "monitoring", "resolved", "closed", "referred"],
  monitoring: ["active", "monitoring", "resolved", "closed", "referred"],
  resolved: [],
  closed: [],
  referred: [],
};

export function canMovePriority(from: PriorityStatus, to: PriorityStatus): boolean {
  return PRIORITY_TRANSITIONS[from].includes(to);
}

/** What the chair decides at a review. */
export const REVIEW_OUTCOMES = ["continue", "monitoring", "resolved", "closed", "referred"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const REVIEW_OUTCOME_STATUS: Record<ReviewOutcome, PriorityStatus> = {
  continue: "active",
  monitoring: "monitoring",
  resolved: "resolved",
  closed: "closed",
  referred: "referred",
};

export type ReviewDecision =
  | { outcome: "continue"; reviewDate: IsoDate }
  | { outcome: "monitoring"; reviewDate: IsoDate }
  | { outcome: "resolved"; outcomeSummary: string }
  | { outcome: "closed"; reason: string }
  | { outcome: "referred"; referredTo: string };

/** What happens to open tasks when a priority stops being current. */
export const OPEN_TASK_CHOICES = ["withdraw", "let_finish"] as const;
export type OpenTaskChoice = (typeof OPEN_TASK_CHOICES)[number];

/** Per-field errors for a review decision (pure; `today` decides whether a review date is in the future). */
export function checkReviewDecision(decision: ReviewDecision, today: IsoDate): FieldErrors {
  const errors: FieldErrors = {};
  if (decision.outcome === "continue" || decision.outcome === "monitoring") {
    if (!(decision.reviewDate > today)) errors.reviewDate = ["The next review date must be in the future"];
  }
  if (decision.outcome === "resolved" && !decision.outcomeSummary.trim()) {
    errors.outcomeSummary = ["Enter the public outcome summary"];
  }
  if (decision.outcome === "closed" && !decision.reason.trim()) {
    errors.reason = ["Enter why it is closed with no further action"];
  }
  if (decision.outcome === "referred" && !decision.referredTo.trim()) {
    errors.referredTo = ["Enter who it is referred to"];
  }
  return errors;
}

/** Without a later meeting, a priority is reviewed three months after it was agreed. */
export const DEFAULT_REVIEW_MONTHS = 3;

export function threeMonthsAfter(day: IsoDate): IsoDate {
  const [year, month, date] = day.split("-").map(Number);
  const target = new Date(Date.UTC(year, month - 1 + DEFAULT_REVIEW_MONTHS, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- helpers

export function maxActiveMessage(name: string, max: number) {
  return `${name} already has ${max} active ${max === 1 ? "priority" : "priorities"}, its maximum. Resolve, close or refer one, or move it to monitoring, first.`;
}

async function lockNeighbourhood(tx: Executor, neighbourhoodId: number) {
  const [row] = await tx
    .select()
    .from(neighbourhoods)
    .where(eq(neighbourhoods.id, neighbourhoodId))
    .for("update");
  if (!row) throw notFound("There is no such neighbourhood.");
  return row;
}

async function countActive(tx: Executor, neighbourhoodId: number, except?: number) {
  const [row] = await tx
    .select({ value: count() })
    .from(priorities)
    .where(
      and(
        eq(priorities.neighbourhoodId, neighbourhoodId),
        eq(priorities.status, "active"),
        except != null ? ne(priorities.id, except) : undefined,
      ),
    );
  return row?.value ?? 0;
}

/**
 * The day of the next meeting of an assembly covering the neighbourhood, on a
 * later day than `after` (a review date must be in the future, so a second
 * meeting later the same day is not the next review).
 */
async function nextMeetingDay(database: Executor, neighbourhoodId: number, after: Date) {
  const today = toIsoDate(after);
  const upcoming = await database
    .select({ startsAt: meetings.startsAt })
    .from(meetingNeighbourhoods)
    .innerJoin(meetings, eq(meetings.id, meetingNeighbourhoods.meetingId))
    .where(
      and(
        eq(meetingNeighbourhoods.neighbourhoodId, neighbourhoodId),
        eq(meetings.status, "scheduled"),
        gt(meetings.startsAt, after),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(10);
  const next = upcoming.map((m) => toIsoDate(m.startsAt)).find((day) => day > today);
  return next ?? null;
}

/** The default review date: the neighbourhood's next meeting, else three months on. */
export async function defaultReviewDate(
  neighbourhoodId: number,
  from: Date,
  database: Executor = db(),
): Promise<IsoDate> {
  return (await nextMeetingDay(database, neighbourhoodId, from)) ?? threeMonthsAfter(toIsoDate(from));
}

function priorityAudit(priority: typeof priorities.$inferSelect) {
  return {
    neighbourhoodId: priority.neighbourhoodId,
    categoryId: priority.categoryId,
    agreedAtMeetingId: priority.agreedAtMeetingId,
    title: priority.title,
    youSaid: priority.youSaid,
    status: priority.status,
    agreedOn: priority.agreedOn,
    reviewDate: priority.reviewDate,
    outcomeSummary: priority.outcomeSummary,
    closedReason: priority.closedReason,
    referredTo: priority.referredTo,
    version: priority.version,
  };
}

async function loadPriority(database: Executor, priorityId: number, lock = false) {
  const query = database
    .select({ priority: priorities, assemblyId: neighbourhoods.assemblyId })
    .from(priorities)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .where(eq(priorities.id, priorityId))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: priorities }) : await query;
  if (!row) throw notFound("There is no such priority.");
  return row;
}

// ---------------------------------------------------------------- changes

export type PriorityAgreement = {
  meetingId: number;
  neighbourhoodId: number;
  concernIds: number[];
  title: string;
  youSaid: string;
  categoryId?: number | null;
  /** Omitted: the next meeting, else three months on. */
  reviewDate?: IsoDate;
};

/** Agrees a priority at a meeting from one or more new concerns of the neighbourhood. */
export async function agreePriority(
  viewer: Viewer,
  input: PriorityAgreement,
  options: DomainOptions & { publicUrl?: string } = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const meeting = await meetingUnderWay(
      tx,
      { meetingId: input.meetingId, now, allowed: (assemblyId) => canRunAssembly(viewer, assemblyId) },
      {
        cancelled: "This meeting was cancelled, so no priority can be agreed at it.",
        notStarted: "This meeting has not started yet. Priorities are agreed at the meeting.",
      },
    );
    const errors: FieldErrors = {};
    if (!(await meetingCovers(tx, meeting.id, input.neighbourhoodId)))
      errors.neighbourhoodId = ["Choose a neighbourhood this meeting covers"];
    if (!input.title.trim()) errors.title = ["Enter the priority’s title"];
    if (!input.youSaid.trim()) errors.youSaid = ["Enter the public “you said” summary"];
    if (input.categoryId != null) {
      const [category] = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(eq(categories.id, input.categoryId));
      if (!category) errors.categoryId = ["Choose a category from the list"];
    }
    const agreedOn = toIsoDate(meeting.startsAt);
    const reviewDate = input.reviewDate ?? (await defaultReviewDate(input.neighbourhoodId, now, tx));
    if (!(reviewDate > toIsoDate(now))) errors.reviewDate = ["The review date must be in the future"];
    if (Object.keys(errors).length) throw invalid("There is a problem", errors);
    // Locking the neighbourhood serialises agreements, so two chairs cannot both take the last place.
    const neighbourhood = await lockNeighbourhood(tx, input.neighbourhoodId);
    const active = await countActive(tx, neighbourhood.id);
    if (active >= neighbourhood.maxActivePriorities) {
      throw invalid("There is a problem", {
        form: [maxActiveMessage(neighbourhood.name, neighbourhood.maxActivePriorities)],
      });
    }
    const [priority] = await tx
      .insert(priorities)
      .values({
        neighbourhoodId: neighbourhood.id,
        categoryId: input.categoryId ?? null,
        agreedAtMeetingId: meeting.id,
        title: input.title.trim(),
        youSaid: input.youSaid.trim(),
        status: "active",
        agreedOn,
        reviewDate,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const concernErrors = await adoptConcernsInto(tx, viewer, {
      priorityId: priority.id,
      neighbourhoodId: neighbourhood.id,
      assemblyId: meeting.assemblyId,
      concernIds: input.concernIds,
      now,
      publicUrl: options.publicUrl,
    });
    // Throwing rolls the whole transaction back: nothing is half-saved.
    if (Object.keys(concernErrors).length) throw invalid("There is a problem", concernErrors);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "priority.agreed",
      entityType: "priority",
      entityId: priority.id,
      assemblyId: meeting.assemblyId,
      after: { ...priorityAudit(priority), concernIds: [...new Set(input.concernIds)] },
    });
    return priority;
  });
}

/** Where a concern may be adopted into a new priority (the choices the chair's concern page offers). */
export type NewPriorityPlaces =
  | { kind: "meetings"; meetings: Array<{ id: number; title: string; startsAt: Date }> }
  | { kind: "full"; message: string }
  | { kind: "no_meeting"; next: { id: number; title: string; startsAt: Date } | null };

/** The most meetings offered to choose from (the newest). */
export const NEW_PRIORITY_MEETING_CHOICES = 12;

/**
 * Where a new priority for a neighbourhood can be agreed, for a concern raised
 * at a meeting or online: a priority is agreed at a meeting, so these are the
 * assembly's meetings covering the neighbourhood that have started (held or
 * under way, not cancelled), newest first. Says instead when the neighbourhood
 * already has its maximum of active priorities, or when no meeting has started
 * yet (with the next one scheduled, if any). agreePriority checks all of it again.
 */
export async function placesForNewPriority(
  viewer: Viewer,
  neighbourhoodId: number,
  options: DomainOptions = {},
): Promise<NewPriorityPlaces> {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const [neighbourhood] = await database
    .select()
    .from(neighbourhoods)
    .where(eq(neighbourhoods.id, neighbourhoodId));
  if (!neighbourhood) throw notFound("There is no such neighbourhood.");
  ensure(canRunAssembly(viewer, neighbourhood.assemblyId));
  if ((await countActive(database, neighbourhood.id)) >= neighbourhood.maxActivePriorities) {
    return { kind: "full", message: maxActiveMessage(neighbourhood.name, neighbourhood.maxActivePriorities) };
  }
  const covering = and(
    eq(meetingNeighbourhoods.neighbourhoodId, neighbourhood.id),
    eq(meetings.assemblyId, neighbourhood.assemblyId),
    ne(meetings.status, "cancelled"),
  );
  const columns = { id: meetings.id, title: meetings.title, startsAt: meetings.startsAt };
  const started = await database
    .select(columns)
    .from(meetingNeighbourhoods)
    .innerJoin(meetings, eq(meetings.id, meetingNeighbourhoods.meetingId))
    .where(and(covering, lte(meetings.startsAt, now)))
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(NEW_PRIORITY_MEETING_CHOICES);
  if (started.length) return { kind: "meetings", meetings: started };
  const [next] = await database
    .select(columns)
    .from(meetingNeighbourhoods)
    .innerJoin(meetings, eq(meetings.id, meetingNeighbourhoods.meetingId))
    .where(and(covering, gt(meetings.startsAt, now)))
    .orderBy(asc(meetings.startsAt))
    .limit(1);
  return { kind: "no_meeting", next: next ?? null };
}

export type PriorityReview = {
  priorityId: number;
  version: number;
  decision: ReviewDecision;
  /** Required when the decision ends the priority and some of its tasks are still open. */
  openTasks?: OpenTaskChoice;
};

/**
 * Reviews a priority: continue (new review date), monitoring, resolved,
 * closed (no further action) or referred. Refuses a stale page, the active
 * maximum, and ending a priority with open tasks without saying what happens to them.
 */
export async function reviewPriority(
  viewer: Viewer,
  input: PriorityReview,
  options: DomainOptions & { publicUrl?: string } = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const today = toIsoDate(now);
  return database.transaction(async (tx) => {
    const { priority: before, assemblyId } = await loadPriority(tx, input.priorityId, true);
    ensure(canRunAssembly(viewer, assemblyId));
    if (before.version !== input.version) {
      throw conflict("This priority changed since you opened it. Check the latest and decide again.", {
        ...priorityAudit(before),
      });
    }
    const status = REVIEW_OUTCOME_STATUS[input.decision.outcome];
    if (!canMovePriority(before.status, status)) {
      throw conflict(
        `This priority is already ${PRIORITY_STATUS[before.status].label.toLowerCase()}, so it cannot be reviewed again.`,
      );
    }
    const errors = checkReviewDecision(input.decision, today);
    if (Object.keys(errors).length) throw invalid("There is a problem", errors);
    if (status === "active" && before.status !== "active") {
      const neighbourhood = await lockNeighbourhood(tx, before.neighbourhoodId);
      if ((await countActive(tx, neighbourhood.id, before.id)) >= neighbourhood.maxActivePriorities) {
        throw invalid("There is a problem", {
          form: [maxActiveMessage(neighbourhood.name, neighbourhood.maxActivePriorities)],
        });
      }
    }
    const ending = !PRIORITY_STATUS[status].current;
    const open = ending
      ? await tx
          .select({ id: tasks.id, title: tasks.title, status: tasks.status, agencyName: agencies.name })
          .from(tasks)
          .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
          .where(and(eq(tasks.priorityId, before.id), taskStatusIn("open")))
          .orderBy(asc(tasks.id))
      : [];
    if (open.length && !input.openTasks) {
      throw conflict(
        `${open.length === 1 ? "One task is" : `${open.length} tasks are`} still open. Say what happens to ${open.length === 1 ? "it" : "them"} before you ${input.decision.outcome === "resolved" ? "resolve" : input.decision.outcome === "closed" ? "close" : "refer"} this priority.`,
        { openTasks: open },
      );
    }
    const decision = input.decision;
    // The review keeps residents' answers as they are now; the public outcome reads them from here.
    const improvementCounts = (await countsForReview(before.id, tx)) ?? before.improvementCounts;
    const [after] = await tx
      .update(priorities)
      .set({
        status,
        reviewDate:
          decision.outcome === "continue" || decision.outcome === "monitoring"
            ? decision.reviewDate
            : before.reviewDate,
        outcomeSummary:
          decision.outcome === "resolved" ? decision.outcomeSummary.trim() : before.outcomeSummary,
        closedReason: decision.outcome === "closed" ? decision.reason.trim() : null,
        referredTo: decision.outcome === "referred" ? decision.referredTo.trim() : null,
        closedAt: ending ? now : null,
        improvementCounts,
        version: before.version + 1,
        updatedAt: now,
      })
      .where(eq(priorities.id, before.id))
      .returning();
    if (open.length && input.openTasks === "withdraw") {
      const reason = `The priority was ${PRIORITY_STATUS[status].label.toLowerCase()} at review.`;
      for (const task of open) {
        await withdrawOpenTask(tx, viewer, {
          taskId: task.id,
          reason,
          assemblyId,
          now,
          publicUrl: options.publicUrl,
        });
      }
    }
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: `priority.${input.decision.outcome === "continue" ? "continued" : status}`,
      entityType: "priority",
      entityId: before.id,
      assemblyId,
      before: priorityAudit(before),
      after: {
        ...priorityAudit(after),
        ...(improvementCounts ? { improvementCounts } : {}),
        ...(open.length ? { openTasks: { choice: input.openTasks, taskIds: open.map((t) => t.id) } } : {}),
      },
    });
    return { priority: after, openTasks: open.map((t) => t.id) };
  });
}

// ---------------------------------------------------------------- reads for the chair

export type ChairTask = {
  id: number;
  agencyId: number;
  agencyName: string;
  agencyKind: string;
  title: string;
  ask: string;
  status: TaskStatus;
  statusLabel: string;
  confidentiality: "public" | "partners_only";
  /** Kept from the public by the publication rule (./publication/rule). */
  partnersOnly: boolean;
  offeredAt: Date;
  acknowledgeBy: IsoDate;
  actionPlanDueBy: IsoDate;
  dueDate: IsoDate;
  declineReason: string | null;
  suggestedAgencyId: number | null;
  withdrawnReason: string | null;
  outcomeSummary: string | null;
  version: number;
  isOverdue: boolean;
  isAwaitingAnswer: boolean;
  isAnswerLate: boolean;
};

/** All tasks of these priorities, for the chair (partners-only ones included and marked). */
export async function listChairTasks(priorityIds: number[], today: IsoDate, database: Executor = db()) {
  if (!priorityIds.length) return [] as Array<ChairTask & { priorityId: number }>;
  const rows = await database
    .select({
      id: tasks.id,
      priorityId: tasks.priorityId,
      agencyId: agencies.id,
      agencyName: agencies.name,
      agencyKind: agencies.kind,
      title: tasks.title,
      ask: tasks.ask,
      status: tasks.status,
      confidentiality: tasks.confidentiality,
      agencyDefaultConfidentiality: agencies.defaultConfidentiality,
      offeredAt: tasks.offeredAt,
      acknowledgeBy: tasks.acknowledgeBy,
      actionPlanDueBy: tasks.actionPlanDueBy,
      dueDate: tasks.dueDate,
      declineReason: tasks.declineReason,
      suggestedAgencyId: tasks.suggestedAgencyId,
      withdrawnReason: tasks.withdrawnReason,
      outcomeSummary: tasks.outcomeSummary,
      version: tasks.version,
    })
    .from(tasks)
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(inArray(tasks.priorityId, priorityIds))
    .orderBy(asc(tasks.priorityId), asc(tasks.id));
  return rows.map(({ agencyDefaultConfidentiality, ...row }) => ({
    ...row,
    statusLabel: TASK_STATUS[row.status],
    partnersOnly: !isPublicTask({ ...row, agencyDefaultConfidentiality }),
    // Only work still open can be late: a declined or withdrawn task is not "overdue".
    isOverdue: isTaskOverdue(row, today),
    isAwaitingAnswer: isTaskIn("awaitingAnswer", row.status),
    isAnswerLate: isAnswerLate(row, today),
  }));
}

/** Current priorities of these neighbourhoods with the chair's flags (stale from public news, as the public sees it). */
export async function listCurrentPriorities(
  neighbourhoodIds: number[],
  now: Date,
  database: Executor = db(),
) {
  if (!neighbourhoodIds.length) return [];
  const today = toIsoDate(now);
  const rows = await database
    .select({
      id: priorities.id,
      neighbourhoodId: priorities.neighbourhoodId,
      title: priorities.title,
      youSaid: priorities.youSaid,
      status: priorities.status,
      agreedOn: priorities.agreedOn,
      reviewDate: priorities.reviewDate,
      version: priorities.version,
    })
    .from(priorities)
    .where(
      and(
        inArray(priorities.neighbourhoodId, neighbourhoodIds),
        inArray(priorities.status, ["active", "monitoring"]),
      ),
    )
    .orderBy(asc(priorities.reviewDate), asc(priorities.id));
  const ids = rows.map((r) => r.id);
  const [allTasks, latest] = await Promise.all([
    listChairTasks(ids, today, database),
    latestPublicUpdates(ids, database),
  ]);
  return rows.map((priority) => {
    const own = allTasks.filter((t) => t.priorityId === priority.id);
    return {
      ...priority,
      statusLabel: PRIORITY_STATUS[priority.status].label,
      tasks: own,
      isReviewDue: priority.reviewDate <= today,
      lastPublicUpdateAt: latest.get(priority.id)?.createdAt ?? null,
      ...priorityFlags(priority, latest.get(priority.id)?.createdAt ?? null, own, today),
    };
  });
}

/** One priority for the chair: its concerns, tasks (all), and what the review form needs. */
export async function getPriorityForChair(viewer: Viewer, priorityId: number, options: DomainOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const today = toIsoDate(now);
  const { priority, assemblyId } = await loadPriority(database, priorityId);
  ensure(canRunAssembly(viewer, assemblyId));
  const [
    [neighbourhood],
    [assembly],
    [category],
    meeting,
    linked,
    taskList,
    latest,
    suggestedReview,
    improvement,
  ] = await Promise.all([
    database
      .select({
        id: neighbourhoods.id,
        name: neighbourhoods.name,
        slug: neighbourhoods.slug,
        maxActivePriorities: neighbourhoods.maxActivePriorities,
      })
      .from(neighbourhoods)
      .where(eq(neighbourhoods.id, priority.neighbourhoodId)),
    database
      .select({ id: assemblies.id, name: assemblies.name })
      .from(assemblies)
      .where(eq(assemblies.id, assemblyId)),
    priority.categoryId
      ? database
          .select({ id: categories.id, name: categories.name })
          .from(categories)
          .where(eq(categories.id, priority.categoryId))
      : Promise.resolve([null]),
    priority.agreedAtMeetingId
      ? database
          .select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt })
          .from(meetings)
          .where(eq(meetings.id, priority.agreedAtMeetingId))
          .then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
    database
      .select({ id: concerns.id, publicWording: concerns.publicWording, location: concerns.location })
      .from(priorityConcerns)
      .innerJoin(concerns, eq(concerns.id, priorityConcerns.concernId))
      .where(eq(priorityConcerns.priorityId, priority.id))
      .orderBy(asc(concerns.id)),
    listChairTasks([priority.id], today, database),
    latestPublicUpdates([priority.id], database),
    defaultReviewDate(priority.neighbourhoodId, now, database),
    improvementForChair(priority.id, database),
  ]);
  const lastPublic = latest.get(priority.id)?.createdAt ?? null;
  return {
    priority: {
      ...priority,
      statusLabel: PRIORITY_STATUS[priority.status].label,
      isCurrent: PRIORITY_STATUS[priority.status].current,
      ...priorityFlags(priority, lastPublic, taskList, today),
    },
    assembly,
    neighbourhood,
    category: category ?? null,
    meeting,
    concerns: linked,
    tasks: taskList,
    openTasks: taskList.filter((t) => isOpenTask(t.status)),
    lastPublicUpdateAt: lastPublic,
    suggestedReviewDate: suggestedReview,
    improvement,
    today,
  };
}

/** Priorities whose review date has come, for the chair's workspace. */
export async function countReviewsDue(neighbourhoodIds: number[], now: Date, database: Executor = db()) {
  if (!neighbourhoodIds.length) return 0;
  const [row] = await database
    .select({ value: count() })
    .from(priorities)
    .where(
      and(
        inArray(priorities.neighbourhoodId, neighbourhoodIds),
        inArray(priorities.status, ["active", "monitoring"]),
        lte(priorities.reviewDate, toIsoDate(now)),
      ),
    );
  return row?.value ?? 0;
}

const TITLE_LENGTH = 90;

/**
 * A first draft of a priority from the concerns it answers, for the chair to edit:
 * the first concern's words as the title, every concern's words as "you said".
 */
export function draftPriority(chosen: Array<{ publicWording: string; categoryId: number | null }>): {
  title: string;
  youSaid: string;
  categoryId: number | null;
} {
  const first = chosen[0];
  if (!first) return { title: "", youSaid: "", categoryId: null };
  const words = first.publicWording.trim().replace(/\s+/g, " ");
  const cut =
    words.length <= TITLE_LENGTH ? words : `${words.slice(0, TITLE_LENGTH).replace(/\s+\S*$/, "")}…`;
  return {
    title: cut.replace(/\.$/, ""),
    youSaid: chosen.map((c) => c.publicWording.trim()).join("\n\n"),
    categoryId: chosen.find((c) => c.categoryId != null)?.categoryId ?? null,
  };
}
