// Public reads of meetings: a meeting's summary, "what's working" and minutes
// appear once it is held and published.
import {
  and,
  asc,
  type Column,
  desc,
  eq,
  gte,
  isNotNull,
  lt,
  ne,
  type SQL,
  type SQLWrapper,
  sql,
} from "drizzle-orm";
import { anyOf, db, type Executor, fixedLimit, placeholders, prepared } from "~db/client.server";
import { jsonList, jsonRowOf, type RowOf, readJsonRows } from "~db/json-rows";
import { assemblies, meetingNeighbourhoods, meetings, neighbourhoods } from "~db/schema";
import { MEETING_STATUS, type MeetingStatus } from "../lifecycle/statuses";
import { MEETING_KIND_NAME } from "../meetings/meetings";

export type PublicMeeting = {
  id: number;
  assemblyId: number;
  assemblyName: string;
  kind: string;
  kindLabel: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  venue: string;
  address: string;
  accessibilityNote: string;
  status: MeetingStatus;
  statusLabel: string;
  cancellationReason: string | null;
  attendance: number | null;
  publicSummary: string | null;
  whatsWorking: string | null;
  minutesReference: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  /** Goes up by one with every change (iCalendar SEQUENCE). */
  sequence: number;
};

const meetingColumns = {
  id: meetings.id,
  assemblyId: meetings.assemblyId,
  assemblyName: assemblies.name,
  kind: meetings.kind,
  title: meetings.title,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  venue: meetings.venue,
  address: meetings.address,
  accessibilityNote: meetings.accessibilityNote,
  status: meetings.status,
  cancellationReason: meetings.cancellationReason,
  attendance: meetings.attendance,
  publicSummary: meetings.publicSummary,
  whatsWorking: meetings.whatsWorking,
  minutesReference: meetings.minutesReference,
  publishedAt: meetings.publishedAt,
  updatedAt: meetings.updatedAt,
  sequence: meetings.sequence,
};

type MeetingRow = {
  [K in keyof typeof meetingColumns]: (typeof meetingColumns)[K]["_"]["notNull"] extends true
    ? (typeof meetingColumns)[K]["_"]["data"]
    : (typeof meetingColumns)[K]["_"]["data"] | null;
};

function toPublicMeeting(row: MeetingRow): PublicMeeting {
  const published = row.publishedAt != null && row.status === "held";
  const status = row.status as MeetingStatus;
  return {
    id: row.id,
    assemblyId: row.assemblyId,
    assemblyName: row.assemblyName,
    kind: row.kind,
    kindLabel: MEETING_KIND_NAME[row.kind] ?? "Meeting",
    title: row.title || `${row.assemblyName} ${MEETING_KIND_NAME[row.kind] ?? "meeting"}`,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    venue: row.venue,
    address: row.address,
    accessibilityNote: row.accessibilityNote,
    status,
    statusLabel: MEETING_STATUS[status],
    cancellationReason: status === "cancelled" ? row.cancellationReason : null,
    attendance: status === "held" ? row.attendance : null,
    publicSummary: published ? row.publicSummary : null,
    whatsWorking: published ? row.whatsWorking : null,
    minutesReference: published ? row.minutesReference : null,
    publishedAt: published ? row.publishedAt : null,
    updatedAt: row.updatedAt,
    sequence: row.sequence,
  };
}

export type MeetingQuery = {
  neighbourhoodId: number;
  /** Starting at or after. */
  from?: Date;
  /** Starting before. */
  before?: Date;
  order: "asc" | "desc";
  limit: number;
  offset?: number;
};

/** A neighbourhood's meetings (with their assembly's name) that also meet `conditions`, to order and limit. */
function meetingsOf(
  database: Executor,
  neighbourhoodId: number | SQLWrapper,
  conditions: Array<SQL | undefined>,
  fields: Record<string, unknown> = meetingColumns,
) {
  return database
    .select(fields as typeof meetingColumns)
    .from(meetingNeighbourhoods)
    .innerJoin(meetings, eq(meetings.id, meetingNeighbourhoods.meetingId))
    .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
    .where(and(eq(meetingNeighbourhoods.neighbourhoodId, neighbourhoodId), ...conditions))
    .$dynamic();
}

/** A neighbourhood's meetings in a window, prepared once per shape (which ends the window has, the order). */
export async function listPublicMeetings(query: MeetingQuery, database: Executor = db()) {
  const values = placeholders();
  const neighbourhood = values.set("neighbourhoodId", query.neighbourhoodId);
  const from = query.from ? gte(meetings.startsAt, values.set("from", query.from.toISOString())) : undefined;
  const before = query.before
    ? lt(meetings.startsAt, values.set("before", query.before.toISOString()))
    : undefined;
  const page = { limit: values.set("limit", query.limit), offset: values.set("offset", query.offset ?? 0) };
  const listing = prepared(database, `public meetings ${values.shape(query.order)}`, (d) =>
    meetingsOf(d, neighbourhood, [from, before])
      .orderBy(
        query.order === "asc" ? asc(meetings.startsAt) : desc(meetings.startsAt),
        query.order === "asc" ? asc(meetings.id) : desc(meetings.id),
      )
      .limit(page.limit)
      .offset(page.offset)
      .prepare("public_meetings"),
  );
  const rows = await listing.execute(values.values);
  return rows.map(toPublicMeeting);
}

