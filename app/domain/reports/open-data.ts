// Open data: the /api/v1 JSON, the police.uk-shaped priorities and the CSV
// download. Everything is read through the publication filter (./publication);
// this module only chooses the shapes. Field names are snake_case.
import { db, type Executor } from "~db/client.server";
import { toIsoDate } from "../core/deadlines";
import { figureInWords, paragraphs } from "../core/words";
import { PUBLIC_PHASE, type PublicStatus } from "../lifecycle/public-status";
import { withStatus } from "../priorities/priority-cards";
import {
  findPublicNeighbourhood,
  findPublicNeighbourhoodById,
  findPublicNeighbourhoodByPoliceId,
  getPublicMeeting,
  getPublicPriority,
  listPublicMeetings,
  listPublicNeighbourhoods,
  listPublicPriorities,
  listPublicUpdates,
  neighbourhoodLists,
  type PublicMeeting,
  type PublicNeighbourhood,
  type PublicPriority,
  type PublicTask,
  type PublicUpdate,
} from "../publication";
import type * as Shapes from "./open-data-schemas";

export type Page = { page: number; perPage: number };

const origin = (baseUrl: string) => baseUrl.replace(/\/+$/, "");

function pageMeta(
  total: number,
  page: Page,
  selfPath: string,
  baseUrl: string,
  query: Record<string, string> = {},
) {
  const pages = Math.max(1, Math.ceil(total / page.perPage));
  const link = (n: number) => {
    const params = new URLSearchParams({ ...query, page: String(n), per_page: String(page.perPage) });
    return `${origin(baseUrl)}${selfPath}?${params}`;
  };
  return {
    meta: { page: page.page, per_page: page.perPage, total, pages },
    links: {
      self: link(page.page),
      first: link(1),
      last: link(pages),
      prev: page.page > 1 ? link(Math.min(page.page - 1, pages)) : null,
      next: page.page < pages ? link(page.page + 1) : null,
    },
  };
}

// ---------------------------------------------------------------- shapes

function neighbourhoodJson(n: PublicNeighbourhood, baseUrl: string): Shapes.NeighbourhoodJson {
  const base = origin(baseUrl);
  return {
    slug: n.slug,
    name: n.name,
    description: n.description,
    assembly: { slug: n.assemblySlug, name: n.assemblyName },
    police_uk:
      n.policeForceId && n.policeNeighbourhoodId
        ? { force: n.policeForceId, neighbourhood: n.policeNeighbourhoodId }
        : null,
    links: {
      self: `${base}/api/v1/neighbourhoods/${n.slug}`,
      html: `${base}/neighbourhoods/${n.slug}`,
      priorities: `${base}/api/v1/neighbourhoods/${n.slug}/priorities`,
      meetings: `${base}/api/v1/neighbourhoods/${n.slug}/meetings`,
      feed: `${base}/neighbourhoods/${n.slug}/feed.atom`,
      calendar: `${base}/neighbourhoods/${n.slug}/meetings.ics`,
      csv: `${base}/neighbourhoods/${n.slug}/priorities.csv`,
    },
  };
}

function updateJson(u: PublicUpdate): Shapes.UpdateJson {
  return {
    id: u.id,
    task_id: u.taskId,
    agency: u.agencyName,
    body: u.body,
    created_at: u.createdAt.toISOString(),
    is_outcome: u.isOutcome,
    residents_asked: u.residentsAsked,
    figures: u.figures.map((f) => ({ label: f.label, value: f.value, unit: f.unit })),
  };
}

function taskJson(t: PublicTask): Shapes.TaskJson {
  return {
    id: t.id,
    agency: { name: t.agency.name, kind: t.agency.kind as Shapes.TaskJson["agency"]["kind"] },
    title: t.title,
    ask: t.ask,
    status: t.status,
    status_label: t.statusLabel,
    due_date: t.dueDate,
    overdue: t.isOverdue,
    outcome: t.outcomeSummary,
    residents_asked: t.residentsAsked,
    completed_at: t.completedAt?.toISOString() ?? null,
  };
}

