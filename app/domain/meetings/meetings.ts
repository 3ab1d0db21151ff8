// Meetings: scheduled → held | cancelled, run by the assembly's chair
// (DESIGN.md §3). Every change re-checks the chair's right, writes an audit
// event in the same transaction, and refuses a change the status forbids.
import { and, asc, desc, eq, inArray, isNull, lt, max } from "drizzle-orm";
import { enqueueEmail } from "~/integrations/outbox.server";
import { type Database, db, type Executor } from "~db/client.server";
import {
  assemblies,
  assemblyChairs,
  meetingNeighbourhoods,
  meetings,
  neighbourhoods,
  users,
} from "~db/schema";
import { meetingUnrecordedEmail } from "~emails/meeting-unrecorded";
import { canRunAssembly, ensure, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import type { IsoDate } from "../core/deadlines";
import { conflict, type FieldErrors, invalid, notFound } from "../core/errors";
import type { MeetingStatus } from "../lifecycle/statuses";

export type DomainOptions = { database?: Database; now?: Date };

import { MEETING_KIND_NAME, type MeetingKind } from "./meeting-kinds";

export { MEETING_KIND_NAME, MEETING_KINDS, type MeetingKind } from "./meeting-kinds";

// ---------------------------------------------------------------- the state machine (pure)

export const MEETING_TRANSITIONS: Record<MeetingStatus, readonly MeetingStatus[]> = {
  scheduled: ["held", "cancelled"],
  held: [],
  cancelled: [],
};

export function canMoveMeeting(from: MeetingStatus, to: MeetingStatus): boolean {
  return MEETING_TRANSITIONS[from].includes(to);
}

/** A meeting still unrecorded this long after it ended needs the chair's attention. */
export const UNRECORDED_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

/** Scheduled, ended more than two days ago, and still not recorded as held. */
export function needsRecording(meeting: { status: MeetingStatus; endsAt: Date }, now: Date): boolean {
  return meeting.status === "scheduled" && meeting.endsAt.getTime() + UNRECORDED_AFTER_MS < now.getTime();
}

/** A held meeting's summary is public once published. */
export function canPublish(meeting: {
  status: MeetingStatus;
  publicSummary: string | null;
  publishedAt: Date | null;
}) {
  return meeting.status === "held" && !meeting.publishedAt && Boolean(meeting.publicSummary?.trim());
}

// ---------------------------------------------------------------- UK local time (pure)

const LONDON_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

function londonFields(date: Date) {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    asUtc: Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
    ),
  };
}

/** "2026-03-03" + "18:30" in UK local time (GMT or BST) → the moment. */
export function londonDateTime(day: IsoDate, time: string): Date {
  const [year, month, date] = day.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  let moment = wall - (londonFields(new Date(wall)).asUtc - wall);
  // Near a clock change the first guess can be an hour out; one correction settles it.
  const offset = londonFields(new Date(moment)).asUtc - moment;
  moment = wall - offset;
  return new Date(moment);
}

/** A moment as UK local day and time, for form fields. */
export function londonDayAndTime(moment: Date): { day: IsoDate; time: string } {
  const { day, time } = londonFields(moment);
  return { day, time };
}

// ---------------------------------------------------------------- input

export type MeetingDetails = {
  kind: MeetingKind;
  title?: string;
  day: IsoDate;
  startTime: string;
  endTime: string;
  venue: string;
  address?: string;
  accessibilityNote?: string;
  neighbourhoodIds: number[];
};

async function loadMeeting(database: Executor, meetingId: number, lock = false) {
  const query = database.select().from(meetings).where(eq(meetings.id, meetingId)).limit(1);
  const [meeting] = lock ? await query.for("update") : await query;
  if (!meeting) throw notFound("There is no such meeting.");
  return meeting;
}

/** The one rule on a meeting's times (checked with the other fields, so every error shows at once). */
export function meetingTimesProblem(startTime: string, endTime: string): string | null {
  return endTime <= startTime ? "The end time must be after the start time" : null;
}

