// The reminder job: who gets which reminder, immediate vs digest, and that two
// processes running it at the same instant queue each message once.
import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addCalendarDays,
  addWorkingDays,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  toIsoDate,
} from "~/domain/core/deadlines";
import { sendTaskReminders, weekOf } from "~/domain/tasks/task-reminders";
import * as t from "~db/schema";
import {
  buildAgency,
  buildBankHolidays,
  buildOffer,
  buildPriority,
  buildUser,
  type OfferSpec,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { FIXED_NOW, useFixedClock } from "../support/clock";

const test = useTestDatabase();

// A Wednesday, mid-morning in the UK.
const NOW = new Date("2026-06-10T09:30:00Z");
useFixedClock(NOW);
const TODAY = toIsoDate(NOW);
const HOLIDAYS = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.day));
const TEMPLATES = ["task-not-accepted", "task-due-soon", "task-overdue", "agency-weekly-digest"];

const ids: Record<string, number> = {};

/** A housing task on the play-area priority, offered as `values.now` says. */
const offerTask = (values: OfferSpec) =>
  buildOffer(test.db, { priorityId: ids.priority, agencyId: ids.housing, ...values });

beforeAll(async () => {
  await buildBankHolidays(test.db);
  // Housing, the only agency with work: its tasks on one priority.
  ids.housing = (
    await buildAgency(test.db, {
      name: "Housing",
      kind: "housing",
      inboxEmail: "housing@council.example.org",
    })
  ).id;
  ids.priority = (
    await buildPriority(test.db, { title: "Youths causing damage at Maynard Road play area", now: NOW })
  ).priority.id;
  // Housing: a coordinator who wants mail at once, a member who chose the digest.
  const member = async (
    email: string,
    role: "member" | "coordinator",
    mailPreference: "immediate" | "digest",
  ) => (await buildUser(test.db, { email, mailPreference, agencies: [{ agencyId: ids.housing, role }] })).id;
  ids.housingCoordinator = await member("housing.coord@example.org", "coordinator", "immediate");
  ids.housingDigest = await member("housing.digest@example.org", "member", "digest");
  ids.housingNow = await member("housing.now@example.org", "member", "immediate");
  const base = { now: new Date(NOW.getTime() - 20 * 86_400_000) };
  ids.notAccepted = (
    await offerTask({
      ...base,
      title: "Late to accept",
      acknowledgeBy: addCalendarDays(TODAY, -1),
    })
  ).id;
  ids.dueSoonImmediate = (
    await offerTask({
      ...base,
      title: "Due soon, mail now",
      status: "accepted",
      assigneeUserId: ids.housingNow,
      acknowledgeBy: addCalendarDays(TODAY, 5),
      dueDate: addWorkingDays(TODAY, 2, HOLIDAYS),
    })
  ).id;
  ids.dueSoonDigest = (
    await offerTask({
      ...base,
      title: "Due soon, digest",
      status: "in_progress",
      assigneeUserId: ids.housingDigest,
      acknowledgeBy: addCalendarDays(TODAY, 5),
      dueDate: addWorkingDays(TODAY, 1, HOLIDAYS),
    })
  ).id;
  ids.overdueDigest = (
    await offerTask({
      ...base,
      title: "Overdue, digest person",
      status: "in_progress",
      assigneeUserId: ids.housingDigest,
      acknowledgeBy: addCalendarDays(TODAY, 5),
      dueDate: addCalendarDays(TODAY, -1),
    })
  ).id;
  ids.overdueUnassigned = (
    await offerTask({
      ...base,
      title: "Overdue, no one",
      status: "accepted",
      acknowledgeBy: addCalendarDays(TODAY, 5),
      dueDate: addCalendarDays(TODAY, -2),
    })
  ).id;
  ids.notYet = (
    await offerTask({
      ...base,
      title: "Due later",
      status: "accepted",
      assigneeUserId: ids.housingNow,
      acknowledgeBy: addCalendarDays(TODAY, 5),
      dueDate: addCalendarDays(TODAY, 20),
    })
  ).id;
});

async function reminders() {
  return test.db.select().from(t.outboxMessages).where(inArray(t.outboxMessages.template, TEMPLATES));
}

const keyFor = (kind: string, taskId: number) => `task-${kind}:${taskId}:`;