function publicStatusJson(s: PublicStatus) {
  return {
    phase: s.phase,
    summary: s.summary,
    ending: s.ending || null,
    working_agencies: s.workingAgencies,
    waiting_agencies: s.waitingAgencies,
    finished_agencies: s.finishedAgencies,
    overdue_agencies: s.overdueAgencies,
    review: s.review
      ? {
          date: s.review.date,
          meeting: s.review.meeting
            ? {
                id: s.review.meeting.id,
                title: s.review.meeting.title,
                starts_at: s.review.meeting.startsAt.toISOString(),
              }
            : null,
        }
      : null,
  };
}

function priorityJson(
  p: PublicPriority & { publicStatus: PublicStatus },
  neighbourhoodSlug: string,
  tasks: PublicTask[],
  updates: PublicUpdate[],
  baseUrl: string,
): Shapes.PriorityJson {
  const base = origin(baseUrl);
  const own = tasks.filter((t) => t.priorityId === p.id);
  const ownUpdates = updates.filter((u) => u.priorityId === p.id);
  const flags = p.publicStatus;
  return {
    id: p.id,
    neighbourhood: neighbourhoodSlug,
    title: p.title,
    you_said: p.youSaid,
    category: p.category,
    status: p.status,
    status_label: p.publicStatus.label,
    status_meaning: PUBLIC_PHASE[p.publicStatus.phase].meaning,
    public_status: publicStatusJson(p.publicStatus),
    current: p.isCurrent,
    overdue: flags.isOverdue,
    stale: flags.isStale,
    agreed_on: p.agreedOn,
    agreed_at_meeting: p.agreedAt
      ? { id: p.agreedAt.meetingId, title: p.agreedAt.title, starts_at: p.agreedAt.startsAt.toISOString() }
      : null,
    review_date: p.reviewDate,
    closed_at: p.closedAt?.toISOString() ?? null,
    outcome: { summary: p.outcomeSummary, closed_reason: p.closedReason, referred_to: p.referredTo },
    tasks: own.map(taskJson),
    updates: ownUpdates.map(updateJson),
    links: {
      self: `${base}/api/v1/priorities/${p.id}`,
      html: `${base}/neighbourhoods/${neighbourhoodSlug}/priorities/${p.id}`,
    },
  };
}

function meetingJson(m: PublicMeeting, baseUrl: string): Shapes.MeetingJson {
  const base = origin(baseUrl);
  return {
    id: m.id,
    title: m.title,
    kind: m.kind as Shapes.MeetingJson["kind"],
    status: m.status,
    starts_at: m.startsAt.toISOString(),
    ends_at: m.endsAt.toISOString(),
    venue: m.venue,
    address: m.address,
    accessibility: m.accessibilityNote,
    cancellation_reason: m.cancellationReason,
    attendance: m.attendance,
    public_summary: m.publicSummary,
    whats_working: m.whatsWorking,
    minutes_reference: m.minutesReference,
    links: { self: `${base}/api/v1/meetings/${m.id}`, html: `${base}/meetings/${m.id}` },
  };
}

// ---------------------------------------------------------------- endpoints

export async function openDataNeighbourhoods(
  page: Page,
  baseUrl: string,
  database: Executor = db(),
): Promise<Shapes.NeighbourhoodListJson> {
  const { total, neighbourhoods } = await listPublicNeighbourhoods(
    { limit: page.perPage, offset: (page.page - 1) * page.perPage },
    database,
  );
  return {
    data: neighbourhoods.map((n) => neighbourhoodJson(n, baseUrl)),
    ...pageMeta(total, page, "/api/v1/neighbourhoods", baseUrl),
  };
}

export async function openDataNeighbourhood(
  slug: string,
  baseUrl: string,
  database: Executor = db(),
): Promise<Shapes.NeighbourhoodOneJson | null> {
  const n = await findPublicNeighbourhood(slug, database);
  return n ? { data: neighbourhoodJson(n, baseUrl) } : null;
}

/** At most this many updates in one page of priorities (the single-priority endpoint has them all). */
export const UPDATES_PER_PAGE = 1000;

