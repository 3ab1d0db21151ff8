import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "~/lib/password.server";
import * as t from "~db/schema";
import { DEMO_PASSWORD, seedDemo } from "~db/seed";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

async function counts() {
  const tables = {
    assemblies: t.assemblies,
    neighbourhoods: t.neighbourhoods,
    agencies: t.agencies,
    users: t.users,
    meetings: t.meetings,
    concerns: t.concerns,
    priorities: t.priorities,
    tasks: t.tasks,
    updates: t.taskUpdates,
    figures: t.updateFigures,
    memberships: t.agencyMemberships,
    chairs: t.assemblyChairs,
    bankHolidays: t.bankHolidays,
  };
  const result: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [{ n }] = await test.db.select({ n: sql<number>`count(*)::int` }).from(table);
    result[name] = n;
  }
  return result;
}

describe("demo seed", () => {
  it("loads the borough: 7 area assemblies, agencies, meetings and the three Rotherham example priorities", async () => {
    const summary = await seedDemo(test.db, { history: false });
    expect(summary.assemblies).toBe(7);
    const names = (await test.db.select({ name: t.assemblies.name }).from(t.assemblies))
      .map((a) => a.name)
      .sort();
    expect(names).toEqual([
      "Rother Valley South",
      "Rother Valley West",
      "Rotherham North",
      "Rotherham South",
      "Wentworth North",
      "Wentworth South",
      "Wentworth Valley",
    ]);
    // The Rotherham examples, kept as they are among the generated year of history.
    const statuses = await test.db
      .select({ title: t.priorities.title, status: t.priorities.status })
      .from(t.priorities)
      .where(
        inArray(t.priorities.title, [
          "Obstructive parking on Queensway",
          "Underage drinking on Herringthorpe Playing Fields",
          "Youths causing damage at Maynard Road play area",
        ]),
      )
      .orderBy(t.priorities.title);
    expect(statuses).toEqual([
      { title: "Obstructive parking on Queensway", status: "monitoring" },
      { title: "Underage drinking on Herringthorpe Playing Fields", status: "resolved" },
      { title: "Youths causing damage at Maynard Road play area", status: "active" },
    ]);
    const figures = await test.db
      .select({ label: t.updateFigures.label, value: t.updateFigures.value })
      .from(t.updateFigures);
    expect(figures).toContainEqual({ label: "fixed penalty notices issued", value: 16 });
    expect(figures).toContainEqual({ label: "premises failed test purchases", value: 3 });
    expect(figures).toContainEqual({ label: "acceptable behaviour contracts", value: 7 });
  });

  it("is idempotent: a second run adds and changes nothing", async () => {
    const before = await counts();
    const summary = await seedDemo(test.db, { history: false });
    expect(summary.prioritiesAdded).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it("gives every demo role a working sign-in with the documented password", async () => {
    for (const email of [
      "admin@example.org",
      "chair@example.org",
      "police@example.org",
      "asb@example.org",
      "tradingstandards@example.org",
    ]) {
      const user = await test.db.query.users.findFirst({ where: eq(t.users.email, email) });
      expect(user, email).toBeDefined();
      expect(await verifyPassword(DEMO_PASSWORD, user?.passwordHash ?? null), email).toBe(true);
      expect(await verifyPassword("wrong-password", user?.passwordHash ?? null)).toBe(false);
    }
    const asb = await test.db.query.users.findFirst({
      where: eq(t.users.email, "asb@example.org"),
      with: { memberships: { with: { agency: true } } },
    });
    expect(asb?.memberships.map((m) => [m.agency.slug, m.role])).toEqual([
      ["council-asb-team", "coordinator"],
    ]);
    const chair = await test.db.query.users.findFirst({
      where: eq(t.users.email, "chair@example.org"),
      with: { chairs: { with: { assembly: true } } },
    });
    const herringthorpe = await test.db.query.neighbourhoods.findFirst({
      where: eq(t.neighbourhoods.slug, "herringthorpe"),
    });
    expect(chair?.chairs.map((c) => c.assemblyId)).toEqual([herringthorpe?.assemblyId]);
  });

  it("keeps youth offending work partners-only and has upcoming meetings", async () => {
    const yot = await test.db.query.agencies.findFirst({
      where: eq(t.agencies.slug, "youth-offending-team"),
    });
    expect(yot?.defaultConfidentiality).toBe("partners_only");
    const yotTasks = await test.db
      .select()
      .from(t.tasks)
      .where(eq(t.tasks.agencyId, yot?.id ?? 0));
    expect(yotTasks.length).toBeGreaterThan(0);
    expect(yotTasks.every((task) => task.confidentiality === "partners_only")).toBe(true);
    const upcoming = await test.db
      .select({ n: sql<number>`count(*)::int` })
      .from(t.meetings)
      .where(and(eq(t.meetings.status, "scheduled"), gt(t.meetings.startsAt, new Date())));
    expect(upcoming[0].n).toBe(7);
  });
});
