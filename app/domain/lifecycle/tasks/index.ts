// A task's life in one place: the named groups of statuses, every move an
// agency or a chair makes on a task (who may make it, from which statuses, to
// which status, the audit event and the e-mail), and the date rules read off a
// task (overdue, late to answer, action plan late) and off a priority (stale).
//
// Pure, so pages and the public status can use it; the same groups as SQL and
// the bank-holiday loader are in ./sql. Adding a status word means: the enum
// in db/schema.ts (and a migration), its words in ../statuses (TASK_STATUS),
// its groups and moves here. tests/unit/task-lifecycle.test.ts fails while a
// status has no words, no group or no way out.

import type { taskStatuses } from "~db/schema";
import type { MaybeViewer } from "../../core/access";
import { isChairOf, isCoordinatorOf, isMemberOf } from "../../core/access";
import { addCalendarDays, type IsoDate, toIsoDate } from "../../core/deadlines";

/** The stored status of a task (the schema's enum; its words are TASK_STATUS in ../statuses). */
type TaskStatus = (typeof taskStatuses)[number];

// ---------------------------------------------------------------- groups

/** The named groups of task statuses. The JavaScript and the SQL (./sql taskStatusIn) read these. */
export const TASK_STATUS_GROUPS = {
  /** Waiting for the agency to accept or decline. */
  awaitingAnswer: ["offered"],
  /** Accepted: the agency gives its action plan, posts updates and completes it. */
  working: ["accepted", "in_progress"],
  /** Still being worked on, or waiting to be: not done, declined or withdrawn (the inbox's partial index). */
  open: ["offered", "accepted", "in_progress"],
  /** The work is finished, with an outcome. */
  finished: ["done"],
  /** An agency takes (or took) part: open or done, not declined or withdrawn. The public sees only these. */
  involved: ["offered", "accepted", "in_progress", "done"],
  /** Declined by the agency: waits for the chair to re-offer or withdraw it. */
  needsChair: ["declined"],
  /** Nobody's work: declined or withdrawn. */
  dropped: ["declined", "withdrawn"],
} as const satisfies Record<string, readonly TaskStatus[]>;

export type TaskStatusGroup = keyof typeof TASK_STATUS_GROUPS;

/** True when the status is in the named group. */
export const isTaskIn = (group: TaskStatusGroup, status: TaskStatus | string): boolean =>
  (TASK_STATUS_GROUPS[group] as readonly string[]).includes(status);

/** Statuses in which an agency is still working on a task (or has yet to answer). */
export const OPEN_TASK_STATUSES = TASK_STATUS_GROUPS.open;
export const isOpenTask = (status: TaskStatus | string) => isTaskIn("open", status);

/** Statuses no move leads out of. Every other status must have a way out. */
export const TERMINAL_TASK_STATUSES = ["withdrawn"] as const satisfies readonly TaskStatus[];

// ---------------------------------------------------------------- moves

/** Who may make a move: the task's agency, its coordinators, the assembly's chair. An admin may make any. */
export type TaskActor = "agency" | "coordinator" | "chair";

export type TaskMove = {
  /** Who may make it (an admin may make every move). */
  by: readonly TaskActor[];
  /** The statuses it starts from; empty for the offer, which makes the task. */
  from: readonly TaskStatus[];
  /** The status it leaves the task in; null when the status stays as it was. */
  to: TaskStatus | null;
  /** The audit event it writes. */
  audit: string;
  /** The outbox template it queues, if any (and to whom, in words). */
  email: { template: string; to: string } | null;
  /** What the person is told when the task's status does not allow the move. */
  refusal: string;
};

/**
 * Every move on a task. The agency's side is in ../tasks, the chair's in
 * ../chair-tasks (and ../priorities, which withdraws open tasks when a
 * priority ends); both ask this table whether a move may start from the
 * task's status. The chair never completes a task: there is no such move.
 */
export const TASK_MOVES = {
  offer: {
    by: ["chair"],
    from: [],
    to: "offered",
    audit: "task.offered",
    email: { template: "task-offered", to: "the agency's inbox and coordinators" },
    refusal: "",
  },
  accept: {
    by: ["agency"],
    from: TASK_STATUS_GROUPS.awaitingAnswer,
    to: "accepted",
    audit: "task.accepted",
    email: { template: "task-assigned", to: "the person named to do it, unless it is the one accepting" },
    refusal: "Only a task that is waiting to be accepted can be accepted.",
  },
  decline: {
    by: ["agency"],
    from: ["offered", "accepted"],
    to: "declined",
    audit: "task.declined",
    email: { template: "task-declined", to: "the assembly's chairs" },
    refusal: "Only a task that is not yet under way can be declined.",
  },
  actionPlan: {
    by: ["agency"],
    from: TASK_STATUS_GROUPS.working,
    to: null,
    audit: "task.action_plan",
    email: null,
    refusal: "An action plan can be given once the task is accepted.",
  },
  update: {
    by: ["agency"],
    from: TASK_STATUS_GROUPS.working,
    to: null,
    audit: "task.update_posted",
    email: null,
    refusal: "Accept the task before posting updates.",
  },
  /** An update that says work has started ("mark in progress"). */
  startWork: {
    by: ["agency"],
    from: ["accepted"],
    to: "in_progress",
    audit: "task.update_posted",
    email: null,
    refusal: "Accept the task before posting updates.",
  },
  complete: {
    by: ["agency"],
    from: TASK_STATUS_GROUPS.working,
    to: "done",
    audit: "task.completed",
    email: null,
    refusal: "Only a task that is under way can be completed.",
  },
  reopen: {
    by: ["coordinator", "chair"],
    from: TASK_STATUS_GROUPS.finished,
    to: "in_progress",
    audit: "task.reopened",
    email: null,
    refusal: "Only a done task can be reopened.",
  },
  reassign: {
    by: ["coordinator"],
    from: TASK_STATUS_GROUPS.open,
    to: null,
    audit: "task.reassigned",
    email: { template: "task-assigned", to: "the person now named, unless it is the one reassigning" },
    refusal: "Only a task still being worked on can be reassigned.",
  },
  withdraw: {
    by: ["chair"],
    from: [...TASK_STATUS_GROUPS.open, ...TASK_STATUS_GROUPS.needsChair],
    to: "withdrawn",
    audit: "task.withdrawn",
    email: { template: "task-withdrawn", to: "the agency's inbox and coordinators (not after it declined)" },
    refusal: "This task cannot be withdrawn.",
  },
  /** The chair's decision on a declined task: offered to another agency (a new task); this one is closed. */
  reoffer: {
    by: ["chair"],
    from: TASK_STATUS_GROUPS.needsChair,
    to: "withdrawn",
    audit: "task.reoffered",
    email: { template: "task-offered", to: "the new agency's inbox and coordinators" },
    refusal: "Only a declined task waits for your decision.",
  },
  /** The chair's decision on a declined task: withdrawn, nobody else asked. */
  withdrawDeclined: {
    by: ["chair"],
    from: TASK_STATUS_GROUPS.needsChair,
    to: "withdrawn",
    audit: "task.declined_withdrawn",
    email: null,
    refusal: "Only a declined task waits for your decision.",
  },
} as const satisfies Record<string, TaskMove>;

