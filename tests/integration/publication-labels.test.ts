// The "partners only" / "will be public" labels staff see come from the
// publication rule's predicate, so they say what the public filter does. Two
// copies used to disagree with it, and these tests name the fixes:
// - the meeting pack ignored the youth offending rule and the task's status;
// - a youth offending partner was told "will be public" (can.publicUpdates,
//   the outcome's visibility, the task page's tags) for text the public never sees.
// The work here: a youth offending task marked public while the agency keeps
// its partners-only default (as happens when the default is changed after the
// offer), with a public update, and a declined public task.
import { and, asc, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/domain/core/access";
import { getPartnersPack, getPublicPack } from "~/domain/reports/meeting-pack";
import { getTaskPage, previewCompletion, previewTaskUpdate } from "~/domain/tasks";
import { getTaskForChair } from "~/domain/tasks/chair-tasks";
import { getInbox } from "~/domain/tasks/inbox";
import * as t from "~db/schema";
import { DEMO, loadDemo, viewer } from "../factories/demo";
import { addMember, agencyId, MAYNARD, offerTask, priorityId } from "../factories/tasks";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { FIXED_NOW, useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const YOT_WORKER = "yot.worker@example.org";
let chair: Viewer;
let yot: Viewer;
let police: Viewer;
let yotTask: typeof t.tasks.$inferSelect;
let declinedTask: typeof t.tasks.$inferSelect;
let policeTask: typeof t.tasks.$inferSelect;
let yotUpdateId: number;

beforeAll(async () => {
  await loadDemo(test.db, FIXED_NOW);
  await addMember(test.db, "youth-offending-team", YOT_WORKER, "coordinator");
  chair = await viewer(DEMO.chair, test.db);
  yot = await viewer(YOT_WORKER, test.db);
  police = await viewer(DEMO.police, test.db);
  const accepted = { status: "accepted" as const, acceptedAt: FIXED_NOW, now: FIXED_NOW };
  yotTask = await offerTask(test.db, "youth-offending-team", {
    ...accepted,
    title: "YOT task marked public",
    confidentiality: "public",
  });
  policeTask = await offerTask(test.db, "syp-neighbourhood-team", {
    ...accepted,
    title: "Police task, public",
    confidentiality: "public",
  });
  declinedTask = await offerTask(test.db, "trading-standards", {
    status: "declined",
    declineReason: "Not ours",
    title: "Declined task, public",
    confidentiality: "public",
    now: FIXED_NOW,
  });
  const [update] = await test.db
    .insert(t.taskUpdates)
    .values({
      taskId: yotTask.id,
      body: "YOT update marked public",
      visibility: "public",
      createdAt: FIXED_NOW,
    })
    .returning();
  yotUpdateId = update.id;
  // The youth offending team keeps its partners-only default (the demo's).
  const [agency] = await test.db
    .select({ defaultConfidentiality: t.agencies.defaultConfidentiality })
    .from(t.agencies)
    .where(eq(t.agencies.id, await agencyId(test.db, "youth-offending-team")));
  expect(agency.defaultConfidentiality).toBe("partners_only");
});

/** The next meeting covering the Maynard Road priority's neighbourhood. */
async function maynardMeeting() {
  const [priority] = await test.db
    .select({ neighbourhoodId: t.priorities.neighbourhoodId })
    .from(t.priorities)
    .where(eq(t.priorities.id, await priorityId(test.db, MAYNARD)));
  const [meeting] = await test.db
    .select({ id: t.meetings.id })
    .from(t.meetings)
    .innerJoin(t.meetingNeighbourhoods, eq(t.meetingNeighbourhoods.meetingId, t.meetings.id))
    .where(
      and(
        eq(t.meetingNeighbourhoods.neighbourhoodId, priority.neighbourhoodId),
        gt(t.meetings.startsAt, FIXED_NOW),
      ),
    )
    .orderBy(asc(t.meetings.startsAt))
    .limit(1);
  if (!meeting) throw new Error("no meeting ahead for Maynard Road");
  return meeting.id;
}

describe("labels follow the publication rule", () => {
  it("fix: the meeting pack marks youth offending work and a declined task as partners-only, as the public pack leaves them out", async () => {
    const meetingId = await maynardMeeting();
    const pack = await getPartnersPack(chair, meetingId, { database: test.db, now: FIXED_NOW });
    const maynard = pack.sections.flatMap((s) => s.priorities).find((p) => p.title === MAYNARD);
    if (!maynard) throw new Error("Maynard Road is not in the pack");
    const taskLabel = (id: number) => maynard.tasks.find((task) => task.id === id)?.partnersOnly;
    // Before the fix these read the task's confidentiality only, and said "public".
    expect(taskLabel(yotTask.id)).toBe(true);
    expect(taskLabel(declinedTask.id)).toBe(true);
    expect(maynard.updates.find((u) => u.id === yotUpdateId)?.partnersOnly).toBe(true);
    // Public work is still marked public.
    expect(taskLabel(policeTask.id)).toBe(false);

    const publicPack = await getPublicPack(meetingId, { database: test.db, now: FIXED_NOW });
    const publicMaynard = publicPack?.sections.flatMap((s) => s.priorities).find((p) => p.title === MAYNARD);
    const shown = publicMaynard?.tasks.map((task) => task.id) ?? [];
    expect(shown).toContain(policeTask.id);
    expect(shown).not.toContain(yotTask.id);
    expect(shown).not.toContain(declinedTask.id);
    expect(publicMaynard?.updates.map((u) => u.id)).not.toContain(yotUpdateId);
  });

  it("fix: a youth offending partner is not told 'will be public' for work the public never sees", async () => {
    const page = await getTaskPage(yot, yotTask.id, { database: test.db, now: FIXED_NOW });
    expect(page.can.publicUpdates).toBe(false);
    // The task page's tags say so too: the task, and the update once marked public.
    expect(page.task.partnersOnly).toBe(true);
    expect(page.timeline.find((entry) => entry.body === "YOT update marked public")?.visibility).toBe(
      "partners_only",
    );
    expect((await getTaskForChair(chair, yotTask.id, { database: test.db })).task.partnersOnly).toBe(true);
    // The update and outcome pages read the same value.
    const cookie = await cookieFor(YOT_WORKER);
    const updateForm = await send("GET", `/tasks/${yotTask.id}/update`, { cookie });
    expect(updateForm.status).toBe(200);
    expect((updateForm.data as { publicUpdates: boolean }).publicUpdates).toBe(false);
    const completeForm = await send("GET", `/tasks/${yotTask.id}/complete`, { cookie });
    expect((completeForm.data as { isPublic: boolean }).isPublic).toBe(false);
    // A public update is refused, and the outcome is recorded as partners-only (no "check the public text").
    await expect(
      previewTaskUpdate(
        yot,
        {
          taskId: yotTask.id,
          version: yotTask.version,
          body: "Seen two young people",
          visibility: "public",
          figures: [],
        },
        { database: test.db },
      ),
    ).rejects.toMatchObject({ fieldErrors: { visibility: [expect.stringContaining("partners-only")] } });
    const outcome = await previewCompletion(
      yot,
      {
        taskId: yotTask.id,
        version: yotTask.version,
        outcomeSummary: "Programme finished",
        residentsAsked: false,
        figures: [],
      },
      { database: test.db },
    );
    expect(outcome.visibility).toBe("partners_only");

    // A police task's public updates still will be public.
    const policePage = await getTaskPage(police, policeTask.id, { database: test.db, now: FIXED_NOW });
    expect(policePage.can.publicUpdates).toBe(true);
    expect(policePage.task.partnersOnly).toBe(false);
    expect(policePage.otherTasks.find((other) => other.id === yotTask.id)?.partnersOnly).toBe(true);
  });

  it("the inbox marks the youth offending task partners-only", async () => {
    const inbox = await getInbox(
      yot,
      { agencyId: await agencyId(test.db, "youth-offending-team"), status: "all", page: 1 },
      { database: test.db, now: FIXED_NOW },
    );
    expect(inbox.items.find((item) => item.id === yotTask.id)?.partnersOnly).toBe(true);
  });
});
