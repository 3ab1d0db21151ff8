// The one derivation of what the public is told about a priority, over every
// combination of task states, at its date edges, with a fixed "today".
import { describe, expect, it } from "vitest";
import { addCalendarDays } from "~/domain/core/deadlines";
import {
  derivePublicStatus,
  PUBLIC_PHASE,
  publicPhases,
  REVIEW_CYCLE_DAYS,
  type StatusPriority,
  type StatusTask,
} from "~/domain/lifecycle/public-status";
import type { PriorityStatus, TaskStatus } from "~/domain/lifecycle/statuses";
import { priorityStatuses, taskStatuses } from "~db/schema";

const TODAY = "2027-03-10";
const AGENCIES = ["Green Spaces", "South Yorkshire Police", "Trading Standards"];

function priority(status: PriorityStatus, extra: Partial<StatusPriority> = {}): StatusPriority {
  return {
    status,
    agreedOn: addCalendarDays(TODAY, -20),
    reviewDate: "2027-04-01",
    outcomeSummary: null,
    closedReason: null,
    referredTo: null,
    ...extra,
  };
}

/** Every list of up to three tasks (one per agency) over every task status: 259 lists. */
function everyTaskCombination(): StatusTask[][] {
  const lists: StatusTask[][] = [[]];
  for (let size = 1; size <= 3; size++) {
    const build = (prefix: TaskStatus[]): void => {
      if (prefix.length === size) {
        lists.push(
          prefix.map((status, i) => ({
            status,
            dueDate: addCalendarDays(TODAY, 5),
            agency: { name: AGENCIES[i] },
          })),
        );
        return;
      }
      for (const status of taskStatuses) build([...prefix, status]);
    };
    build([]);
  }
  return lists;
}

const namesWith = (tasks: StatusTask[], statuses: TaskStatus[]) =>
  tasks
    .filter((t) => statuses.includes(t.status))
    .map((t) => t.agency.name)
    .sort();