export async function openDataPriorities(
  slug: string,
  filter: Page & { status: "current" | "past" | "all" },
  baseUrl: string,
  now = new Date(),
  database: Executor = db(),
): Promise<Shapes.PriorityListJson | null> {
  const lists = await neighbourhoodLists(
    slug,
    {
      priorities: {
        which: filter.status,
        order: filter.status === "past" ? "closed" : "newest",
        limit: filter.perPage,
        offset: (filter.page - 1) * filter.perPage,
      },
      count: true,
      updatesOfPriorities: UPDATES_PER_PAGE,
    },
    now,
    database,
  );
  if (!lists) return null;
  const { neighbourhood: n, updates } = lists;
  const total = lists.total ?? 0;
  const { priorities: list, tasks } = await withStatus(lists.priorities, now, database, lists);
  return {
    data: list.map((p) => priorityJson(p, n.slug, tasks, updates, baseUrl)),
    ...pageMeta(total, filter, `/api/v1/neighbourhoods/${n.slug}/priorities`, baseUrl, {
      status: filter.status,
    }),
  };
}

export async function openDataPriority(
  id: number,
  baseUrl: string,
  now = new Date(),
  database: Executor = db(),
): Promise<Shapes.PriorityOneJson | null> {
  const found = await getPublicPriority(id, database);
  if (!found) return null;
  const [neighbourhood, { priorities, tasks }, updates] = await Promise.all([
    findPublicNeighbourhoodById(found.neighbourhoodId, database),
    withStatus([found], now, database),
    listPublicUpdates({ priorityIds: [found.id], limit: 5000 }, database),
  ]);
  return { data: priorityJson(priorities[0], neighbourhood?.slug ?? "", tasks, updates, baseUrl) };
}

export async function openDataMeetings(
  slug: string,
  filter: Page & { when: "upcoming" | "past" },
  baseUrl: string,
  now = new Date(),
  database: Executor = db(),
): Promise<Shapes.MeetingListJson | null> {
  const n = await findPublicNeighbourhood(slug, database);
  if (!n) return null;
  // One more than asked tells whether there is a next page without counting.
  const rows = await listPublicMeetings(
    {
      neighbourhoodId: n.id,
      ...(filter.when === "upcoming" ? { from: now } : { before: now }),
      order: filter.when === "upcoming" ? "asc" : "desc",
      limit: filter.perPage + 1,
      offset: (filter.page - 1) * filter.perPage,
    },
    database,
  );
  const more = rows.length > filter.perPage;
  const base = origin(baseUrl);
  const link = (page: number) =>
    `${base}/api/v1/neighbourhoods/${n.slug}/meetings?${new URLSearchParams({ when: filter.when, page: String(page), per_page: String(filter.perPage) })}`;
  return {
    data: rows.slice(0, filter.perPage).map((m) => meetingJson(m, baseUrl)),
    meta: { page: filter.page, per_page: filter.perPage, when: filter.when },
    links: {
      self: link(filter.page),
      first: link(1),
      prev: filter.page > 1 ? link(filter.page - 1) : null,
      next: more ? link(filter.page + 1) : null,
    },
  };
}

export async function openDataMeeting(
  id: number,
  baseUrl: string,
  database: Executor = db(),
): Promise<Shapes.MeetingOneJson | null> {
  const found = await getPublicMeeting(id, database);
  if (!found) return null;
  return {
    data: { ...meetingJson(found.meeting, baseUrl), neighbourhoods: found.neighbourhoods.map((n) => n.slug) },
  };
}

// ---------------------------------------------------------------- police.uk shape

