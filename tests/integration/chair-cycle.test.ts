// A whole PACT cycle on the database, through the domain: schedule → record →
// concerns → agree a priority from two of them → offer tasks to two agencies →
// review and resolve (with the open tasks' fate recorded). Every step checks
// the audit trail, the outbox and the refusals a chair would meet.
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addMeetingConcern, moderateConcern } from "~/domain/concerns/concerns";
import type { Viewer } from "~/domain/core/access";
import { addWorkingDays, toIsoDate } from "~/domain/core/deadlines";
import { DomainError, STALE_TASK_MESSAGE } from "~/domain/core/errors";
import {
  cancelMeeting,
  publishMeeting,
  recordMeeting,
  remindUnrecordedMeetings,
  scheduleMeeting,
} from "~/domain/meetings/meetings";
import { getChairWorkspace, listChairAssemblies } from "~/domain/priorities/chair-workspace";
import { agreePriority, getPriorityForChair, reviewPriority } from "~/domain/priorities/priorities";
import { getPartnersPack, getPublicPack } from "~/domain/reports/meeting-pack";
import { decideDeclinedTask, offerTask, withdrawTask } from "~/domain/tasks/chair-tasks";
import * as t from "~db/schema";
import { DEMO, loadDemo, viewer } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();

let chair: Viewer;
let police: Viewer;
let admin: Viewer;
let assemblyId: number;
let herringthorpe: typeof t.neighbourhoods.$inferSelect;
let bostonCastle: typeof t.neighbourhoods.$inferSelect;
let agencyIds: Record<string, number>;
let categoryId: number;
let holidays: Set<string>;

const DAY = 86_400_000;
const { now } = useFixedClock();
const yesterday = toIsoDate(new Date(now.getTime() - DAY));

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected the domain to refuse");
}

async function auditFor(entityType: string, entityId: number) {
  return test.db
    .select()
    .from(t.auditEvents)
    .where(and(eq(t.auditEvents.entityType, entityType), eq(t.auditEvents.entityId, String(entityId))))
    .orderBy(asc(t.auditEvents.id));
}

async function outboxTo(template: string) {
  return test.db.select().from(t.outboxMessages).where(eq(t.outboxMessages.template, template));
}

beforeAll(async () => {
  await loadDemo(test.db, now);
  chair = await viewer(DEMO.chair, test.db);
  police = await viewer(DEMO.police, test.db);
  admin = await viewer(DEMO.admin, test.db);
  const [assembly] = await test.db
    .select()
    .from(t.assemblies)
    .where(eq(t.assemblies.slug, "rotherham-south"));
  assemblyId = assembly.id;
  [herringthorpe] = await test.db
    .select()
    .from(t.neighbourhoods)
    .where(eq(t.neighbourhoods.slug, "herringthorpe"));
  [bostonCastle] = await test.db
    .select()
    .from(t.neighbourhoods)
    .where(eq(t.neighbourhoods.slug, "boston-castle"));
  agencyIds = Object.fromEntries(
    (await test.db.select({ id: t.agencies.id, slug: t.agencies.slug }).from(t.agencies)).map((a) => [
      a.slug,
      a.id,
    ]),
  );
  const [category] = await test.db
    .select()
    .from(t.categories)
    .where(eq(t.categories.slug, "anti-social-behaviour"));
  categoryId = category.id;
  holidays = new Set((await test.db.select().from(t.bankHolidays)).map((h) => h.day));
});

