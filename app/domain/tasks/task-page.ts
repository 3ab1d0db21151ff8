// The task page's view model: everything a partner (or the chair) sees about
// one task: the task with its dates and flags, its priority, the other
// agencies' tasks on that priority with the updates the viewer may read, the
// timeline of its events and updates, and which moves this person may make.
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { db, type Executor, prepared } from "~db/client.server";
import {
  agencies,
  agencyMemberships,
  assemblies,
  auditEvents,
  neighbourhoods,
  priorities,
  tasks,
  taskUpdates,
  users,
} from "~db/schema";
import { canReadPartnersOnly, ensure, isChairOf, isMemberOf, type Viewer } from "../core/access";
import type { AgencyKind } from "../core/agency-kinds";
import { toIsoDate } from "../core/deadlines";
import { notFound } from "../core/errors";
import { FIGURE_SUGGESTIONS, type Figure, figuresOf } from "../core/figures";
import { TASK_STATUS } from "../lifecycle/statuses";
import {
  canMoveTask,
  isActionPlanLate,
  isAnswerLate,
  isOpenTask,
  isTaskIn,
  isTaskOverdue,
  mayMakeTaskMove,
  TASK_MOVES,
  type TaskMoveName,
} from "../lifecycle/tasks";
import { isPublicTask, isPublicUpdate, postsOnTaskArePublic, updatePublicityColumns } from "../publication";
import { type TaskOptions, taskSnapshot, type Visibility } from "./record";

export type TimelineEntry = {
  at: string;
  kind: "event" | "update";
  what: string;
  who: string | null;
  body: string | null;
  /** Who reads it now, by the publication rule (a public update on a declined or youth offending task is partners-only). */
  visibility: Visibility | null;
  isOutcome: boolean;
  safeguardingReferral: boolean;
  figures: Figure[];
};

export type PriorityUpdate = {
  id: number;
  taskId: number;
  agencyName: string;
  body: string;
  /** Who reads it now, by the publication rule. */
  visibility: Visibility;
  safeguardingReferral: boolean;
  isOutcome: boolean;
  createdAt: string;
  figures: Figure[];
};

const EVENT_WORDS: Record<string, string> = {
  "task.created": "Offered to the agency",
  "task.offered": "Offered to the agency",
  "task.accepted": "Accepted",
  "task.action_plan": "Action plan given",
  "task.declined": "Declined",
  "task.completed": "Completed",
  "task.reopened": "Reopened",
  "task.reassigned": "Reassigned",
  "task.withdrawn": "Withdrawn by the chair",
};

// The page's reads, each built once per database and kept (prepared), with placeholders for what changes.
const taskQuery = (database: Executor) =>
  prepared(database, "task page: task", (d) =>
    d
      .select({
        task: tasks,
        agencyName: agencies.name,
        agencyKind: agencies.kind,
        agencyDefaultConfidentiality: agencies.defaultConfidentiality,
        priorityId: priorities.id,
        priorityTitle: priorities.title,
        youSaid: priorities.youSaid,
        priorityStatus: priorities.status,
        reviewDate: priorities.reviewDate,
        neighbourhoodSlug: neighbourhoods.slug,
        neighbourhoodName: neighbourhoods.name,
        assemblyId: assemblies.id,
        assemblyName: assemblies.name,
      })
      .from(tasks)
      .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
      .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
      .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
      .where(eq(tasks.id, sql.placeholder("taskId")))
      .limit(1)
      .prepare("task_page_task"),
  );

const siblingsQuery = (database: Executor) =>
  prepared(database, "task page: the priority's tasks", (d) =>
    d
      .select({
        id: tasks.id,
        agencyId: tasks.agencyId,
        agencyName: agencies.name,
        title: tasks.title,
        ask: tasks.ask,
        status: tasks.status,
        dueDate: tasks.dueDate,
        confidentiality: tasks.confidentiality,
        agencyKind: agencies.kind,
        agencyDefaultConfidentiality: agencies.defaultConfidentiality,
        outcomeSummary: tasks.outcomeSummary,
      })
      .from(tasks)
      .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
      .where(eq(tasks.priorityId, sql.placeholder("priorityId")))
      .orderBy(asc(agencies.name), asc(tasks.id))
      .prepare("task_page_siblings"),
  );

