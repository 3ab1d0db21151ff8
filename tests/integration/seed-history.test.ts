// The demo borough's year of history obeys the rules the forms enforce, and
// looks like a partnership in use: a meeting with concerns every month in
// every assembly, figures on How we're doing, published reports, current
// priorities where a newcomer first looks. Fixed clock: the same data each run.
import { and, asc, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { looksLikeHouseNumber } from "~/domain/concerns/concerns";
import { isWorkingDay } from "~/domain/core/deadlines";
import { assemblyComparison } from "~/domain/measures/how-were-doing";
import { addMonths, lastDayOf, type Month, monthOf } from "~/domain/measures/measures";
import { buildMonthlyReport } from "~/domain/reports/reports";
import * as t from "~db/schema";
import { seedDemo } from "~db/seed";
import { HISTORY_MONTHS, PUBLISHED_REPORT_MONTHS } from "~db/seed-history";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
// A Monday after the August bank holiday: the year behind it has every kind of holiday.
const NOW = new Date("2026-09-07T12:00:00Z");
useFixedClock(NOW);
let seconds = 0;
// The 12 months before NOW's month, written out (not computed) so the test says what it expects.
const YEAR_BEFORE_NOW = [
  "2025-09",
  "2025-10",
  "2025-11",
  "2025-12",
  "2026-01",
  "2026-02",
  "2026-03",
  "2026-04",
  "2026-05",
  "2026-06",
  "2026-07",
  "2026-08",
];
const ukDay = (moment: Date) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(moment);

beforeAll(async () => {
  const started = performance.now();
  await seedDemo(test.db, { now: NOW });
  seconds = (performance.now() - started) / 1000;
  console.log(`demo seed with a year of history: ${seconds.toFixed(1)} s`);
}, 240_000);

describe("the demo borough's year of history", () => {
  it("never makes work due, or an answer or action plan due, on a weekend or bank holiday", async () => {
    const holidays = new Set((await test.db.select().from(t.bankHolidays)).map((h) => h.day));
    const tasks = await test.db
      .select({ id: t.tasks.id, dueDate: t.tasks.dueDate, acknowledgeBy: t.tasks.acknowledgeBy })
      .from(t.tasks);
    expect(tasks.length).toBeGreaterThan(100);
    expect(tasks.filter((task) => !isWorkingDay(task.dueDate, holidays))).toEqual([]);
    expect(tasks.filter((task) => !isWorkingDay(task.acknowledgeBy, holidays))).toEqual([]);
    expect(tasks.filter((task) => task.dueDate <= task.acknowledgeBy)).toEqual([]);
  });

  it("keeps every neighbourhood within its limit of active priorities", async () => {
    const over = await test.db
      .select({
        name: t.neighbourhoods.name,
        n: sql<number>`count(*)::int`,
        max: t.neighbourhoods.maxActivePriorities,
      })
      .from(t.priorities)
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
      .where(eq(t.priorities.status, "active"))
      .groupBy(t.neighbourhoods.name, t.neighbourhoods.maxActivePriorities)
      .having(sql`count(*) > ${t.neighbourhoods.maxActivePriorities}`);
    expect(over).toEqual([]);
  });

  it("keeps youth offending work partners-only, locations street-level, and review dates honest", async () => {
    const yot = await test.db
      .select({ confidentiality: t.tasks.confidentiality, visibility: t.taskUpdates.visibility })
      .from(t.tasks)
      .innerJoin(t.agencies, eq(t.agencies.id, t.tasks.agencyId))
      .leftJoin(t.taskUpdates, eq(t.taskUpdates.taskId, t.tasks.id))
      .where(eq(t.agencies.kind, "youth_offending"));
    expect(yot.length).toBeGreaterThan(5);
    expect(yot.every((row) => row.confidentiality === "partners_only")).toBe(true);
    expect(yot.every((row) => row.visibility !== "public")).toBe(true);
    const locations = await test.db.select({ location: t.concerns.location }).from(t.concerns);
    expect(locations.filter((c) => looksLikeHouseNumber(c.location))).toEqual([]);
    const today = NOW.toISOString().slice(0, 10);
    const current = await test.db
      .select({ title: t.priorities.title, reviewDate: t.priorities.reviewDate })
      .from(t.priorities)
      .where(inArray(t.priorities.status, ["active", "monitoring"]));
    expect(current.filter((p) => p.reviewDate <= today)).toEqual([]);
    // Nothing in the history happens after today.
    const [future] = await test.db
      .select({ n: sql<number>`count(*)::int` })
      .from(t.taskUpdates)
      .where(gt(t.taskUpdates.createdAt, NOW));
    expect(future.n).toBe(0);
  });

  it("gives every assembly a held meeting with concerns in each of the last 12 months", async () => {
    const rows = await test.db
      .selectDistinct({ assembly: t.assemblies.slug, startsAt: t.meetings.startsAt })
      .from(t.meetings)
      .innerJoin(t.assemblies, eq(t.assemblies.id, t.meetings.assemblyId))
      .innerJoin(t.concerns, eq(t.concerns.raisedAtMeetingId, t.meetings.id))
      .where(eq(t.meetings.status, "held"));
    const months = Array.from({ length: HISTORY_MONTHS }, (_, i) => addMonths(monthOf(NOW), -1 - i));
    const assemblies = await test.db.select({ slug: t.assemblies.slug }).from(t.assemblies);
    expect(assemblies).toHaveLength(7);
    for (const { slug } of assemblies) {
      const held = new Set(rows.filter((r) => r.assembly === slug).map((r) => monthOf(r.startsAt)));
      expect(
        months.filter((m) => !held.has(m)),
        slug,
      ).toEqual([]);
    }
  });

  it("shows figures on How we're doing for every assembly, and published monthly reports", async () => {
    for (const { slug } of await test.db.select({ slug: t.assemblies.slug }).from(t.assemblies)) {
      const page = await assemblyComparison(slug, NOW, test.db);
      const whole = (id: string) => page?.table.rows.find((r) => r.id === id)?.cells.at(-1);
      expect(Number(whole("meetingsHeld")), slug).toBeGreaterThanOrEqual(HISTORY_MONTHS - 1);
      expect(Number(whole("prioritiesAgreed")), slug).toBeGreaterThan(0);
      expect(Number(whole("publicUpdates")), slug).toBeGreaterThan(0);
      expect(Number(whole("tasksCompleted")), slug).toBeGreaterThan(0);
    }
  });

  it("publishes a monthly report for each of the 12 months before today, in every assembly, on the first working day after it", async () => {
    const holidays = new Set((await test.db.select().from(t.bankHolidays)).map((h) => h.day));
    const reports = await test.db
      .select({
        slug: t.assemblies.slug,
        month: t.monthlyReports.month,
        publishedAt: t.monthlyReports.publishedAt,
      })
      .from(t.monthlyReports)
      .innerJoin(t.assemblies, eq(t.assemblies.id, t.monthlyReports.assemblyId));
    const assemblies = await test.db.select({ slug: t.assemblies.slug }).from(t.assemblies);
    for (const { slug } of assemblies) {
      const own = reports.filter((r) => r.slug === slug);
      expect(own.map((r) => r.month).sort(), slug).toEqual(YEAR_BEFORE_NOW);
    }
    expect(reports).toHaveLength(7 * 12);
    expect(PUBLISHED_REPORT_MONTHS).toBe(12);
    const published = (month: string) =>
      reports.filter((r) => r.month === month).map((r) => ukDay(r.publishedAt as Date));
    // 1 January 2026 is a bank holiday: December's report comes out on Friday 2 January.
    expect(new Set(published("2025-12"))).toEqual(new Set(["2026-01-02"]));
    // 1 November 2025 is a Saturday: October's report comes out on Monday 3 November.
    expect(new Set(published("2025-10"))).toEqual(new Set(["2025-11-03"]));
    for (const report of reports) {
      const day = ukDay(report.publishedAt as Date);
      expect(isWorkingDay(day, holidays), `${report.slug} ${report.month}`).toBe(true);
      expect(day > lastDayOf(report.month as Month), `${report.slug} ${report.month}`).toBe(true);
      expect((report.publishedAt as Date).getTime()).toBeLessThan(NOW.getTime());
    }
  });

  it("keeps partners-only work out of the public reports, and in the partners' ones", async () => {
    const reports = await test.db.select().from(t.monthlyReports);
    const yotTitles = (
      await test.db
        .selectDistinct({ title: t.tasks.title })
        .from(t.tasks)
        .innerJoin(t.agencies, eq(t.agencies.id, t.tasks.agencyId))
        .where(eq(t.agencies.kind, "youth_offending"))
    ).map((r) => r.title);
    expect(yotTitles.length).toBeGreaterThan(0);
    const partnersOnlyIn = (content: unknown) => JSON.stringify(content).includes('"partnersOnly":true');
    const mentionsYot = (content: unknown) =>
      yotTitles.some((title) => JSON.stringify(content).includes(title));
    expect(reports.filter((r) => partnersOnlyIn(r.publicContent) || mentionsYot(r.publicContent))).toEqual(
      [],
    );
    expect(reports.some((r) => partnersOnlyIn(r.partnersContent) && mentionsYot(r.partnersContent))).toBe(
      true,
    );
  });

  it("stores each report as the app builds it on its publication day (the seed's shared reads change nothing)", async () => {
    const [assembly] = await test.db
      .select({ id: t.assemblies.id, slug: t.assemblies.slug, name: t.assemblies.name })
      .from(t.assemblies)
      .where(eq(t.assemblies.slug, "wentworth-north"));
    const stored = await test.db
      .select()
      .from(t.monthlyReports)
      .where(eq(t.monthlyReports.assemblyId, assembly.id))
      .orderBy(asc(t.monthlyReports.month));
    expect(stored).toHaveLength(12);
    for (const report of stored) {
      const publishedAt = report.publishedAt as Date;
      const month = report.month as Month;
      expect(report.publicContent, `public ${month}`).toEqual(
        await buildMonthlyReport(assembly, month, "public", publishedAt, test.db),
      );
      expect(report.partnersContent, `partners ${month}`).toEqual(
        await buildMonthlyReport(assembly, month, "partners", publishedAt, test.db),
      );
    }
    // And they are not all alike: the year has months with and without work to report.
    const partnerships = stored.map((r) =>
      JSON.stringify((r.publicContent as { partnerships: unknown }).partnerships),
    );
    expect(new Set(partnerships).size).toBeGreaterThan(1);
  }, 120_000);

  it("has current priorities in the first neighbourhood alphabetically, with work accepted, overdue, declined and re-offered", async () => {
    const [first] = await test.db
      .select()
      .from(t.neighbourhoods)
      .orderBy(asc(t.neighbourhoods.name))
      .limit(1);
    expect(first.name).toBe("Anston and Woodsetts");
    const current = await test.db
      .select({ title: t.priorities.title })
      .from(t.priorities)
      .where(
        and(
          eq(t.priorities.neighbourhoodId, first.id),
          inArray(t.priorities.status, ["active", "monitoring"]),
        ),
      );
    expect(current.length).toBeGreaterThan(0);
    const statuses = await test.db
      .select({ status: t.tasks.status, n: sql<number>`count(*)::int` })
      .from(t.tasks)
      .groupBy(t.tasks.status);
    const byStatus = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
    for (const status of ["accepted", "in_progress", "done", "declined", "withdrawn"]) {
      expect(byStatus[status] ?? 0, status).toBeGreaterThan(0);
    }
    const today = NOW.toISOString().slice(0, 10);
    const [overdue] = await test.db
      .select({ n: sql<number>`count(*)::int` })
      .from(t.tasks)
      .where(and(inArray(t.tasks.status, ["accepted", "in_progress"]), sql`${t.tasks.dueDate} < ${today}`));
    expect(overdue.n).toBeGreaterThan(0);
    // Every declined task names the agency it suggests, and that agency was offered the work.
    const declined = await test.db
      .select({ priorityId: t.tasks.priorityId, suggested: t.tasks.suggestedAgencyId })
      .from(t.tasks)
      .where(and(eq(t.tasks.status, "declined"), isNotNull(t.tasks.suggestedAgencyId)));
    for (const d of declined) {
      const offered = await test.db
        .select({ id: t.tasks.id })
        .from(t.tasks)
        .where(and(eq(t.tasks.priorityId, d.priorityId), eq(t.tasks.agencyId, d.suggested as number)));
      expect(offered.length).toBeGreaterThan(0);
    }
  });

  it("is the same every time: a second run on the same day adds nothing", { timeout: 120_000 }, async () => {
    const before = await test.db.select({ n: sql<number>`count(*)::int` }).from(t.tasks);
    const summary = await seedDemo(test.db, { now: NOW });
    expect(summary.prioritiesAdded).toBe(0);
    expect(await test.db.select({ n: sql<number>`count(*)::int` }).from(t.tasks)).toEqual(before);
  });
});
