import { describe, expect, it } from "vitest";
import {
  addCalendarDays,
  addWorkingDays,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  toIsoDate,
  workingDaysBetween,
} from "~/domain/core/deadlines";

const holidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.day));
const none = new Set<string>();

describe("working days", () => {
  it("skips the weekend", () => {
    // Friday 20 November 2026 + 1 working day = Monday 23 November.
    expect(addWorkingDays("2026-11-20", 1, none)).toBe("2026-11-23");
    expect(addWorkingDays("2026-11-20", 5, none)).toBe("2026-11-27");
  });

  it("skips Christmas and the Boxing Day substitute day", () => {
    // Thu 24 Dec 2026; Fri 25 (Christmas), Sat, Sun, Mon 28 (substitute) are not working days.
    expect(addWorkingDays("2026-12-24", 1, holidays)).toBe("2026-12-29");
    expect(addWorkingDays("2026-12-24", 1, none)).toBe("2026-12-25");
  });

  it("skips Easter: Good Friday and Easter Monday", () => {
    expect(addWorkingDays("2026-04-02", 1, holidays)).toBe("2026-04-07");
    expect(workingDaysBetween("2026-04-02", "2026-04-07", holidays)).toBe(1);
  });

  it("counts working days between two dates", () => {
    expect(workingDaysBetween("2026-11-20", "2026-11-27", none)).toBe(5);
    expect(workingDaysBetween("2026-11-27", "2026-11-20", none)).toBe(0);
  });

  it("adds calendar days across a month and year boundary", () => {
    expect(addCalendarDays("2026-12-28", 10)).toBe("2027-01-07");
    expect(addCalendarDays("2028-02-25", 5)).toBe("2028-03-01");
  });

  it("refuses dates that are not dates", () => {
    expect(() => addWorkingDays("2026-02-30", 1, none)).toThrow(RangeError);
    expect(() => addWorkingDays("3 March", 1, none)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-11-20", -1, none)).toThrow(RangeError);
  });
});

describe("the London day of an instant", () => {
  it("is the day London's clocks show, either side of midnight and of the clock changes", () => {
    expect(toIsoDate(new Date("2026-06-30T22:59:59Z"))).toBe("2026-06-30");
    expect(toIsoDate(new Date("2026-06-30T23:00:00Z"))).toBe("2026-07-01");
    expect(toIsoDate(new Date("2026-12-31T23:59:59Z"))).toBe("2026-12-31");
    expect(toIsoDate(new Date("2027-01-01T00:00:00Z"))).toBe("2027-01-01");
    // Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    expect(toIsoDate(new Date("2026-03-28T23:59:00Z"))).toBe("2026-03-28");
    expect(toIsoDate(new Date("2026-03-29T23:00:00Z"))).toBe("2026-03-30");
    expect(toIsoDate(new Date("2026-10-24T22:59:00Z"))).toBe("2026-10-24");
    expect(toIsoDate(new Date("2026-10-24T23:00:00Z"))).toBe("2026-10-25");
    expect(toIsoDate(new Date("2026-10-25T23:30:00Z"))).toBe("2026-10-25");
  });

  it("agrees with the time zone database at every 7 minutes of two years", () => {
    const london = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/London",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    const from = Date.parse("2025-01-01T00:00:00Z");
    for (let ms = from; ms < from + 2 * 365 * 86_400_000; ms += 7 * 60_000) {
      const day = toIsoDate(new Date(ms));
      if (day !== london.format(ms)) expect(day, new Date(ms).toISOString()).toBe(london.format(ms));
    }
  });
});