describe("the task reminder job", () => {
  it("run twice at the same instant, queues each message exactly once", async () => {
    const [first, second] = await Promise.all([
      sendTaskReminders({ now: NOW, publicUrl: "https://od.example" }),
      sendTaskReminders({ now: NOW, publicUrl: "https://od.example" }),
    ]);
    const messages = await reminders();
    // Two "not accepted" (inbox and coordinator), one "due soon", two "overdue", two digests.
    expect(messages).toHaveLength(7);
    // Between them the two runs queued every message once.
    const total = (r: typeof first) => r.notAccepted + r.dueSoon + r.overdue + r.digests;
    expect(total(first) + total(second)).toBe(messages.length);
    const [{ duplicates }] = await test.db
      .execute<{ duplicates: number }>(sql`
      select count(*)::int as duplicates from (
        select to_address, template, subject from outbox_messages
        where template in ('task-not-accepted', 'task-due-soon', 'task-overdue', 'agency-weekly-digest')
        group by to_address, template, subject having count(*) > 1) d`)
      .then((r) => (Array.isArray(r) ? r : (r as unknown as { rows: Array<{ duplicates: number }> }).rows));
    expect(duplicates).toBe(0);
    // A later run finds nothing new to send.
    const again = await sendTaskReminders({ now: new Date(NOW.getTime() + 15 * 60_000) });
    expect(total(again)).toBe(0);
    expect(await reminders()).toHaveLength(messages.length);
  });

  it("tells the agency inbox and its coordinators when a task is not accepted in time", async () => {
    const messages = (await reminders()).filter((m) =>
      m.dedupeKey?.startsWith(keyFor("not_accepted", ids.notAccepted)),
    );
    expect(messages.map((m) => m.toAddress).sort()).toEqual([
      "housing.coord@example.org",
      "housing@council.example.org",
    ]);
    expect(messages[0].text).toContain("Late to accept");
    expect(messages[0].text).toContain(`https://od.example/tasks/${ids.notAccepted}`);
  });

  it("reminds the assignee two working days before the due date, unless they chose the digest", async () => {
    const all = await reminders();
    const immediate = all.filter((m) => m.dedupeKey?.startsWith(keyFor("due_soon", ids.dueSoonImmediate)));
    expect(immediate.map((m) => m.toAddress)).toEqual(["housing.now@example.org"]);
    expect(all.filter((m) => m.dedupeKey?.startsWith(keyFor("due_soon", ids.dueSoonDigest)))).toEqual([]);
    expect(all.filter((m) => m.dedupeKey?.includes(`:${ids.notYet}:`))).toEqual([]);
  });

  it("sends overdue reminders at once whatever the preference, to the coordinators when no one is assigned", async () => {
    const all = await reminders();
    expect(
      all
        .filter((m) => m.dedupeKey?.startsWith(keyFor("overdue", ids.overdueDigest)))
        .map((m) => m.toAddress),
    ).toEqual(["housing.digest@example.org"]);
    expect(
      all
        .filter((m) => m.dedupeKey?.startsWith(keyFor("overdue", ids.overdueUnassigned)))
        .map((m) => m.toAddress),
    ).toEqual(["housing.coord@example.org"]);
    const events = await test.db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "task.reminder.overdue"));
    expect(events.filter((e) => e.entityId === String(ids.overdueUnassigned))).toHaveLength(1);
  });

  it("sends each agency one weekly digest: to its inbox and to members who chose the digest", async () => {
    const housing = ids.housing;
    const digests = (await reminders()).filter((m) =>
      m.dedupeKey?.startsWith(`agency-digest:${housing}:${weekOf(NOW)}:`),
    );
    expect(digests.map((m) => m.toAddress).sort()).toEqual([
      "housing.digest@example.org",
      "housing@council.example.org",
    ]);
    expect(digests[0].text).toContain("Overdue, digest person");
    expect(digests[0].text).toContain("Due soon, digest");
    expect(digests[0].text).not.toContain("Due later");
    expect(weekOf(NOW)).toBe("2026-06-08");
  });

  it("reminds again when a due date moves, and waits for Monday 7am for the next digest", async () => {
    await test.db
      .update(t.tasks)
      .set({ dueDate: addCalendarDays(TODAY, -1) })
      .where(eq(t.tasks.id, ids.overdueUnassigned));
    const sent = await sendTaskReminders({ now: NOW });
    expect(sent.overdue).toBe(1);
    // Next Monday at 6am UK time (5am UTC in summer): no digest yet; at 8am, one per agency with work.
    const early = await sendTaskReminders({ now: new Date("2026-06-15T05:00:00Z") });
    expect(early.digests).toBe(0);
    const later = await sendTaskReminders({ now: new Date("2026-06-15T07:30:00Z") });
    expect(later.digests).toBeGreaterThan(0);
  });
});

describe("due soon over a bank-holiday weekend", () => {
  it("on the Thursday before Easter, reminds about a task due the Wednesday after (two working days), not the Thursday", async () => {
    // Good Friday, the weekend and Easter Monday are not working days: from Thursday
    // 2 April 2026 two working days reach Wednesday 8 April. Counted in calendar days
    // (Saturday), or skipping weekends only (Monday), the Wednesday task would wait.
    const thursday = FIXED_NOW;
    const base = {
      now: new Date(thursday.getTime() - 20 * 86_400_000),
      status: "accepted" as const,
      assigneeUserId: ids.housingNow,
      acknowledgeBy: addCalendarDays(toIsoDate(thursday), -15),
    };
    const wednesday = (await offerTask({ ...base, title: "Due after Easter", dueDate: "2026-04-08" })).id;
    const later = (await offerTask({ ...base, title: "Due a day later", dueDate: "2026-04-09" })).id;
    await sendTaskReminders({ now: thursday, publicUrl: "https://od.example" });
    const all = await reminders();
    const dueSoonTo = (taskId: number) =>
      all.filter((m) => m.dedupeKey?.startsWith(keyFor("due_soon", taskId))).map((m) => m.toAddress);
    expect(dueSoonTo(wednesday)).toEqual(["housing.now@example.org"]);
    expect(dueSoonTo(later)).toEqual([]);
  });
});
