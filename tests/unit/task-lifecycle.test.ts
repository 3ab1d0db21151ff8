// The task lifecycle walked as a table: every status of the schema's enum has
// words, a group and a way out (unless it is listed as terminal); every move
// starts and ends in real statuses; the groups agree with each other; and the
// date rules (overdue now and on a past day, answer late, action plan late,
// stale) at their edges.
import { describe, expect, it } from "vitest";
import type { Viewer } from "~/domain/core/access";
import { addCalendarDays } from "~/domain/core/deadlines";
import { TASK_STATUS, type TaskStatus } from "~/domain/lifecycle/statuses";
import {
  ACTION_PLAN_CALENDAR_DAYS,
  actionPlanDueBy,
  canMoveTask,
  isActionPlanLate,
  isAnswerLate,
  isStaleOn,
  isTaskIn,
  isTaskOverdue,
  mayMakeTaskMove,
  nextTaskStatuses,
  REVIEW_CYCLE_DAYS,
  TASK_MOVES,
  TASK_STATUS_GROUPS,
  type TaskMove,
  type TaskStatusGroup,
  TERMINAL_TASK_STATUSES,
  wasTaskOverdueOn,
} from "~/domain/lifecycle/tasks";
import { INBOX_STATUS_FILTERS, INBOX_STATUS_LABEL } from "~/domain/tasks/inbox-filters";
import { taskStatuses } from "~db/schema";

const groups = Object.keys(TASK_STATUS_GROUPS) as TaskStatusGroup[];
const moves = Object.entries(TASK_MOVES) as Array<[keyof typeof TASK_MOVES, TaskMove]>;
const sorted = (list: readonly string[]) => [...list].sort();

describe("every task status", () => {
  it.each(taskStatuses.map((s) => [s]))("%s has words, a group and a way out (or is terminal)", (status) => {
    expect(TASK_STATUS[status]?.trim()).toBeTruthy();
    expect(groups.filter((group) => isTaskIn(group, status))).not.toEqual([]);
    const terminal = (TERMINAL_TASK_STATUSES as readonly TaskStatus[]).includes(status);
    if (terminal) expect(nextTaskStatuses(status)).toEqual([]);
    else expect(nextTaskStatuses(status)).not.toEqual([]);
  });

  it("is reached by some move from the offer", () => {
    const reached = new Set<TaskStatus>([TASK_MOVES.offer.to]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const status of [...reached])
        for (const next of nextTaskStatuses(status))
          if (!reached.has(next)) changed = reached.add(next) !== undefined;
    }
    expect(sorted([...reached])).toEqual(sorted(taskStatuses));
  });

  it("can be picked in the partner inbox's status filter, with its words", () => {
    for (const status of taskStatuses) {
      expect(INBOX_STATUS_FILTERS).toContain(status);
      expect(INBOX_STATUS_LABEL[status]?.trim()).toBeTruthy();
    }
  });

  it("has no words for a status the schema does not know", () => {
    expect(sorted(Object.keys(TASK_STATUS))).toEqual(sorted(taskStatuses));
  });
});

describe("the groups", () => {
  const all = (group: TaskStatusGroup) => sorted(TASK_STATUS_GROUPS[group]);

  it("hold only statuses of the schema", () => {
    for (const group of groups)
      for (const status of TASK_STATUS_GROUPS[group]) expect(taskStatuses).toContain(status);
  });

  it("agree with each other: open is waiting or working, involved is open or finished, the rest dropped", () => {
    expect(all("open")).toEqual(
      sorted([...TASK_STATUS_GROUPS.awaitingAnswer, ...TASK_STATUS_GROUPS.working]),
    );
    expect(all("involved")).toEqual(sorted([...TASK_STATUS_GROUPS.open, ...TASK_STATUS_GROUPS.finished]));
    expect(sorted([...TASK_STATUS_GROUPS.involved, ...TASK_STATUS_GROUPS.dropped])).toEqual(
      sorted(taskStatuses),
    );
    expect(TASK_STATUS_GROUPS.dropped.filter((s) => isTaskIn("involved", s))).toEqual([]);
  });

  it("keeps the open statuses the inbox index was built for", () => {
    expect(TASK_STATUS_GROUPS.open).toEqual(["offered", "accepted", "in_progress"]);
  });
});

