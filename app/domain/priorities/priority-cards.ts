// Public priorities as cards: each with its public status (./public-status)
// and its latest public update, read through the publication filter in three
// queries however many there are. The public pages, open data, the meeting
// pack and the monthly report all list priorities this way.
import { db, type Executor } from "~db/client.server";
import { toIsoDate } from "../core/deadlines";
import { type PublicStatus, type ReviewMeeting, withPublicStatus } from "../lifecycle/public-status";
import {
  latestPublicUpdates,
  listPublicTasks,
  nextPublicMeetings,
  type PublicMeeting,
  type PublicPriority,
  type PublicTask,
  type PublicUpdate,
} from "../publication";

export type PriorityCard = PublicPriority & {
  latestUpdate: PublicUpdate | null;
  publicStatus: PublicStatus;
};

/** The meeting that will review a priority, as the public status names it. */
export const reviewMeeting = (meeting: PublicMeeting | undefined | null): ReviewMeeting =>
  meeting ? { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt } : null;

/**
 * Public priorities with their public status: loads their public tasks, latest
 * public updates and their neighbourhoods' next meetings (three queries), unless
 * `loaded` has them already (./neighbourhood-lists reads them in one statement).
 */
export async function withStatus<P extends PublicPriority>(
  list: P[],
  now: Date,
  database: Executor = db(),
  loaded: {
    tasks?: PublicTask[];
    latest?: Map<number, PublicUpdate>;
    next?: Map<number, PublicMeeting>;
  } = {},
) {
  const ids = list.map((p) => p.id);
  const today = toIsoDate(now);
  const [tasks, latest, next] = await Promise.all([
    loaded.tasks ?? listPublicTasks(ids, today, database),
    loaded.latest ?? latestPublicUpdates(ids, database),
    loaded.next ??
      nextPublicMeetings(
        [...new Set(list.filter((p) => p.isCurrent).map((p) => p.neighbourhoodId))],
        now,
        database,
      ),
  ]);
  const priorities = withPublicStatus(list, {
    tasks,
    lastPublicUpdateAt: (id) => latest.get(id)?.createdAt ?? null,
    nextMeeting: (neighbourhoodId) => reviewMeeting(next.get(neighbourhoodId)),
    today,
  }).map((priority) => ({ ...priority, latestUpdate: latest.get(priority.id) ?? null }));
  return { priorities, tasks, latest };
}
