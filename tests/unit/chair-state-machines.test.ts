// The chair's state machines, over every pair of statuses: each allowed move
// is allowed, every other move is refused. And the offer's dates, across
// weekends and bank holidays.
import { describe, expect, it } from "vitest";
import {
  CONCERN_TRANSITIONS,
  canMoveConcern,
  checkConcernDecision,
  looksLikeHouseNumber,
} from "~/domain/concerns/concerns";
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from "~/domain/core/deadlines";
import { DomainError } from "~/domain/core/errors";
import { isOpenTask, TASK_MOVES, type TaskActor } from "~/domain/lifecycle/tasks";
import { canMoveMeeting, canPublish, londonDateTime, needsRecording } from "~/domain/meetings/meetings";
import {
  canMovePriority,
  checkReviewDecision,
  PRIORITY_TRANSITIONS,
  REVIEW_OUTCOME_STATUS,
  threeMonthsAfter,
} from "~/domain/priorities/priorities";
import { canChairReoffer, canChairWithdraw, offerDeadlines } from "~/domain/tasks/chair-tasks";
import { concernStatuses, meetingStatuses, priorityStatuses, taskStatuses } from "~db/schema";

const holidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.day));

function pairs<T extends string>(values: readonly T[]) {
  return values.flatMap((from) => values.map((to) => [from, to] as const));
}

