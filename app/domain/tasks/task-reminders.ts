// Reminders and the weekly digest for partner agencies, sent through the outbox
// by a scheduled job that every app process runs. Safe to run anywhere, any
// number of times: each message carries a dedupe key (the outbox's unique
// index lets exactly one process queue it), and an audit event per reminder
// lets later runs skip work already done.
//
// - not accepted in time: an offered task past its acknowledge-by date → the
//   agency inbox and its coordinators (urgent: always sent at once);
// - due in 2 working days → the assignee, else the coordinators, else the
//   agency inbox (not urgent: people who chose a digest get it in the digest);
// - overdue → the same people (urgent);
// - weekly digest (from Monday 7am UK time) per agency: new, overdue and
//   due-this-week tasks → the agency inbox and members who chose a digest.
import { and, asc, eq, gte, lt, lte, sql } from "drizzle-orm";
import { env } from "~/config/env.server";
import { enqueueEmail } from "~/integrations/outbox.server";
import { type Database, db, type Executor } from "~db/client.server";
import {
  agencies,
  agencyMemberships,
  auditEvents,
  neighbourhoods,
  priorities,
  tasks,
  users,
} from "~db/schema";
import { agencyWeeklyDigestEmail, type DigestTask } from "~emails/agency-weekly-digest";
import { taskDueSoonEmail } from "~emails/task-due-soon";
import { taskNotAcceptedEmail } from "~emails/task-not-accepted";
import { taskOverdueEmail } from "~emails/task-overdue";
import type { TaskReminderInput } from "~emails/task-reminder";
import { recordAudit } from "../core/audit";
import { addCalendarDays, addWorkingDays, type IsoDate, toIsoDate } from "../core/deadlines";
import { isTaskIn, isTaskOverdue } from "../lifecycle/tasks";
import { loadBankHolidays, taskOverdueOn, taskStatusIn } from "../lifecycle/tasks/sql";

export type ReminderOptions = {
  database?: Database;
  now?: Date;
  publicUrl?: string;
  /** Tasks looked at per kind of reminder per run (the next run takes the rest). */
  limit?: number;
};

type Recipient = {
  email: string;
  name: string;
  userId: number | null;
  mailPreference: "immediate" | "digest";
};

/** The UK weekday (1 = Monday … 7 = Sunday) and hour of a moment. */
function londonClock(now: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      weekday: "short",
      hour: "numeric",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday) + 1;
  return { weekday, hour: Number(parts.hour) };
}

/** No reminder of this kind yet for this task at this date (the audit event is the marker). */
function notReminded(action: string, dateKey: "acknowledgeBy" | "dueDate") {
  const column = dateKey === "acknowledgeBy" ? tasks.acknowledgeBy : tasks.dueDate;
  return sql`not exists (select 1 from ${auditEvents} a where a.entity_type = 'task'
    and a.entity_id = ${tasks.id}::text and a.action = ${action}
    and a.after ->> ${dateKey} = ${column}::text)`;
}

/** The agency's active members who get its mail: its coordinators, or those who chose the weekly digest. */
async function membersOf(
  tx: Executor,
  agencyId: number,
  who: { role: "coordinator" } | { mailPreference: "digest" },
): Promise<Recipient[]> {
  return tx
    .select({
      email: users.email,
      name: users.name,
      userId: users.id,
      mailPreference: users.mailPreference,
    })
    .from(agencyMemberships)
    .innerJoin(users, eq(users.id, agencyMemberships.userId))
    .where(
      and(
        eq(agencyMemberships.agencyId, agencyId),
        eq(users.active, true),
        "role" in who ? eq(agencyMemberships.role, who.role) : eq(users.mailPreference, who.mailPreference),
      ),
    )
    .orderBy(asc(users.id));
}

const coordinatorsOf = (tx: Executor, agencyId: number) => membersOf(tx, agencyId, { role: "coordinator" });