async function checkDetails(database: Executor, assemblyId: number, details: MeetingDetails) {
  const errors: FieldErrors = {};
  const timesProblem = meetingTimesProblem(details.startTime, details.endTime);
  if (timesProblem) errors.endTime = [timesProblem];
  const ids = [...new Set(details.neighbourhoodIds)];
  if (!ids.length) {
    errors.neighbourhoodIds = ["Choose at least one neighbourhood the meeting covers"];
  } else {
    const found = await database
      .select({ id: neighbourhoods.id })
      .from(neighbourhoods)
      .where(and(inArray(neighbourhoods.id, ids), eq(neighbourhoods.assemblyId, assemblyId)));
    if (found.length !== ids.length) {
      errors.neighbourhoodIds = ["Choose neighbourhoods of this assembly"];
    }
  }
  if (Object.keys(errors).length) throw invalid("There is a problem", errors);
  const startsAt = londonDateTime(details.day, details.startTime);
  const endsAt = londonDateTime(details.day, details.endTime);
  return { startsAt, endsAt, neighbourhoodIds: ids };
}

function auditView(meeting: typeof meetings.$inferSelect, neighbourhoodIds?: number[]) {
  return {
    kind: meeting.kind,
    title: meeting.title,
    startsAt: meeting.startsAt.toISOString(),
    endsAt: meeting.endsAt.toISOString(),
    venue: meeting.venue,
    address: meeting.address,
    status: meeting.status,
    cancellationReason: meeting.cancellationReason,
    attendance: meeting.attendance,
    publicSummary: meeting.publicSummary,
    whatsWorking: meeting.whatsWorking,
    minutesReference: meeting.minutesReference,
    publishedAt: meeting.publishedAt?.toISOString() ?? null,
    ...(neighbourhoodIds ? { neighbourhoodIds } : {}),
  };
}

/** Writes a change to a meeting and its audit event (before and after), in the caller's transaction. */
async function changeMeeting(
  tx: Executor,
  viewer: Viewer,
  before: typeof meetings.$inferSelect,
  change: {
    action: string;
    set: Partial<typeof meetings.$inferInsert>;
    neighbourhoodIds?: { before: number[]; after: number[] };
  },
) {
  const [after] = await tx.update(meetings).set(change.set).where(eq(meetings.id, before.id)).returning();
  await recordAudit(tx, {
    actorUserId: viewer.userId,
    action: change.action,
    entityType: "meeting",
    entityId: before.id,
    assemblyId: before.assemblyId,
    before: auditView(before, change.neighbourhoodIds?.before),
    after: auditView(after, change.neighbourhoodIds?.after),
  });
  return after;
}

/**
 * The meeting something is being entered at as it happens (a concern raised, a priority
 * agreed): it exists, the viewer may act for its assembly, it was not cancelled and it has
 * started. `refusals` says, in the caller's words, why not.
 */
export async function meetingUnderWay(
  tx: Executor,
  input: { meetingId: number; now: Date; allowed: (assemblyId: number) => boolean },
  refusals: { cancelled: string; notStarted: string },
) {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, input.meetingId));
  if (!meeting) throw notFound("There is no such meeting.");
  ensure(input.allowed(meeting.assemblyId));
  if (meeting.status === "cancelled") throw conflict(refusals.cancelled);
  if (meeting.startsAt.getTime() > input.now.getTime()) throw conflict(refusals.notStarted);
  return meeting;
}

/** Whether the meeting covers the neighbourhood (concerns and priorities are entered only for those). */
export async function meetingCovers(tx: Executor, meetingId: number, neighbourhoodId: number) {
  const [covered] = await tx
    .select({ id: meetingNeighbourhoods.neighbourhoodId })
    .from(meetingNeighbourhoods)
    .where(
      and(
        eq(meetingNeighbourhoods.meetingId, meetingId),
        eq(meetingNeighbourhoods.neighbourhoodId, neighbourhoodId),
      ),
    );
  return Boolean(covered);
}

// ---------------------------------------------------------------- changes