describe("concern statuses", () => {
  const allowed = new Set(["new>adopted", "new>answered", "new>referred", "new>not_adopted"]);
  it.each(pairs(concernStatuses))("%s → %s", (from, to) => {
    expect(canMoveConcern(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it("covers every status", () => {
    expect(Object.keys(CONCERN_TRANSITIONS).sort()).toEqual([...concernStatuses].sort());
  });

  it("needs an answer or a reason, and refuses deciding twice once the correction window has closed", () => {
    const undecided = { status: "new" as const, decidedAt: null };
    const now = new Date("2026-06-01T19:00:00Z");
    expect(checkConcernDecision(undecided, { status: "answered", answer: " " }, now)).toEqual({
      answer: ["Enter the answer given at the meeting"],
    });
    expect(checkConcernDecision(undecided, { status: "not_adopted", reason: "" }, now)).toEqual({
      reason: ["Enter the reason it was not adopted"],
    });
    expect(checkConcernDecision(undecided, { status: "referred", agencyId: 3 }, now)).toEqual({});
    const decided = { status: "answered" as const, decidedAt: new Date("2026-06-01T18:50:00Z") };
    expect(() =>
      checkConcernDecision(decided, { status: "not_adopted", reason: "x" }, new Date("2026-06-01T19:00:00Z")),
    ).toThrow(DomainError);
    expect(
      checkConcernDecision(decided, { status: "not_adopted", reason: "x" }, new Date("2026-06-01T18:59:59Z")),
    ).toEqual({});
  });

  it("spots a house or flat number but not a street", () => {
    expect(looksLikeHouseNumber("12 Cranworth Road")).toBe(true);
    expect(looksLikeHouseNumber("Flat 3, Wickersley Road")).toBe(true);
    expect(looksLikeHouseNumber("Herringthorpe Valley Road")).toBe(false);
    expect(looksLikeHouseNumber("Shops on Wickersley Road")).toBe(false);
  });
});

describe("priority statuses", () => {
  const current = new Set(["active", "monitoring"]);
  it.each(pairs(priorityStatuses))("%s → %s", (from, to) => {
    // A current priority may move to any status (continue keeps it active); an ended one never moves.
    expect(canMovePriority(from, to)).toBe(current.has(from));
  });

  it("covers every status and maps each review outcome to one", () => {
    expect(Object.keys(PRIORITY_TRANSITIONS).sort()).toEqual([...priorityStatuses].sort());
    expect(REVIEW_OUTCOME_STATUS).toEqual({
      continue: "active",
      monitoring: "monitoring",
      resolved: "resolved",
      closed: "closed",
      referred: "referred",
    });
  });

  it("asks for what each outcome needs", () => {
    const today = "2026-03-03";
    expect(checkReviewDecision({ outcome: "continue", reviewDate: today }, today)).toEqual({
      reviewDate: ["The next review date must be in the future"],
    });
    expect(checkReviewDecision({ outcome: "monitoring", reviewDate: "2026-04-01" }, today)).toEqual({});
    expect(checkReviewDecision({ outcome: "resolved", outcomeSummary: "" }, today)).toHaveProperty(
      "outcomeSummary",
    );
    expect(checkReviewDecision({ outcome: "closed", reason: " " }, today)).toHaveProperty("reason");
    expect(checkReviewDecision({ outcome: "referred", referredTo: "" }, today)).toHaveProperty("referredTo");
    expect(checkReviewDecision({ outcome: "referred", referredTo: "Highways England" }, today)).toEqual({});
  });

  it("reviews three months on by default, keeping to the month's last day", () => {
    expect(threeMonthsAfter("2026-03-03")).toBe("2026-06-03");
    expect(threeMonthsAfter("2026-11-30")).toBe("2027-02-28");
    expect(threeMonthsAfter("2027-11-30")).toBe("2028-02-29");
  });
});

describe("the chair's moves on a task", () => {
  it.each(taskStatuses.map((s) => [s]))("%s", (status) => {
    expect(canChairWithdraw(status)).toBe(
      ["offered", "accepted", "in_progress", "declined"].includes(status),
    );
    expect(canChairReoffer(status)).toBe(status === "declined");
  });

  it("never lets the chair complete a task: no move to done is the chair's", () => {
    const toDone = Object.values(TASK_MOVES).filter((move) => move.to === "done");
    expect(toDone.length).toBeGreaterThan(0);
    for (const move of toDone) expect(move.by as readonly TaskActor[]).not.toContain("chair");
  });

  it("counts only offered, accepted and in-progress tasks as open", () => {
    expect(taskStatuses.filter(isOpenTask)).toEqual(["offered", "accepted", "in_progress"]);
  });
});

describe("meeting statuses", () => {
  const allowed = new Set(["scheduled>held", "scheduled>cancelled"]);
  it.each(pairs(meetingStatuses))("%s → %s", (from, to) => {
    expect(canMoveMeeting(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it("needs recording only when still scheduled two days after it ended", () => {
    const endsAt = new Date("2026-03-03T20:00:00Z");
    expect(needsRecording({ status: "scheduled", endsAt }, new Date("2026-03-05T19:59:00Z"))).toBe(false);
    expect(needsRecording({ status: "scheduled", endsAt }, new Date("2026-03-05T20:01:00Z"))).toBe(true);
    expect(needsRecording({ status: "held", endsAt }, new Date("2026-03-09T00:00:00Z"))).toBe(false);
    expect(needsRecording({ status: "cancelled", endsAt }, new Date("2026-03-09T00:00:00Z"))).toBe(false);
  });

  it("publishes only a held meeting with a summary, once", () => {
    expect(canPublish({ status: "held", publicSummary: "Done", publishedAt: null })).toBe(true);
    expect(canPublish({ status: "held", publicSummary: " ", publishedAt: null })).toBe(false);
    expect(canPublish({ status: "scheduled", publicSummary: "Done", publishedAt: null })).toBe(false);
    expect(canPublish({ status: "held", publicSummary: "Done", publishedAt: new Date() })).toBe(false);
  });

  it("reads meeting times in UK local time, GMT and BST", () => {
    expect(londonDateTime("2026-01-13", "18:30").toISOString()).toBe("2026-01-13T18:30:00.000Z");
    expect(londonDateTime("2026-07-14", "18:30").toISOString()).toBe("2026-07-14T17:30:00.000Z");
    // The day the clocks go forward (29 March 2026).
    expect(londonDateTime("2026-03-29", "10:00").toISOString()).toBe("2026-03-29T09:00:00.000Z");
  });
});

describe("an offer's dates", () => {
  it("skips a weekend for the date to accept", () => {
    // Thursday 5 March 2026 + 3 working days = Tuesday 10 March.
    const dates = offerDeadlines("2026-03-05", 3, { dueInWorkingDays: 20 }, holidays);
    expect(dates.acknowledgeBy).toBe("2026-03-10");
    expect(dates.actionPlanDueBy).toBe("2026-03-15");
    expect(dates.dueDate).toBe("2026-04-02");
    expect(dates.errors).toEqual({});
  });

  it("skips Easter's bank holidays", () => {
    // Thursday 2 April 2026: Good Friday 3 April and Easter Monday 6 April are not working days.
    const dates = offerDeadlines("2026-04-02", 3, { dueInWorkingDays: 5 }, holidays);
    expect(dates.acknowledgeBy).toBe("2026-04-09");
    expect(dates.dueDate).toBe("2026-04-13");
    // Without the bank holidays the same count would land two days earlier.
    expect(offerDeadlines("2026-04-02", 3, { dueInWorkingDays: 5 }, new Set()).acknowledgeBy).toBe(
      "2026-04-07",
    );
  });

  it("skips Christmas and the Boxing Day substitute", () => {
    // Thursday 24 December 2026 + 2 working days: 25th (holiday), 28th (substitute) → Tuesday 29th, Wednesday 30th.
    expect(offerDeadlines("2026-12-24", 2, { dueInWorkingDays: 10 }, holidays).acknowledgeBy).toBe(
      "2026-12-30",
    );
  });

  it("refuses a due date on a bank holiday, at or before the date to accept, or a silly count", () => {
    expect(offerDeadlines("2026-03-05", 3, { dueDate: "2026-03-10" }, holidays).errors).toHaveProperty(
      "dueDate",
    );
    expect(offerDeadlines("2026-03-05", 3, { dueDate: "2026-05-04" }, holidays).errors.dueDate).toEqual([
      "Choose a working day: not a weekend or bank holiday",
    ]);
    expect(offerDeadlines("2026-03-05", 3, { dueDate: "2026-05-05" }, holidays).errors).toEqual({});
    expect(offerDeadlines("2026-03-05", 3, { dueInWorkingDays: 0 }, holidays).errors).toHaveProperty(
      "dueInWorkingDays",
    );
    expect(
      offerDeadlines("2026-03-05", 5, { dueInWorkingDays: 5 }, holidays).errors.dueInWorkingDays,
    ).toEqual(["Allow more than the 5 working days the agency has to accept"]);
  });
});
