// Updates as partners read them in the meeting pack and the monthly report:
// every update on some priorities written in a window, oldest first, marked
// partners-only by the publication rule, with its figures (none for a
// safeguarding referral, whose details each caller words for its page).
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { agencies, tasks, taskUpdates } from "~db/schema";
import { type Figure, figuresOf } from "../core/figures";
import { isPublicUpdate, updatePublicityColumns } from "../publication";

export type PartnersUpdate = {
  id: number;
  priorityId: number;
  agencyName: string;
  taskTitle: string;
  body: string;
  createdAt: Date;
  safeguardingReferral: boolean;
  /** Kept from the public by the publication rule. */
  partnersOnly: boolean;
  figures: Figure[];
};

/** The updates on these priorities written at or after `since` (and before `before`, when given). */
export async function partnersUpdatesOn(
  database: Executor,
  priorityIds: readonly number[],
  window: { since: Date; before?: Date },
): Promise<PartnersUpdate[]> {
  if (!priorityIds.length) return [];
  const rows = await database
    .select({
      id: taskUpdates.id,
      priorityId: tasks.priorityId,
      agencyName: agencies.name,
      taskTitle: tasks.title,
      body: taskUpdates.body,
      createdAt: taskUpdates.createdAt,
      figures: figuresOf(taskUpdates.id),
      ...updatePublicityColumns,
    })
    .from(taskUpdates)
    .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
    .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(
      and(
        inArray(tasks.priorityId, [...priorityIds]),
        gte(taskUpdates.createdAt, window.since),
        window.before ? lt(taskUpdates.createdAt, window.before) : undefined,
      ),
    )
    .orderBy(asc(taskUpdates.createdAt), asc(taskUpdates.id));
  return rows.map((u) => ({
    id: u.id,
    priorityId: u.priorityId,
    agencyName: u.agencyName,
    taskTitle: u.taskTitle,
    body: u.body,
    createdAt: u.createdAt,
    safeguardingReferral: u.safeguardingReferral,
    partnersOnly: !isPublicUpdate(u),
    figures: u.safeguardingReferral ? [] : u.figures,
  }));
}
