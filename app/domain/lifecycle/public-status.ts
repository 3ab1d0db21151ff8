// THE public status of a priority: what the public is told is happening, in
// words, derived from the priority's stored status and the tasks the public
// may see. Every public surface (neighbourhood and priority pages, archive,
// Atom, /api/v1, the police.uk shape, CSV, e-mails to the public) reads it
// from here, so none can say more is happening than really is: "being worked
// on" needs an agency that accepted; "waiting" names who has not; finished
// work waits for the meeting's review; past priorities say how they ended.
import { type IsoDate, toIsoDate } from "../core/deadlines";
import { compareNames, dayInWords, isoDateInWords } from "../core/words";
import { PRIORITY_STATUS, type PriorityStatus, type TaskStatus } from "./statuses";
import { isStaleOn, isTaskIn, isTaskOverdue } from "./tasks";

// The overdue and stale rules live with the task lifecycle; named here too for the public read models.
export { isTaskOverdue, REVIEW_CYCLE_DAYS } from "./tasks";

export const publicPhases = [
  "no_agency_asked",
  "waiting_to_accept",
  "being_worked_on",
  "actions_finished",
  "monitoring",
  "resolved",
  "closed",
  "referred",
] as const;
export type PublicPhase = (typeof publicPhases)[number];

/** The short words of each phase (the tag), and what each means in a sentence. */
export const PUBLIC_PHASE: Record<PublicPhase, { label: string; meaning: string }> = {
  no_agency_asked: {
    label: "No agency asked yet",
    meaning: "The meeting agreed this priority. No agency has been asked to act on it yet.",
  },
  waiting_to_accept: {
    label: "Waiting for agencies to accept",
    meaning: "Agencies have been asked to act. None has accepted yet.",
  },
  being_worked_on: {
    label: "Being worked on",
    meaning: "At least one agency has accepted its part and is working on it.",
  },
  actions_finished: {
    label: "Actions finished — waiting for review",
    meaning: "Every agreed action is finished. The meeting will review whether things got better.",
  },
  monitoring: {
    label: "Monitoring",
    meaning: PRIORITY_STATUS.monitoring.meaning,
  },
  resolved: { label: PRIORITY_STATUS.resolved.label, meaning: PRIORITY_STATUS.resolved.meaning },
  closed: { label: PRIORITY_STATUS.closed.label, meaning: PRIORITY_STATUS.closed.meaning },
  referred: { label: PRIORITY_STATUS.referred.label, meaning: PRIORITY_STATUS.referred.meaning },
};

export type StatusPriority = {
  status: PriorityStatus;
  agreedOn: IsoDate;
  reviewDate: IsoDate;
  outcomeSummary: string | null;
  closedReason: string | null;
  referredTo: string | null;
};

/** A task as the public sees it (already through the publication filter). */
export type StatusTask = {
  status: TaskStatus;
  dueDate: IsoDate;
  agency: { name: string };
};

/** Where the review of finished work happens: the next public meeting, else the review date. */
export type ReviewMeeting = { id: number; title: string; startsAt: Date } | null;

export type PublicStatus = {
  phase: PublicPhase;
  /** The tag: a few words. */
  label: string;
  /** Plain sentences naming who is doing what (or how it ended). */
  summary: string;
  isCurrent: boolean;
  /** Agencies that accepted and are working. */
  workingAgencies: string[];
  /** Agencies asked that have not accepted yet. */
  waitingAgencies: string[];
  /** Agencies whose part is done. */
  finishedAgencies: string[];
  /** Agencies whose open work is past its due date. */
  overdueAgencies: string[];
  isOverdue: boolean;
  isStale: boolean;
  /** For a past priority: how it ended (outcome, reason or where it went); empty while current. */
  ending: string;
  /** For finished actions: the meeting (or date) at which they are reviewed. */
  review: { meeting: ReviewMeeting; date: IsoDate } | null;
};

/** Overdue (an open public task past its due date) and stale (no public news for a review cycle), for current priorities. */
export function priorityFlags(
  priority: { status: PriorityStatus; agreedOn: IsoDate },
  lastPublicUpdateAt: Date | null,
  publicTasks: ReadonlyArray<{ isOverdue: boolean }>,
  today: IsoDate,
) {
  const current = PRIORITY_STATUS[priority.status].current;
  const lastNews = lastPublicUpdateAt ? toIsoDate(lastPublicUpdateAt) : null;
  return {
    isOverdue: current && publicTasks.some((task) => task.isOverdue),
    isStale: current && isStaleOn(priority, lastNews, today),
  };
}

/** Tasks someone is (or was) doing: declined and withdrawn ones are nobody's work (the "involved" group). */
function liveTasks<T extends { status: string }>(tasks: readonly T[]): T[] {
  return tasks.filter((task) => isTaskIn("involved", task.status));
}

/** Every live (not declined or withdrawn) public task is done, and there is at least one. */
export function agreedActionsFinished(publicTasks: ReadonlyArray<{ status: string }>): boolean {
  const live = liveTasks(publicTasks);
  return live.length > 0 && live.every((task) => isTaskIn("finished", task.status));
}

