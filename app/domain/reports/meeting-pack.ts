// The meeting pack: the agenda in the familiar PACT order, then for every
// current priority of the covered neighbourhoods what residents said, each
// agency's task with its dates and flags, and the updates and figures since
// the last meeting. Two audiences: partners (the chair's printout, with
// partners-only items marked) and the public (read only through
// ./publication, so nothing partners-only can appear; partners-only marks come
// from the same rule). Each pack also brings
// each neighbourhood's recent crime against a year before and the assembly's
// How we're doing figures; each assembly chooses its agenda order.
import { and, asc, desc, eq, inArray, lt, ne, type SQL } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import {
  agencies,
  agendaOrders,
  assemblies,
  categories,
  concerns,
  meetingNeighbourhoods,
  meetings,
  neighbourhoods,
  priorities,
  tasks,
} from "~db/schema";
import { canRunAssembly, ensure, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import { addCalendarDays, type IsoDate, toIsoDate } from "../core/deadlines";
import { notFound } from "../core/errors";
import type { Figure } from "../core/figures";
import { priorityFlags } from "../lifecycle/public-status";
import { CONCERN_STATUS, PRIORITY_STATUS, TASK_STATUS } from "../lifecycle/statuses";
import { isTaskIn, isTaskOverdue } from "../lifecycle/tasks";
import { taskStatusIn } from "../lifecycle/tasks/sql";
import { type CrimeTrend, crimeTrends } from "../measures/crime-figures";
import { assemblyComparison } from "../measures/how-were-doing";
import { type MeasureId, monthOf } from "../measures/measures";
import { type DomainOptions, MEETING_KIND_NAME } from "../meetings/meetings";
import { listChairTasks } from "../priorities/priorities";
import { withStatus } from "../priorities/priority-cards";
import {
  getPublicMeeting,
  latestPublicUpdates,
  listPublicPriorities,
  listPublicUpdates,
  type PublicMeeting,
  publicTask,
} from "../publication";
import { partnersUpdatesOn } from "../tasks/updates";

export const AGENDA_ORDER_VALUES = agendaOrders;
export type AgendaOrder = (typeof agendaOrders)[number];
export type AgendaItem = { key: string; title: string };

const ITEM = {
  welcome: { key: "welcome", title: "Welcome and introductions" },
  working: { key: "working", title: "What’s working, and what residents are doing themselves" },
  actions: { key: "actions", title: "Update on actions from the last meeting" },
  partners: { key: "partners", title: "Partner updates" },
  floor: { key: "floor", title: "Concerns from the floor" },
  priorities: { key: "priorities", title: "Agreeing priorities" },
} satisfies Record<string, AgendaItem>;

/** The agenda, in the order residents and partners know from PACT meetings. */
export const PACK_AGENDA: AgendaItem[] = [
  ITEM.welcome,
  ITEM.actions,
  ITEM.partners,
  ITEM.floor,
  ITEM.priorities,
  { key: "close", title: "What’s working, and the date of the next meeting" },
];

/** The same meeting opened from strengths: what works and what residents do themselves come first. */
export const STRENGTHS_FIRST_AGENDA: AgendaItem[] = [
  ITEM.welcome,
  ITEM.working,
  ITEM.actions,
  ITEM.partners,
  ITEM.floor,
  ITEM.priorities,
  { key: "close", title: "Date of the next meeting" },
];

export const AGENDA_ORDERS: Record<AgendaOrder, { label: string; hint: string; agenda: AgendaItem[] }> = {
  traditional: {
    label: "Traditional PACT order",
    hint: "Actions and partner updates first; what’s working at the close.",
    agenda: PACK_AGENDA,
  },
  strengths_first: {
    label: "Start from what’s working",
    hint: "Opens with what’s working and residents’ own actions, then the problems.",
    agenda: STRENGTHS_FIRST_AGENDA,
  },
};

/** The How we're doing measures a pack shows (the full set is one link away). */
export const PACK_MEASURES: MeasureId[] = [
  "prioritiesAgreed",
  "prioritiesResolved",
  "tasksOffered",
  "tasksAcceptedOnTime",
  "tasksCompleted",
  "tasksOverdue",
  "publicUpdates",
  "meetingsHeld",
];

export type PackFigure = Figure;
export type PackUpdate = {
  id: number;
  agencyName: string;
  taskTitle: string;
  body: string;
  createdAt: Date;
  partnersOnly: boolean;
  figures: PackFigure[];
};
export type PackTask = {
  id: number;
  agencyName: string;
  title: string;
  ask: string;
  statusLabel: string;
  acknowledgeBy: IsoDate | null;
  dueDate: IsoDate;
  isOverdue: boolean;
  partnersOnly: boolean;
  outcomeSummary: string | null;
};
export type PackPriority = {
  id: number;
  title: string;
  youSaid: string;
  statusLabel: string;
  categoryName: string | null;
  agreedOn: IsoDate;
  reviewDate: IsoDate;
  agreedHere: boolean;
  isOverdue: boolean;
  isStale: boolean;
  tasks: PackTask[];
  updates: PackUpdate[];
};
export type PackSection = {
  neighbourhood: { id: number; name: string; slug: string };
  priorities: PackPriority[];
};
/** What the pack brings to the table besides the priorities. */
export type PackContent = {
  agendaOrder: AgendaOrder;
  agenda: AgendaItem[];
  whatsWorking: { meetingTitle: string; text: string } | null;
  residentsActions: Array<{ id: number; groupName: string; title: string; statusLabel: string }>;
  crime: Array<{ neighbourhood: { id: number; name: string; slug: string }; trend: CrimeTrend | null }>;
  howWereDoing: {
    assemblySlug: string;
    assemblyName: string;
    period: { from: string; to: string };
    rows: Array<{ id: MeasureId; label: string; value: string }>;
  } | null;
};
export type MeetingPack = PackContent & {
  audience: "partners" | "public";
  meeting: PublicMeeting;
  neighbourhoods: Array<{ id: number; name: string; slug: string }>;
  since: Date;
  previousMeeting: { id: number; title: string; startsAt: Date } | null;
  concernsRaised: Array<{
    id: number;
    neighbourhoodName: string;
    publicWording: string;
    location: string;
    statusLabel: string;
  }>;
  sections: PackSection[];
  generatedOn: IsoDate;
};

/** The assembly's last meeting (held) before this one that covered any of the same neighbourhoods. */
async function previousMeeting(
  database: Executor,
  meeting: { id: number; assemblyId: number; startsAt: Date },
  neighbourhoodIds: number[],
) {
  if (!neighbourhoodIds.length) return null;
  const [row] = await database
    .selectDistinct({
      id: meetings.id,
      title: meetings.title,
      kind: meetings.kind,
      startsAt: meetings.startsAt,
      whatsWorking: meetings.whatsWorking,
      publishedAt: meetings.publishedAt,
    })
    .from(meetings)
    .innerJoin(meetingNeighbourhoods, eq(meetingNeighbourhoods.meetingId, meetings.id))
    .where(
      and(
        eq(meetings.assemblyId, meeting.assemblyId),
        ne(meetings.id, meeting.id),
        eq(meetings.status, "held"),
        lt(meetings.startsAt, meeting.startsAt),
        inArray(meetingNeighbourhoods.neighbourhoodId, neighbourhoodIds),
      ),
    )
    .orderBy(desc(meetings.startsAt))
    .limit(1);
  return row
    ? {
        id: row.id,
        title: row.title || MEETING_KIND_NAME[row.kind],
        startsAt: row.startsAt,
        whatsWorking: row.whatsWorking,
        published: row.publishedAt != null,
      }
    : null;
}

type Previous = Awaited<ReturnType<typeof previousMeeting>>;

/** The pack's previous meeting, without what only the pack's content needs. */
function previousForPack(previous: Previous) {
  return previous ? { id: previous.id, title: previous.title, startsAt: previous.startsAt } : null;
}

/**
 * The content sections: the assembly's agenda order, what's working (from the
 * last meeting; published only, for the public), community groups' own tasks,
 * crime trends per neighbourhood and the assembly's How we're doing figures
 * (the public figures, the same as its public page).
 */
async function packContent(
  audience: "partners" | "public",
  meeting: { assemblyId: number; startsAt: Date },
  covered: Array<{ id: number; name: string; slug: string }>,
  previous: Previous,
  priorityIds: number[],
  now: Date,
  database: Executor,
): Promise<PackContent> {
  const [assembly] = await database
    .select({ slug: assemblies.slug, agendaOrder: assemblies.agendaOrder })
    .from(assemblies)
    .where(eq(assemblies.id, meeting.assemblyId));
  const [trends, comparison, groupTasks] = await Promise.all([
    crimeTrends(
      covered.map((n) => n.id),
      monthOf(meeting.startsAt),
      database,
    ),
    assembly ? assemblyComparison(assembly.slug, now, database) : null,
    priorityIds.length
      ? database
          .select({ id: tasks.id, groupName: agencies.name, title: tasks.title, status: tasks.status })
          .from(tasks)
          .innerJoin(agencies, eq(agencies.id, tasks.agencyId))
          .where(
            and(
              inArray(tasks.priorityId, priorityIds),
              eq(agencies.kind, "community_group"),
              taskStatusIn("involved"),
              audience === "public" ? publicTask : undefined,
            ),
          )
          .orderBy(asc(agencies.name), asc(tasks.id))
      : [],
  ]);
  const order = assembly?.agendaOrder ?? "traditional";
  const working = previous?.whatsWorking?.trim();
  return {
    agendaOrder: order,
    agenda: AGENDA_ORDERS[order].agenda,
    whatsWorking:
      working && (audience === "partners" || previous?.published)
        ? { meetingTitle: previous?.title ?? "", text: working }
        : null,
    residentsActions: groupTasks.map((t) => ({
      id: t.id,
      groupName: t.groupName,
      title: t.title,
      statusLabel: TASK_STATUS[t.status],
    })),
    crime: covered.map((n) => ({ neighbourhood: n, trend: trends.get(n.id) ?? null })),
    howWereDoing: comparison
      ? {
          assemblySlug: comparison.assembly.slug,
          assemblyName: comparison.assembly.name,
          period: comparison.period,
          rows: comparison.table.rows
            .filter((r) => PACK_MEASURES.includes(r.id))
            .map((r) => ({ id: r.id, label: r.label, value: r.cells[r.cells.length - 1] ?? "" })),
        }
      : null,
  };
}

/** Remembers the assembly's agenda order for its packs (its chairs and admins). */
export async function setAgendaOrder(
  viewer: Viewer,
  input: { assemblyId: number; agendaOrder: AgendaOrder },
  options: DomainOptions = {},
) {
  ensure(canRunAssembly(viewer, input.assemblyId));
  const database = options.database ?? db();
  return database.transaction(async (tx) => {
    const [before] = await tx
      .select({ agendaOrder: assemblies.agendaOrder })
      .from(assemblies)
      .where(eq(assemblies.id, input.assemblyId))
      .for("update");
    if (!before) throw notFound("There is no such assembly.");
    if (before.agendaOrder === input.agendaOrder) return { id: input.assemblyId, changed: false };
    await tx
      .update(assemblies)
      .set({ agendaOrder: input.agendaOrder, updatedAt: options.now ?? new Date() })
      .where(eq(assemblies.id, input.assemblyId));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "assembly.agenda_order_changed",
      entityType: "assembly",
      entityId: input.assemblyId,
      assemblyId: input.assemblyId,
      before,
      after: { agendaOrder: input.agendaOrder },
    });
    return { id: input.assemblyId, changed: true };
  });
}

