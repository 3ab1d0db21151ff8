// The "partners only" / "will be public" labels staff see come from the
// publication rule's predicate, so they say what the public filter does. Two
// copies used to disagree with it, and these tests name the fixes:
// - the meeting pack ignored the youth offending rule and the task's status;
// - a youth offending partner was told "will be public" (can.publicUpdates,
//   the outcome's visibility, the task page's tags) for text the public never sees.
// The work here: a youth offending task marked public while the agency keeps
// its partners-only default (as happens when the default is changed after the
// offer), with a public update, and a declined public task.
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/domain/core/access";
import { getPartnersPack, getPublicPack } from "~/domain/reports/meeting-pack";
import { getTaskPage, previewCompletion, previewTaskUpdate } from "~/domain/tasks";
import { getTaskForChair } from "~/domain/tasks/chair-tasks";
import { getInbox } from "~/domain/tasks/inbox";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildMeeting,
  buildNeighbourhood,
  buildOffer,
  buildPriority,
  buildViewer,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { FIXED_NOW, useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const MAYNARD = "Youths causing damage at Maynard Road play area";
let chair: Viewer;
let yot: Viewer;
let police: Viewer;
let yotAgencyId: number;
let meetingId: number;
let yotTask: typeof t.tasks.$inferSelect;
let declinedTask: typeof t.tasks.$inferSelect;
let policeTask: typeof t.tasks.$inferSelect;
let yotUpdateId: number;

beforeAll(async () => {
  await buildBankHolidays(test.db);
  // Maynard Road, a current priority in Sitwell, whose next meeting is a week away.
  const assembly = await buildAssembly(test.db, { name: "Rotherham South" });
  const sitwell = await buildNeighbourhood(test.db, { assemblyId: assembly.id, name: "Sitwell" });
  ({
    meeting: { id: meetingId },
  } = await buildMeeting(test.db, { neighbourhoods: [sitwell.id], startsInDays: 7, now: FIXED_NOW }));
  const {
    priority: { id: priorityId },
  } = await buildPriority(test.db, { neighbourhood: sitwell.id, title: MAYNARD, now: FIXED_NOW });
  chair = await buildViewer(test.db, { chairs: [assembly.id] });
  // The youth offending team keeps its partners-only default.
  const yotAgency = await buildAgency(test.db, {
    name: "Youth Offending Team",
    kind: "youth_offending",
    defaultConfidentiality: "partners_only",
  });
  yotAgencyId = yotAgency.id;
  const policeAgency = await buildAgency(test.db, { name: "SYP Neighbourhood Team", kind: "police" });
  const tradingStandards = await buildAgency(test.db, {
    name: "Trading Standards",
    kind: "trading_standards",
  });
  yot = await buildViewer(test.db, { agencies: [{ agencyId: yotAgency.id, role: "coordinator" }] });
  police = await buildViewer(test.db, { agencies: [policeAgency.id] });
  const accepted = { priorityId, status: "accepted" as const, acceptedAt: FIXED_NOW, now: FIXED_NOW };
  yotTask = await buildOffer(test.db, {
    ...accepted,
    agencyId: yotAgency.id,
    title: "YOT task marked public",
    confidentiality: "public",
  });
  policeTask = await buildOffer(test.db, {
    ...accepted,
    agencyId: policeAgency.id,
    title: "Police task, public",
    confidentiality: "public",
  });
  declinedTask = await buildOffer(test.db, {
    priorityId,
    agencyId: tradingStandards.id,
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
});

describe("labels follow the publication rule", () => {
  it("fix: the meeting pack marks youth offending work and a declined task as partners-only, as the public pack leaves them out", async () => {
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
    const cookie = await cookieFor(yot.email);
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
      { agencyId: yotAgencyId, status: "all", page: 1 },
      { database: test.db, now: FIXED_NOW },
    );
    expect(inbox.items.find((item) => item.id === yotTask.id)?.partnersOnly).toBe(true);
  });
});