export async function scheduleMeeting(
  viewer: Viewer,
  input: MeetingDetails & { assemblyId: number },
  options: DomainOptions = {},
) {
  const database = options.database ?? db();
  return database.transaction(async (tx) => {
    const [assembly] = await tx
      .select({ id: assemblies.id, name: assemblies.name })
      .from(assemblies)
      .where(eq(assemblies.id, input.assemblyId));
    if (!assembly) throw notFound("There is no such assembly.");
    ensure(canRunAssembly(viewer, assembly.id));
    const { startsAt, endsAt, neighbourhoodIds } = await checkDetails(tx, assembly.id, input);
    const [meeting] = await tx
      .insert(meetings)
      .values({
        assemblyId: assembly.id,
        kind: input.kind,
        title: input.title?.trim() || `${assembly.name} ${MEETING_KIND_NAME[input.kind]}`,
        startsAt,
        endsAt,
        venue: input.venue,
        address: input.address ?? "",
        accessibilityNote: input.accessibilityNote ?? "",
      })
      .returning();
    await tx
      .insert(meetingNeighbourhoods)
      .values(neighbourhoodIds.map((neighbourhoodId) => ({ meetingId: meeting.id, neighbourhoodId })));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "meeting.scheduled",
      entityType: "meeting",
      entityId: meeting.id,
      assemblyId: assembly.id,
      after: auditView(meeting, neighbourhoodIds),
    });
    return meeting;
  });
}

export async function editMeeting(
  viewer: Viewer,
  input: MeetingDetails & { meetingId: number },
  options: DomainOptions = {},
) {
  const database = options.database ?? db();
  return database.transaction(async (tx) => {
    const before = await loadMeeting(tx, input.meetingId, true);
    ensure(canRunAssembly(viewer, before.assemblyId));
    if (before.status !== "scheduled") {
      throw conflict(
        before.status === "held"
          ? "This meeting has been held, so its time and place cannot change. Correct the record instead."
          : "This meeting was cancelled, so it cannot be changed.",
      );
    }
    const [assembly] = await tx
      .select({ name: assemblies.name })
      .from(assemblies)
      .where(eq(assemblies.id, before.assemblyId));
    const { startsAt, endsAt, neighbourhoodIds } = await checkDetails(tx, before.assemblyId, input);
    const beforeIds = (
      await tx
        .select({ id: meetingNeighbourhoods.neighbourhoodId })
        .from(meetingNeighbourhoods)
        .where(eq(meetingNeighbourhoods.meetingId, before.id))
    ).map((r) => r.id);
    await tx.delete(meetingNeighbourhoods).where(eq(meetingNeighbourhoods.meetingId, before.id));
    await tx
      .insert(meetingNeighbourhoods)
      .values(neighbourhoodIds.map((neighbourhoodId) => ({ meetingId: before.id, neighbourhoodId })));
    const after = await changeMeeting(tx, viewer, before, {
      action: "meeting.edited",
      set: {
        kind: input.kind,
        title: input.title?.trim() || `${assembly.name} ${MEETING_KIND_NAME[input.kind]}`,
        startsAt,
        endsAt,
        venue: input.venue,
        address: input.address ?? "",
        accessibilityNote: input.accessibilityNote ?? "",
        updatedAt: options.now ?? new Date(),
      },
      neighbourhoodIds: { before: beforeIds, after: neighbourhoodIds },
    });
    return after;
  });
}

export async function cancelMeeting(
  viewer: Viewer,
  input: { meetingId: number; reason: string },
  options: DomainOptions = {},
) {
  const database = options.database ?? db();
  return database.transaction(async (tx) => {
    const before = await loadMeeting(tx, input.meetingId, true);
    ensure(canRunAssembly(viewer, before.assemblyId));
    if (!canMoveMeeting(before.status, "cancelled")) {
      throw conflict(
        before.status === "held"
          ? "This meeting has been recorded as held, so it cannot be cancelled."
          : "This meeting is already cancelled.",
      );
    }
    if (!input.reason.trim()) throw invalid("There is a problem", { reason: ["Enter the public reason"] });
    const after = await changeMeeting(tx, viewer, before, {
      action: "meeting.cancelled",
      set: {
        status: "cancelled",
        cancellationReason: input.reason.trim(),
        updatedAt: options.now ?? new Date(),
      },
    });
    return after;
  });
}

export type MeetingRecord = {
  meetingId: number;
  attendance: number;
  publicSummary: string;
  whatsWorking?: string;
  minutesReference?: string;
};

