// Monthly, common and comparable local information (issue 7): every measure is
// defined here once — its words, its rule, and how it is counted — and every
// page, chart, CSV, dashboard and report reads its figures from this module.
//
// The public version ("public" audience) counts only what the publication
// filter lets the public see (publicTask, publicUpdate); partners and chairs
// get the "partners" audience, which counts every task.
//
// Months are UK calendar months ("2026-03"). A period's events are those whose
// UK calendar day falls inside it; snapshot measures (stale, overdue) are taken
// at the end of the period's last day, or today while the period is still going.
import { and, asc, eq, gte, lt, lte, or, sql } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import {
  agencies,
  meetingNeighbourhoods,
  meetings,
  neighbourhoods,
  priorities,
  tasks,
  taskUpdates,
} from "~db/schema";
import { addCalendarDays, type IsoDate, toIsoDate, workingDaysBetween } from "../core/deadlines";
import type { PriorityStatus, TaskStatus } from "../lifecycle/statuses";
import {
  ACTION_PLAN_CALENDAR_DAYS,
  isStaleOn,
  isTaskIn,
  REVIEW_CYCLE_DAYS,
  wasTaskOverdueOn,
} from "../lifecycle/tasks";
import { loadBankHolidays } from "../lifecycle/tasks/sql";
import { publicTask, publicUpdate } from "../publication";

// ---------------------------------------------------------------- months

/** A UK calendar month, "2026-03". */
export type Month = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function isMonth(value: string): value is Month {
  return MONTH_RE.test(value);
}

/** The UK calendar month a moment falls in. */
export function monthOf(moment: Date): Month {
  return toIsoDate(moment).slice(0, 7);
}

export function firstDayOf(month: Month): IsoDate {
  return `${month}-01`;
}

export function lastDayOf(month: Month): IsoDate {
  return addCalendarDays(firstDayOf(addMonths(month, 1)), -1);
}