describe("a full meeting cycle", () => {
  let meetingId: number;
  const concernIds: number[] = [];
  let priorityId: number;
  let policeTaskId: number;
  let asbTaskId: number;

  it("schedules a meeting with its neighbourhoods, and audits it", async () => {
    const meeting = await scheduleMeeting(chair, {
      assemblyId,
      kind: "pact",
      day: yesterday,
      startTime: "18:30",
      endTime: "20:00",
      venue: "Herringthorpe Community Centre",
      address: "Herringthorpe Valley Road",
      neighbourhoodIds: [herringthorpe.id, bostonCastle.id],
    });
    meetingId = meeting.id;
    expect(meeting.status).toBe("scheduled");
    expect(meeting.title).toBe("Rotherham South PACT meeting");
    const covered = await test.db
      .select()
      .from(t.meetingNeighbourhoods)
      .where(eq(t.meetingNeighbourhoods.meetingId, meeting.id));
    expect(covered.map((c) => c.neighbourhoodId).sort()).toEqual([herringthorpe.id, bostonCastle.id].sort());
    expect((await auditFor("meeting", meeting.id)).map((e) => e.action)).toEqual(["meeting.scheduled"]);
  });

  it("refuses a meeting that ends before it starts, or covers another assembly's neighbourhood", async () => {
    const [maltby] = await test.db.select().from(t.neighbourhoods).where(eq(t.neighbourhoods.slug, "maltby"));
    const error = await refusal(
      scheduleMeeting(chair, {
        assemblyId,
        kind: "pact",
        day: yesterday,
        startTime: "20:00",
        endTime: "19:00",
        venue: "Hall",
        neighbourhoodIds: [maltby.id],
      }),
    );
    expect(error.kind).toBe("invalid");
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["endTime", "neighbourhoodIds"]);
  });

  it("refuses people who do not chair the assembly", async () => {
    const asPolice = await refusal(
      scheduleMeeting(police, {
        assemblyId,
        kind: "pact",
        day: yesterday,
        startTime: "18:00",
        endTime: "19:00",
        venue: "Hall",
        neighbourhoodIds: [herringthorpe.id],
      }),
    );
    expect(asPolice.kind).toBe("forbidden");
    expect(
      (await refusal(recordMeeting(police, { meetingId, attendance: 3, publicSummary: "x" }))).kind,
    ).toBe("forbidden");
  });

  it("records the meeting as held, then publishes it", async () => {
    const bad = await refusal(recordMeeting(chair, { meetingId, attendance: -1, publicSummary: " " }));
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["attendance", "publicSummary"]);
    expect((await test.db.select().from(t.meetings).where(eq(t.meetings.id, meetingId)))[0].status).toBe(
      "scheduled",
    );
    const held = await recordMeeting(chair, {
      meetingId,
      attendance: 31,
      publicSummary: "Residents raised nuisance motorbikes and drinking by the shops.",
      whatsWorking: "The litter pick volunteers.",
    });
    expect(held.status).toBe("held");
    expect(held.attendance).toBe(31);
    const published = await publishMeeting(chair, { meetingId });
    expect(published.publishedAt).not.toBeNull();
    expect((await refusal(publishMeeting(chair, { meetingId }))).kind).toBe("conflict");
    expect((await refusal(cancelMeeting(chair, { meetingId, reason: "Snow" }))).kind).toBe("conflict");
    expect((await auditFor("meeting", meetingId)).map((e) => e.action)).toEqual([
      "meeting.scheduled",
      "meeting.recorded",
      "meeting.published",
    ]);
  });

  it("takes three concerns in a row, keeping private contact details off the audit trail", async () => {
    const wordings = [
      "Motorbikes racing on the playing fields in the evenings.",
      "Off-road bikes on the path by Herringthorpe Valley Road.",
      "Bins left out all week on the avenue.",
    ];
    for (const [index, publicWording] of wordings.entries()) {
      const concern = await addMeetingConcern(chair, {
        meetingId,
        neighbourhoodId: herringthorpe.id,
        categoryId,
        location: index === 2 ? "Herringthorpe Avenue" : "Herringthorpe Playing Fields",
        publicWording,
        contactName: index === 0 ? "Rita Resident" : undefined,
        contactEmail: index === 0 ? "rita@example.net" : undefined,
      });
      expect(concern.status).toBe("new");
      expect(concern.raisedAtMeetingId).toBe(meetingId);
      concernIds.push(concern.id);
    }
    const [first] = await auditFor("concern", concernIds[0]);
    expect(JSON.stringify(first.after)).not.toContain("Rita");
    expect(JSON.stringify(first.after)).not.toContain("rita@example.net");
    expect((first.after as { hasContact: boolean }).hasContact).toBe(true);
  });

  it("refuses a house number, an uncovered neighbourhood and an empty wording, saving nothing", async () => {
    const [sitwell] = await test.db
      .select()
      .from(t.neighbourhoods)
      .where(eq(t.neighbourhoods.slug, "sitwell"));
    const error = await refusal(
      addMeetingConcern(chair, {
        meetingId,
        neighbourhoodId: sitwell.id,
        categoryId,
        location: "12 Cranworth Road",
        publicWording: "  ",
      }),
    );
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["location", "neighbourhoodId", "publicWording"]);
    const rows = await test.db.select().from(t.concerns).where(eq(t.concerns.raisedAtMeetingId, meetingId));
    expect(rows).toHaveLength(3);
  });

  it("edits a concern's public wording and keeps the original", async () => {
    const edited = await moderateConcern(chair, {
      concernId: concernIds[1],
      publicWording: "Off-road bikes on the path beside Herringthorpe Valley Road.",
      location: "Herringthorpe Valley Road",
    });
    expect(edited.publicWording).toBe("Off-road bikes on the path beside Herringthorpe Valley Road.");
    expect(edited.originalWording).toBe("Off-road bikes on the path by Herringthorpe Valley Road.");
    const events = await auditFor("concern", concernIds[1]);
    expect(events.at(-1)?.action).toBe("concern.moderated");
    expect((events[events.length - 1].before as { publicWording: string }).publicWording).toContain(
      "path by",
    );
  });

  it("agrees a priority from two concerns, reviewed by default at the next meeting", async () => {
    const priority = await agreePriority(chair, {
      meetingId,
      neighbourhoodId: herringthorpe.id,
      concernIds: concernIds.slice(0, 2),
      title: "Nuisance motorbikes on Herringthorpe Playing Fields",
      youSaid: "Motorbikes and off-road bikes race on the fields and the path in the evenings.",
      categoryId,
    });
    priorityId = priority.id;
    expect(priority.status).toBe("active");
    expect(priority.agreedOn).toBe(yesterday);
    const [next] = await test.db
      .select({ startsAt: t.meetings.startsAt })
      .from(t.meetings)
      .innerJoin(t.meetingNeighbourhoods, eq(t.meetingNeighbourhoods.meetingId, t.meetings.id))
      .where(
        and(
          eq(t.meetingNeighbourhoods.neighbourhoodId, herringthorpe.id),
          eq(t.meetings.status, "scheduled"),
          gt(t.meetings.startsAt, now),
        ),
      )
      .orderBy(asc(t.meetings.startsAt))
      .limit(1);
    expect(priority.reviewDate).toBe(toIsoDate(next.startsAt));
    const concerns = await test.db.select().from(t.concerns).where(inArray(t.concerns.id, concernIds));
    expect(
      concerns
        .filter((c) => c.status === "adopted")
        .map((c) => c.id)
        .sort(),
    ).toEqual(concernIds.slice(0, 2).sort());
    const links = await test.db
      .select()
      .from(t.priorityConcerns)
      .where(eq(t.priorityConcerns.priorityId, priority.id));
    expect(links).toHaveLength(2);
    expect((await auditFor("priority", priority.id)).map((e) => e.action)).toEqual(["priority.agreed"]);
  });

  it("will not adopt a concern twice, and rolls the whole priority back", async () => {
    const before = await test.db.select().from(t.priorities);
    const error = await refusal(
      agreePriority(chair, {
        meetingId,
        neighbourhoodId: herringthorpe.id,
        concernIds: [concernIds[0], concernIds[2]],
        title: "Again",
        youSaid: "Again",
      }),
    );
    expect(error.fieldErrors.concernIds?.[0]).toMatch(/already been decided/);
    expect(await test.db.select().from(t.priorities)).toHaveLength(before.length);
    const [third] = await test.db.select().from(t.concerns).where(eq(t.concerns.id, concernIds[2]));
    expect(third.status).toBe("new");
  });

  it("enforces the neighbourhood's maximum of active priorities with a clear message", async () => {
    await test.db
      .update(t.neighbourhoods)
      .set({ maxActivePriorities: 1 })
      .where(eq(t.neighbourhoods.id, herringthorpe.id));
    try {
      const error = await refusal(
        agreePriority(chair, {
          meetingId,
          neighbourhoodId: herringthorpe.id,
          concernIds: [concernIds[2]],
          title: "Bins left out",
          youSaid: "Bins are left out all week.",
        }),
      );
      expect(error.fieldErrors.form?.[0]).toBe(
        "Herringthorpe already has 1 active priority, its maximum. Resolve, close or refer one, or move it to monitoring, first.",
      );
      const [third] = await test.db.select().from(t.concerns).where(eq(t.concerns.id, concernIds[2]));
      expect(third.status).toBe("new");
    } finally {
      await test.db
        .update(t.neighbourhoods)
        .set({ maxActivePriorities: 3 })
        .where(eq(t.neighbourhoods.id, herringthorpe.id));
    }
  });

  it("offers tasks to two agencies with the agency's working days to accept, and e-mails them", async () => {
    const policeTask = await offerTask(
      chair,
      {
        priorityId,
        agencyId: agencyIds["syp-neighbourhood-team"],
        title: "Evening patrols for motorbikes",
        ask: "Patrol the fields on weekday evenings and seize bikes ridden illegally.",
        dueInWorkingDays: 20,
      },
      { publicUrl: "https://one-dialogue.example" },
    );
    policeTaskId = policeTask.id;
    const today = toIsoDate(new Date());
    expect(policeTask.status).toBe("offered");
    expect(policeTask.acknowledgeBy).toBe(addWorkingDays(today, 3, holidays));
    expect(policeTask.dueDate).toBe(addWorkingDays(today, 20, holidays));
    expect(policeTask.confidentiality).toBe("public");

    const asbTask = await offerTask(chair, {
      priorityId,
      agencyId: agencyIds["council-asb-team"],
      title: "Warning letters to known riders",
      ask: "Send warning letters to the households of riders the police identify.",
      dueDate: addWorkingDays(today, 30, holidays),
    });
    asbTaskId = asbTask.id;
    expect(asbTask.acknowledgeBy).toBe(addWorkingDays(today, 5, holidays));
    // The clock is pinned on the Thursday before Easter (tests/support/clock.ts): every
    // working-day deadline skips Good Friday, the weekend and Easter Monday, and the
    // 20-day one the Early May bank holiday too. Counted in calendar days, each would differ.
    expect([today, policeTask.acknowledgeBy, asbTask.acknowledgeBy, policeTask.dueDate]).toEqual([
      "2026-04-02",
      "2026-04-09",
      "2026-04-13",
      "2026-05-05",
    ]);

    const mails = await outboxTo("task-offered");
    const policeMail = mails.filter((m) => m.dedupeKey?.startsWith(`task-offered:${policeTaskId}:`));
    expect(policeMail.map((m) => m.toAddress)).toEqual(["neighbourhoods@police.example.org"]);
    expect(policeMail[0].text).toContain("https://one-dialogue.example/tasks/");
    expect(policeMail[0].subject).toContain("Evening patrols for motorbikes");
    const asbMail = mails.filter((m) => m.dedupeKey?.startsWith(`task-offered:${asbTaskId}:`));
    // The inbox and the agency's coordinator.
    expect(asbMail.map((m) => m.toAddress).sort()).toEqual(["asb@council.example.org", "asb@example.org"]);
    expect((await auditFor("task", policeTaskId)).map((e) => e.action)).toEqual(["task.offered"]);
  });

  it("makes youth offending work partners-only by default and refuses to publish it", async () => {
    const yot = await offerTask(chair, {
      priorityId,
      agencyId: agencyIds["youth-offending-team"],
      title: "Work with the young riders",
      ask: "Diversion work with the young people named by the police.",
    });
    expect(yot.confidentiality).toBe("partners_only");
    const error = await refusal(
      offerTask(chair, {
        priorityId,
        agencyId: agencyIds["youth-offending-team"],
        title: "Public YOT work",
        ask: "Something",
        confidentiality: "public",
      }),
    );
    expect(error.fieldErrors.confidentiality).toEqual(["Youth offending work is partners-only"]);
    await withdrawTask(chair, {
      taskId: yot.id,
      version: yot.version,
      reason: "Handled by the police task.",
    });
  });

  it("refuses a due date before the agency's date to accept, and a non-chair offer", async () => {
    const error = await refusal(
      offerTask(chair, {
        priorityId,
        agencyId: agencyIds["trading-standards"],
        title: "Too soon",
        ask: "x",
        dueDate: toIsoDate(new Date()),
      }),
    );
    expect(error.fieldErrors.dueDate?.[0]).toMatch(/after the date the agency has to accept/);
    const forbidden = await refusal(
      offerTask(police, { priorityId, agencyId: agencyIds["trading-standards"], title: "x", ask: "x" }),
    );
    expect(forbidden.kind).toBe("forbidden");
  });

  it("shows the workspace: the priority with its tasks, and tasks awaiting an answer", async () => {
    const assemblies = await listChairAssemblies(chair);
    expect(assemblies.map((a) => a.slug)).toEqual(["rotherham-south"]);
    expect((await listChairAssemblies(admin)).length).toBeGreaterThan(1);
    const workspace = await getChairWorkspace(chair, assemblyId);
    const area = workspace.neighbourhoods.find((n) => n.id === herringthorpe.id);
    expect(area?.activeCount).toBe(1);
    expect(area?.priorities[0].title).toBe("Nuisance motorbikes on Herringthorpe Playing Fields");
    expect(workspace.awaitingAnswer.map((task) => task.id)).toEqual(
      expect.arrayContaining([policeTaskId, asbTaskId]),
    );
    expect(workspace.pastMeetings.some((m) => m.id === meetingId)).toBe(true);
    expect((await refusal(getChairWorkspace(police, assemblyId))).kind).toBe("forbidden");
  });

  it("decides a declined task: offers it to the agency the decliner suggested", async () => {
    // The agency's decline is engineer C's code; its result is what matters here.
    const [declined] = await test.db
      .update(t.tasks)
      .set({
        status: "declined",
        declineReason: "Letters come from housing for tenants.",
        suggestedAgencyId: agencyIds.housing,
        version: 2,
      })
      .where(eq(t.tasks.id, asbTaskId))
      .returning();
    const workspace = await getChairWorkspace(chair, assemblyId);
    expect(workspace.declined.map((task) => task.id)).toContain(asbTaskId);
    const stale = await refusal(
      decideDeclinedTask(chair, { taskId: asbTaskId, version: 1, decision: { kind: "offer_suggested" } }),
    );
    expect(stale.message).toBe(STALE_TASK_MESSAGE);
    const result = await decideDeclinedTask(chair, {
      taskId: asbTaskId,
      version: declined.version,
      decision: { kind: "offer_suggested" },
    });
    expect(result.offered?.agencyId).toBe(agencyIds.housing);
    expect(result.offered?.title).toBe("Warning letters to known riders");
    expect(result.declined.status).toBe("withdrawn");
    expect(result.declined.withdrawnReason).toBe("Declined; offered to Council Housing instead.");
    const housingMail = (await outboxTo("task-offered")).filter(
      (m) => m.toAddress === "housing@council.example.org",
    );
    expect(housingMail).toHaveLength(1);
    // The agency that declined is not written to again.
    expect((await outboxTo("task-withdrawn")).some((m) => m.toAddress === "asb@council.example.org")).toBe(
      false,
    );
    asbTaskId = result.offered?.id as number;
    const again = await refusal(
      decideDeclinedTask(chair, {
        taskId: result.declined.id,
        version: result.declined.version,
        decision: { kind: "withdraw", reason: "x" },
      }),
    );
    expect(again.kind).toBe("conflict");
  });

  it("asks what happens to open tasks before resolving, then withdraws them and records it", async () => {
    const { priority } = await getPriorityForChair(chair, priorityId);
    const ask = await refusal(
      reviewPriority(chair, {
        priorityId,
        version: priority.version,
        decision: { outcome: "resolved", outcomeSummary: "The bikes have gone." },
      }),
    );
    expect(ask.kind).toBe("conflict");
    expect(ask.message).toBe(
      "2 tasks are still open. Say what happens to them before you resolve this priority.",
    );
    expect(
      (ask.current as { openTasks: Array<{ id: number }> }).openTasks.map((task) => task.id).sort(),
    ).toEqual([policeTaskId, asbTaskId].sort());
    const [unchanged] = await test.db.select().from(t.priorities).where(eq(t.priorities.id, priorityId));
    expect(unchanged.status).toBe("active");

    const empty = await refusal(
      reviewPriority(chair, {
        priorityId,
        version: priority.version,
        decision: { outcome: "resolved", outcomeSummary: " " },
        openTasks: "withdraw",
      }),
    );
    expect(empty.fieldErrors.outcomeSummary).toEqual(["Enter the public outcome summary"]);

    const { priority: resolved } = await reviewPriority(chair, {
      priorityId,
      version: priority.version,
      decision: { outcome: "resolved", outcomeSummary: "Patrols and letters stopped the racing." },
      openTasks: "withdraw",
    });
    expect(resolved.status).toBe("resolved");
    expect(resolved.closedAt).not.toBeNull();
    const open = await test.db
      .select()
      .from(t.tasks)
      .where(inArray(t.tasks.id, [policeTaskId, asbTaskId]));
    expect(open.map((task) => task.status)).toEqual(["withdrawn", "withdrawn"]);
    expect(open[0].withdrawnReason).toBe("The priority was resolved at review.");
    const withdrawnMail = await outboxTo("task-withdrawn");
    expect(withdrawnMail.map((m) => m.toAddress)).toEqual(
      expect.arrayContaining(["neighbourhoods@police.example.org", "housing@council.example.org"]),
    );
    const events = await auditFor("priority", priorityId);
    expect(events.at(-1)?.action).toBe("priority.resolved");
    expect((events[events.length - 1].after as { openTasks: unknown }).openTasks).toEqual({
      choice: "withdraw",
      taskIds: [policeTaskId, asbTaskId].sort((a, b) => a - b),
    });
    // Terminal: no further review.
    const again = await refusal(
      reviewPriority(chair, {
        priorityId,
        version: resolved.version,
        decision: { outcome: "continue", reviewDate: "2099-01-01" },
      }),
    );
    expect(again.kind).toBe("conflict");
  });

  it("refuses a review made on a stale page", async () => {
    const error = await refusal(
      reviewPriority(chair, {
        priorityId,
        version: 1,
        decision: { outcome: "closed", reason: "x" },
      }),
    );
    expect(error.kind).toBe("conflict");
    expect(error.message).toMatch(/changed since you opened it/);
  });
});

