// Concurrency (issue 9 part 4). Twenty people, each with their own session,
// change one task at the same moment carrying the same version: exactly one
// wins, the other nineteen are told the task changed (STALE_TASK_MESSAGE) with
// the task as it is now; the version moves once, one update row, one audit
// event, one e-mail. And the reminder jobs, run at once by several
// "processes", queue each message once.
//
// On the PostgreSQL server (TEST_DATABASE_URL) this is real concurrency: a
// pool of connections, plus separate connection pools standing in for separate
// app processes. On PGlite (one connection) transactions run one after another,
// and the rules must hold all the same.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendDailyDigests } from "~/domain/concerns/subscriptions";
import type { Viewer } from "~/domain/core/access";
import {
  addCalendarDays,
  addWorkingDays,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  toIsoDate,
} from "~/domain/core/deadlines";
import { DomainError, STALE_TASK_MESSAGE } from "~/domain/core/errors";
import { remindUnrecordedMeetings } from "~/domain/meetings/meetings";
import { acceptTask, completeTask, declineTask, postTaskUpdate } from "~/domain/tasks";
import { sendTaskReminders } from "~/domain/tasks/task-reminders";
import { type Database, type DatabaseHandle, openDatabase } from "~db/client.server";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildNeighbourhood,
  buildPriority,
  buildUser,
} from "../factories/build";
import { viewer } from "../factories/demo";
import { auditFor, MAYNARD, offerTask, reloadTask } from "../factories/tasks";
import { onServer, useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const PEOPLE = 20;
const AGENCY = "green-spaces";

/** Twenty members of one agency, each a viewer of their own. */
let members: Viewer[] = [];
/** Extra connection pools on the server, each standing in for another app process. */
const processes: DatabaseHandle[] = [];

/** The two chairs of Rotherham South, the assembly the tasks' priority belongs to. */
const CHAIRS = ["chair.one@example.org", "chair.two@example.org"];
let assemblyId: number;
let sitwellId: number;

/**
 * Rotherham South (two chairs) with Sitwell and its Maynard Road priority, on
 * which offerTask offers every task here; the green-spaces team (twenty members,
 * the first its coordinator) and the housing team; the bank holidays the
 * working-day deadlines count around.
 */
beforeAll(async () => {
  await buildBankHolidays(test.db);
  const assembly = await buildAssembly(test.db, { slug: "rotherham-south", name: "Rotherham South" });
  assemblyId = assembly.id;
  for (const email of CHAIRS) await buildUser(test.db, { email, chairs: [assembly.id] });
  const sitwell = await buildNeighbourhood(test.db, { assemblyId, slug: "sitwell", name: "Sitwell" });
  sitwellId = sitwell.id;
  await buildPriority(test.db, { neighbourhood: sitwell.id, title: MAYNARD });
  const greenSpaces = await buildAgency(test.db, { slug: AGENCY, name: "Green Spaces" });
  await buildAgency(test.db, { slug: "housing", kind: "housing", name: "Council Housing" });
  for (let i = 0; i < PEOPLE; i++) {
    await buildUser(test.db, {
      email: `concurrent.${i}@example.org`,
      name: `Concurrent ${i}`,
      agencies: [{ agencyId: greenSpaces.id, role: i === 0 ? "coordinator" : "member" }],
    });
  }
  members = await Promise.all(
    Array.from({ length: PEOPLE }, (_, i) => viewer(`concurrent.${i}@example.org`, test.db)),
  );
  if (onServer()) {
    const url = test.handle.url as string;
    for (let i = 0; i < 3; i++) processes.push(openDatabase({ url }));
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.close()));
});

/** The databases the "processes" use: the file's own, plus the extra pools on the server. */
const databases = (): Database[] => [test.db, ...processes.map((p) => p.db)];

type Settled<T> = PromiseSettledResult<T>;

function refusals<T>(results: Settled<T>[]) {
  return results
    .filter((r): r is PromiseRejectedResult => r.status === "rejected")
    .map((r) => r.reason as unknown);
}

