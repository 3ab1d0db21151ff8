// The partner dashboard: an agency's own figures against the partnership's,
// its overdue and unaccepted lists, for its members and admins only.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "~/domain/core/deadlines";
import { agencies, agencyMemberships, priorities, tasks, users } from "~db/schema";
import { DEMO, loadDemo } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const DAY = 86_400_000;
let agencyId = 0;

beforeAll(async () => {
  const db = test.db;
  await loadDemo(db);
  const [agency] = await db
    .insert(agencies)
    .values({
      slug: "dashboard-agency",
      name: "Dashboard Agency",
      kind: "other",
      inboxEmail: "inbox@dashboard.example.org",
    })
    .returning({ id: agencies.id });
  agencyId = agency.id;
  const [user] = await db
    .insert(users)
    .values({ email: "member@dashboard.example.org", name: "Dash Member" })
    .returning({ id: users.id });
  await db.insert(agencyMemberships).values({ userId: user.id, agencyId });
  const [priority] = await db
    .select({ id: priorities.id })
    .from(priorities)
    .where(eq(priorities.status, "active"))
    .limit(1);
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
      cookie: await cookieFor("member@dashboard.example.org"),
    });
    expect(reply.status).toBe(200);
    const page = reply.data as Dashboard;
    expect(page.overdue.map((t) => t.title)).toEqual(["OVERDUE-TASK"]);
    expect(page.unaccepted).toEqual([
      expect.objectContaining({ title: "UNACCEPTED-TASK", lateToAccept: true }),
    ]);
    const offered = page.table.rows.find((r) => r.id === "tasksOffered");
    expect(offered?.cells[2]).toBe("2");
    expect(Number(offered?.cells[3])).toBeGreaterThanOrEqual(2);
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
      (await send("GET", `/dashboard/${agencyId}`, { cookie: await cookieFor(DEMO.police) })).status,
    ).toBe(403);
    expect(
      (await send("GET", `/dashboard/${agencyId}`, { cookie: await cookieFor(DEMO.admin) })).status,
    ).toBe(200);
    expect((await send("GET", "/dashboard/999999", { cookie: await cookieFor(DEMO.admin) })).status).toBe(
      404,
    );
    expect(
      (await send("GET", "/dashboard/not-a-number", { cookie: await cookieFor(DEMO.admin) })).status,
    ).toBe(404);
  });
});