describe("reviews that keep a priority current", () => {
  it("continues, moves to monitoring, and back to active only within the maximum", async () => {
    const meeting = await scheduleMeeting(chair, {
      assemblyId,
      kind: "street_meeting",
      day: yesterday,
      startTime: "10:00",
      endTime: "11:00",
      venue: "Corner of Moorgate Road",
      neighbourhoodIds: [bostonCastle.id],
    });
    const concern = await addMeetingConcern(chair, {
      meetingId: meeting.id,
      neighbourhoodId: bostonCastle.id,
      categoryId,
      location: "Moorgate Road",
      publicWording: "Speeding cars on Moorgate Road.",
    });
    const priority = await agreePriority(chair, {
      meetingId: meeting.id,
      neighbourhoodId: bostonCastle.id,
      concernIds: [concern.id],
      title: "Speeding on Moorgate Road",
      youSaid: "Cars speed on Moorgate Road.",
      reviewDate: "2099-06-01",
    });
    const pastDate = await refusal(
      reviewPriority(chair, {
        priorityId: priority.id,
        version: 1,
        decision: { outcome: "continue", reviewDate: toIsoDate(now) },
      }),
    );
    expect(pastDate.fieldErrors.reviewDate).toEqual(["The next review date must be in the future"]);
    const { priority: continued } = await reviewPriority(chair, {
      priorityId: priority.id,
      version: 1,
      decision: { outcome: "continue", reviewDate: "2099-07-01" },
    });
    expect([continued.status, continued.reviewDate, continued.version]).toEqual(["active", "2099-07-01", 2]);
    const { priority: watching } = await reviewPriority(chair, {
      priorityId: priority.id,
      version: 2,
      decision: { outcome: "monitoring", reviewDate: "2099-08-01" },
    });
    expect(watching.status).toBe("monitoring");
    // Queensway (the demo priority) is in monitoring: fill the one active place, then try to reactivate.
    await test.db
      .update(t.neighbourhoods)
      .set({ maxActivePriorities: 1 })
      .where(eq(t.neighbourhoods.id, bostonCastle.id));
    const other = await addMeetingConcern(chair, {
      meetingId: meeting.id,
      neighbourhoodId: bostonCastle.id,
      categoryId,
      location: "Moorgate Road",
      publicWording: "Litter by the bus stop.",
    });
    await agreePriority(chair, {
      meetingId: meeting.id,
      neighbourhoodId: bostonCastle.id,
      concernIds: [other.id],
      title: "Litter at the bus stop",
      youSaid: "Litter by the bus stop.",
    });
    const full = await refusal(
      reviewPriority(chair, {
        priorityId: priority.id,
        version: 3,
        decision: { outcome: "continue", reviewDate: "2099-09-01" },
      }),
    );
    expect(full.fieldErrors.form?.[0]).toMatch(/already has 1 active priority/);
    const { priority: closed } = await reviewPriority(chair, {
      priorityId: priority.id,
      version: 3,
      decision: { outcome: "closed", reason: "Speed survey found no problem." },
    });
    expect([closed.status, closed.closedReason]).toEqual(["closed", "Speed survey found no problem."]);
  });
});

