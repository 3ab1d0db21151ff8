// Each measure on hand-made facts with a known answer: the minimum-sample
// rule, working days across bank holidays, and a month boundary in UK time.
import { describe, expect, it } from "vitest";
import { compareInWords } from "~/domain/measures/how-were-doing";
import {
  addMonths,
  type Facts,
  factsByScope,
  formatMeasure,
  lastDayOf,
  MIN_CASES,
  measure,
  median,
  monthInWords,
  monthOf,
  monthPeriod,
  monthsEnding,
  monthsPeriod,
  type PriorityFact,
  type TaskFact,
} from "~/domain/measures/measures";

const EASTER_2026 = new Set(["2026-04-03", "2026-04-06"]);
const TODAY = "2026-06-15";
const NEIGHBOURHOOD_A = 1;
const NEIGHBOURHOOD_B = 2;
const ASSEMBLY = 10;
const POLICE = 100;
const COUNCIL = 200;

function priority(id: number, spec: Partial<PriorityFact> = {}): PriorityFact {
  return {
    id,
    neighbourhoodId: NEIGHBOURHOOD_A,
    assemblyId: ASSEMBLY,
    status: "active",
    agreedOn: "2026-03-10",
    closedAt: null,
    ...spec,
  };
}

let nextTaskId = 1;
function task(spec: Partial<TaskFact> = {}): TaskFact {
  return {
    id: nextTaskId++,
    priorityId: 1,
    agencyId: POLICE,
    status: "offered",
    isPublic: true,
    offeredAt: new Date("2026-04-01T09:00:00Z"),
    acceptedAt: null,
    acknowledgeBy: "2026-04-08",
    actionPlanDueBy: "2026-04-11",
    actionPlanSubmittedAt: null,
    dueDate: "2026-09-30",
    completedAt: null,
    ...spec,
  };
}

function facts(spec: Partial<Facts>): Facts {
  return {
    priorities: [priority(1)],
    tasks: [],
    publicUpdates: [],
    meetings: [],
    bankHolidays: EASTER_2026,
    ...spec,
  };
}

const partners = { audience: "partners" as const, today: TODAY };
const borough = { kind: "borough" as const };