describe("the public status of a priority", () => {
  const combinations = everyTaskCombination();

  it("never says more is happening than is, for every combination of task states", () => {
    expect(combinations).toHaveLength(1 + 6 + 36 + 216);
    for (const status of priorityStatuses) {
      for (const tasks of combinations) {
        const result = derivePublicStatus({
          priority: priority(status),
          tasks,
          lastPublicUpdateAt: new Date(`${TODAY}T09:00:00Z`),
          nextMeeting: null,
          today: TODAY,
        });
        const context = `${status} with [${tasks.map((t) => t.status).join(", ")}]`;
        expect(result.workingAgencies, context).toEqual(namesWith(tasks, ["accepted", "in_progress"]));
        expect(result.waitingAgencies, context).toEqual(namesWith(tasks, ["offered"]));
        expect(result.finishedAgencies, context).toEqual(namesWith(tasks, ["done"]));
        expect(result.label, context).toBe(PUBLIC_PHASE[result.phase].label);
        // Declined and withdrawn tasks are nobody's work: never named.
        for (const t of tasks.filter((t) => t.status === "declined" || t.status === "withdrawn")) {
          expect(result.summary, context).not.toContain(t.agency.name);
        }
        if (status === "resolved" || status === "closed" || status === "referred") {
          expect(result.phase, context).toBe(status);
          expect(result.isCurrent).toBe(false);
          continue;
        }
        const live = tasks.filter((t) => !["declined", "withdrawn"].includes(t.status));
        const expected =
          status === "monitoring"
            ? "monitoring"
            : live.some((t) => t.status === "accepted" || t.status === "in_progress")
              ? "being_worked_on"
              : live.some((t) => t.status === "offered")
                ? "waiting_to_accept"
                : live.length
                  ? "actions_finished"
                  : "no_agency_asked";
        expect(result.phase, context).toBe(expected);
        expect(result.summary.includes("Being worked on by"), context).toBe(
          result.workingAgencies.length > 0,
        );
        expect(result.summary.includes("to accept"), context).toBe(result.waitingAgencies.length > 0);
      }
    }
  });

  it("has words for every phase", () => {
    for (const phase of publicPhases) {
      expect(PUBLIC_PHASE[phase].label.length).toBeGreaterThan(3);
      expect(PUBLIC_PHASE[phase].meaning).toMatch(/\.$/);
    }
  });

  it("says a newly agreed priority waits for the named agencies, not that partners are working on it", () => {
    const result = derivePublicStatus({
      priority: priority("active"),
      tasks: [
        { status: "offered", dueDate: "2027-04-01", agency: { name: "Trading Standards" } },
        { status: "offered", dueDate: "2027-04-01", agency: { name: "Green Spaces" } },
      ],
      lastPublicUpdateAt: null,
      nextMeeting: null,
      today: TODAY,
    });
    expect(result.label).toBe("Waiting for agencies to accept");
    expect(result.summary).toBe("Waiting for Green Spaces and Trading Standards to accept.");
  });

  it("says finished work waits for review at the next meeting, or by the review date when none is set", () => {
    const tasks: StatusTask[] = [
      { status: "done", dueDate: "2027-03-01", agency: { name: "Green Spaces" } },
      { status: "declined", dueDate: "2027-03-01", agency: { name: "Trading Standards" } },
    ];
    const atMeeting = derivePublicStatus({
      priority: priority("active"),
      tasks,
      lastPublicUpdateAt: null,
      nextMeeting: { id: 9, title: "Sitwell PACT meeting", startsAt: new Date("2027-03-17T18:00:00Z") },
      today: TODAY,
    });
    expect(atMeeting.label).toBe("Actions finished — waiting for review");
    expect(atMeeting.summary).toBe(
      "All agreed actions are finished (Green Spaces). Waiting for review at the Sitwell PACT meeting on Wednesday 17 March 2027.",
    );
    expect(atMeeting.review).toEqual({ meeting: expect.objectContaining({ id: 9 }), date: "2027-03-17" });
    const byDate = derivePublicStatus({
      ...{ tasks, today: TODAY },
      priority: priority("active"),
      lastPublicUpdateAt: null,
      nextMeeting: null,
    });
    expect(byDate.summary).toContain("Waiting for review by Thursday 1 April 2027.");
  });

  it("says how a past priority ended, with the reason or the service it went to", () => {
    const closed = derivePublicStatus({
      priority: priority("closed", { closedReason: "No evidence over three months." }),
      tasks: [],
      lastPublicUpdateAt: null,
      nextMeeting: null,
      today: TODAY,
    });
    expect(closed.label).toBe("Closed — no further action");
    expect(closed.summary).toContain("Reason: No evidence over three months.");
    expect(closed.ending).toBe("Reason: No evidence over three months.");
    const referred = derivePublicStatus({
      priority: priority("referred", { referredTo: "the organised crime unit" }),
      tasks: [],
      lastPublicUpdateAt: null,
      nextMeeting: null,
      today: TODAY,
    });
    expect(referred.summary).toContain("Now dealt with by the organised crime unit.");
    expect(referred).toMatchObject({ isOverdue: false, isStale: false });
  });

  it("shows overdue from the day after the due date, naming the agency, and never for done work", () => {
    const on = (dueDate: string, status: TaskStatus = "in_progress") =>
      derivePublicStatus({
        priority: priority("active"),
        tasks: [{ status, dueDate, agency: { name: "Green Spaces" } }],
        lastPublicUpdateAt: new Date(`${TODAY}T09:00:00Z`),
        nextMeeting: null,
        today: TODAY,
      });
    expect(on(TODAY).isOverdue).toBe(false);
    expect(on(addCalendarDays(TODAY, -1))).toMatchObject({
      isOverdue: true,
      overdueAgencies: ["Green Spaces"],
    });
    expect(on(addCalendarDays(TODAY, -1)).summary).toContain("Overdue: Green Spaces.");
    expect(on(addCalendarDays(TODAY, -30), "done").isOverdue).toBe(false);
  });

  it(`shows stale after ${REVIEW_CYCLE_DAYS} days without public news, not on the day itself`, () => {
    const after = (days: number) =>
      derivePublicStatus({
        priority: priority("active", { agreedOn: addCalendarDays(TODAY, -100) }),
        tasks: [],
        lastPublicUpdateAt: new Date(`${addCalendarDays(TODAY, -days)}T12:00:00Z`),
        nextMeeting: null,
        today: TODAY,
      }).isStale;
    expect(after(REVIEW_CYCLE_DAYS)).toBe(false);
    expect(after(REVIEW_CYCLE_DAYS + 1)).toBe(true);
  });

  // Fix: the public pages counted from news older than the agreement itself, so a
  // priority agreed 20 days ago could be called "no public update for six weeks";
  // the measures already counted from the later of the two. One rule now (isStaleOn).
  it("counts a priority agreed after its last public news from the day it was agreed", () => {
    const stale = (agreedDaysAgo: number) =>
      derivePublicStatus({
        priority: priority("active", { agreedOn: addCalendarDays(TODAY, -agreedDaysAgo) }),
        tasks: [],
        lastPublicUpdateAt: new Date(`${addCalendarDays(TODAY, -(REVIEW_CYCLE_DAYS + 10))}T12:00:00Z`),
        nextMeeting: null,
        today: TODAY,
      }).isStale;
    expect(stale(20)).toBe(false);
    expect(stale(REVIEW_CYCLE_DAYS)).toBe(false);
    expect(stale(REVIEW_CYCLE_DAYS + 1)).toBe(true);
  });
});