describe("the meeting pack", () => {
  it("marks partners-only work for partners and leaves it out of the public pack", async () => {
    const [sitwell] = await test.db
      .select()
      .from(t.neighbourhoods)
      .where(eq(t.neighbourhoods.slug, "sitwell"));
    const [meeting] = await test.db
      .select({ id: t.meetings.id })
      .from(t.meetings)
      .innerJoin(t.meetingNeighbourhoods, eq(t.meetingNeighbourhoods.meetingId, t.meetings.id))
      .where(and(eq(t.meetingNeighbourhoods.neighbourhoodId, sitwell.id), gt(t.meetings.startsAt, now)))
      .orderBy(asc(t.meetings.startsAt))
      .limit(1);
    const [maynardRow] = await test.db
      .select()
      .from(t.priorities)
      .where(and(eq(t.priorities.neighbourhoodId, sitwell.id), eq(t.priorities.status, "active")));
    const yot = await offerTask(chair, {
      priorityId: maynardRow.id,
      agencyId: agencyIds["youth-offending-team"],
      title: "Diversion sessions for the play-area group",
      ask: "Work with the young people the police name.",
    });
    const [policeTask] = await test.db
      .select()
      .from(t.tasks)
      .where(
        and(eq(t.tasks.priorityId, maynardRow.id), eq(t.tasks.agencyId, agencyIds["syp-neighbourhood-team"])),
      );
    // Updates are posted by agencies (engineer C's code); written directly here.
    await test.db.insert(t.taskUpdates).values([
      {
        taskId: policeTask.id,
        body: "Two of the group are known to the YOT worker.",
        visibility: "partners_only",
      },
      {
        taskId: policeTask.id,
        body: "Patrols at the play area each evening this week.",
        visibility: "public",
      },
      {
        taskId: policeTask.id,
        body: "Referral made for a 14-year-old.",
        visibility: "partners_only",
        safeguardingReferral: true,
      },
    ]);
    const partners = await getPartnersPack(chair, meeting.id);
    expect(partners.agenda.map((a) => a.title)).toEqual([
      "Welcome and introductions",
      "Update on actions from the last meeting",
      "Partner updates",
      "Concerns from the floor",
      "Agreeing priorities",
      "What’s working, and the date of the next meeting",
    ]);
    const partnerSitwell = partners.sections.find((s) => s.neighbourhood.id === sitwell.id);
    const maynard = partnerSitwell?.priorities.find((p) => p.title.startsWith("Youths causing damage"));
    expect(maynard).toBeDefined();
    const partnersOnlyTasks = maynard?.tasks.filter((task) => task.partnersOnly) ?? [];
    expect(partnersOnlyTasks.map((task) => task.id)).toEqual([yot.id]);
    const partnerUpdates = maynard?.updates ?? [];
    expect(partnerUpdates.find((u) => u.body.startsWith("Two of the group"))?.partnersOnly).toBe(true);
    expect(partnerUpdates.find((u) => u.body.startsWith("Patrols at the play area"))?.partnersOnly).toBe(
      false,
    );
    // A safeguarding referral's details never go on paper.
    expect(JSON.stringify(partners)).not.toContain("14-year-old");

    const publicPack = await getPublicPack(meeting.id);
    const publicMaynard = publicPack?.sections
      .find((s) => s.neighbourhood.id === sitwell.id)
      ?.priorities.find((p) => p.id === maynard?.id);
    expect(publicMaynard).toBeDefined();
    const publicText = JSON.stringify(publicPack);
    for (const task of partnersOnlyTasks) expect(publicText).not.toContain(task.title);
    for (const update of maynard?.updates.filter((u) => u.partnersOnly) ?? []) {
      expect(publicText).not.toContain(update.body);
    }
    expect(publicMaynard?.updates.map((u) => u.body)).toContain(
      "Patrols at the play area each evening this week.",
    );
    expect(publicText).not.toContain("14-year-old");
    expect(publicMaynard?.tasks.every((task) => !task.partnersOnly && task.acknowledgeBy === null)).toBe(
      true,
    );
    expect(publicMaynard?.tasks.length).toBeLessThan(maynard?.tasks.length ?? 0);
    expect((await refusal(getPartnersPack(police, meeting.id))).kind).toBe("forbidden");
  });
});