/** Records a meeting as held (or corrects the record of a held meeting). */
export async function recordMeeting(viewer: Viewer, input: MeetingRecord, options: DomainOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const before = await loadMeeting(tx, input.meetingId, true);
    ensure(canRunAssembly(viewer, before.assemblyId));
    if (before.status === "cancelled") {
      throw conflict("This meeting was cancelled, so it cannot be recorded as held.");
    }
    if (before.startsAt.getTime() > now.getTime()) {
      throw conflict("This meeting has not started yet. Record it once it has been held.");
    }
    const errors: FieldErrors = {};
    if (!Number.isInteger(input.attendance) || input.attendance < 0) {
      errors.attendance = ["Enter how many people attended, as a whole number"];
    }
    if (!input.publicSummary.trim()) errors.publicSummary = ["Enter the public summary"];
    if (Object.keys(errors).length) throw invalid("There is a problem", errors);
    const after = await changeMeeting(tx, viewer, before, {
      action: before.status === "held" ? "meeting.record_corrected" : "meeting.recorded",
      set: {
        status: "held",
        attendance: input.attendance,
        publicSummary: input.publicSummary.trim(),
        whatsWorking: input.whatsWorking?.trim() || null,
        minutesReference: input.minutesReference?.trim() || null,
        updatedAt: now,
      },
    });
    return after;
  });
}

/** Makes a held meeting's summary, "what's working" and minutes public. */
export async function publishMeeting(
  viewer: Viewer,
  input: { meetingId: number },
  options: DomainOptions = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const before = await loadMeeting(tx, input.meetingId, true);
    ensure(canRunAssembly(viewer, before.assemblyId));
    if (before.publishedAt) throw conflict("This meeting’s summary is already published.");
    if (before.status !== "held") {
      throw conflict("Only a meeting recorded as held can be published. Record it first.");
    }
    if (!canPublish(before)) throw conflict("Write the public summary before publishing.");
    const after = await changeMeeting(tx, viewer, before, {
      action: "meeting.published",
      set: { publishedAt: now, updatedAt: now },
    });
    return after;
  });
}

// ---------------------------------------------------------------- reads for the chair

export type ChairMeeting = Awaited<ReturnType<typeof getMeetingForChair>>;

/** A meeting with its neighbourhoods and the assembly's, for the chair's pages. */
export async function getMeetingForChair(viewer: Viewer, meetingId: number, options: DomainOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const meeting = await loadMeeting(database, meetingId);
  ensure(canRunAssembly(viewer, meeting.assemblyId));
  const [[assembly], covered, assemblyNeighbourhoods] = await Promise.all([
    database
      .select({ id: assemblies.id, name: assemblies.name, slug: assemblies.slug })
      .from(assemblies)
      .where(eq(assemblies.id, meeting.assemblyId)),
    database
      .select({ id: neighbourhoods.id, name: neighbourhoods.name, slug: neighbourhoods.slug })
      .from(meetingNeighbourhoods)
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, meetingNeighbourhoods.neighbourhoodId))
      .where(eq(meetingNeighbourhoods.meetingId, meeting.id))
      .orderBy(asc(neighbourhoods.name)),
    listAssemblyNeighbourhoods(meeting.assemblyId, database),
  ]);
  return {
    meeting: {
      ...meeting,
      needsRecording: needsRecording(meeting, now),
      hasStarted: meeting.startsAt.getTime() <= now.getTime(),
      canPublish: canPublish(meeting),
      ...londonDayAndTimes(meeting),
    },
    assembly,
    neighbourhoods: covered,
    assemblyNeighbourhoods,
  };
}

function londonDayAndTimes(meeting: { startsAt: Date; endsAt: Date }) {
  const start = londonDayAndTime(meeting.startsAt);
  return { day: start.day, startTime: start.time, endTime: londonDayAndTime(meeting.endsAt).time };
}

export async function listAssemblyNeighbourhoods(assemblyId: number, database: Executor = db()) {
  return database
    .select({
      id: neighbourhoods.id,
      name: neighbourhoods.name,
      slug: neighbourhoods.slug,
      maxActivePriorities: neighbourhoods.maxActivePriorities,
    })
    .from(neighbourhoods)
    .where(eq(neighbourhoods.assemblyId, assemblyId))
    .orderBy(asc(neighbourhoods.name));
}