function unique(recipients: Recipient[]) {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const key = r.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Candidate = {
  id: number;
  title: string;
  agencyId: number;
  agencyName: string;
  inboxEmail: string;
  assigneeUserId: number | null;
  acknowledgeBy: IsoDate;
  dueDate: IsoDate;
  priorityTitle: string;
  neighbourhoodName: string;
};

const candidateColumns = {
  id: tasks.id,
  title: tasks.title,
  agencyId: tasks.agencyId,
  agencyName: agencies.name,
  inboxEmail: agencies.inboxEmail,
  assigneeUserId: tasks.assigneeUserId,
  acknowledgeBy: tasks.acknowledgeBy,
  dueDate: tasks.dueDate,
  priorityTitle: priorities.title,
  neighbourhoodName: neighbourhoods.name,
};

function candidates(database: Executor, where: ReturnType<typeof and>, limit: number) {
  return database
    .select(candidateColumns)
    .from(tasks)
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .where(where)
    .orderBy(asc(tasks.id))
    .limit(limit);
}

/** The assignee (if active), else the coordinators, else the agency inbox. */
async function taskOwners(tx: Executor, task: Candidate): Promise<Recipient[]> {
  if (task.assigneeUserId != null) {
    const [assignee] = await tx
      .select({
        email: users.email,
        name: users.name,
        userId: users.id,
        mailPreference: users.mailPreference,
      })
      .from(users)
      .where(and(eq(users.id, task.assigneeUserId), eq(users.active, true)));
    if (assignee) return [assignee];
  }
  const coordinators = await coordinatorsOf(tx, task.agencyId);
  if (coordinators.length) return coordinators;
  return [{ email: task.inboxEmail, name: task.agencyName, userId: null, mailPreference: "immediate" }];
}

/** Queues one reminder per recipient and marks the task reminded (one transaction per task). */
async function remind(
  database: Database,
  task: Candidate,
  kind: "not_accepted" | "due_soon" | "overdue",
  dateKey: "acknowledgeBy" | "dueDate",
  pickRecipients: (tx: Executor) => Promise<Recipient[]>,
  build: (recipient: Recipient) => { subject: string; html: string; text: string },
) {
  return database.transaction(async (tx) => {
    const recipients = unique(await pickRecipients(tx));
    const date = task[dateKey];
    let queued = 0;
    for (const recipient of recipients) {
      const sent = await enqueueEmail(tx, {
        to: recipient.email,
        template: `task-${kind.replace("_", "-")}`,
        ...build(recipient),
        dedupeKey: `task-${kind}:${task.id}:${date}:${recipient.email.toLowerCase()}`,
      });
      if (sent) queued += 1;
    }
    // Another process may have queued them first; it writes the marker then.
    if (queued > 0) {
      await recordAudit(tx, {
        actorUserId: null,
        action: `task.reminder.${kind}`,
        entityType: "task",
        entityId: task.id,
        agencyId: task.agencyId,
        after: { [dateKey]: date, recipients: recipients.map((r) => r.email) },
      });
    }
    return queued;
  });
}

export async function sendTaskReminders(options: ReminderOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const today = toIsoDate(now);
  const limit = options.limit ?? 500;
  const baseUrl = (options.publicUrl ?? env().PUBLIC_URL).replace(/\/$/, "");
  const holidays = await loadBankHolidays(database);
  const taskUrl = (id: number) => `${baseUrl}/tasks/${id}`;
  /** What a due-soon or overdue reminder says to one of the task's owners. */
  const reminderInput = (task: Candidate, recipient: Recipient): TaskReminderInput => ({
    name: recipient.name,
    taskTitle: task.title,
    priorityTitle: task.priorityTitle,
    dueDate: task.dueDate,
    taskUrl: taskUrl(task.id),
  });
  const sent = { notAccepted: 0, dueSoon: 0, overdue: 0, digests: 0 };

  // Not accepted in time: the agency inbox and its coordinators.
  const late = await candidates(
    database,
    and(
      taskStatusIn("awaitingAnswer"),
      lt(tasks.acknowledgeBy, today),
      notReminded("task.reminder.not_accepted", "acknowledgeBy"),
    ),
    limit,
  );
  for (const task of late) {
    sent.notAccepted += await remind(
      database,
      task,
      "not_accepted",
      "acknowledgeBy",
      async (tx) => [
        { email: task.inboxEmail, name: task.agencyName, userId: null, mailPreference: "immediate" },
        ...(await coordinatorsOf(tx, task.agencyId)),
      ],
      () =>
        taskNotAcceptedEmail({
          agencyName: task.agencyName,
          taskTitle: task.title,
          priorityTitle: task.priorityTitle,
          neighbourhoodName: task.neighbourhoodName,
          acknowledgeBy: task.acknowledgeBy,
          taskUrl: taskUrl(task.id),
        }),
    );
  }

  // Due in two working days (not urgent: people who chose a digest are left to it).
  const soon = await candidates(
    database,
    and(
      taskStatusIn("working"),
      sql`${tasks.dueDate} > ${today}`,
      lte(tasks.dueDate, addWorkingDays(today, 2, holidays)),
      notReminded("task.reminder.due_soon", "dueDate"),
    ),
    limit,
  );
  for (const task of soon) {
    sent.dueSoon += await remind(
      database,
      task,
      "due_soon",
      "dueDate",
      async (tx) => (await taskOwners(tx, task)).filter((r) => r.mailPreference === "immediate"),
      (recipient) => taskDueSoonEmail(reminderInput(task, recipient)),
    );
  }

  // Overdue (urgent).
  const overdue = await candidates(
    database,
    and(taskOverdueOn(today), notReminded("task.reminder.overdue", "dueDate")),
    limit,
  );
  for (const task of overdue) {
    sent.overdue += await remind(
      database,
      task,
      "overdue",
      "dueDate",
      (tx) => taskOwners(tx, task),
      (recipient) => taskOverdueEmail(reminderInput(task, recipient)),
    );
  }

  sent.digests = await sendWeeklyDigests(database, now, baseUrl);
  return sent;
}

/** The Monday (UK) of the week `now` falls in. */
export function weekOf(now: Date): IsoDate {
  const { weekday } = londonClock(now);
  return addCalendarDays(toIsoDate(now), 1 - weekday);
}

async function sendWeeklyDigests(database: Database, now: Date, baseUrl: string) {
  const { weekday, hour } = londonClock(now);
  if (weekday === 1 && hour < 7) return 0;
  const monday = weekOf(now);
  const today = toIsoDate(now);
  const sunday = addCalendarDays(monday, 6);
  // Agencies with open work and no digest yet this week.
  const due = await database
    .selectDistinct({ id: agencies.id, name: agencies.name, inboxEmail: agencies.inboxEmail })
    .from(agencies)
    .innerJoin(tasks, and(eq(tasks.agencyId, agencies.id), taskStatusIn("open")))
    .where(
      sql`not exists (select 1 from ${auditEvents} a where a.entity_type = 'agency'
        and a.entity_id = ${agencies.id}::text and a.action = 'agency.weekly_digest'
        and a.after ->> 'weekOf' = ${monday})`,
    )
    .orderBy(asc(agencies.id));
  let sent = 0;
  for (const agency of due) {
    sent += await database.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: tasks.id,
          title: tasks.title,
          status: tasks.status,
          dueDate: tasks.dueDate,
          offeredAt: tasks.offeredAt,
          priorityTitle: priorities.title,
        })
        .from(tasks)
        .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
        .where(
          and(
            eq(tasks.agencyId, agency.id),
            taskStatusIn("open"),
            sql`(${tasks.dueDate} <= ${sunday} or ${gte(tasks.offeredAt, new Date(now.getTime() - 7 * 86_400_000))})`,
          ),
        )
        .orderBy(asc(tasks.dueDate), asc(tasks.id))
        .limit(300);
      const item = (row: (typeof rows)[number]): DigestTask => ({
        title: row.title,
        priorityTitle: row.priorityTitle,
        dueDate: row.dueDate,
        url: `${baseUrl}/tasks/${row.id}`,
      });
      const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
      const fresh = rows
        .filter((r) => isTaskIn("awaitingAnswer", r.status) && r.offeredAt >= weekAgo)
        .map(item);
      const overdue = rows.filter((r) => isTaskOverdue(r, today)).map(item);
      const dueThisWeek = rows.filter((r) => r.dueDate >= today && r.dueDate <= sunday).map(item);
      if (!fresh.length && !overdue.length && !dueThisWeek.length) return 0;
      const members = await membersOf(tx, agency.id, { mailPreference: "digest" });
      const recipients = unique([
        { email: agency.inboxEmail, name: agency.name, userId: null, mailPreference: "digest" },
        ...members,
      ]);
      const message = agencyWeeklyDigestEmail({
        agencyName: agency.name,
        weekOf: monday,
        fresh,
        overdue,
        dueThisWeek,
        inboxUrl: `${baseUrl}/partner?agency=${agency.id}`,
      });
      let queued = 0;
      for (const recipient of recipients) {
        const ok = await enqueueEmail(tx, {
          to: recipient.email,
          template: "agency-weekly-digest",
          ...message,
          dedupeKey: `agency-digest:${agency.id}:${monday}:${recipient.email.toLowerCase()}`,
        });
        if (ok) queued += 1;
      }
      if (queued > 0) {
        await recordAudit(tx, {
          actorUserId: null,
          action: "agency.weekly_digest",
          entityType: "agency",
          entityId: agency.id,
          agencyId: agency.id,
          after: { weekOf: monday, recipients: recipients.map((r) => r.email) },
        });
      }
      return queued;
    });
  }
  return sent;
}