export function addMonths(month: Month, count: number): Month {
  const match = MONTH_RE.exec(month);
  if (!match) throw new RangeError(`not a month: ${month}`);
  const index = Number(match[1]) * 12 + Number(match[2]) - 1 + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The `count` months ending with `last`, oldest first. */
export function monthsEnding(last: Month, count: number): Month[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** "March 2026". */
export function monthInWords(month: Month): string {
  const match = MONTH_RE.exec(month);
  if (!match) return month;
  return `${MONTH_NAMES[Number(match[2]) - 1]} ${match[1]}`;
}

/** "Mar 2026": for chart axes and table headings. */
export function shortMonth(month: Month): string {
  return monthInWords(month).replace(/^(\w{3})\w*/, "$1");
}

// ---------------------------------------------------------------- the measures

/** A rate (or a median) is shown only when it rests on at least this many cases. */
export const MIN_CASES = 5;
export const TOO_FEW_TO_COMPARE = "too few to compare";

export type MeasureId =
  | "prioritiesAgreed"
  | "prioritiesResolved"
  | "prioritiesClosed"
  | "prioritiesReferred"
  | "prioritiesStale"
  | "tasksOffered"
  | "tasksAcceptedOnTime"
  | "actionPlansOnTime"
  | "tasksCompleted"
  | "tasksOverdue"
  | "medianDaysToAccept"
  | "medianDaysToComplete"
  | "publicUpdates"
  | "meetingsHeld"
  | "meetingAttendance";

export type MeasureKind = "count" | "rate" | "median";

export type MeasureDefinition = {
  id: MeasureId;
  label: string;
  kind: MeasureKind;
  /** Counted over the period (events) or at its end (snapshot). */
  timing: "during" | "at_end";
  /** Plain-English rule: what is counted, exactly. */
  definition: string;
  /** Meetings belong to assemblies and neighbourhoods, not to agencies. */
  forAgencies: boolean;
};

export const MEASURES: Record<MeasureId, MeasureDefinition> = {
  prioritiesAgreed: {
    id: "prioritiesAgreed",
    label: "Priorities agreed",
    kind: "count",
    timing: "during",
    definition: "Priorities whose agreed date falls in the period.",
    forAgencies: true,
  },
  prioritiesResolved: {
    id: "prioritiesResolved",
    label: "Priorities resolved",
    kind: "count",
    timing: "during",
    definition:
      "Priorities closed as resolved during the period (the meeting agreed the problem was dealt with).",
    forAgencies: true,
  },
  prioritiesClosed: {
    id: "prioritiesClosed",
    label: "Priorities closed without resolution",
    kind: "count",
    timing: "during",
    definition: "Priorities closed with no further action during the period, for a stated reason.",
    forAgencies: true,
  },
  prioritiesReferred: {
    id: "prioritiesReferred",
    label: "Priorities referred elsewhere",
    kind: "count",
    timing: "during",
    definition: "Priorities handed to another organisation or process during the period.",
    forAgencies: true,
  },
  prioritiesStale: {
    id: "prioritiesStale",
    label: "Priorities with no recent news",
    kind: "count",
    timing: "at_end",
    definition: `Priorities still open at the end of the period with no public update in the ${REVIEW_CYCLE_DAYS} days before (counted from the agreed date when there has been none).`,
    forAgencies: true,
  },
  tasksOffered: {
    id: "tasksOffered",
    label: "Tasks offered",
    kind: "count",
    timing: "during",
    definition: "Tasks offered to an agency during the period.",
    forAgencies: true,
  },
  tasksAcceptedOnTime: {
    id: "tasksAcceptedOnTime",
    label: "Tasks accepted on time",
    kind: "rate",
    timing: "during",
    definition:
      "Of the tasks offered during the period, the share accepted by the acknowledgement date the agency was given (its set number of working days, not counting weekends and bank holidays). Tasks withdrawn before an answer, and tasks still inside their acknowledgement time, are left out.",
    forAgencies: true,
  },
  actionPlansOnTime: {
    id: "actionPlansOnTime",
    label: "Action plans on time",
    kind: "rate",
    timing: "during",
    definition: `Of the tasks whose action plan fell due during the period (${ACTION_PLAN_CALENDAR_DAYS} calendar days after the offer), the share whose plan was submitted by the due date. Declined and withdrawn tasks, and plans not yet due, are left out.`,
    forAgencies: true,
  },
  tasksCompleted: {
    id: "tasksCompleted",
    label: "Tasks completed",
    kind: "count",
    timing: "during",
    definition: "Tasks marked done, with an outcome, during the period.",
    forAgencies: true,
  },
  tasksOverdue: {
    id: "tasksOverdue",
    label: "Tasks overdue",
    kind: "count",
    timing: "at_end",
    definition:
      "Tasks not done by the end of the period whose due date had passed (declined and withdrawn tasks are not counted).",
    forAgencies: true,
  },
  medianDaysToAccept: {
    id: "medianDaysToAccept",
    label: "Median working days to accept",
    kind: "median",
    timing: "during",
    definition:
      "For tasks accepted during the period: the middle value of the working days from offer to acceptance (weekends and bank holidays not counted).",
    forAgencies: true,
  },
  medianDaysToComplete: {
    id: "medianDaysToComplete",
    label: "Median working days to complete",
    kind: "median",
    timing: "during",
    definition:
      "For tasks completed during the period: the middle value of the working days from offer to completion (weekends and bank holidays not counted).",
    forAgencies: true,
  },
  publicUpdates: {
    id: "publicUpdates",
    label: "Public updates posted",
    kind: "count",
    timing: "during",
    definition: "Updates posted for the public (“we did”) during the period on public tasks.",
    forAgencies: true,
  },
  meetingsHeld: {
    id: "meetingsHeld",
    label: "Meetings held",
    kind: "count",
    timing: "during",
    definition: "Meetings recorded as held that started during the period.",
    forAgencies: false,
  },
  meetingAttendance: {
    id: "meetingAttendance",
    label: "Meeting attendance",
    kind: "count",
    timing: "during",
    definition: "The people counted at the meetings held during the period, added together.",
    forAgencies: false,
  },
};

export const MEASURE_IDS = Object.keys(MEASURES) as MeasureId[];

export type MeasureValue =
  | { kind: "count"; value: number }
  | { kind: "rate"; numerator: number; denominator: number; value: number | null }
  | { kind: "median"; cases: number; value: number | null }
  | { kind: "not_applicable" };

export type Figures = Record<MeasureId, MeasureValue>;

// ---------------------------------------------------------------- facts (what the measures count)

export type Audience = "public" | "partners";

export type PriorityFact = {
  id: number;
  neighbourhoodId: number;
  assemblyId: number;
  status: PriorityStatus;
  agreedOn: IsoDate;
  closedAt: Date | null;
};

export type TaskFact = {
  id: number;
  priorityId: number;
  agencyId: number;
  status: TaskStatus;
  /** Passes the publication filter (publicTask). */
  isPublic: boolean;
  offeredAt: Date;
  acceptedAt: Date | null;
  acknowledgeBy: IsoDate;
  actionPlanDueBy: IsoDate;
  actionPlanSubmittedAt: Date | null;
  dueDate: IsoDate;
  completedAt: Date | null;
};

/** A public update of a public task (only those exist as facts). */
export type UpdateFact = { priorityId: number; agencyId: number; createdAt: Date };

export type MeetingFact = {
  id: number;
  assemblyId: number;
  neighbourhoodIds: number[];
  startsAt: Date;
  attendance: number | null;
};

export type Facts = {
  priorities: PriorityFact[];
  tasks: TaskFact[];
  publicUpdates: UpdateFact[];
  meetings: MeetingFact[];
  bankHolidays: ReadonlySet<IsoDate>;
};

export type Scope =
  | { kind: "borough" }
  | { kind: "assembly"; id: number }
  | { kind: "neighbourhood"; id: number }
  | { kind: "agency"; id: number };

/** A period of whole UK days, `from` to `to` inclusive. */
export type Period = { from: IsoDate; to: IsoDate };

export function monthPeriod(month: Month): Period {
  return { from: firstDayOf(month), to: lastDayOf(month) };
}

export function monthsPeriod(months: Month[]): Period {
  return { from: firstDayOf(months[0]), to: lastDayOf(months[months.length - 1]) };
}

const day = (moment: Date) => toIsoDate(moment);

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function rate(numerator: number, denominator: number): MeasureValue {
  return {
    kind: "rate",
    numerator,
    denominator,
    value: denominator >= MIN_CASES ? numerator / denominator : null,
  };
}

function medianOf(values: number[]): MeasureValue {
  return { kind: "median", cases: values.length, value: values.length >= MIN_CASES ? median(values) : null };
}

const count = (value: number): MeasureValue => ({ kind: "count", value });

/** Each priority's latest public update day on or before `asOf`. */
export function lastPublicNews(updates: UpdateFact[], asOf: IsoDate): Map<number, IsoDate> {
  const lastNews = new Map<number, IsoDate>();
  for (const update of updates) {
    const d = day(update.createdAt);
    if (d > asOf) continue;
    const seen = lastNews.get(update.priorityId);
    if (!seen || d > seen) lastNews.set(update.priorityId, d);
  }
  return lastNews;
}

/** Open at the end of `asOf`. */
export function isOpenAt(p: Pick<PriorityFact, "agreedOn" | "closedAt">, asOf: IsoDate): boolean {
  return p.agreedOn <= asOf && (!p.closedAt || day(p.closedAt) > asOf);
}

/** Stale on `asOf` (./task-lifecycle isStaleOn, as the public pages say it): open then, and no public news for REVIEW_CYCLE_DAYS. */
export function isStaleAt(
  p: Pick<PriorityFact, "agreedOn" | "closedAt">,
  lastNews: IsoDate | undefined,
  asOf: IsoDate,
): boolean {
  return isOpenAt(p, asOf) && isStaleOn(p, lastNews, asOf);
}

/**
 * Every measure for one scope and period. Pure: the same facts, scope,
 * period and day always give the same figures. `today` bounds the snapshot
 * measures and says which deadlines have not yet passed.
 */
export function measure(
  facts: Facts,
  scope: Scope,
  period: Period,
  options: { audience: Audience; today: IsoDate },
): Figures {
  const { audience, today } = options;
  const asOf = [period.to, today].sort()[0];
  const within = (d: IsoDate) => d >= period.from && d <= period.to;
  const holidays = facts.bankHolidays;

  const visibleTasks = facts.tasks.filter((task) => audience === "partners" || task.isPublic);
  const priorityById = new Map(facts.priorities.map((p) => [p.id, p]));
  const inPlace = (p: PriorityFact | undefined): p is PriorityFact => {
    if (!p) return false;
    if (scope.kind === "assembly") return p.assemblyId === scope.id;
    if (scope.kind === "neighbourhood") return p.neighbourhoodId === scope.id;
    return true;
  };
  // An agency's priorities are those it has a (visible) task on.
  const agencyPriorityIds =
    scope.kind === "agency"
      ? new Set(visibleTasks.filter((t) => t.agencyId === scope.id).map((t) => t.priorityId))
      : null;
  const scopedPriorities = facts.priorities.filter(
    (p) => inPlace(p) && (agencyPriorityIds == null || agencyPriorityIds.has(p.id)),
  );
  const scopedTasks = visibleTasks.filter(
    (t) => inPlace(priorityById.get(t.priorityId)) && (scope.kind !== "agency" || t.agencyId === scope.id),
  );
  const scopedUpdates = facts.publicUpdates.filter(
    (u) => inPlace(priorityById.get(u.priorityId)) && (scope.kind !== "agency" || u.agencyId === scope.id),
  );

  // Priorities
  const closedDuring = (status: PriorityStatus) =>
    scopedPriorities.filter((p) => p.status === status && p.closedAt && within(day(p.closedAt))).length;
  const lastNews = lastPublicNews(facts.publicUpdates, asOf);
  const stale = scopedPriorities.filter((p) => isStaleAt(p, lastNews.get(p.id), asOf)).length;

  // Tasks
  const offered = scopedTasks.filter((t) => within(day(t.offeredAt)));
  const acceptanceCases = offered.filter((t) => {
    if (t.acceptedAt) return true;
    if (t.status === "withdrawn") return false;
    // Still inside its acknowledgement time: not yet a case either way.
    return t.acknowledgeBy < today;
  });
  const acceptedOnTime = acceptanceCases.filter((t) => t.acceptedAt && day(t.acceptedAt) <= t.acknowledgeBy);
  const planCases = scopedTasks.filter(
    (t) =>
      within(t.actionPlanDueBy) &&
      !isTaskIn("dropped", t.status) &&
      (t.actionPlanSubmittedAt != null || t.actionPlanDueBy < today),
  );
  const plansOnTime = planCases.filter(
    (t) => t.actionPlanSubmittedAt && day(t.actionPlanSubmittedAt) <= t.actionPlanDueBy,
  );
  const completed = scopedTasks.filter(
    (t) => isTaskIn("finished", t.status) && t.completedAt && within(day(t.completedAt)),
  );
  const accepted = scopedTasks.filter((t) => t.acceptedAt && within(day(t.acceptedAt)));
  const overdue = scopedTasks.filter((t) => wasTaskOverdueOn(t, asOf));

  // Meetings
  const meetingsHeld =
    scope.kind === "agency"
      ? null
      : facts.meetings.filter((m) => {
          if (!within(day(m.startsAt))) return false;
          if (scope.kind === "assembly") return m.assemblyId === scope.id;
          if (scope.kind === "neighbourhood") return m.neighbourhoodIds.includes(scope.id);
          return true;
        });

  return {
    prioritiesAgreed: count(scopedPriorities.filter((p) => within(p.agreedOn)).length),
    prioritiesResolved: count(closedDuring("resolved")),
    prioritiesClosed: count(closedDuring("closed")),
    prioritiesReferred: count(closedDuring("referred")),
    prioritiesStale: count(stale),
    tasksOffered: count(offered.length),
    tasksAcceptedOnTime: rate(acceptedOnTime.length, acceptanceCases.length),
    actionPlansOnTime: rate(plansOnTime.length, planCases.length),
    tasksCompleted: count(completed.length),
    tasksOverdue: count(overdue.length),
    medianDaysToAccept: medianOf(
      accepted.map((t) => workingDaysBetween(day(t.offeredAt), day(t.acceptedAt as Date), holidays)),
    ),
    medianDaysToComplete: medianOf(
      completed.map((t) => workingDaysBetween(day(t.offeredAt), day(t.completedAt as Date), holidays)),
    ),
    publicUpdates: count(scopedUpdates.filter((u) => within(day(u.createdAt))).length),
    meetingsHeld: meetingsHeld ? count(meetingsHeld.length) : { kind: "not_applicable" },
    meetingAttendance: meetingsHeld
      ? count(meetingsHeld.reduce((sum, m) => sum + (m.attendance ?? 0), 0))
      : { kind: "not_applicable" },
  };
}

// ---------------------------------------------------------------- figures in words

const percent = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** A figure as shown in tables and reports: "12", "80% (4 of 5)", "too few to compare". */
export function formatMeasure(value: MeasureValue): string {
  switch (value.kind) {
    case "count":
      return String(value.value);
    case "rate":
      return value.value == null
        ? `${TOO_FEW_TO_COMPARE} (${value.numerator} of ${value.denominator})`
        : `${percent.format(value.value)} (${value.numerator} of ${value.denominator})`;
    case "median":
      return value.value == null
        ? `${TOO_FEW_TO_COMPARE} (${value.cases} ${value.cases === 1 ? "case" : "cases"})`
        : `${decimal.format(value.value)} days`;
    default:
      return "not applicable";
  }
}

/** The number a chart plots, or null when there is nothing comparable to plot. */
export function plotValue(value: MeasureValue): number | null {
  switch (value.kind) {
    case "count":
      return value.value;
    case "rate":
      return value.value == null ? null : Math.round(value.value * 1000) / 10;
    case "median":
      return value.value;
    default:
      return null;
  }
}

/** The same figure for a CSV cell: a number, or empty when it is not comparable. */
export function csvValue(value: MeasureValue): string {
  const plotted = plotValue(value);
  return plotted == null ? "" : String(plotted);
}

export function unitOf(id: MeasureId): string {
  const kind = MEASURES[id].kind;
  return kind === "rate" ? "%" : kind === "median" ? "working days" : "";
}

// ---------------------------------------------------------------- loading facts

/** UTC instants safely outside a period of UK days (a day either side); facts are then filtered by UK day. */
function bounds(period: Period) {
  return {
    since: new Date(`${addCalendarDays(period.from, -1)}T00:00:00Z`),
    before: new Date(`${addCalendarDays(period.to, 2)}T00:00:00Z`),
  };
}

/**
 * The facts the measures count for a period, read through the publication
 * filter: the public audience never receives a task or update the public may
 * not see. `assemblyId` narrows the place (omit for the whole borough).
 */
export async function loadFacts(
  query: { period: Period; audience: Audience; assemblyId?: number },
  database: Executor = db(),
): Promise<Facts> {
  const { period, audience } = query;
  const { since, before } = bounds(period);
  const place = query.assemblyId == null ? undefined : eq(neighbourhoods.assemblyId, query.assemblyId);
  const newsSince = new Date(since.getTime() - (REVIEW_CYCLE_DAYS + 2) * 86_400_000);

  const [priorityRows, taskRows, updateRows, meetingRows, holidays] = await Promise.all([
    database
      .select({
        id: priorities.id,
        neighbourhoodId: priorities.neighbourhoodId,
        assemblyId: neighbourhoods.assemblyId,
        status: priorities.status,
        agreedOn: priorities.agreedOn,
        closedAt: priorities.closedAt,
      })
      .from(priorities)
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
      .where(
        and(
          place,
          lte(priorities.agreedOn, period.to),
          or(sql`${priorities.closedAt} is null`, gte(priorities.closedAt, since)),
        ),
      ),
    database
      .select({
        id: tasks.id,
        priorityId: tasks.priorityId,
        agencyId: tasks.agencyId,
        status: tasks.status,
        isPublic: sql<boolean>`coalesce((${publicTask}), false)`,
        offeredAt: tasks.offeredAt,
        acceptedAt: tasks.acceptedAt,
        acknowledgeBy: tasks.acknowledgeBy,
        actionPlanDueBy: tasks.actionPlanDueBy,
        actionPlanSubmittedAt: tasks.actionPlanSubmittedAt,
        dueDate: tasks.dueDate,
        completedAt: tasks.completedAt,
      })
      .from(tasks)
      .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
      .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
      .where(
        and(
          place,
          audience === "public" ? publicTask : undefined,
          lt(tasks.offeredAt, before),
          or(sql`${tasks.completedAt} is null`, gte(tasks.completedAt, since)),
        ),
      ),
    database
      .select({ priorityId: tasks.priorityId, agencyId: tasks.agencyId, createdAt: taskUpdates.createdAt })
      .from(taskUpdates)
      .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
      .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
      .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
      .where(
        and(place, publicUpdate, gte(taskUpdates.createdAt, newsSince), lt(taskUpdates.createdAt, before)),
      ),
    database
      .select({
        id: meetings.id,
        assemblyId: meetings.assemblyId,
        startsAt: meetings.startsAt,
        attendance: meetings.attendance,
        neighbourhoodIds: sql<
          number[]
        >`coalesce(array_agg(${meetingNeighbourhoods.neighbourhoodId}) filter (where ${meetingNeighbourhoods.neighbourhoodId} is not null), '{}')`,
      })
      .from(meetings)
      .leftJoin(meetingNeighbourhoods, eq(meetingNeighbourhoods.meetingId, meetings.id))
      .where(
        and(
          eq(meetings.status, "held"),
          gte(meetings.startsAt, since),
          lt(meetings.startsAt, before),
          query.assemblyId == null ? undefined : eq(meetings.assemblyId, query.assemblyId),
        ),
      )
      .groupBy(meetings.id)
      .orderBy(asc(meetings.startsAt)),
    loadBankHolidays(database),
  ]);

  return {
    priorities: priorityRows.map((p) => ({ ...p, status: p.status as PriorityStatus })),
    tasks: taskRows.map((t) => ({ ...t, status: t.status as TaskStatus, isPublic: Boolean(t.isPublic) })),
    publicUpdates: updateRows,
    meetings: meetingRows.map((m) => ({
      ...m,
      neighbourhoodIds: (m.neighbourhoodIds ?? []).map(Number),
    })),
    bankHolidays: holidays,
  };
}

// ---------------------------------------------------------------- tables of figures

export type ScopeFigures = {
  scope: Scope;
  name: string;
  slug: string;
  byMonth: Array<{ month: Month; figures: Figures }>;
  /** The whole period at once (counts added, rates and medians over all the cases). */
  total: Figures;
};

/** Figures for each scope, month by month and over the whole run of months. */
export function figuresTable(
  facts: Facts,
  scopes: Array<{ scope: Scope; name: string; slug: string }>,
  months: Month[],
  options: { audience: Audience; today: IsoDate },
): ScopeFigures[] {
  const narrow = factsByScope(facts);
  return scopes.map(({ scope, name, slug }) => {
    const own = narrow(scope);
    return {
      scope,
      name,
      slug,
      byMonth: months.map((month) => ({ month, figures: measure(own, scope, monthPeriod(month), options) })),
      total: measure(own, scope, monthsPeriod(months), options),
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * The facts one scope's measures can look at: its priorities, with every task
 * and public update on them (other agencies' too: staleness needs all news).
 * `measure` narrows again itself, so the figures are the same; this only saves
 * each of many scopes from walking the whole borough's facts.
 */
export function factsByScope(facts: Facts): (scope: Scope) => Facts {
  const tasksByPriority = groupBy(facts.tasks, (t) => t.priorityId);
  const updatesByPriority = groupBy(facts.publicUpdates, (u) => u.priorityId);
  const byAssembly = groupBy(facts.priorities, (p) => p.assemblyId);
  const byNeighbourhood = groupBy(facts.priorities, (p) => p.neighbourhoodId);
  const byId = new Map(facts.priorities.map((p) => [p.id, p]));
  const agencyPriorities = new Map<number, Set<number>>();
  for (const task of facts.tasks) {
    const ids = agencyPriorities.get(task.agencyId) ?? new Set<number>();
    ids.add(task.priorityId);
    agencyPriorities.set(task.agencyId, ids);
  }
  return (scope) => {
    if (scope.kind === "borough") return facts;
    const priorities =
      scope.kind === "assembly"
        ? (byAssembly.get(scope.id) ?? [])
        : scope.kind === "neighbourhood"
          ? (byNeighbourhood.get(scope.id) ?? [])
          : [...(agencyPriorities.get(scope.id) ?? [])].flatMap((id) => byId.get(id) ?? []);
    return {
      priorities,
      tasks: priorities.flatMap((p) => tasksByPriority.get(p.id) ?? []),
      publicUpdates: priorities.flatMap((p) => updatesByPriority.get(p.id) ?? []),
      meetings: facts.meetings,
      bankHolidays: facts.bankHolidays,
    };
  };
}

/** The current month and the eleven before it, oldest first. */
export function lastTwelveMonths(now: Date): Month[] {
  return monthsEnding(monthOf(now), 12);
}