/** Every loser was told the task changed, and shown the task as it is now. */
function expectAllStale(errors: unknown[], currentVersion: number) {
  for (const error of errors) {
    expect(error).toBeInstanceOf(DomainError);
    const refusal = error as DomainError;
    expect(refusal.kind).toBe("conflict");
    expect(refusal.message).toBe(STALE_TASK_MESSAGE);
    expect((refusal.current as { version: number }).version).toBe(currentVersion);
  }
}

async function updatesOf(taskId: number) {
  return test.db.select().from(t.taskUpdates).where(eq(t.taskUpdates.taskId, taskId));
}

async function auditActions(taskId: number, action: string) {
  return (await auditFor(test.db, taskId)).filter((a) => a.action === action);
}

describe(`${PEOPLE} simultaneous changes to one task (${onServer() ? "PostgreSQL server: real concurrency" : "PGlite: serialised"})`, () => {
  it("accept: one wins, the others are told; one audit event, one e-mail to the assignee", async () => {
    const task = await offerTask(test.db, AGENCY, { title: "Race to accept" });
    const pools = databases();
    // Each person names a different colleague as assignee: whoever wins, exactly one is told.
    const results = await Promise.allSettled(
      members.map((person, i) =>
        acceptTask(
          person,
          { taskId: task.id, version: task.version, assigneeUserId: members[(i + 1) % PEOPLE].userId },
          { database: pools[i % pools.length] },
        ),
      ),
    );
    const winners = results.filter((r) => r.status === "fulfilled");
    expect(winners).toHaveLength(1);
    expectAllStale(refusals(results), task.version + 1);
    const after = await reloadTask(test.db, task.id);
    expect(after.version).toBe(task.version + 1);
    expect(after.status).toBe("accepted");
    expect(await auditActions(task.id, "task.accepted")).toHaveLength(1);
    const told = await test.db
      .select()
      .from(t.outboxMessages)
      .where(sql`${t.outboxMessages.dedupeKey} like ${`task-assigned:${task.id}:%`}`);
    expect(told).toHaveLength(1);
    const [assignee] = await test.db
      .select({ email: t.users.email })
      .from(t.users)
      .where(eq(t.users.id, after.assigneeUserId as number));
    expect(told[0].toAddress).toBe(assignee.email);
  });

  it("update through the real route, one session each: one 302, nineteen 409s, one update row", async () => {
    const task = await offerTask(test.db, AGENCY, { title: "Race to update", status: "accepted" });
    const cookies = await Promise.all(members.map((m) => cookieFor(m.email)));
    const replies = await Promise.all(
      cookies.map((cookie, i) =>
        send("POST", `/tasks/${task.id}/update`, {
          cookie,
          form: {
            version: String(task.version),
            body: `Litter pick by person ${i}`,
            visibility: "partners_only",
            markInProgress: "on",
          },
        }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(PEOPLE - 1);
    for (const reply of replies.filter((r) => r.status === 409)) {
      const state = reply.data as {
        fieldErrors: { form: string[] };
        current: { version: number; status: string };
        values: { body: string };
      };
      expect(state.fieldErrors.form[0]).toContain(STALE_TASK_MESSAGE);
      expect(state.current).toMatchObject({ version: task.version + 1, status: "in_progress" });
      // The loser's own words come back, so nothing they typed is lost either.
      expect(state.values.body).toMatch(/^Litter pick by person \d+$/);
    }
    const after = await reloadTask(test.db, task.id);
    expect(after.version).toBe(task.version + 1);
    expect(after.status).toBe("in_progress");
    const updates = await updatesOf(task.id);
    expect(updates).toHaveLength(1);
    const winner = replies.findIndex((r) => r.status === 302);
    expect(updates[0].body).toBe(`Litter pick by person ${winner}`);
    expect(updates[0].authorUserId).toBe(members[winner].userId);
    expect(await auditActions(task.id, "task.update_posted")).toHaveLength(1);
  });

  it("complete: one outcome is recorded, never two", async () => {
    const task = await offerTask(test.db, AGENCY, {
      title: "Race to complete",
      status: "in_progress",
      confidentiality: "partners_only",
    });
    const pools = databases();
    const results = await Promise.allSettled(
      members.map((person, i) =>
        completeTask(
          person,
          {
            taskId: task.id,
            version: task.version,
            outcomeSummary: `Fence mended (${i})`,
            figures: [{ label: "fence panels replaced", value: i + 1, unit: "" }],
            residentsAsked: true,
          },
          { database: pools[i % pools.length] },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expectAllStale(refusals(results), task.version + 1);
    const after = await reloadTask(test.db, task.id);
    expect(after).toMatchObject({ version: task.version + 1, status: "done" });
    const updates = await updatesOf(task.id);
    expect(updates).toHaveLength(1);
    expect(updates[0].isOutcome).toBe(true);
    expect(after.outcomeSummary).toBe(updates[0].body);
    const figures = await test.db
      .select()
      .from(t.updateFigures)
      .where(eq(t.updateFigures.updateId, updates[0].id));
    expect(figures).toHaveLength(1);
    expect(await auditActions(task.id, "task.completed")).toHaveLength(1);
  });

  it("decline: one reason is kept and the chairs are e-mailed once, not twenty times", async () => {
    const task = await offerTask(test.db, AGENCY, { title: "Race to decline" });
    const pools = databases();
    const results = await Promise.allSettled(
      members.map((person, i) =>
        declineTask(
          person,
          { taskId: task.id, version: task.version, reason: `Not ours (${i})` },
          { database: pools[i % pools.length] },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expectAllStale(refusals(results), task.version + 1);
    const after = await reloadTask(test.db, task.id);
    expect(after).toMatchObject({ version: task.version + 1, status: "declined" });
    expect(await auditActions(task.id, "task.declined")).toHaveLength(1);
    const told = await test.db
      .select()
      .from(t.outboxMessages)
      .where(sql`${t.outboxMessages.dedupeKey} like ${`task-declined:${task.id}:%`}`);
    expect(told.map((mail) => mail.toAddress).sort()).toEqual([...CHAIRS].sort());
    for (const mail of told) expect(mail.text).toContain(after.declineReason as string);
  });

  it("a mix of update and complete on the same version: still exactly one change", async () => {
    const task = await offerTask(test.db, AGENCY, {
      title: "Race of different changes",
      status: "in_progress",
      confidentiality: "partners_only",
    });
    const results = await Promise.allSettled(
      members.map((person, i) =>
        i % 2
          ? postTaskUpdate(person, {
              taskId: task.id,
              version: task.version,
              body: `Update ${i}`,
              visibility: "partners_only",
              figures: [],
            })
          : completeTask(person, {
              taskId: task.id,
              version: task.version,
              outcomeSummary: `Outcome ${i}`,
              figures: [],
              residentsAsked: false,
            }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expectAllStale(refusals(results), task.version + 1);
    expect((await reloadTask(test.db, task.id)).version).toBe(task.version + 1);
    expect(await updatesOf(task.id)).toHaveLength(1);
    const events = (await auditFor(test.db, task.id)).filter((a) => a.action.startsWith("task."));
    expect(events).toHaveLength(1);
  });

  it("no lost update: when every loser tries again on the newer version, all twenty land, in order", async () => {
    const task = await offerTask(test.db, AGENCY, { title: "Everyone gets through", status: "accepted" });
    const pools = databases();
    let conflicts = 0;
    await Promise.all(
      members.map(async (person, i) => {
        let version = task.version;
        for (let attempt = 0; attempt < PEOPLE + 1; attempt++) {
          try {
            await postTaskUpdate(
              person,
              { taskId: task.id, version, body: `Round by ${i}`, visibility: "partners_only", figures: [] },
              { database: pools[i % pools.length] },
            );
            return;
          } catch (error) {
            if (!(error instanceof DomainError) || error.kind !== "conflict") throw error;
            conflicts += 1;
            // What the stale form shows: the task as it is now, whose version the person sends again.
            version = (error.current as { version: number }).version;
          }
        }
        throw new Error(`person ${i} never got through`);
      }),
    );
    const after = await reloadTask(test.db, task.id);
    expect(after.version).toBe(task.version + PEOPLE);
    const updates = await updatesOf(task.id);
    expect(updates.map((u) => u.body).sort()).toEqual(members.map((_, i) => `Round by ${i}`).sort());
    // Each version was won exactly once: the audit trail holds one step per version, no gaps, no repeats.
    const steps = (await auditActions(task.id, "task.update_posted"))
      .map((a) => [(a.before as { version: number }).version, (a.after as { version: number }).version])
      .sort((a, b) => a[0] - b[0]);
    expect(steps).toEqual(Array.from({ length: PEOPLE }, (_, k) => [task.version + k, task.version + k + 1]));
    if (onServer()) expect(conflicts).toBeGreaterThan(0);
  });
});

describe("the reminder jobs, run by several processes at the same moment", () => {
  const NOW = new Date("2026-06-10T09:30:00Z"); // a Wednesday morning
  const TODAY = toIsoDate(NOW);
  const holidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.day));
  const TEMPLATES = ["task-not-accepted", "task-due-soon", "task-overdue", "agency-weekly-digest"];

  it("task reminders: each message is queued once, and each reminder audited once", async () => {
    const before = await test.db
      .select({ id: t.outboxMessages.id })
      .from(t.outboxMessages)
      .where(inArray(t.outboxMessages.template, TEMPLATES));
    const base = { now: new Date(NOW.getTime() - 20 * 86_400_000), priorityTitle: undefined };
    const made = [];
    for (let i = 0; i < 6; i++) {
      made.push(
        await offerTask(test.db, "housing", {
          ...base,
          title: `Late to accept ${i}`,
          acknowledgeBy: addCalendarDays(TODAY, -1 - i),
        }),
        await offerTask(test.db, "housing", {
          ...base,
          title: `Overdue ${i}`,
          status: "in_progress",
          acknowledgeBy: addCalendarDays(TODAY, 5),
          dueDate: addCalendarDays(TODAY, -1 - i),
        }),
        await offerTask(test.db, "housing", {
          ...base,
          title: `Due soon ${i}`,
          status: "accepted",
          assigneeUserId: members[i].userId,
          acknowledgeBy: addCalendarDays(TODAY, 5),
          dueDate: addWorkingDays(TODAY, 1 + (i % 2), holidays),
        }),
      );
    }
    // Three runs in each process, all at once.
    const runs = databases().flatMap((database) =>
      Array.from({ length: 3 }, () =>
        sendTaskReminders({ database, now: NOW, publicUrl: "https://od.example" }),
      ),
    );
    const results = await Promise.all(runs);
    const queued = results.reduce((n, r) => n + r.notAccepted + r.dueSoon + r.overdue + r.digests, 0);
    const messages = await test.db
      .select()
      .from(t.outboxMessages)
      .where(inArray(t.outboxMessages.template, TEMPLATES));
    const fresh = messages.filter((m) => !before.some((b) => b.id === m.id));
    // Every task made above has its reminder, and between them the runs queued each message once.
    expect(fresh.length).toBeGreaterThanOrEqual(made.length);
    expect(queued).toBe(fresh.length);
    const keys = fresh.map((m) => m.dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
    const perRecipient = fresh.map((m) => `${m.toAddress}|${m.template}|${m.subject}`);
    expect(new Set(perRecipient).size).toBe(perRecipient.length);
    for (const task of made) {
      const reminded = fresh.filter((m) => m.dedupeKey?.includes(`:${task.id}:`));
      expect(reminded.length, task.title).toBeGreaterThan(0);
      const audits = (await auditFor(test.db, task.id)).filter((a) => a.action.startsWith("task.reminder."));
      expect(audits, task.title).toHaveLength(1);
    }
    // A later run, anywhere, finds nothing left to send.
    const again = await sendTaskReminders({
      database: databases().at(-1),
      now: new Date(NOW.getTime() + 900_000),
    });
    expect(again.notAccepted + again.dueSoon + again.overdue + again.digests).toBe(0);
  });

  it("unrecorded-meeting reminders: one e-mail per chair per meeting, one audit event per meeting", async () => {
    const chairs = await test.db
      .select({ userId: t.assemblyChairs.userId })
      .from(t.assemblyChairs)
      .where(eq(t.assemblyChairs.assemblyId, assemblyId));
    expect(chairs).toHaveLength(CHAIRS.length);
    const now = new Date();
    const allUnrecorded = async () =>
      (
        await test.db
          .select({ id: t.outboxMessages.id })
          .from(t.outboxMessages)
          .where(eq(t.outboxMessages.template, "meeting-unrecorded"))
      ).length;
    const before = await allUnrecorded();
    const meetingIds: number[] = [];
    for (let i = 0; i < 8; i++) {
      const endsAt = new Date(now.getTime() - (3 + i) * 86_400_000);
      const [row] = await test.db
        .insert(t.meetings)
        .values({
          assemblyId,
          kind: "pact",
          title: `Unrecorded meeting ${i}`,
          startsAt: new Date(endsAt.getTime() - 3_600_000),
          endsAt,
          venue: "Concurrency Hall",
        })
        .returning({ id: t.meetings.id });
      meetingIds.push(row.id);
    }
    const results = await Promise.all(
      databases().flatMap((database) =>
        Array.from({ length: 3 }, () =>
          remindUnrecordedMeetings({ database, now, publicUrl: "https://od.example" }),
        ),
      ),
    );
    const mails = await test.db
      .select()
      .from(t.outboxMessages)
      .where(
        and(
          eq(t.outboxMessages.template, "meeting-unrecorded"),
          inArray(
            t.outboxMessages.dedupeKey,
            meetingIds.flatMap((id) => chairs.map((c) => `meeting-unrecorded:${id}:${c.userId}`)),
          ),
        ),
      );
    expect(mails).toHaveLength(meetingIds.length * chairs.length);
    // Between them the runs queued each message once, and said so.
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe((await allUnrecorded()) - before);
    const audits = await test.db
      .select({ entityId: t.auditEvents.entityId })
      .from(t.auditEvents)
      .where(
        and(
          eq(t.auditEvents.action, "meeting.unrecorded_reminder"),
          inArray(
            t.auditEvents.entityId,
            meetingIds.map((id) => String(id)),
          ),
        ),
      );
    expect(audits.map((a) => Number(a.entityId)).sort((a, b) => a - b)).toEqual(meetingIds);
    const again = await remindUnrecordedMeetings({ now, publicUrl: "https://od.example" });
    expect(again.sent).toBe(0);
  });

  it("subscribers' daily digest: each subscriber gets one, however many processes run it", async () => {
    const now = new Date();
    const emails = Array.from({ length: 30 }, (_, i) => `follower.${i}@example.net`);
    await test.db.insert(t.subscriptions).values(
      emails.map((email, i) => ({
        email,
        neighbourhoodId: sitwellId,
        confirmTokenHash: `confirm-${i}`,
        unsubscribeTokenHash: `unsubscribe-${i}`,
        confirmedAt: new Date(now.getTime() - 60 * 86_400_000),
      })),
    );
    const morning = new Date(now);
    morning.setUTCHours(10, 0, 0, 0);
    const digestAt = morning < now ? new Date(morning.getTime() + 86_400_000) : morning;
    const results = await Promise.all(
      databases().flatMap((database) =>
        Array.from({ length: 3 }, () =>
          sendDailyDigests({ database, now: digestAt, baseUrl: "https://od.example" }),
        ),
      ),
    );
    const digests = await test.db
      .select({ to: t.outboxMessages.toAddress })
      .from(t.outboxMessages)
      .where(
        and(
          eq(t.outboxMessages.template, "subscription-digest"),
          inArray(t.outboxMessages.toAddress, emails),
        ),
      );
    expect(digests.map((d) => d.to).sort()).toEqual([...emails].sort());
    expect(results.reduce((n, r) => n + r.queued, 0)).toBe(emails.length);
    const again = await sendDailyDigests({
      now: new Date(digestAt.getTime() + 3_600_000),
      baseUrl: "https://od.example",
    });
    expect(again.queued).toBe(0);
  });
});
