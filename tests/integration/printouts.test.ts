// The partners' printouts (meeting pack, draft monthly report): chairs print them for
// public meetings, so partners-only words are left out unless the chair ticks
// "include partners-only notes", and safeguarding details never appear.
import { and, asc, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { PARTNERS_ONLY_TASK_LEFT_OUT } from "~/domain/reports/printouts";
import { offerTask } from "~/domain/tasks/chair-tasks";
import * as t from "~db/schema";
import { DEMO, loadDemo, viewer } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
const { now } = useFixedClock();
const LEAKS = {
  note: "LEAK-NOTE: two of the group are known to the YOT worker, initials K.T., aged 16.",
  task: "LEAK-TASK: diversion sessions for K.T. and family",
  safeguarding: "LEAK-SAFEGUARDING: referral made for a 14-year-old at the address.",
};
const PUBLIC_UPDATE = "Patrols at the play area each evening this week.";

let chair: string;
let meetingId: number;
let month: string;

beforeAll(async () => {
  await loadDemo(test.db, now);
  chair = await cookieFor(DEMO.chair);
  const [sitwell] = await test.db.select().from(t.neighbourhoods).where(eq(t.neighbourhoods.slug, "sitwell"));
  const [next] = await test.db
    .select({ id: t.meetings.id })
    .from(t.meetings)
    .innerJoin(t.meetingNeighbourhoods, eq(t.meetingNeighbourhoods.meetingId, t.meetings.id))
    .where(and(eq(t.meetingNeighbourhoods.neighbourhoodId, sitwell.id), gt(t.meetings.startsAt, now)))
    .orderBy(asc(t.meetings.startsAt))
    .limit(1);
  meetingId = next.id;
  const [maynard] = await test.db
    .select()
    .from(t.priorities)
    .where(and(eq(t.priorities.neighbourhoodId, sitwell.id), eq(t.priorities.status, "active")));
  const [yot] = await test.db.select().from(t.agencies).where(eq(t.agencies.slug, "youth-offending-team"));
  const secret = await offerTask(
    await viewer(DEMO.chair, test.db),
    { priorityId: maynard.id, agencyId: yot.id, title: LEAKS.task, ask: "Work with the family." },
    { database: test.db, now },
  );
  const [policeTask] = await test.db
    .select()
    .from(t.tasks)
    .innerJoin(t.agencies, eq(t.agencies.id, t.tasks.agencyId))
    .where(and(eq(t.tasks.priorityId, maynard.id), eq(t.agencies.slug, "syp-neighbourhood-team")));
  // Written now on the pinned clock: left to the column default, the PostgreSQL server would
  // date them by its own (real) clock, outside the month the report covers.
  const written = new Date();
  await test.db.insert(t.taskUpdates).values([
    { taskId: policeTask.tasks.id, body: LEAKS.note, visibility: "partners_only", createdAt: written },
    { taskId: policeTask.tasks.id, body: PUBLIC_UPDATE, visibility: "public", createdAt: written },
    {
      taskId: policeTask.tasks.id,
      body: LEAKS.safeguarding,
      visibility: "partners_only",
      createdAt: written,
      safeguardingReferral: true,
    },
    { taskId: secret.id, body: LEAKS.note, visibility: "public", createdAt: written },
  ]);
  month = now.toISOString().slice(0, 7);
});

const text = (value: unknown) => JSON.stringify(value);

describe("the partners' meeting pack as printed", () => {
  it("leaves partners-only notes and tasks out unless the chair asks for them", async () => {
    const reply = await send("GET", `/chair/meetings/${meetingId}/pack`, { cookie: chair });
    expect(reply.status).toBe(200);
    const data = reply.data as { included: boolean };
    expect(data.included).toBe(false);
    const printed = text(reply.data);
    expect(printed).toContain(PUBLIC_UPDATE);
    expect(printed).toContain(PARTNERS_ONLY_TASK_LEFT_OUT);
    expect(printed).not.toContain("LEAK-NOTE");
    expect(printed).not.toContain("LEAK-TASK");
    expect(printed).not.toContain("LEAK-SAFEGUARDING");
  });

  it("includes partners-only notes when ticked, but never safeguarding details", async () => {
    const reply = await send("GET", `/chair/meetings/${meetingId}/pack?notes=include`, { cookie: chair });
    expect((reply.data as { included: boolean }).included).toBe(true);
    const printed = text(reply.data);
    expect(printed).toContain("LEAK-NOTE");
    expect(printed).toContain("LEAK-TASK");
    expect(printed).not.toContain("LEAK-SAFEGUARDING");
  });
});

describe("the partners' draft monthly report as printed", () => {
  it("leaves partners-only notes out unless ticked, and safeguarding details always", async () => {
    const path = `/reports/rotherham-south/${month}/draft`;
    const plain = text((await send("GET", path, { cookie: chair })).data);
    expect(plain).toContain(PUBLIC_UPDATE);
    expect(plain).not.toContain("LEAK-NOTE");
    expect(plain).not.toContain("LEAK-TASK");
    expect(plain).not.toContain("LEAK-SAFEGUARDING");
    const full = text((await send("GET", `${path}?notes=include`, { cookie: chair })).data);
    expect(full).toContain("LEAK-NOTE");
    expect(full).not.toContain("LEAK-SAFEGUARDING");
  });
});