/** police.uk dates are local, without a zone: "2026-03-03T18:00:00". */
const LONDON_MOMENT = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function policeUkDate(moment: Date): string {
  const parts = Object.fromEntries(LONDON_MOMENT.formatToParts(moment).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

export type PoliceUkPriority = Shapes.PoliceUkPriority;

/** A priority's police.uk `issue`: its title, then what residents said, as HTML paragraphs. */
export function policeUkIssue(p: { title: string; youSaid: string }): string {
  return `${paragraphs(p.title)}${paragraphs(p.youSaid)}`;
}

/**
 * The neighbourhood's priorities as data.police.uk publishes them
 * (/api/{force}/{neighbourhood}/priorities): current first, then past.
 * `issue` and `action` are HTML, built from escaped text.
 */
export async function policeUkPriorities(
  force: string,
  neighbourhoodId: string,
  database: Executor = db(),
  now = new Date(),
): Promise<Shapes.PoliceUkPriority[] | null> {
  const n = await findPublicNeighbourhoodByPoliceId(force, neighbourhoodId, database);
  if (!n) return null;
  const [current, past] = await Promise.all([
    listPublicPriorities({ neighbourhoodId: n.id, which: "current", order: "newest", limit: 50 }, database),
    listPublicPriorities({ neighbourhoodId: n.id, which: "past", limit: 50 }, database),
  ]);
  const { priorities: all, latest } = await withStatus([...current, ...past], now, database);
  return all.map((p) => {
    const update = latest.get(p.id);
    const closing = !p.isCurrent
      ? [p.publicStatus.label, p.publicStatus.ending].filter(Boolean).join(". ")
      : null;
    const actionText =
      closing ?? (update ? [update.body, ...update.figures.map(figureInWords)].join(" — ") : null);
    const actionDate = closing && p.closedAt ? p.closedAt : (update?.createdAt ?? null);
    return {
      issue: policeUkIssue(p),
      "issue-date": `${p.agreedOn}T00:00:00`,
      // Line breaks become paragraphs, as in the Atom feed.
      action: actionText ? paragraphs(actionText) : null,
      "action-date": actionText && actionDate ? policeUkDate(actionDate) : null,
    };
  });
}

// ---------------------------------------------------------------- CSV

export const CSV_HEADER = [
  "priority_id",
  "priority",
  "category",
  "status",
  "status_in_words",
  "status_summary",
  "agreed_on",
  "review_date",
  "closed_on",
  "priority_outcome",
  "closed_reason",
  "referred_to",
  "agency",
  "task",
  "task_status",
  "task_status_label",
  "task_due",
  "task_completed_on",
  "task_outcome",
  "residents_asked",
  "public_updates",
  "figures",
];

/** One row per public task (a priority without one gets a row of its own). */
export async function prioritiesCsvRows(slug: string, now = new Date(), database: Executor = db()) {
  const n = await findPublicNeighbourhood(slug, database);
  if (!n) return null;
  const found = await listPublicPriorities(
    { neighbourhoodId: n.id, which: "all", order: "newest", limit: 2000 },
    database,
  );
  const ids = found.map((p) => p.id);
  const [{ priorities: list, tasks }, updates] = await Promise.all([
    withStatus(found, now, database),
    listPublicUpdates({ priorityIds: ids, limit: 20_000 }, database),
  ]);
  const rows: Array<Array<string | number | boolean | null>> = [];
  for (const p of list) {
    const priorityCells = [
      p.id,
      p.title,
      p.category?.name ?? "",
      p.status,
      p.publicStatus.label,
      p.publicStatus.summary,
      p.agreedOn,
      p.reviewDate,
      p.closedAt ? toIsoDate(p.closedAt) : "",
      p.outcomeSummary,
      p.closedReason,
      p.referredTo,
    ];
    const own = tasks.filter((t) => t.priorityId === p.id);
    if (!own.length) rows.push([...priorityCells, "", "", "", "", "", "", "", null, 0, ""]);
    for (const t of own) {
      const taskUpdates = updates.filter((u) => u.taskId === t.id).reverse();
      rows.push([
        ...priorityCells,
        t.agency.name,
        t.title,
        t.status,
        t.statusLabel,
        t.dueDate,
        t.completedAt ? toIsoDate(t.completedAt) : "",
        t.outcomeSummary,
        t.residentsAsked,
        taskUpdates.length,
        taskUpdates.flatMap((u) => u.figures.map(figureInWords)).join("; "),
      ]);
    }
  }
  return { neighbourhood: n, rows };
}