export type TaskMoveName = keyof typeof TASK_MOVES;

/** May the move start from this status? */
export const canMoveTask = (move: TaskMoveName, status: TaskStatus): boolean =>
  (TASK_MOVES[move].from as readonly TaskStatus[]).includes(status);

/** Is this person one of those the move is for, on this task (its agency, in its assembly)? */
export function mayMakeTaskMove(
  viewer: MaybeViewer,
  move: TaskMoveName,
  task: { agencyId: number; assemblyId?: number },
): boolean {
  return (TASK_MOVES[move].by as readonly TaskActor[]).some((actor) =>
    actor === "agency"
      ? isMemberOf(viewer, task.agencyId)
      : actor === "coordinator"
        ? isCoordinatorOf(viewer, task.agencyId)
        : task.assemblyId != null && isChairOf(viewer, task.assemblyId),
  );
}

/** The statuses a task can move to from `status` (tests walk this). */
export function nextTaskStatuses(status: TaskStatus): TaskStatus[] {
  const next = new Set<TaskStatus>();
  for (const move of Object.values(TASK_MOVES) as TaskMove[]) {
    if (move.to != null && move.to !== status && move.from.includes(status)) next.add(move.to);
  }
  return [...next];
}

// ---------------------------------------------------------------- date rules

/** Action plans are due this many calendar days after the offer (Albuquerque SOP 4-7). */
export const ACTION_PLAN_CALENDAR_DAYS = 10;

/** The day an action plan is due for a task offered on `offeredOn`. */
export const actionPlanDueBy = (offeredOn: IsoDate): IsoDate =>
  addCalendarDays(offeredOn, ACTION_PLAN_CALENDAR_DAYS);

/** Days without a public update after which a current priority is shown as stale. */
export const REVIEW_CYCLE_DAYS = 42;

/** Overdue on `today`: the task is open and its due date has passed. */
export const isTaskOverdue = (task: { status: TaskStatus | string; dueDate: IsoDate }, today: IsoDate) =>
  isOpenTask(task.status) && task.dueDate < today;

/**
 * The same rule replayed on a past day (the measures and monthly reports):
 * offered by then, not declined or withdrawn, not completed by then, and due
 * before it. On today it says what isTaskOverdue says.
 */
export function wasTaskOverdueOn(
  task: { status: TaskStatus; dueDate: IsoDate; offeredAt: Date; completedAt: Date | null },
  day: IsoDate,
): boolean {
  return (
    isTaskIn("involved", task.status) &&
    toIsoDate(task.offeredAt) <= day &&
    (task.completedAt == null || toIsoDate(task.completedAt) > day) &&
    task.dueDate < day
  );
}

/** Still waiting for the agency's answer after its accept-by day. */
export const isAnswerLate = (task: { status: TaskStatus | string; acknowledgeBy: IsoDate }, today: IsoDate) =>
  isTaskIn("awaitingAnswer", task.status) && task.acknowledgeBy < today;

/** The action plan came (or, while the task is open, is still missing) after its due day. */
export function isActionPlanLate(
  task: { status: TaskStatus; actionPlanDueBy: IsoDate; actionPlanSubmittedAt: Date | null },
  today: IsoDate,
): boolean {
  return task.actionPlanSubmittedAt != null
    ? toIsoDate(task.actionPlanSubmittedAt) > task.actionPlanDueBy
    : isOpenTask(task.status) && today > task.actionPlanDueBy;
}

/**
 * Stale on `day`: no public news for more than REVIEW_CYCLE_DAYS, counted from
 * the latest public update or, when there is none since, from the day the
 * priority was agreed. (Whether the priority is still current is the caller's.)
 */
export function isStaleOn(
  priority: { agreedOn: IsoDate },
  lastNews: IsoDate | null | undefined,
  day: IsoDate,
) {
  const latest = lastNews && lastNews > priority.agreedOn ? lastNews : priority.agreedOn;
  return addCalendarDays(latest, REVIEW_CYCLE_DAYS) < day;
}