/** The next scheduled (not cancelled) meeting of each neighbourhood starting at or after `from`: one query. */
export async function nextPublicMeetings(
  neighbourhoodIds: number[],
  from: Date,
  database: Executor = db(),
): Promise<Map<number, PublicMeeting>> {
  if (!neighbourhoodIds.length) return new Map();
  const query = prepared(database, "next public meetings", (d) =>
    nextMeetingsQuery(
      d,
      anyOf(meetingNeighbourhoods.neighbourhoodId, "neighbourhoodIds"),
      nextMeetingColumns,
    ).prepare("next_public_meetings"),
  );
  const rows = (await query.execute({ neighbourhoodIds, from: from.toISOString() })) as NextMeetingRow[];
  return nextByNeighbourhood(rows);
}

const nextMeetingColumns = { neighbourhoodId: meetingNeighbourhoods.neighbourhoodId, ...meetingColumns };
type NextMeetingRow = RowOf<typeof nextMeetingColumns>;

/** The select behind `nextPublicMeetings`, for the neighbourhoods `ofNeighbourhoods` picks, as `fields`. */
function nextMeetingsQuery(database: Executor, ofNeighbourhoods: SQL, fields: Record<string, unknown>) {
  return database
    .selectDistinctOn([meetingNeighbourhoods.neighbourhoodId], fields as never)
    .from(meetingNeighbourhoods)
    .innerJoin(meetings, eq(meetings.id, meetingNeighbourhoods.meetingId))
    .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
    .where(
      and(
        ofNeighbourhoods,
        gte(meetings.startsAt, sql.placeholder("from")),
        ne(meetings.status, "cancelled"),
      ),
    )
    .orderBy(meetingNeighbourhoods.neighbourhoodId, asc(meetings.startsAt), asc(meetings.id));
}

const nextByNeighbourhood = (rows: NextMeetingRow[]) =>
  new Map(rows.map(({ neighbourhoodId, ...row }) => [neighbourhoodId, toPublicMeeting(row)]));

/**
 * The next meeting of the neighbourhood whose id is `neighbourhoodId` (its column, in a statement
 * that reads the neighbourhood) as a JSON list for `readNextPublicMeetings`; `from` is a placeholder.
 */
export const nextPublicMeetingsJson = (database: Executor, neighbourhoodId: Column) =>
  jsonList(
    nextMeetingsQuery(
      database,
      eq(meetingNeighbourhoods.neighbourhoodId, neighbourhoodId),
      jsonRowOf(nextMeetingColumns),
    ),
  );

export const readNextPublicMeetings = (value: unknown) =>
  nextByNeighbourhood(readJsonRows<NextMeetingRow>(nextMeetingColumns, value));

/** A meeting whose "what's working" note is public: held, published, with a note. */
const withWhatsWorking = () => [
  eq(meetings.status, "held"),
  isNotNull(meetings.publishedAt),
  sql`coalesce(${meetings.whatsWorking}, '') <> ''`,
];

/**
 * The neighbourhood's meetings (its column, in a statement that reads the neighbourhood) starting
 * at or after `from`, soonest first, at most `limit` (written into the SQL), as a JSON list for
 * `readPublicMeetings`.
 */
export const upcomingPublicMeetingsJson = (
  database: Executor,
  neighbourhoodId: Column,
  from: SQLWrapper,
  limit: number,
) =>
  jsonList(
    meetingsOf(database, neighbourhoodId, [gte(meetings.startsAt, from)], jsonRowOf(meetingColumns))
      .orderBy(asc(meetings.startsAt), asc(meetings.id))
      .limit(fixedLimit(limit)),
  );

/** The neighbourhood's latest published "what's working" notes, at most `limit`, as a JSON list (as above). */
export const whatsWorkingJson = (database: Executor, neighbourhoodId: Column, limit: number) =>
  jsonList(
    meetingsOf(database, neighbourhoodId, withWhatsWorking(), jsonRowOf(meetingColumns))
      .orderBy(desc(meetings.startsAt), desc(meetings.id))
      .limit(fixedLimit(limit)),
  );

/** The meetings a JSON list above holds. */
export const readPublicMeetings = (value: unknown) =>
  readJsonRows<MeetingRow>(meetingColumns, value).map(toPublicMeeting);

export async function getPublicMeeting(id: number, database: Executor = db()) {
  const [row] = await database
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
    .where(eq(meetings.id, id))
    .limit(1);
  if (!row) return null;
  const covered = await database
    .select({ id: neighbourhoods.id, slug: neighbourhoods.slug, name: neighbourhoods.name })
    .from(meetingNeighbourhoods)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, meetingNeighbourhoods.neighbourhoodId))
    .where(eq(meetingNeighbourhoods.meetingId, id))
    .orderBy(asc(neighbourhoods.name));
  return { meeting: toPublicMeeting(row), neighbourhoods: covered };
}
