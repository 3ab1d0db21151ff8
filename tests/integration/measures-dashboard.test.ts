// The partner dashboard: an agency's own figures against the partnership's,
// its overdue and unaccepted lists, for its members and admins only.
import { beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "~/domain/core/deadlines";
import { tasks } from "~db/schema";
import { buildAgency, buildBankHolidays, buildPriority, buildUser } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const DAY = 86_400_000;
let agencyId = 0;

const MEMBER = "member@dashboard.example.org";
const OTHER_PARTNER = "officer@police.example.org";
const ADMIN = "admin@dashboard.example.org";

// Dashboard Agency (one member) has two tasks on an active priority: one overdue,
// one not accepted by its date. A second partner (the police, one officer) has
// one task offered too, so "all partners" counts three.
beforeAll(async () => {
  const db = test.db;
  await buildBankHolidays(db);
  const agency = await buildAgency(db, {
    slug: "dashboard-agency",
    name: "Dashboard Agency",
    kind: "other",
    inboxEmail: "inbox@dashboard.example.org",
  });
  agencyId = agency.id;
  await buildUser(db, { email: MEMBER, name: "Dash Member", agencies: [agencyId] });
  const police = await buildAgency(db, { name: "Neighbourhood Policing Team", kind: "police" });
  await buildUser(db, { email: OTHER_PARTNER, name: "PC Other", agencies: [police.id] });
  await buildUser(db, { email: ADMIN, name: "Admin", isAdmin: true });
  const { priority } = await buildPriority(db, { title: "Speeding on Wickersley Road", status: "active" });
  const now = Date.now();
  await db.insert(tasks).values([
    {
      priorityId: priority.id,
      agencyId,
      title: "OVERDUE-TASK",
      ask: "Fix it.",
      status: "in_progress",
      offeredAt: new Date(now - 20 * DAY),
      acceptedAt: new Date(now - 19 * DAY),
      acknowledgeBy: toIsoDate(new Date(now - 13 * DAY)),
      actionPlanDueBy: toIsoDate(new Date(now - 10 * DAY)),
      dueDate: toIsoDate(new Date(now - 2 * DAY)),
    },
    {
      priorityId: priority.id,
      agencyId,
      title: "UNACCEPTED-TASK",
      ask: "Look at it.",
      status: "offered",
      offeredAt: new Date(now - 9 * DAY),
      acknowledgeBy: toIsoDate(new Date(now - 2 * DAY)),
      actionPlanDueBy: toIsoDate(new Date(now + DAY)),
      dueDate: toIsoDate(new Date(now + 30 * DAY)),
    },
    {
      priorityId: priority.id,
      agencyId: police.id,
      title: "OTHER-PARTNER-TASK",
      ask: "Patrol it.",
      status: "offered",
      offeredAt: new Date(now - 3 * DAY),
      acknowledgeBy: toIsoDate(new Date(now + 4 * DAY)),
      actionPlanDueBy: toIsoDate(new Date(now + 8 * DAY)),
      dueDate: toIsoDate(new Date(now + 30 * DAY)),
    },
  ]);
});

type Dashboard = {
  overdue: Array<{ title: string }>;
  unaccepted: Array<{ title: string; lateToAccept: boolean }>;
  table: { columns: string[]; rows: Array<{ id: string; cells: string[] }> };
  trends: Array<{ series: Array<{ name: string }> }>;
};

describe("partner dashboard", () => {
  it("shows the agency's overdue and unaccepted work and its figures against all partners", async () => {
    const reply = await send("GET", `/dashboard/${agencyId}`, {
      cookie: await cookieFor(MEMBER),
    });
    expect(reply.status).toBe(200);
    const page = reply.data as Dashboard;
    expect(page.overdue.map((t) => t.title)).toEqual(["OVERDUE-TASK"]);
    expect(page.unaccepted).toEqual([
      expect.objectContaining({ title: "UNACCEPTED-TASK", lateToAccept: true }),
    ]);
    const offered = page.table.rows.find((r) => r.id === "tasksOffered");
    expect(offered?.cells[2]).toBe("2");
    // Its two and the other partner's one.
    expect(offered?.cells[3]).toBe("3");
    const overdue = page.table.rows.find((r) => r.id === "tasksOverdue");
    expect(overdue?.cells[2]).toBe("1");
    // One not accepted by its date, one accepted on time: too few to compare.
    expect(page.table.rows.find((r) => r.id === "tasksAcceptedOnTime")?.cells[2]).toBe(
      "too few to compare (1 of 2)",
    );
    expect(page.table.rows.find((r) => r.id === "meetingsHeld")).toBeUndefined();
    expect(page.trends[0].series.map((s) => s.name)).toEqual(["Dashboard Agency", "All partners"]);
  });

  it("is for the agency's members and admins only", async () => {
    expect((await send("GET", `/dashboard/${agencyId}`)).location).toMatch(/^\/login/);
    expect(
      (await send("GET", `/dashboard/${agencyId}`, { cookie: await cookieFor(OTHER_PARTNER) })).status,
    ).toBe(403);
    expect((await send("GET", `/dashboard/${agencyId}`, { cookie: await cookieFor(ADMIN) })).status).toBe(
      200,
    );
    expect((await send("GET", "/dashboard/999999", { cookie: await cookieFor(ADMIN) })).status).toBe(404);
    expect((await send("GET", "/dashboard/not-a-number", { cookie: await cookieFor(ADMIN) })).status).toBe(
      404,
    );
  });
});