/** Without an earlier meeting, "since the last meeting" means the last three months. */
function sinceOf(previous: { startsAt: Date } | null, meetingStart: Date) {
  return previous?.startsAt ?? new Date(`${addCalendarDays(toIsoDate(meetingStart), -91)}T00:00:00Z`);
}

/** The partners' pack, for the chair of the meeting's assembly. */
export async function getPartnersPack(
  viewer: Viewer,
  meetingId: number,
  options: DomainOptions = {},
): Promise<MeetingPack> {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const today = toIsoDate(now);
  const [row] = await database
    .select({ assemblyId: meetings.assemblyId })
    .from(meetings)
    .where(eq(meetings.id, meetingId));
  if (!row) throw notFound("There is no such meeting.");
  ensure(canRunAssembly(viewer, row.assemblyId));
  // The meeting's own facts are the same for both audiences.
  const found = await getPublicMeeting(meetingId, database);
  if (!found) throw notFound("There is no such meeting.");
  const { meeting, neighbourhoods: covered } = found;
  const ids = covered.map((n) => n.id);
  const previous = await previousMeeting(
    database,
    { id: meetingId, ...row, startsAt: meeting.startsAt },
    ids,
  );
  const since = sinceOf(previous, meeting.startsAt);
  const [list, raised] = await Promise.all([
    ids.length
      ? packPriorities(
          database,
          and(inArray(priorities.neighbourhoodId, ids), inArray(priorities.status, ["active", "monitoring"])),
        ).orderBy(asc(priorities.reviewDate), asc(priorities.id))
      : Promise.resolve([]),
    database
      .select({
        id: concerns.id,
        neighbourhoodName: neighbourhoods.name,
        publicWording: concerns.publicWording,
        location: concerns.location,
        status: concerns.status,
      })
      .from(concerns)
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
      .where(eq(concerns.raisedAtMeetingId, meetingId))
      .orderBy(asc(concerns.createdAt), asc(concerns.id)),
  ]);
  // Priorities agreed at this meeting stay in its pack, whatever became of them since.
  const agreedHere = ids.length
    ? await packPriorities(database, eq(priorities.agreedAtMeetingId, meetingId))
    : [];
  const all = [...list, ...agreedHere.filter((p) => !list.some((q) => q.id === p.id))];
  const priorityIds = all.map((p) => p.id);
  const [taskList, latest, updates] = await Promise.all([
    listChairTasks(priorityIds, today, database),
    latestPublicUpdates(priorityIds, database),
    partnersUpdatesOn(database, priorityIds, { since }),
  ]);
  const sections: PackSection[] = covered
    .map((n) => ({
      neighbourhood: n,
      priorities: all
        .filter((p) => p.neighbourhoodId === n.id)
        .map((p) => {
          const own = taskList.filter((t) => t.priorityId === p.id);
          const live = own.filter((t) => t.status !== "withdrawn");
          return {
            id: p.id,
            title: p.title,
            youSaid: p.youSaid,
            statusLabel: PRIORITY_STATUS[p.status].label,
            categoryName: p.categoryName,
            agreedOn: p.agreedOn,
            reviewDate: p.reviewDate,
            agreedHere: p.agreedAtMeetingId === meetingId,
            ...priorityFlags(
              p,
              latest.get(p.id)?.createdAt ?? null,
              own.filter((t) => isTaskIn("involved", t.status)),
              today,
            ),
            tasks: live.map((t) => ({
              id: t.id,
              agencyName: t.agencyName,
              title: t.title,
              ask: t.ask,
              statusLabel: t.statusLabel,
              acknowledgeBy: isTaskIn("awaitingAnswer", t.status) ? t.acknowledgeBy : null,
              dueDate: t.dueDate,
              isOverdue: isTaskOverdue(t, today),
              partnersOnly: t.partnersOnly,
              outcomeSummary: t.outcomeSummary,
            })),
            updates: updates
              .filter((u) => u.priorityId === p.id)
              .map((u) => ({
                id: u.id,
                agencyName: u.agencyName,
                taskTitle: u.taskTitle,
                // A safeguarding referral's details never go on paper: the record stays in the portal.
                body: u.safeguardingReferral
                  ? "A safeguarding referral was recorded. Details are kept in the portal."
                  : u.body,
                createdAt: u.createdAt,
                partnersOnly: u.partnersOnly,
                figures: u.figures,
              })),
          };
        }),
    }))
    .filter((s) => s.priorities.length);
  return {
    ...(await packContent(
      "partners",
      { ...row, startsAt: meeting.startsAt },
      covered,
      previous,
      priorityIds,
      now,
      database,
    )),
    audience: "partners",
    meeting,
    neighbourhoods: covered,
    since,
    previousMeeting: previousForPack(previous),
    concernsRaised: raised.map((c) => ({
      id: c.id,
      neighbourhoodName: c.neighbourhoodName,
      publicWording: c.publicWording,
      location: c.location,
      statusLabel: CONCERN_STATUS[c.status],
    })),
    sections,
    generatedOn: today,
  };
}