describe("the moves", () => {
  it.each(moves.map(([name]) => [name]))(
    "%s starts and ends in real statuses and names its audit event",
    (name) => {
      const move: TaskMove = TASK_MOVES[name];
      for (const status of move.from) expect(taskStatuses).toContain(status);
      if (move.to != null) expect(taskStatuses).toContain(move.to);
      expect(move.audit).toMatch(/^task\.[a-z_]+$/);
      expect(move.by.length).toBeGreaterThan(0);
      if (move.from.length) expect(move.refusal).toMatch(/\.$/);
    },
  );

  it("lets the agency accept only an offered task, and decline it until work is under way", () => {
    expect(taskStatuses.filter((s) => canMoveTask("accept", s))).toEqual(["offered"]);
    expect(taskStatuses.filter((s) => canMoveTask("decline", s))).toEqual(["offered", "accepted"]);
    expect(taskStatuses.filter((s) => canMoveTask("complete", s))).toEqual(["accepted", "in_progress"]);
    expect(taskStatuses.filter((s) => canMoveTask("reopen", s))).toEqual(["done"]);
    expect(taskStatuses.filter((s) => canMoveTask("reassign", s))).toEqual([
      "offered",
      "accepted",
      "in_progress",
    ]);
    expect(taskStatuses.filter((s) => canMoveTask("startWork", s))).toEqual(["accepted"]);
  });

  it("lets nothing leave a withdrawn task, and the chair withdraw anything not done or withdrawn", () => {
    expect(moves.filter(([, move]) => move.from.includes("withdrawn"))).toEqual([]);
    expect(taskStatuses.filter((s) => canMoveTask("withdraw", s))).toEqual([
      "offered",
      "accepted",
      "in_progress",
      "declined",
    ]);
  });

  it("gives each move to the people the table names (an admin may make any)", () => {
    const person = (extra: Partial<Viewer>): Viewer => ({
      userId: 1,
      name: "Someone",
      email: "someone@example.org",
      isAdmin: false,
      agencies: new Map(),
      chairOf: new Set(),
      ...extra,
    });
    const task = { agencyId: 7, assemblyId: 3 };
    const member = person({ agencies: new Map([[7, "member"]]) });
    const coordinator = person({ agencies: new Map([[7, "coordinator"]]) });
    const chair = person({ chairOf: new Set([3]) });
    const admin = person({ isAdmin: true });
    const other = person({ agencies: new Map([[8, "coordinator"]]), chairOf: new Set([4]) });
    const who = (name: keyof typeof TASK_MOVES) =>
      [member, coordinator, chair, admin, other].map((viewer) => mayMakeTaskMove(viewer, name, task));
    expect(who("accept")).toEqual([true, true, false, true, false]);
    expect(who("reassign")).toEqual([false, true, false, true, false]);
    expect(who("reopen")).toEqual([false, true, true, true, false]);
    expect(who("withdraw")).toEqual([false, false, true, true, false]);
    expect(mayMakeTaskMove(null, "accept", task)).toBe(false);
  });
});

describe("the date rules", () => {
  const today = "2026-04-02";
  const yesterday = addCalendarDays(today, -1);

  it("calls a task overdue only while it is open and past its due date", () => {
    for (const status of taskStatuses) {
      expect(isTaskOverdue({ status, dueDate: yesterday }, today)).toBe(isTaskIn("open", status));
      expect(isTaskOverdue({ status, dueDate: today }, today)).toBe(false);
    }
  });

  it("replays the same rule on a past day, and agrees with it on today", () => {
    const offeredAt = new Date("2026-03-01T10:00:00Z");
    for (const status of taskStatuses) {
      const completedAt = status === "done" ? new Date("2026-03-20T10:00:00Z") : null;
      const task = { status, dueDate: "2026-03-10", offeredAt, completedAt };
      expect(wasTaskOverdueOn(task, today)).toBe(isTaskOverdue(task, today));
      // Done on 20 March: it was overdue from 11 March until then.
      expect(wasTaskOverdueOn(task, "2026-03-15")).toBe(isTaskIn("involved", status));
      expect(wasTaskOverdueOn(task, "2026-03-10")).toBe(false);
      // Before it was offered it was nobody's work.
      expect(wasTaskOverdueOn({ ...task, dueDate: "2026-02-01" }, "2026-02-20")).toBe(false);
    }
  });

  it("says the answer is late only for an offered task after its accept-by day", () => {
    for (const status of taskStatuses)
      expect(isAnswerLate({ status, acknowledgeBy: yesterday }, today)).toBe(status === "offered");
    expect(isAnswerLate({ status: "offered", acknowledgeBy: today }, today)).toBe(false);
  });

  it(`dues the action plan ${ACTION_PLAN_CALENDAR_DAYS} calendar days after the offer, late after that day`, () => {
    expect(actionPlanDueBy("2026-04-02")).toBe("2026-04-12");
    const due = { actionPlanDueBy: yesterday };
    expect(isActionPlanLate({ ...due, status: "accepted", actionPlanSubmittedAt: null }, today)).toBe(true);
    expect(isActionPlanLate({ ...due, status: "declined", actionPlanSubmittedAt: null }, today)).toBe(false);
    const onTheDay = new Date(`${yesterday}T12:00:00Z`);
    const dayAfter = new Date(`${today}T12:00:00Z`);
    expect(isActionPlanLate({ ...due, status: "done", actionPlanSubmittedAt: onTheDay }, today)).toBe(false);
    expect(isActionPlanLate({ ...due, status: "done", actionPlanSubmittedAt: dayAfter }, today)).toBe(true);
  });

  it(`calls a priority stale after ${REVIEW_CYCLE_DAYS} days without news, from the later of news and agreement`, () => {
    const agreed = { agreedOn: addCalendarDays(today, -100) };
    expect(isStaleOn(agreed, addCalendarDays(today, -REVIEW_CYCLE_DAYS), today)).toBe(false);
    expect(isStaleOn(agreed, addCalendarDays(today, -REVIEW_CYCLE_DAYS - 1), today)).toBe(true);
    expect(isStaleOn(agreed, null, today)).toBe(true);
    const recent = { agreedOn: addCalendarDays(today, -10) };
    expect(isStaleOn(recent, addCalendarDays(today, -60), today)).toBe(false);
  });
});