describe("months", () => {
  it("counts a moment in the UK calendar month it falls in", () => {
    // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in British Summer Time.
    expect(monthOf(new Date("2026-03-31T23:30:00Z"))).toBe("2026-04");
    // In winter UK time is UTC.
    expect(monthOf(new Date("2026-01-31T23:30:00Z"))).toBe("2026-01");
  });

  it("walks months across a year end and knows their last day", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(monthsEnding("2026-02", 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
    expect(lastDayOf("2028-02")).toBe("2028-02-29");
    expect(monthInWords("2026-03")).toBe("March 2026");
  });
});

describe("median", () => {
  it("is the middle value, or the mean of the two middle values", () => {
    expect(median([10, 1, 3, 2, 20])).toBe(3);
    expect(median([6, 1, 2, 3, 4, 5])).toBe(3.5);
    expect(median([])).toBeNull();
  });
});

describe("priorities", () => {
  it("counts agreed, resolved, closed and referred priorities in the month they happened", () => {
    const list = [
      priority(1, { agreedOn: "2026-03-31" }),
      priority(2, { agreedOn: "2026-04-01" }),
      priority(3, { status: "resolved", closedAt: new Date("2026-04-10T12:00:00Z") }),
      // Closed at 00:30 UK time on 1 May: a May closure, not an April one.
      priority(4, { status: "closed", closedAt: new Date("2026-04-30T23:30:00Z") }),
      priority(5, { status: "referred", closedAt: new Date("2026-04-20T12:00:00Z") }),
    ];
    const april = measure(facts({ priorities: list }), borough, monthPeriod("2026-04"), partners);
    expect(april.prioritiesAgreed).toEqual({ kind: "count", value: 1 });
    expect(april.prioritiesResolved).toEqual({ kind: "count", value: 1 });
    expect(april.prioritiesClosed).toEqual({ kind: "count", value: 0 });
    expect(april.prioritiesReferred).toEqual({ kind: "count", value: 1 });
    const march = measure(facts({ priorities: list }), borough, monthPeriod("2026-03"), partners);
    expect(march.prioritiesAgreed).toEqual({ kind: "count", value: 4 });
    const may = measure(facts({ priorities: list }), borough, monthPeriod("2026-05"), partners);
    expect(may.prioritiesClosed).toEqual({ kind: "count", value: 1 });
  });

  it("counts a priority as stale at the month end when it has had no public news for 42 days", () => {
    const data = facts({
      priorities: [priority(1, { agreedOn: "2026-01-01" })],
      publicUpdates: [{ priorityId: 1, agencyId: POLICE, createdAt: new Date("2026-02-10T10:00:00Z") }],
    });
    const stale = (month: string) => measure(data, borough, monthPeriod(month), partners).prioritiesStale;
    // January: agreed on 1 January, 30 days before the month end.
    expect(stale("2026-01")).toEqual({ kind: "count", value: 0 });
    // February: news on 10 February.
    expect(stale("2026-02")).toEqual({ kind: "count", value: 0 });
    // 24 March is 42 days after 10 February; on 31 March it is stale.
    expect(stale("2026-03")).toEqual({ kind: "count", value: 1 });
  });
});

describe("tasks", () => {
  it("counts working days from offer to acceptance without weekends and bank holidays", () => {
    // Offered Thursday 2 April 2026, accepted Tuesday 7 April: Good Friday, the
    // weekend and Easter Monday in between, so 1 working day (3 without holidays).
    const accepted = Array.from({ length: MIN_CASES }, () =>
      task({
        status: "accepted",
        offeredAt: new Date("2026-04-02T10:00:00Z"),
        acceptedAt: new Date("2026-04-07T10:00:00Z"),
      }),
    );
    const april = measure(facts({ tasks: accepted }), borough, monthPeriod("2026-04"), partners);
    expect(april.medianDaysToAccept).toEqual({ kind: "median", cases: 5, value: 1 });
    const noHolidays = measure(
      facts({ tasks: accepted, bankHolidays: new Set() }),
      borough,
      monthPeriod("2026-04"),
      partners,
    );
    expect(noHolidays.medianDaysToAccept).toEqual({ kind: "median", cases: 5, value: 3 });
  });

  it("shows a rate only when it rests on at least five cases", () => {
    const onTime = (n: number) =>
      Array.from({ length: n }, () =>
        task({ status: "accepted", acceptedAt: new Date("2026-04-02T10:00:00Z") }),
      );
    const four = measure(facts({ tasks: onTime(4) }), borough, monthPeriod("2026-04"), partners);
    expect(four.tasksAcceptedOnTime).toEqual({ kind: "rate", numerator: 4, denominator: 4, value: null });
    expect(formatMeasure(four.tasksAcceptedOnTime)).toBe("too few to compare (4 of 4)");
    const late = task({ status: "accepted", acceptedAt: new Date("2026-04-09T10:00:00Z") });
    const five = measure(facts({ tasks: [...onTime(4), late] }), borough, monthPeriod("2026-04"), partners);
    expect(five.tasksAcceptedOnTime).toEqual({ kind: "rate", numerator: 4, denominator: 5, value: 0.8 });
    expect(formatMeasure(five.tasksAcceptedOnTime)).toBe("80% (4 of 5)");
    expect(five.medianDaysToAccept).toMatchObject({ cases: 5, value: 1 });
  });

  it("leaves out withdrawn tasks and tasks still inside their acknowledgement time", () => {
    const list = [
      task({ status: "withdrawn" }),
      // Acknowledge by 20 June; today is 15 June: not yet a case.
      task({ offeredAt: new Date("2026-06-12T10:00:00Z"), acknowledgeBy: "2026-06-20" }),
      // Never answered and past its date: a case, not on time.
      task({ offeredAt: new Date("2026-06-01T10:00:00Z"), acknowledgeBy: "2026-06-05" }),
      task({
        status: "declined",
        offeredAt: new Date("2026-06-01T10:00:00Z"),
        acknowledgeBy: "2026-06-05",
      }),
    ];
    const june = measure(facts({ tasks: list }), borough, monthPeriod("2026-06"), partners);
    expect(june.tasksOffered).toEqual({ kind: "count", value: 2 + 1 });
    expect(june.tasksAcceptedOnTime).toMatchObject({ numerator: 0, denominator: 2 });
    const april = measure(facts({ tasks: list }), borough, monthPeriod("2026-04"), partners);
    expect(april.tasksOffered).toEqual({ kind: "count", value: 1 });
    expect(april.tasksAcceptedOnTime).toMatchObject({ numerator: 0, denominator: 0, value: null });
  });

  it("counts action plans due in the month and whether they came in by the due date", () => {
    const list = [
      task({ status: "accepted", actionPlanSubmittedAt: new Date("2026-04-11T20:00:00Z") }),
      task({ status: "accepted", actionPlanSubmittedAt: new Date("2026-04-12T08:00:00Z") }),
      task({ status: "accepted" }),
      task({ status: "declined" }),
      task({ status: "accepted", actionPlanDueBy: "2026-05-02" }),
    ];
    const april = measure(facts({ tasks: list }), borough, monthPeriod("2026-04"), partners);
    expect(april.actionPlansOnTime).toEqual({ kind: "rate", numerator: 1, denominator: 3, value: null });
  });

  it("counts completions and overdue work at the month end, with the median time to complete", () => {
    const list = [
      // Offered Wednesday 1 April, done Wednesday 15 April.
      task({ status: "done", completedAt: new Date("2026-04-15T12:00:00Z"), dueDate: "2026-04-30" }),
      // Due 20 April, done 5 May: overdue at the end of April, not at the end of May.
      task({ status: "done", completedAt: new Date("2026-05-05T12:00:00Z"), dueDate: "2026-04-20" }),
      task({ status: "in_progress", dueDate: "2026-04-29" }),
      task({ status: "declined", dueDate: "2026-04-01" }),
    ];
    const april = measure(facts({ tasks: list }), borough, monthPeriod("2026-04"), partners);
    expect(april.tasksCompleted).toEqual({ kind: "count", value: 1 });
    expect(april.tasksOverdue).toEqual({ kind: "count", value: 2 });
    expect(april.medianDaysToComplete).toEqual({ kind: "median", cases: 1, value: null });
    const may = measure(facts({ tasks: list }), borough, monthPeriod("2026-05"), partners);
    expect(may.tasksCompleted).toEqual({ kind: "count", value: 1 });
    expect(may.tasksOverdue).toEqual({ kind: "count", value: 1 });
    // The whole of April and May: both completions, still too few for a median.
    const both = measure(facts({ tasks: list }), borough, monthsPeriod(["2026-04", "2026-05"]), partners);
    expect(both.tasksCompleted).toEqual({ kind: "count", value: 2 });
    expect(both.medianDaysToComplete).toEqual({ kind: "median", cases: 2, value: null });
  });
});

describe("scopes and audiences", () => {
  const data = facts({
    priorities: [priority(1), priority(2, { neighbourhoodId: NEIGHBOURHOOD_B, assemblyId: 11 })],
    tasks: [
      task({ priorityId: 1, agencyId: POLICE }),
      task({ priorityId: 1, agencyId: COUNCIL, isPublic: false }),
      task({ priorityId: 2, agencyId: COUNCIL }),
    ],
    publicUpdates: [
      { priorityId: 1, agencyId: POLICE, createdAt: new Date("2026-04-03T10:00:00Z") },
      { priorityId: 2, agencyId: COUNCIL, createdAt: new Date("2026-04-04T10:00:00Z") },
    ],
    meetings: [
      {
        id: 1,
        assemblyId: ASSEMBLY,
        neighbourhoodIds: [NEIGHBOURHOOD_A],
        startsAt: new Date("2026-04-14T17:00:00Z"),
        attendance: 31,
      },
      {
        id: 2,
        assemblyId: 11,
        neighbourhoodIds: [NEIGHBOURHOOD_B],
        startsAt: new Date("2026-04-15T17:00:00Z"),
        attendance: null,
      },
    ],
  });
  const april = monthPeriod("2026-04");

  it("counts partners-only work for partners and never for the public", () => {
    const scope = { kind: "neighbourhood" as const, id: NEIGHBOURHOOD_A };
    expect(measure(data, scope, april, partners).tasksOffered).toEqual({ kind: "count", value: 2 });
    expect(measure(data, scope, april, { audience: "public", today: TODAY }).tasksOffered).toEqual({
      kind: "count",
      value: 1,
    });
  });

  it("narrows to a neighbourhood, an assembly or an agency", () => {
    expect(measure(data, { kind: "assembly", id: 11 }, april, partners)).toMatchObject({
      tasksOffered: { value: 1 },
      publicUpdates: { value: 1 },
      meetingsHeld: { value: 1 },
      meetingAttendance: { value: 0 },
    });
    expect(measure(data, { kind: "neighbourhood", id: NEIGHBOURHOOD_A }, april, partners)).toMatchObject({
      meetingsHeld: { value: 1 },
      meetingAttendance: { value: 31 },
    });
    const council = measure(data, { kind: "agency", id: COUNCIL }, april, partners);
    expect(council).toMatchObject({ tasksOffered: { value: 2 }, publicUpdates: { value: 1 } });
    expect(council.meetingsHeld).toEqual({ kind: "not_applicable" });
    // The council's priorities are the two it has tasks on; the public sees only one.
    expect(council.prioritiesAgreed).toEqual({ kind: "count", value: 0 });
    expect(
      measure(data, { kind: "agency", id: COUNCIL }, monthPeriod("2026-03"), partners).prioritiesAgreed,
    ).toEqual({ kind: "count", value: 2 });
    expect(
      measure(data, { kind: "agency", id: COUNCIL }, monthPeriod("2026-03"), {
        audience: "public",
        today: TODAY,
      }).prioritiesAgreed,
    ).toEqual({ kind: "count", value: 1 });
    expect(measure(data, borough, april, partners).meetingAttendance).toEqual({ kind: "count", value: 31 });
  });

  it("gives the same figures from one scope's own facts as from the whole borough's", () => {
    const narrow = factsByScope(data);
    const scopes = [
      borough,
      { kind: "assembly" as const, id: 11 },
      { kind: "assembly" as const, id: ASSEMBLY },
      { kind: "neighbourhood" as const, id: NEIGHBOURHOOD_A },
      { kind: "neighbourhood" as const, id: NEIGHBOURHOOD_B },
      { kind: "agency" as const, id: COUNCIL },
      { kind: "agency" as const, id: POLICE },
    ];
    for (const scope of scopes) {
      for (const period of [april, monthPeriod("2026-03"), monthsPeriod(["2026-03", "2026-04", "2026-05"])]) {
        for (const audience of ["partners", "public"] as const) {
          const options = { audience, today: TODAY };
          expect(measure(narrow(scope), scope, period, options), JSON.stringify({ scope, audience })).toEqual(
            measure(data, scope, period, options),
          );
        }
      }
      if (scope.kind !== "borough") expect(narrow(scope).tasks.length).toBeLessThanOrEqual(data.tasks.length);
    }
  });
});

describe("comparisons in words", () => {
  it("names the highest and lowest, groups ties, and counts areas with too few cases", () => {
    const period = "in the 12 months to April 2026";
    expect(
      compareInWords(
        "prioritiesAgreed",
        [
          { name: "A", value: 3 },
          { name: "B", value: 0 },
          { name: "C", value: 0 },
          { name: "D", value: 0 },
        ],
        period,
      ),
    ).toBe("Priorities agreed in the 12 months to April 2026: highest A (3), lowest 3 areas (0).");
    expect(
      compareInWords(
        "tasksAcceptedOnTime",
        [
          { name: "A", value: 80 },
          { name: "B", value: null },
        ],
        period,
      ),
    ).toBe(
      "Tasks accepted on time in the 12 months to April 2026: A (80%). 1 of 2 had too few cases to compare.",
    );
  });
});
