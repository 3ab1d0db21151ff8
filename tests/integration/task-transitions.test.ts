// The partner side of a task, through the domain: every transition, and every
// refusal (wrong agency, wrong status, stale version, partners-only task with a
// public update) changes nothing.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/domain/core/access";
import { STALE_TASK_MESSAGE } from "~/domain/core/errors";
import { listPublicTasks, listPublicUpdates } from "~/domain/publication";
import {
  acceptTask,
  completeTask,
  declineTask,
  getTaskPage,
  postTaskUpdate,
  previewTaskUpdate,
  reassignTask,
  reopenTask,
  submitActionPlan,
} from "~/domain/tasks";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildNeighbourhood,
  buildOffer,
  buildPriority,
  buildUser,
  buildViewer,
  type OfferSpec,
} from "../factories/build";
import { viewer } from "../factories/demo";
import { auditFor, outboxFor, reloadTask } from "../factories/tasks";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const MAYNARD = "Youths causing damage at Maynard Road play area";
let police: Viewer;
let tradingStandards: Viewer;
let asbCoordinator: Viewer;
let chair: Viewer;
let admin: Viewer;
let maynardId: number;
const agency = { police: 0, tradingStandards: 0, asb: 0, streetpride: 0, yot: 0, housing: 0 };
const taskIds: Record<string, number> = {};

beforeAll(async () => {
  await buildBankHolidays(test.db);
  const assembly = await buildAssembly(test.db, { name: "Rotherham South" });
  const sitwell = await buildNeighbourhood(test.db, { assemblyId: assembly.id, name: "Sitwell" });
  const herringthorpe = await buildNeighbourhood(test.db, { assemblyId: assembly.id, name: "Herringthorpe" });
  agency.police = (await buildAgency(test.db, { name: "SYP Neighbourhood Team", kind: "police" })).id;
  agency.tradingStandards = (
    await buildAgency(test.db, { name: "Trading Standards", kind: "trading_standards" })
  ).id;
  agency.asb = (await buildAgency(test.db, { name: "Council ASB Team" })).id;
  agency.streetpride = (await buildAgency(test.db, { name: "Streetpride" })).id;
  agency.yot = (
    await buildAgency(test.db, {
      name: "Youth Offending Team",
      kind: "youth_offending",
      defaultConfidentiality: "partners_only",
    })
  ).id;
  agency.housing = (await buildAgency(test.db, { name: "Housing", kind: "housing" })).id;
  // The assembly's chair, an administrator, and one person at each of three agencies.
  chair = await buildViewer(test.db, { chairs: [assembly.id] });
  admin = await buildViewer(test.db, { isAdmin: true });
  police = await buildViewer(test.db, { agencies: [agency.police] });
  tradingStandards = await buildViewer(test.db, { agencies: [agency.tradingStandards] });
  asbCoordinator = await buildViewer(test.db, { agencies: [{ agencyId: agency.asb, role: "coordinator" }] });
  // Maynard Road: the police's operation under way, the ASB team's letters (a public
  // update and a partners-only one), and trading standards' shop checks just offered.
  const maynard = await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: MAYNARD,
    youSaid:
      "Older youths gather in the Maynard Road play area in the evenings, damaging equipment and intimidating parents with young children.",
    tasks: [
      { agency: agency.police, title: "Joint operation at the play area", status: "in_progress" },
      {
        agency: agency.asb,
        title: "Warning letters and acceptable behaviour contracts",
        status: "in_progress",
        updates: [
          { body: "Warning letters sent and contracts agreed with families.", daysAgo: 20 },
          {
            body: "ABC signed by K.T. (16) at home with mum; brother also named by neighbours.",
            visibility: "partners_only",
            daysAgo: 18,
          },
        ],
      },
      {
        agency: agency.tradingStandards,
        title: "Check shops for sales of alcohol and nitrous oxide",
        status: "offered",
      },
    ],
  });
  maynardId = maynard.priority.id;
  // The playing fields, resolved: the police's patrols done, and the youth offending team's
  // partners-only work done, with a safeguarding referral and its outcome.
  const fields = await buildPriority(test.db, {
    neighbourhood: herringthorpe.id,
    title: "Underage drinking on Herringthorpe Playing Fields",
    status: "resolved",
    tasks: [
      { agency: agency.police, title: "Evening patrols on the playing fields", status: "done" },
      {
        agency: agency.yot,
        title: "Joint operation with the neighbourhood team",
        status: "done",
        confidentiality: "partners_only",
        updates: [
          {
            body: "Safeguarding referral made to children’s services for one young person (aged 14).",
            safeguardingReferral: true,
            daysAgo: 110,
          },
          { body: "Both young people completed the prevention programme.", isOutcome: true, daysAgo: 70 },
        ],
      },
    ],
  });
  for (const { task } of [...maynard.tasks, ...fields.tasks]) taskIds[task.title] = task.id;
});

