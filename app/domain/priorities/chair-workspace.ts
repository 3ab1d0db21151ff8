// The chair's home pages: the assemblies someone chairs, and for one assembly
// what needs attention — meetings to record, priorities with their flags,
// tasks waiting for an agency's answer, declined tasks waiting for a decision.
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import { agencies, assemblies, concerns, meetings, neighbourhoods, priorities, tasks } from "~db/schema";
import { countUnmoderated, listConcernsAwaitingDecision } from "../concerns/concerns";
import { canRunAssembly, ensure, isAdmin, type Viewer } from "../core/access";
import { toIsoDate } from "../core/deadlines";
import { notFound } from "../core/errors";
import { TASK_STATUS } from "../lifecycle/statuses";
import { taskStatusIn } from "../lifecycle/tasks/sql";
import { type DomainOptions, listAssemblyMeetings, listAssemblyNeighbourhoods } from "../meetings/meetings";
import { listCurrentPriorities } from "./priorities";

/** The assemblies this person may run (an admin: all of them). */
export async function listChairAssemblies(viewer: Viewer, database: Executor = db()) {
  const ids = [...viewer.chairOf];
  if (!isAdmin(viewer) && !ids.length) return [];
  const rows = await database
    .select({ id: assemblies.id, name: assemblies.name, slug: assemblies.slug })
    .from(assemblies)
    .where(isAdmin(viewer) ? undefined : inArray(assemblies.id, ids))
    .orderBy(asc(assemblies.name));
  const counts = rows.length
    ? await database
        .select({ assemblyId: neighbourhoods.assemblyId, value: count() })
        .from(neighbourhoods)
        .where(
          inArray(
            neighbourhoods.assemblyId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(neighbourhoods.assemblyId)
    : [];
  return rows.map((row) => ({
    ...row,
    neighbourhoodCount: counts.find((c) => c.assemblyId === row.id)?.value ?? 0,
  }));
}

/** The assembly's tasks in a group: waiting for an agency's answer, or for the chair's decision. */
async function tasksIn(
  neighbourhoodIds: number[],
  group: "awaitingAnswer" | "needsChair",
  database: Executor,
) {
  if (!neighbourhoodIds.length) return [];
  const rows = await database
    .select({
      id: tasks.id,
      title: tasks.title,
      status: tasks.status,
      acknowledgeBy: tasks.acknowledgeBy,
      dueDate: tasks.dueDate,
      declineReason: tasks.declineReason,
      offeredAt: tasks.offeredAt,
      agencyName: agencies.name,
      priorityId: priorities.id,
      priorityTitle: priorities.title,
      neighbourhoodName: neighbourhoods.name,
    })
    .from(tasks)
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .where(and(inArray(priorities.neighbourhoodId, neighbourhoodIds), taskStatusIn(group)))
    .orderBy(asc(tasks.acknowledgeBy), asc(tasks.id))
    .limit(200);
  return rows.map((row) => ({ ...row, statusLabel: TASK_STATUS[row.status] }));
}

/** Everything on one assembly's workspace page. */
export async function getChairWorkspace(viewer: Viewer, assemblyId: number, options: DomainOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const today = toIsoDate(now);
  const [assembly] = await database
    .select({ id: assemblies.id, name: assemblies.name, slug: assemblies.slug })
    .from(assemblies)
    .where(eq(assemblies.id, assemblyId));
  if (!assembly) throw notFound("There is no such assembly.");
  ensure(canRunAssembly(viewer, assembly.id));
  const areas = await listAssemblyNeighbourhoods(assembly.id, database);
  const areaIds = areas.map((n) => n.id);
  const [meetingList, current, awaiting, declined, newConcerns, unmoderated] = await Promise.all([
    listAssemblyMeetings(assembly.id, { database, now, limit: 60 }),
    listCurrentPriorities(areaIds, now, database),
    tasksIn(areaIds, "awaitingAnswer", database),
    tasksIn(areaIds, "needsChair", database),
    listConcernsAwaitingDecision(viewer, assembly.id, { database }),
    countUnmoderated(assembly.id, database),
  ]);
  const upcoming = meetingList.filter((m) => m.isUpcoming).reverse();
  const past = meetingList.filter((m) => !m.isUpcoming);
  return {
    assembly,
    today,
    upcomingMeetings: upcoming,
    pastMeetings: past.slice(0, 12),
    needsRecording: past.filter((m) => m.needsRecording),
    neighbourhoods: areas.map((n) => {
      const own = current.filter((p) => p.neighbourhoodId === n.id);
      return {
        ...n,
        activeCount: own.filter((p) => p.status === "active").length,
        priorities: own,
      };
    }),
    awaitingAnswer: awaiting.map((t) => ({ ...t, isAnswerLate: t.acknowledgeBy < today })),
    declined,
    concernsAwaitingDecision: newConcerns.length,
    unmoderatedConcerns: unmoderated,
  };
}

/** The assembly a record belongs to (the guard's question before any chair page or form). Null when there is no such record. */
export async function assemblyOf(
  record: { meeting: number } | { priority: number } | { task: number } | { concern: number },
  database: Executor = db(),
): Promise<number | null> {
  if ("meeting" in record) {
    const [row] = await database
      .select({ assemblyId: meetings.assemblyId })
      .from(meetings)
      .where(eq(meetings.id, record.meeting));
    return row?.assemblyId ?? null;
  }
  if ("concern" in record) {
    const [row] = await database
      .select({ assemblyId: neighbourhoods.assemblyId })
      .from(concerns)
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
      .where(eq(concerns.id, record.concern));
    return row?.assemblyId ?? null;
  }
  const priorityId =
    "priority" in record
      ? record.priority
      : (await database.select({ id: tasks.priorityId }).from(tasks).where(eq(tasks.id, record.task)))[0]?.id;
  if (priorityId == null) return null;
  const [row] = await database
    .select({ assemblyId: neighbourhoods.assemblyId })
    .from(priorities)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .where(eq(priorities.id, priorityId));
  return row?.assemblyId ?? null;
}