/** The assembly a chair is working in (for forms that start from the assembly). */
export async function getAssemblyForChair(viewer: Viewer, assemblyId: number, database: Executor = db()) {
  const [assembly] = await database
    .select({ id: assemblies.id, name: assemblies.name, slug: assemblies.slug })
    .from(assemblies)
    .where(eq(assemblies.id, assemblyId));
  if (!assembly) throw notFound("There is no such assembly.");
  ensure(canRunAssembly(viewer, assembly.id));
  const [covered, previousVenues] = await Promise.all([
    listAssemblyNeighbourhoods(assembly.id, database),
    listPreviousVenues(assembly.id, database),
  ]);
  return { assembly, neighbourhoods: covered, previousVenues };
}

/** Where the assembly has met before, most recent first, to offer when scheduling the next meeting. */
async function listPreviousVenues(assemblyId: number, database: Executor) {
  const rows = await database
    .select({ venue: meetings.venue, address: meetings.address, last: max(meetings.startsAt) })
    .from(meetings)
    .where(eq(meetings.assemblyId, assemblyId))
    .groupBy(meetings.venue, meetings.address)
    .orderBy(desc(max(meetings.startsAt)))
    .limit(6);
  return rows.map(({ venue, address }) => ({ venue, address }));
}

/** An assembly's meetings, newest first, with the "needs recording" flag. */
export async function listAssemblyMeetings(
  assemblyId: number,
  options: DomainOptions & { limit?: number } = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const rows = await database
    .select()
    .from(meetings)
    .where(eq(meetings.assemblyId, assemblyId))
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(options.limit ?? 100);
  return rows.map((meeting) => ({
    ...meeting,
    needsRecording: needsRecording(meeting, now),
    isUpcoming: meeting.endsAt.getTime() >= now.getTime() && meeting.status === "scheduled",
  }));
}

// ---------------------------------------------------------------- the reminder job

/**
 * Sends one reminder to each chair of an assembly whose meeting is still not
 * recorded two days after it ended. Safe in any number of processes at once:
 * rows are claimed with SKIP LOCKED, and each e-mail has a dedupe key.
 */
export async function remindUnrecordedMeetings(
  options: DomainOptions & { publicUrl?: string; limit?: number } = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  const publicUrl = (options.publicUrl ?? "http://localhost:3000").replace(/\/$/, "");
  return database.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(meetings)
      .where(
        and(
          eq(meetings.status, "scheduled"),
          isNull(meetings.reminderSentAt),
          lt(meetings.endsAt, new Date(now.getTime() - UNRECORDED_AFTER_MS)),
        ),
      )
      .orderBy(asc(meetings.endsAt))
      .limit(options.limit ?? 100)
      .for("update", { skipLocked: true });
    let sent = 0;
    for (const meeting of due) {
      const [assembly] = await tx
        .select({ name: assemblies.name })
        .from(assemblies)
        .where(eq(assemblies.id, meeting.assemblyId));
      const chairs = await tx
        .select({ id: users.id, name: users.name, email: users.email })
        .from(assemblyChairs)
        .innerJoin(users, eq(users.id, assemblyChairs.userId))
        .where(and(eq(assemblyChairs.assemblyId, meeting.assemblyId), eq(users.active, true)));
      for (const chair of chairs) {
        const message = meetingUnrecordedEmail({
          chairName: chair.name,
          assemblyName: assembly.name,
          meetingTitle: meeting.title,
          startsAt: meeting.startsAt,
          endsAt: meeting.endsAt,
          venue: meeting.venue,
          recordUrl: `${publicUrl}/chair/meetings/${meeting.id}/record`,
        });
        const queued = await enqueueEmail(tx, {
          to: chair.email,
          template: "meeting-unrecorded",
          ...message,
          dedupeKey: `meeting-unrecorded:${meeting.id}:${chair.id}`,
        });
        if (queued) sent += 1;
      }
      await tx.update(meetings).set({ reminderSentAt: now }).where(eq(meetings.id, meeting.id));
      await recordAudit(tx, {
        actorUserId: null,
        action: "meeting.unrecorded_reminder",
        entityType: "meeting",
        entityId: meeting.id,
        assemblyId: meeting.assemblyId,
        after: { chairs: chairs.map((c) => c.id) },
      });
    }
    return { meetings: due.length, sent };
  });
}