/** A task just offered on the Maynard Road priority. */
const offerTask = (agencyId: number, values: OfferSpec = {}) =>
  buildOffer(test.db, { priorityId: maynardId, agencyId, ...values });

/** One of the tasks built above, as it is now. */
const taskByTitle = (title: string) => reloadTask(test.db, taskIds[title]);

/** A new member (or coordinator) of an agency; their id. */
const addMember = async (agencyId: number, email: string) =>
  (await buildUser(test.db, { email, agencies: [agencyId] })).id;

/** The task is exactly as before: the refusal wrote nothing. */
async function expectUnchanged(before: typeof t.tasks.$inferSelect) {
  const after = await reloadTask(test.db, before.id);
  expect(after.version).toBe(before.version);
  expect(after.status).toBe(before.status);
  expect(await auditFor(test.db, before.id)).toHaveLength(0);
}

const noFigures: never[] = [];

describe("accepting a task", () => {
  it("accepts with an assignee and an action plan, bumping the version and auditing", async () => {
    const task = await offerTask(agency.tradingStandards);
    const after = await acceptTask(tradingStandards, {
      taskId: task.id,
      version: task.version,
      assigneeUserId: tradingStandards.userId,
      actionPlan: "Visit the four shops nearest the play area within a fortnight.",
    });
    expect(after.status).toBe("accepted");
    expect(after.version).toBe(task.version + 1);
    expect(after.assigneeUserId).toBe(tradingStandards.userId);
    expect(after.actionPlanSubmittedAt).not.toBeNull();
    const events = await auditFor(test.db, task.id);
    expect(events.map((e) => e.action)).toEqual(["task.accepted"]);
    expect(events[0].actorUserId).toBe(tradingStandards.userId);
    expect(events[0].before).toMatchObject({ status: "offered" });
    expect(events[0].after).toMatchObject({ status: "accepted" });
  });

  it("accepts without an action plan, which can be given later", async () => {
    const task = await offerTask(agency.tradingStandards);
    const accepted = await acceptTask(tradingStandards, { taskId: task.id, version: 1 });
    expect(accepted.actionPlan).toBeNull();
    const planned = await submitActionPlan(tradingStandards, {
      taskId: task.id,
      version: accepted.version,
      actionPlan: "Two visits a week.",
    });
    expect(planned.actionPlan).toBe("Two visits a week.");
    expect(planned.version).toBe(3);
  });

  it("refuses another agency, the chair and the public-facing roles", async () => {
    const task = await offerTask(agency.tradingStandards);
    for (const who of [police, asbCoordinator, chair]) {
      await expect(acceptTask(who, { taskId: task.id, version: 1 })).rejects.toMatchObject({
        kind: "forbidden",
      });
    }
    await expectUnchanged(task);
  });

  it("lets an admin accept", async () => {
    const task = await offerTask(agency.tradingStandards);
    expect((await acceptTask(admin, { taskId: task.id, version: 1 })).status).toBe("accepted");
  });

  it("refuses a stale version with the task as it is now", async () => {
    const task = await offerTask(agency.tradingStandards);
    await test.db
      .update(t.tasks)
      .set({ version: 2, ask: "Changed by the chair." })
      .where(eq(t.tasks.id, task.id));
    const refusal = await acceptTask(tradingStandards, { taskId: task.id, version: 1 }).catch((e) => e);
    expect(refusal).toMatchObject({ kind: "conflict", message: STALE_TASK_MESSAGE });
    expect(refusal.current).toMatchObject({ id: task.id, version: 2, status: "offered" });
    expect((await reloadTask(test.db, task.id)).status).toBe("offered");
  });

  it("refuses a task that is not offered, and an assignee from another agency", async () => {
    const running = await taskByTitle("Joint operation at the play area");
    await expect(acceptTask(police, { taskId: running.id, version: running.version })).rejects.toMatchObject({
      kind: "invalid",
    });
    const task = await offerTask(agency.tradingStandards);
    await expect(
      acceptTask(tradingStandards, { taskId: task.id, version: 1, assigneeUserId: police.userId }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { assigneeUserId: [expect.any(String)] } });
    await expectUnchanged(task);
  });

  it("answers not found for a task that does not exist", async () => {
    await expect(acceptTask(admin, { taskId: 99_999_999, version: 1 })).rejects.toMatchObject({
      kind: "not_found",
    });
  });

  it("lets only one of two people accepting the same version win", async () => {
    const task = await offerTask(agency.tradingStandards);
    const results = await Promise.allSettled([
      acceptTask(tradingStandards, { taskId: task.id, version: 1 }),
      acceptTask(admin, { taskId: task.id, version: 1 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ kind: "conflict" });
    expect((await reloadTask(test.db, task.id)).version).toBe(2);
    expect(await auditFor(test.db, task.id)).toHaveLength(1);
  });
});

describe("declining a task", () => {
  it("needs a reason, and a suggested agency other than itself", async () => {
    const task = await offerTask(agency.tradingStandards);
    await expect(
      declineTask(tradingStandards, { taskId: task.id, version: 1, reason: "  " }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { reason: [expect.any(String)] } });
    await expect(
      declineTask(tradingStandards, {
        taskId: task.id,
        version: 1,
        reason: "Not ours",
        suggestedAgencyId: agency.tradingStandards,
      }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { suggestedAgencyId: [expect.any(String)] } });
    await expectUnchanged(task);
    expect(await outboxFor(test.db, "task-declined")).toHaveLength(0);
  });

  it("declines with a reason and a suggested agency, and e-mails the assembly's chairs", async () => {
    const task = await offerTask(agency.tradingStandards);
    const streetpride = agency.streetpride;
    const after = await declineTask(tradingStandards, {
      taskId: task.id,
      version: 1,
      reason: "No age-restricted sales issue here; this is about litter.",
      suggestedAgencyId: streetpride,
    });
    expect(after).toMatchObject({ status: "declined", suggestedAgencyId: streetpride, version: 2 });
    const mail = await outboxFor(test.db, "task-declined", chair.email);
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain("No age-restricted sales issue here; this is about litter.");
    expect(mail[0].text).toContain("Streetpride");
    expect(mail[0].text).toContain(`/tasks/${task.id}`);
    expect((await auditFor(test.db, task.id)).map((e) => e.action)).toEqual(["task.declined"]);
  });

  it("refuses to decline a task already under way or from another agency", async () => {
    const running = await taskByTitle("Joint operation at the play area");
    await expect(
      declineTask(police, { taskId: running.id, version: running.version, reason: "Too busy" }),
    ).rejects.toMatchObject({ kind: "invalid" });
    const task = await offerTask(agency.tradingStandards);
    await expect(
      declineTask(police, { taskId: task.id, version: 1, reason: "Not ours" }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expectUnchanged(task);
  });
});

describe("posting updates", () => {
  it("posts a public update with figures and moves the task to in progress", async () => {
    const task = await offerTask(agency.tradingStandards);
    await acceptTask(tradingStandards, { taskId: task.id, version: 1 });
    const priorityRow = () => test.db.select().from(t.priorities).where(eq(t.priorities.id, maynardId));
    const [priorityBefore] = await priorityRow();
    const { task: after, updateId } = await postTaskUpdate(tradingStandards, {
      taskId: task.id,
      version: 2,
      body: "Visited the shops on Maynard Road about age-restricted sales.",
      visibility: "public",
      figures: [
        { label: "premises visited", value: 4, unit: "" },
        { label: "warning letters", value: 2, unit: "" },
      ],
      markInProgress: true,
      publicTextConfirmed: true,
    });
    expect(after).toMatchObject({ status: "in_progress", version: 3 });
    const figures = await test.db
      .select()
      .from(t.updateFigures)
      .where(eq(t.updateFigures.updateId, updateId));
    expect(figures.map((f) => [f.label, Number(f.value), f.position])).toEqual([
      ["premises visited", 4, 0],
      ["warning letters", 2, 1],
    ]);
    const [update] = await test.db.select().from(t.taskUpdates).where(eq(t.taskUpdates.id, updateId));
    expect(update).toMatchObject({ statusChange: "in_progress", authorUserId: tradingStandards.userId });
    // The public sees it, as the priority's latest news (read from its updates: the priority's
    // own row is not written, so updates to one priority's tasks do not queue on it).
    const pid = maynardId;
    const publicUpdates = await listPublicUpdates({ priorityIds: [pid], limit: 50 });
    expect(publicUpdates[0]).toMatchObject({ id: updateId, priorityId: pid });
    expect(publicUpdates[0].figures).toHaveLength(2);
    expect(await priorityRow()).toEqual([priorityBefore]);
  });

  it("keeps a partners-only note off every public surface", async () => {
    const task = await offerTask(agency.tradingStandards);
    await acceptTask(tradingStandards, { taskId: task.id, version: 1 });
    const { updateId } = await postTaskUpdate(tradingStandards, {
      taskId: task.id,
      version: 2,
      body: "Shopkeeper at number 14 named the older brother.",
      visibility: "partners_only",
      figures: noFigures,
    });
    const publicUpdates = await listPublicUpdates({ priorityIds: [maynardId], limit: 100 });
    expect(publicUpdates.some((u) => u.id === updateId)).toBe(false);
  });

  it("refuses public text that was not shown back first", async () => {
    const task = await offerTask(agency.tradingStandards, { status: "accepted", version: 2 });
    await expect(
      postTaskUpdate(tradingStandards, {
        taskId: task.id,
        version: 2,
        body: "Visited shops.",
        visibility: "public",
        figures: noFigures,
      }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { confirm: [expect.any(String)] } });
    // The preview step checks the same rules without writing.
    await expect(
      previewTaskUpdate(tradingStandards, {
        taskId: task.id,
        version: 2,
        body: "Visited shops.",
        visibility: "public",
        figures: noFigures,
      }),
    ).resolves.toEqual({ ok: true });
    expect((await reloadTask(test.db, task.id)).version).toBe(2);
  });

  it("refuses a public update on a partners-only task", async () => {
    const task = await offerTask(agency.yot, {
      status: "accepted",
      confidentiality: "partners_only",
    });
    const yot = await addMember(agency.yot, "yot.officer@example.org");
    const yotViewer = await viewer("yot.officer@example.org", test.db);
    expect(yotViewer.userId).toBe(yot);
    const attempt = {
      taskId: task.id,
      version: 1,
      body: "Met the young people at the play area.",
      visibility: "public" as const,
      figures: noFigures,
      publicTextConfirmed: true,
    };
    await expect(postTaskUpdate(yotViewer, attempt)).rejects.toMatchObject({
      kind: "invalid",
      fieldErrors: { visibility: [expect.any(String)] },
    });
    await expect(previewTaskUpdate(yotViewer, attempt)).rejects.toMatchObject({ kind: "invalid" });
    await expectUnchanged(task);
    const ok = await postTaskUpdate(yotViewer, { ...attempt, visibility: "partners_only" });
    expect(ok.task.version).toBe(2);
  });

  it("refuses a public safeguarding referral", async () => {
    const task = await offerTask(agency.tradingStandards, { status: "accepted" });
    await expect(
      postTaskUpdate(tradingStandards, {
        taskId: task.id,
        version: 1,
        body: "Referral made.",
        visibility: "public",
        safeguardingReferral: true,
        figures: noFigures,
        publicTextConfirmed: true,
      }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { visibility: [expect.any(String)] } });
    await expectUnchanged(task);
  });

  it("refuses updates on an offered task, from another agency, on a stale page, and bad figures", async () => {
    const offered = await offerTask(agency.tradingStandards);
    const base = {
      taskId: offered.id,
      version: 1,
      body: "Some news.",
      visibility: "partners_only" as const,
      figures: noFigures,
    };
    await expect(postTaskUpdate(tradingStandards, base)).rejects.toMatchObject({ kind: "invalid" });
    const accepted = await offerTask(agency.tradingStandards, { status: "accepted", version: 4 });
    await expect(postTaskUpdate(police, { ...base, taskId: accepted.id, version: 4 })).rejects.toMatchObject({
      kind: "forbidden",
    });
    await expect(
      postTaskUpdate(tradingStandards, { ...base, taskId: accepted.id, version: 3 }),
    ).rejects.toMatchObject({ kind: "conflict", current: { version: 4 } });
    await expect(
      postTaskUpdate(tradingStandards, {
        ...base,
        taskId: accepted.id,
        version: 4,
        figures: [{ label: "", value: -1, unit: "" }],
      }),
    ).rejects.toMatchObject({
      kind: "invalid",
      fieldErrors: { "figure-0-label": [expect.any(String)], "figure-0-value": [expect.any(String)] },
    });
    await expectUnchanged(offered);
    await expectUnchanged(accepted);
    const updates = await test.db
      .select()
      .from(t.taskUpdates)
      .where(and(eq(t.taskUpdates.taskId, accepted.id)));
    expect(updates).toHaveLength(0);
  });
});

describe("completing and reopening", () => {
  it("completes with a public outcome, figures and whether residents were asked", async () => {
    const task = await offerTask(agency.tradingStandards, { status: "in_progress" });
    const { task: done, updateId } = await completeTask(tradingStandards, {
      taskId: task.id,
      version: 1,
      outcomeSummary: "All four shops now check ID; no sales to under-18s on re-test.",
      figures: [{ label: "test purchases", value: 4, unit: "" }],
      residentsAsked: true,
      publicTextConfirmed: true,
    });
    expect(done).toMatchObject({ status: "done", residentsAsked: true, version: 2 });
    expect(done.completedAt).not.toBeNull();
    const [outcome] = await test.db.select().from(t.taskUpdates).where(eq(t.taskUpdates.id, updateId));
    expect(outcome).toMatchObject({ isOutcome: true, statusChange: "done", visibility: "public" });
    const publicTask = (await listPublicTasks([task.priorityId], "2026-01-01")).find((x) => x.id === task.id);
    expect(publicTask?.outcomeSummary).toBe("All four shops now check ID; no sales to under-18s on re-test.");
  });

  it("needs an outcome summary and the residents question, and a started task", async () => {
    const task = await offerTask(agency.tradingStandards, { status: "in_progress" });
    await expect(
      completeTask(tradingStandards, {
        taskId: task.id,
        version: 1,
        outcomeSummary: "",
        figures: noFigures,
        residentsAsked: undefined as unknown as boolean,
        publicTextConfirmed: true,
      }),
    ).rejects.toMatchObject({
      kind: "invalid",
      fieldErrors: { outcomeSummary: [expect.any(String)], residentsAsked: [expect.any(String)] },
    });
    const offered = await offerTask(agency.tradingStandards);
    await expect(
      completeTask(tradingStandards, {
        taskId: offered.id,
        version: 1,
        outcomeSummary: "Done",
        figures: noFigures,
        residentsAsked: false,
        publicTextConfirmed: true,
      }),
    ).rejects.toMatchObject({ kind: "invalid" });
    await expectUnchanged(task);
    await expectUnchanged(offered);
  });

  it("completes a partners-only task without a public confirmation, keeping the outcome private", async () => {
    const task = await offerTask(agency.tradingStandards, {
      status: "in_progress",
      confidentiality: "partners_only",
    });
    const { updateId } = await completeTask(tradingStandards, {
      taskId: task.id,
      version: 1,
      outcomeSummary: "Closed the operation.",
      figures: noFigures,
      residentsAsked: false,
    });
    const [outcome] = await test.db.select().from(t.taskUpdates).where(eq(t.taskUpdates.id, updateId));
    expect(outcome.visibility).toBe("partners_only");
  });

  it("reopens by the agency's coordinator or the chair with a reason, never by a plain member", async () => {
    const done = await offerTask(agency.asb, {
      status: "done",
      outcomeSummary: "Letters sent.",
      residentsAsked: false,
      completedAt: new Date(),
    });
    const asbMember = await addMember(agency.asb, "asb.officer@example.org");
    const memberViewer = await viewer("asb.officer@example.org", test.db);
    expect(memberViewer.userId).toBe(asbMember);
    await expect(
      reopenTask(memberViewer, { taskId: done.id, version: 1, reason: "More to do" }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(
      reopenTask(police, { taskId: done.id, version: 1, reason: "More to do" }),
    ).rejects.toMatchObject({
      kind: "forbidden",
    });
    await expect(
      reopenTask(asbCoordinator, { taskId: done.id, version: 1, reason: " " }),
    ).rejects.toMatchObject({
      kind: "invalid",
      fieldErrors: { reason: [expect.any(String)] },
    });
    await expectUnchanged(done);
    const reopened = await reopenTask(asbCoordinator, {
      taskId: done.id,
      version: 1,
      reason: "Residents say the gatherings started again.",
    });
    expect(reopened).toMatchObject({
      status: "in_progress",
      outcomeSummary: null,
      completedAt: null,
      version: 2,
    });
    const events = await auditFor(test.db, done.id);
    expect(events.map((e) => e.action)).toEqual(["task.reopened"]);
    expect(events[0].after).toMatchObject({ reason: "Residents say the gatherings started again." });
    // Not done any more: a second reopen is refused; the chair may reopen once it is done again.
    await expect(reopenTask(chair, { taskId: done.id, version: 2, reason: "again" })).rejects.toMatchObject({
      kind: "invalid",
    });
    await completeTask(asbCoordinator, {
      taskId: done.id,
      version: 2,
      outcomeSummary: "Done again.",
      figures: noFigures,
      residentsAsked: true,
      publicTextConfirmed: true,
    });
    expect((await reopenTask(chair, { taskId: done.id, version: 3, reason: "Not finished" })).status).toBe(
      "in_progress",
    );
  });
});

describe("reassigning inside the agency", () => {
  it("lets the coordinator give the task to a member (who is e-mailed) or to no one", async () => {
    const task = await offerTask(agency.asb, { status: "accepted" });
    const member = await addMember(agency.asb, "asb.second@example.org");
    const after = await reassignTask(asbCoordinator, { taskId: task.id, version: 1, assigneeUserId: member });
    expect(after).toMatchObject({ assigneeUserId: member, version: 2 });
    const mail = await outboxFor(test.db, "task-assigned", "asb.second@example.org");
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain(task.title);
    const cleared = await reassignTask(asbCoordinator, { taskId: task.id, version: 2, assigneeUserId: null });
    expect(cleared.assigneeUserId).toBeNull();
    expect((await auditFor(test.db, task.id)).map((e) => e.action)).toEqual([
      "task.reassigned",
      "task.reassigned",
    ]);
  });

  it("refuses a plain member, another agency, a person outside the agency and a done task", async () => {
    const task = await offerTask(agency.asb, { status: "accepted" });
    const memberId = await addMember(agency.asb, "asb.third@example.org");
    const member = await viewer("asb.third@example.org", test.db);
    await expect(
      reassignTask(member, { taskId: task.id, version: 1, assigneeUserId: memberId }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(
      reassignTask(chair, { taskId: task.id, version: 1, assigneeUserId: memberId }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(
      reassignTask(asbCoordinator, { taskId: task.id, version: 1, assigneeUserId: police.userId }),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { assigneeUserId: [expect.any(String)] } });
    await expectUnchanged(task);
    const done = await offerTask(agency.asb, {
      status: "done",
      outcomeSummary: "x",
      residentsAsked: false,
    });
    await expect(
      reassignTask(asbCoordinator, { taskId: done.id, version: 1, assigneeUserId: memberId }),
    ).rejects.toMatchObject({ kind: "invalid" });
  });
});

describe("the task page", () => {
  it("shows the you-said, other agencies' tasks and their partners-only updates to a partner on the priority", async () => {
    const task = await taskByTitle("Check shops for sales of alcohol and nitrous oxide");
    const page = await getTaskPage(tradingStandards, task.id);
    expect(page.priority.title).toBe(MAYNARD);
    expect(page.priority.youSaid).toMatch(/Older youths gather/);
    const asb = page.otherTasks.find((o) => o.title === "Warning letters and acceptable behaviour contracts");
    expect(asb?.updates.map((u) => u.visibility).sort()).toEqual(["partners_only", "public"]);
    expect(page.can).toMatchObject({ accept: true, decline: true, update: false, reassign: false });
  });

  it("hides another agency's safeguarding referral from partners but not from the chair", async () => {
    const task = await taskByTitle("Evening patrols on the playing fields");
    const forPolice = await getTaskPage(police, task.id);
    const yot = forPolice.otherTasks.find((o) => o.title === "Joint operation with the neighbourhood team");
    expect(yot?.updates.some((u) => u.safeguardingReferral)).toBe(false);
    expect(yot?.updates.some((u) => u.isOutcome)).toBe(true);
    const forChair = await getTaskPage(chair, task.id);
    const yotForChair = forChair.otherTasks.find(
      (o) => o.title === "Joint operation with the neighbourhood team",
    );
    expect(yotForChair?.updates.some((u) => u.safeguardingReferral)).toBe(true);
  });

  it("refuses someone whose agency has no task on the priority", async () => {
    const task = await taskByTitle("Evening patrols on the playing fields");
    await addMember(agency.housing, "housing.officer@example.org");
    const housing = await viewer("housing.officer@example.org", test.db);
    await expect(getTaskPage(housing, task.id)).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("shows this task's changes and updates in its timeline, newest first", async () => {
    const task = await offerTask(agency.tradingStandards);
    await acceptTask(tradingStandards, { taskId: task.id, version: 1, actionPlan: "Plan" });
    await postTaskUpdate(tradingStandards, {
      taskId: task.id,
      version: 2,
      body: "A note for partners.",
      visibility: "partners_only",
      figures: noFigures,
      markInProgress: true,
    });
    const page = await getTaskPage(tradingStandards, task.id);
    expect(page.timeline.map((e) => e.what)).toEqual(
      expect.arrayContaining(["Accepted", "Update — work started"]),
    );
    const update = page.timeline.find((e) => e.kind === "update");
    expect(update).toMatchObject({ body: "A note for partners.", visibility: "partners_only" });
    expect(page.task.status).toBe("in_progress");
  });
});