function names(tasks: StatusTask[]) {
  return [...new Set(tasks.map((t) => t.agency.name))].sort(compareNames);
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** How a past priority ended: the reason it closed or where it went, and the review's outcome. */
function endingInWords(priority: StatusPriority): string {
  const parts = [
    priority.status === "closed" && priority.closedReason ? `Reason: ${priority.closedReason}` : "",
    priority.status === "referred" && priority.referredTo ? `Now dealt with by ${priority.referredTo}.` : "",
    priority.outcomeSummary ?? "",
  ];
  return parts.filter(Boolean).join(" ");
}

/**
 * The public status of one priority from its stored status, its public tasks
 * (live or done), the moment of its last public update and the next meeting.
 */
export function derivePublicStatus(input: {
  priority: StatusPriority;
  tasks: readonly StatusTask[];
  lastPublicUpdateAt: Date | null;
  nextMeeting: ReviewMeeting;
  today: IsoDate;
}): PublicStatus {
  const { priority, today } = input;
  const isCurrent = PRIORITY_STATUS[priority.status].current;
  const live = liveTasks(input.tasks);
  const working = names(live.filter((t) => isTaskIn("working", t.status)));
  const waiting = names(live.filter((t) => isTaskIn("awaitingAnswer", t.status)));
  const finished = names(live.filter((t) => isTaskIn("finished", t.status)));
  const overdueTasks = live.filter((t) => isTaskOverdue(t, today));
  const overdue = isCurrent ? names(overdueTasks) : [];
  const flags = priorityFlags(
    priority,
    input.lastPublicUpdateAt,
    overdueTasks.map(() => ({ isOverdue: true })),
    today,
  );
  const base = {
    isCurrent,
    workingAgencies: working,
    waitingAgencies: waiting,
    finishedAgencies: finished,
    overdueAgencies: overdue,
    ...flags,
    ending: isCurrent ? "" : endingInWords(priority),
    review: null,
  };
  if (!isCurrent) {
    const phase = priority.status as "resolved" | "closed" | "referred";
    const summary = [PUBLIC_PHASE[phase].meaning, base.ending].filter(Boolean).join(" ");
    return { ...base, phase, label: PUBLIC_PHASE[phase].label, summary };
  }

  const phase: PublicPhase =
    priority.status === "monitoring"
      ? "monitoring"
      : working.length
        ? "being_worked_on"
        : waiting.length
          ? "waiting_to_accept"
          : agreedActionsFinished(live)
            ? "actions_finished"
            : "no_agency_asked";
  const sentences: string[] = [];
  if (phase === "monitoring" || phase === "no_agency_asked") sentences.push(PUBLIC_PHASE[phase].meaning);
  if (working.length) sentences.push(`Being worked on by ${listInWords(working)}.`);
  if (waiting.length) sentences.push(`Waiting for ${listInWords(waiting)} to accept.`);
  let review: PublicStatus["review"] = null;
  if (phase === "actions_finished") {
    const meeting = input.nextMeeting;
    review = { meeting, date: meeting ? toIsoDate(meeting.startsAt) : priority.reviewDate };
    sentences.push(
      `All agreed actions are finished (${listInWords(finished)}). ` +
        (meeting
          ? `Waiting for review at the ${meeting.title} on ${dayInWords(meeting.startsAt)}.`
          : `Waiting for review by ${isoDateInWords(priority.reviewDate)}.`),
    );
  } else if (finished.length) {
    sentences.push(`${listInWords(finished)} finished ${finished.length > 1 ? "their parts" : "its part"}.`);
  }
  if (overdue.length) sentences.push(`Overdue: ${listInWords(overdue)}.`);
  return { ...base, phase, label: PUBLIC_PHASE[phase].label, summary: sentences.join(" "), review };
}

/** How a past priority ended, in the same words (tasks do not change how it ended). */
export function pastPublicStatus(priority: StatusPriority, today: IsoDate): PublicStatus {
  return derivePublicStatus({ priority, tasks: [], lastPublicUpdateAt: null, nextMeeting: null, today });
}

/**
 * Each priority with its public status, from the public tasks and latest
 * public updates of all of them (as loaded for a page or a feed) and the next
 * meeting of its neighbourhood.
 */
export function withPublicStatus<P extends StatusPriority & { id: number; neighbourhoodId: number }>(
  list: readonly P[],
  context: {
    tasks: ReadonlyArray<StatusTask & { priorityId: number }>;
    lastPublicUpdateAt: (priorityId: number) => Date | null;
    nextMeeting: (neighbourhoodId: number) => ReviewMeeting;
    today: IsoDate;
  },
): Array<P & { publicStatus: PublicStatus }> {
  return list.map((priority) => ({
    ...priority,
    publicStatus: derivePublicStatus({
      priority,
      tasks: context.tasks.filter((t) => t.priorityId === priority.id),
      lastPublicUpdateAt: context.lastPublicUpdateAt(priority.id),
      nextMeeting: context.nextMeeting(priority.neighbourhoodId),
      today: context.today,
    }),
  }));
}