describe("the unrecorded-meeting reminder", () => {
  it("e-mails each chair once, two days after a meeting ended unrecorded", async () => {
    const threeDaysAgo = toIsoDate(new Date(now.getTime() - 3 * DAY));
    const oneDayAgo = toIsoDate(new Date(now.getTime() - DAY));
    const late = await scheduleMeeting(chair, {
      assemblyId,
      kind: "pact",
      day: threeDaysAgo,
      startTime: "18:00",
      endTime: "19:00",
      venue: "Late Hall",
      neighbourhoodIds: [herringthorpe.id],
    });
    await scheduleMeeting(chair, {
      assemblyId,
      kind: "pact",
      day: oneDayAgo,
      startTime: "18:00",
      endTime: "19:00",
      venue: "Recent Hall",
      neighbourhoodIds: [herringthorpe.id],
    });
    const workspace = await getChairWorkspace(chair, assemblyId);
    expect(workspace.needsRecording.map((m) => m.id)).toEqual([late.id]);
    const first = await remindUnrecordedMeetings({ publicUrl: "https://one-dialogue.example" });
    expect(first.sent).toBe(1);
    const second = await remindUnrecordedMeetings({ publicUrl: "https://one-dialogue.example" });
    expect(second.sent).toBe(0);
    const mails = await outboxTo("meeting-unrecorded");
    expect(mails.map((m) => m.toAddress)).toEqual([DEMO.chair]);
    expect(mails[0].text).toContain(`https://one-dialogue.example/chair/meetings/${late.id}/record`);
  });
});