/** The public pack: the same shape, read only through the publication filter. */
export async function getPublicPack(
  meetingId: number,
  options: DomainOptions = {},
): Promise<MeetingPack | null> {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const today = toIsoDate(now);
  const found = await getPublicMeeting(meetingId, database);
  if (!found) return null;
  const { meeting, neighbourhoods: covered } = found;
  const ids = covered.map((n) => n.id);
  const previous = await previousMeeting(database, meeting, ids);
  const since = sinceOf(previous, meeting.startsAt);
  const [current, agreed] = await Promise.all([
    ids.length ? listPublicPriorities({ neighbourhoodIds: ids, which: "current", limit: 60 }, database) : [],
    listPublicPriorities({ agreedAtMeetingId: meeting.id, limit: 30 }, database),
  ]);
  const chosen = [
    ...current,
    ...agreed.filter((p) => !current.some((q) => q.id === p.id) && ids.includes(p.neighbourhoodId)),
  ];
  const priorityIds = chosen.map((p) => p.id);
  const [{ priorities: all, tasks: taskList }, updates] = await Promise.all([
    withStatus(chosen, now, database),
    listPublicUpdates({ priorityIds, since, limit: 500 }, database),
  ]);
  const sections: PackSection[] = covered
    .map((n) => ({
      neighbourhood: n,
      priorities: all
        .filter((p) => p.neighbourhoodId === n.id)
        .map((p) => {
          const own = taskList.filter((t) => t.priorityId === p.id);
          const news = updates.filter((u) => u.priorityId === p.id).reverse();
          return {
            id: p.id,
            title: p.title,
            youSaid: p.youSaid,
            statusLabel: p.publicStatus.label,
            categoryName: p.category?.name ?? null,
            agreedOn: p.agreedOn,
            reviewDate: p.reviewDate,
            agreedHere: p.agreedAt?.meetingId === meeting.id,
            isOverdue: p.publicStatus.isOverdue,
            isStale: p.publicStatus.isStale,
            tasks: own.map((t) => ({
              id: t.id,
              agencyName: t.agency.name,
              title: t.title,
              ask: t.ask,
              statusLabel: t.statusLabel,
              acknowledgeBy: null,
              dueDate: t.dueDate,
              isOverdue: t.isOverdue,
              partnersOnly: false,
              outcomeSummary: t.outcomeSummary,
            })),
            updates: news.map((u) => ({
              id: u.id,
              agencyName: u.agencyName,
              taskTitle: u.taskTitle,
              body: u.body,
              createdAt: u.createdAt,
              partnersOnly: false,
              figures: u.figures,
            })),
          };
        }),
    }))
    .filter((s) => s.priorities.length);
  return {
    ...(await packContent("public", meeting, covered, previous, priorityIds, now, database)),
    audience: "public",
    meeting,
    neighbourhoods: covered,
    since,
    previousMeeting: previousForPack(previous),
    concernsRaised: [],
    sections,
    generatedOn: today,
  };
}

/** The priorities a pack lists (those under review, and those agreed at the meeting), by `where`. */
function packPriorities(database: Executor, where: SQL | undefined) {
  return database
    .select({
      id: priorities.id,
      neighbourhoodId: priorities.neighbourhoodId,
      title: priorities.title,
      youSaid: priorities.youSaid,
      status: priorities.status,
      categoryName: categories.name,
      agreedOn: priorities.agreedOn,
      reviewDate: priorities.reviewDate,
      agreedAtMeetingId: priorities.agreedAtMeetingId,
    })
    .from(priorities)
    .leftJoin(categories, eq(categories.id, priorities.categoryId))
    .where(where);
}
