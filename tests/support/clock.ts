// One fixed clock for tests whose data or assertions depend on the date.
//
// The demo story, the factories and the domain all work "relative to today"
// (meetings to come and past, acknowledge-by and due dates in working days,
// review dates, report months, retention ages). Run on the real date, a test's
// weekend and bank-holiday paths would change with the day the suite runs.
// `useFixedClock()` pins the file's JavaScript clock instead.
//
// Only `Date` is faked: timers stay real, so PGlite, postgres.js, msw and the
// SMTP sink keep working. The pinned clock starts at the instant and moves on
// with real time (`shouldAdvanceTime`), so rows written one after another still
// get increasing timestamps; a file runs for minutes, never across a day. It
// moves in steps and lags a little on a busy machine: measure elapsed time with
// `performance.now()`, not `Date.now()`.
//
// PGlite reads the time from JavaScript, so its `now()` (the `created_at`-style
// column defaults) follows the pinned clock. The PostgreSQL server's `now()`
// does not: on the server those defaults carry the real time. A test that
// compares such a default with the pinned clock must set the timestamp itself,
// or compare in JavaScript (`gt(column, new Date())`) rather than with SQL's
// `now()`.
import { afterAll, vi } from "vitest";
import { toIsoDate } from "~/domain/core/deadlines";

/**
 * The suite's "now": Thursday 2 April 2026, 11:00 in London (10:00 UTC, British
 * Summer Time). Chosen because:
 * - the next working day is five calendar days away: Good Friday (3 April), the
 *   weekend, Easter Monday (6 April). Every deadline counted in working days
 *   from today (acknowledge-by, due dates, "due soon", lateness) crosses a
 *   weekend and two bank holidays, while one counted in calendar days does not;
 * - it is a working day itself, mid-morning, so "today" is the same calendar day
 *   in London and in UTC and no test sits near midnight;
 * - the clocks went forward on 29 March, so London time is UTC+1 and a
 *   UTC-for-London mistake shows as an hour;
 * - a year either side (the demo history, review dates, report months) stays
 *   inside the bank-holiday table (2025–2028) in app/domain/core/deadlines.ts.
 */
export const FIXED_NOW = new Date("2026-04-02T10:00:00Z");

/** FIXED_NOW's calendar day in London: "2026-04-02". */
export const FIXED_TODAY = toIsoDate(FIXED_NOW);

/** Fakes `Date` only, starting at `now`; timers stay real. */
export function pinClock(now: Date = FIXED_NOW) {
  // Vitest ignores useFakeTimers (and its `now`) while fake timers are on, so
  // switch them off first: pinning twice, or over a faked date, still pins.
  vi.useRealTimers();
  vi.useFakeTimers({ toFake: ["Date"], now, shouldAdvanceTime: true });
}

/**
 * Pins the test file's clock at `now` (FIXED_NOW unless the file states its own
 * instant) from this call until the file ends. Call it at the top of the file,
 * before anything reads the date: top-level constants such as
 * `const today = toIsoDate(new Date())` then see the pinned day.
 */
export function useFixedClock(now: Date = FIXED_NOW) {
  pinClock(now);
  afterAll(() => {
    vi.useRealTimers();
  });
  return { now, today: toIsoDate(now) };
}