const updatesQuery = (database: Executor) =>
  prepared(database, "task page: the priority's updates", (d) =>
    d
      .select({
        id: taskUpdates.id,
        taskId: taskUpdates.taskId,
        agencyId: tasks.agencyId,
        agencyName: agencies.name,
        authorName: users.name,
        body: taskUpdates.body,
        ...updatePublicityColumns,
        isOutcome: taskUpdates.isOutcome,
        statusChange: taskUpdates.statusChange,
        createdAt: taskUpdates.createdAt,
        figures: figuresOf(taskUpdates.id),
      })
      .from(taskUpdates)
      .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
      .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
      .leftJoin(users, eq(users.id, taskUpdates.authorUserId))
      .where(eq(tasks.priorityId, sql.placeholder("priorityId")))
      .orderBy(desc(taskUpdates.createdAt), desc(taskUpdates.id))
      .prepare("task_page_updates"),
  );

const eventsQuery = (database: Executor) =>
  prepared(database, "task page: events", (d) =>
    d
      .select({
        action: auditEvents.action,
        createdAt: auditEvents.createdAt,
        actorName: users.name,
        after: auditEvents.after,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(and(eq(auditEvents.entityType, "task"), eq(auditEvents.entityId, sql.placeholder("entityId"))))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .prepare("task_page_events"),
  );

const membersQuery = (database: Executor) =>
  prepared(database, "task page: members", (d) =>
    d
      .select({ id: users.id, name: users.name })
      .from(agencyMemberships)
      .innerJoin(users, eq(users.id, agencyMemberships.userId))
      .where(and(eq(agencyMemberships.agencyId, sql.placeholder("agencyId")), eq(users.active, true)))
      .orderBy(asc(users.name))
      .prepare("task_page_members"),
  );

const otherAgenciesQuery = (database: Executor) =>
  prepared(database, "task page: other agencies", (d) =>
    d
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(ne(agencies.id, sql.placeholder("agencyId")))
      .orderBy(asc(agencies.name))
      .prepare("task_page_other_agencies"),
  );

/** Everything the task page shows, for someone allowed to read the priority's partners-only work. */
export async function getTaskPage(viewer: Viewer, taskId: number, options: TaskOptions = {}) {
  const database = options.database ?? db();
  const today = toIsoDate(options.now ?? new Date());
  const [row] = await taskQuery(database).execute({ taskId });
  if (!row) throw notFound("There is no such task.");
  const { task } = row;

  const siblings = await siblingsQuery(database).execute({ priorityId: row.priorityId });
  const isOwnAgency = isMemberOf(viewer, task.agencyId);
  const involved = canReadPartnersOnly(viewer, {
    assemblyId: row.assemblyId,
    involvedAgencyIds: siblings.filter((s) => isTaskIn("involved", s.status)).map((s) => s.agencyId),
  });
  // An agency whose task was declined or withdrawn keeps its own record of that
  // task, and nothing more of the priority's partners-only work.
  ensure(involved || isOwnAgency);
  const seesTask = (taskIdOnPriority: number) => involved || taskIdOnPriority === task.id;
  const isChair = isChairOf(viewer, row.assemblyId);

  // Every update on the priority the viewer may read: public and partners-only; a
  // safeguarding referral only for its own agency and the chair.
  const updateRows = await updatesQuery(database).execute({ priorityId: row.priorityId });
  const readable = updateRows
    .filter(
      (u) => seesTask(u.taskId) && (!u.safeguardingReferral || isChair || isMemberOf(viewer, u.agencyId)),
    )
    .map((u) => ({ ...u, visibility: (isPublicUpdate(u) ? "public" : "partners_only") as Visibility }));

  const events = await eventsQuery(database).execute({ entityId: String(task.id) });

  const timeline: TimelineEntry[] = [
    ...events
      .filter((e) => EVENT_WORDS[e.action])
      .map((e) => {
        const after = (e.after ?? {}) as Record<string, unknown>;
        const reason =
          e.action === "task.reopened" || e.action === "task.withdrawn"
            ? (after.reason as string | undefined)
            : e.action === "task.declined"
              ? (after.declineReason as string | undefined)
              : undefined;
        return {
          at: e.createdAt.toISOString(),
          kind: "event" as const,
          what: EVENT_WORDS[e.action],
          who: e.actorName,
          body: reason ?? null,
          visibility: null,
          isOutcome: false,
          safeguardingReferral: false,
          figures: [],
        };
      }),
    ...readable
      .filter((u) => u.taskId === task.id)
      .map((u) => ({
        at: u.createdAt.toISOString(),
        kind: "update" as const,
        what: u.isOutcome
          ? "Outcome"
          : u.statusChange === TASK_MOVES.startWork.to
            ? "Update — work started"
            : "Update",
        who: u.authorName,
        body: u.body,
        visibility: u.visibility,
        isOutcome: u.isOutcome,
        safeguardingReferral: u.safeguardingReferral,
        figures: u.figures,
      })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  const members = isOwnAgency ? await membersQuery(database).execute({ agencyId: task.agencyId }) : [];
  const otherAgencies = isOwnAgency
    ? await otherAgenciesQuery(database).execute({ agencyId: task.agencyId })
    : [];
  const current = await taskSnapshot(database, task);
  const open = isOpenTask(task.status);
  const place = { agencyId: task.agencyId, assemblyId: row.assemblyId };
  /** May this person make the move, from the task's status now? */
  const may = (move: TaskMoveName) => canMoveTask(move, task.status) && mayMakeTaskMove(viewer, move, place);

  return {
    task: {
      ...current,
      title: task.title,
      ask: task.ask,
      confidentiality: task.confidentiality as Visibility,
      /** Kept from the public by the publication rule. */
      partnersOnly: !isPublicTask({
        ...task,
        agencyKind: row.agencyKind,
        agencyDefaultConfidentiality: row.agencyDefaultConfidentiality,
      }),
      agencyId: task.agencyId,
      agencyName: row.agencyName,
      agencyKind: row.agencyKind as AgencyKind,
      offeredAt: task.offeredAt.toISOString(),
      acknowledgeBy: task.acknowledgeBy,
      actionPlanDueBy: task.actionPlanDueBy,
      actionPlanSubmittedAt: task.actionPlanSubmittedAt?.toISOString() ?? null,
      actionPlanLate: isActionPlanLate(task, today),
      /** The action plan is still owed: its due date matters only until it is given. */
      actionPlanPending: open && task.actionPlanSubmittedAt == null,
      isOverdue: isTaskOverdue(task, today),
      notAcceptedInTime: isAnswerLate(task, today),
      suggestedAgencyId: task.suggestedAgencyId,
      completedAt: task.completedAt?.toISOString() ?? null,
    },
    priority: {
      id: row.priorityId,
      title: row.priorityTitle,
      youSaid: row.youSaid,
      status: row.priorityStatus,
      reviewDate: row.reviewDate,
      neighbourhoodSlug: row.neighbourhoodSlug,
      neighbourhoodName: row.neighbourhoodName,
      assemblyName: row.assemblyName,
    },
    otherTasks: siblings
      .filter((s) => s.id !== task.id && seesTask(s.id))
      .map(({ agencyKind, agencyDefaultConfidentiality, ...s }) => ({
        ...s,
        partnersOnly: !isPublicTask({ ...s, agencyKind, agencyDefaultConfidentiality }),
        statusLabel: TASK_STATUS[s.status],
        updates: readable
          .filter((u) => u.taskId === s.id)
          .map(
            (u): PriorityUpdate => ({
              id: u.id,
              taskId: u.taskId,
              agencyName: u.agencyName,
              body: u.body,
              visibility: u.visibility,
              safeguardingReferral: u.safeguardingReferral,
              isOutcome: u.isOutcome,
              createdAt: u.createdAt.toISOString(),
              figures: u.figures,
            }),
          ),
      })),
    timeline,
    members,
    otherAgencies,
    figureSuggestions: FIGURE_SUGGESTIONS[row.agencyKind as AgencyKind] ?? [],
    can: {
      accept: may("accept"),
      decline: may("decline"),
      update: may("update"),
      actionPlan: may("actionPlan"),
      complete: may("complete"),
      reopen: may("reopen"),
      reassign: may("reassign"),
      // "Will be public": the publication rule, youth offending work included.
      publicUpdates: postsOnTaskArePublic({
        ...task,
        agencyKind: row.agencyKind,
        agencyDefaultConfidentiality: row.agencyDefaultConfidentiality,
      }),
    },
  };
}

export type TaskPage = Awaited<ReturnType<typeof getTaskPage>>;
