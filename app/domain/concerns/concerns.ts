// Concerns ("you said"): raised at a meeting or online, moderated and decided
// by the assembly's chair. new → adopted | answered | referred | not_adopted;
// a decision may be changed for 10 minutes (CORRECTION_WINDOW_MS), then it is final.
// The resident's original wording is kept; edits of the public wording are in
// the audit trail with before and after.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import {
  agencies,
  categories,
  concerns,
  meetings,
  neighbourhoods,
  priorities,
  priorityConcerns,
} from "~db/schema";
import { canModerate, ensure, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import { conflict, type FieldErrors, invalid, notFound } from "../core/errors";
import type { ConcernStatus } from "../lifecycle/statuses";
import { type DomainOptions, meetingCovers, meetingUnderWay } from "../meetings/meetings";
import { acknowledgeConcern, CORRECTION_WINDOW_MS, queueDecisionEmail } from "./concern-replies";

// ---------------------------------------------------------------- the state machine (pure)

export const CONCERN_TRANSITIONS: Record<ConcernStatus, readonly ConcernStatus[]> = {
  new: ["adopted", "answered", "referred", "not_adopted"],
  adopted: [],
  answered: [],
  referred: [],
  not_adopted: [],
};

export function canMoveConcern(from: ConcernStatus, to: ConcernStatus): boolean {
  return CONCERN_TRANSITIONS[from].includes(to);
}

/** Until when the chair may still change a decision (null when undecided). */
export function decisionFinalAt(concern: { status: ConcernStatus; decidedAt: Date | null }): Date | null {
  if (concern.status === "new" || !concern.decidedAt) return null;
  return new Date(concern.decidedAt.getTime() + CORRECTION_WINDOW_MS);
}

/** Whether the decision may still be changed at `now`. */
export function canChangeDecision(concern: { status: ConcernStatus; decidedAt: Date | null }, now: Date) {
  const finalAt = decisionFinalAt(concern);
  return finalAt != null && now.getTime() < finalAt.getTime();
}

/** What the chair decides about a concern (adoption into a new priority goes through agreePriority). */
export type ConcernDecision =
  | { status: "adopted"; priorityId: number }
  | { status: "answered"; answer: string }
  | { status: "referred"; agencyId: number }
  | { status: "not_adopted"; reason: string };

/**
 * Checks a decision against the concern's status and the decision's required
 * details; returns the field errors, or throws a conflict for a forbidden move.
 */
export function checkConcernDecision(
  current: { status: ConcernStatus; decidedAt: Date | null },
  decision: ConcernDecision,
  now: Date,
): FieldErrors {
  const correcting = current.status !== "new" && canChangeDecision(current, now);
  if (!correcting && !canMoveConcern(current.status, decision.status)) {
    throw conflict(
      current.status === "new"
        ? "That is not a decision a concern can have."
        : "This decision is final: it can only be changed within 10 minutes of making it.",
    );
  }
  const errors: FieldErrors = {};
  if (decision.status === "answered" && !decision.answer.trim()) {
    errors.answer = ["Enter the answer given at the meeting"];
  }
  if (decision.status === "not_adopted" && !decision.reason.trim()) {
    errors.reason = ["Enter the reason it was not adopted"];
  }
  return errors;
}

/** Street level at most: a house or flat number could identify someone. */
export function looksLikeHouseNumber(location: string): boolean {
  return /(^|[,;]\s*|\b(?:flat|house|unit|no\.?)\s*)\d+[a-z]?\s*,?\s+[a-z]/i.test(location.trim());
}

// ---------------------------------------------------------------- input

export type ConcernEntry = {
  meetingId: number;
  neighbourhoodId: number;
  categoryId: number;
  location: string;
  publicWording: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
};

function concernAudit(concern: typeof concerns.$inferSelect) {
  // Contact details stay out of the audit trail: it outlives their retention.
  return {
    neighbourhoodId: concern.neighbourhoodId,
    categoryId: concern.categoryId,
    raisedAtMeetingId: concern.raisedAtMeetingId,
    source: concern.source,
    publicWording: concern.publicWording,
    originalWording: concern.originalWording,
    location: concern.location,
    status: concern.status,
    answer: concern.answer,
    referredAgencyId: concern.referredAgencyId,
    notAdoptedReason: concern.notAdoptedReason,
    hasContact: Boolean(concern.contactName || concern.contactEmail || concern.contactPhone),
  };
}

async function assemblyOfNeighbourhood(database: Executor, neighbourhoodId: number) {
  const [row] = await database
    .select({ assemblyId: neighbourhoods.assemblyId, name: neighbourhoods.name })
    .from(neighbourhoods)
    .where(eq(neighbourhoods.id, neighbourhoodId));
  return row ?? null;
}

async function loadConcern(database: Executor, concernId: number, lock = false) {
  const query = database
    .select({ concern: concerns, assemblyId: neighbourhoods.assemblyId })
    .from(concerns)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
    .where(eq(concerns.id, concernId))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: concerns }) : await query;
  if (!row) throw notFound("There is no such concern.");
  return row;
}

// ---------------------------------------------------------------- changes

/** Records a concern raised at a meeting (the chair writes its public wording as it is said). */
type ReplyOptions = DomainOptions & { publicUrl?: string };

export async function addMeetingConcern(viewer: Viewer, input: ConcernEntry, options: ReplyOptions = {}) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const meeting = await meetingUnderWay(
      tx,
      { meetingId: input.meetingId, now, allowed: (assemblyId) => canModerate(viewer, assemblyId) },
      {
        cancelled: "This meeting was cancelled, so no concerns can be added.",
        notStarted: "This meeting has not started yet. Add the concerns raised once it is under way.",
      },
    );
    const errors: FieldErrors = {};
    if (!input.publicWording.trim()) errors.publicWording = ["Enter the concern as it will be published"];
    if (!(await meetingCovers(tx, meeting.id, input.neighbourhoodId)))
      errors.neighbourhoodId = ["Choose a neighbourhood this meeting covers"];
    const [category] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(eq(categories.id, input.categoryId));
    if (!category) errors.categoryId = ["Choose a category from the list"];
    if (looksLikeHouseNumber(input.location)) {
      errors.location = ["Give the street or place, not a house or flat number"];
    }
    if (Object.keys(errors).length) throw invalid("There is a problem", errors);
    const [concern] = await tx
      .insert(concerns)
      .values({
        neighbourhoodId: input.neighbourhoodId,
        categoryId: input.categoryId,
        raisedAtMeetingId: meeting.id,
        source: "meeting",
        publicWording: input.publicWording.trim(),
        originalWording: input.publicWording.trim(),
        location: input.location.trim(),
        contactName: input.contactName || null,
        contactEmail: input.contactEmail || null,
        contactPhone: input.contactPhone || null,
        moderatedAt: now,
        moderatedByUserId: viewer.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "concern.recorded",
      entityType: "concern",
      entityId: concern.id,
      assemblyId: meeting.assemblyId,
      after: concernAudit(concern),
    });
    await acknowledgeConcern(tx, concern.id, { publicUrl: options.publicUrl, now });
    return concern;
  });
}

/**
 * Moderation: the chair edits the public wording (the original stays as it
 * was) and may decide the concern at the same time.
 */
export async function moderateConcern(
  viewer: Viewer,
  input: { concernId: number; publicWording: string; location: string; decision?: ConcernDecision },
  options: ReplyOptions = {},
) {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const { concern: before, assemblyId } = await loadConcern(tx, input.concernId, true);
    ensure(canModerate(viewer, assemblyId));
    const errors: FieldErrors = {};
    if (!input.publicWording.trim()) errors.publicWording = ["Enter the public wording"];
    if (looksLikeHouseNumber(input.location)) {
      errors.location = ["Give the street or place, not a house or flat number"];
    }
    const values: Partial<typeof concerns.$inferInsert> = {
      publicWording: input.publicWording.trim(),
      location: input.location.trim(),
      moderatedAt: now,
      moderatedByUserId: viewer.userId,
      updatedAt: now,
    };
    let adoptInto: number | null = null;
    if (input.decision) {
      Object.assign(errors, checkConcernDecision(before, input.decision, now));
      const decision = input.decision;
      // A changed decision keeps nothing of the one it replaces.
      Object.assign(values, { answer: null, notAdoptedReason: null, referredAgencyId: null });
      values.status = decision.status;
      values.decidedAt = now;
      if (decision.status === "answered") values.answer = decision.answer.trim();
      if (decision.status === "not_adopted") values.notAdoptedReason = decision.reason.trim();
      if (decision.status === "referred") {
        const [agency] = await tx
          .select({ id: agencies.id })
          .from(agencies)
          .where(eq(agencies.id, decision.agencyId));
        if (!agency) errors.agencyId = ["Choose the agency it is referred to"];
        values.referredAgencyId = decision.agencyId;
      }
      if (decision.status === "adopted") {
        const [priority] = await tx
          .select({
            id: priorities.id,
            neighbourhoodId: priorities.neighbourhoodId,
            status: priorities.status,
          })
          .from(priorities)
          .where(eq(priorities.id, decision.priorityId));
        if (
          !priority ||
          priority.neighbourhoodId !== before.neighbourhoodId ||
          !["active", "monitoring"].includes(priority.status)
        ) {
          errors.priorityId = ["Choose a current priority of the same neighbourhood"];
        }
        adoptInto = decision.priorityId;
      }
    }
    if (Object.keys(errors).length) throw invalid("There is a problem", errors);
    const [after] = await tx.update(concerns).set(values).where(eq(concerns.id, before.id)).returning();
    // Un-adopting (or adopting elsewhere) undoes the earlier priority link.
    if (input.decision && before.status === "adopted") {
      await tx.delete(priorityConcerns).where(eq(priorityConcerns.concernId, before.id));
    }
    if (adoptInto != null) {
      await tx
        .insert(priorityConcerns)
        .values({ priorityId: adoptInto, concernId: before.id })
        .onConflictDoNothing();
    }
    if (input.decision) await queueDecisionEmail(tx, before.id, { publicUrl: options.publicUrl, now });
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: input.decision ? `concern.${input.decision.status}` : "concern.moderated",
      entityType: "concern",
      entityId: before.id,
      assemblyId,
      before: concernAudit(before),
      after: { ...concernAudit(after), ...(adoptInto != null ? { priorityId: adoptInto } : {}) },
    });
    return after;
  });
}

/** Marks concerns as adopted into a new priority, inside agreePriority's transaction. */
export async function adoptConcernsInto(
  tx: Executor,
  viewer: Viewer,
  input: {
    priorityId: number;
    neighbourhoodId: number;
    assemblyId: number;
    concernIds: number[];
    now: Date;
    publicUrl?: string;
  },
): Promise<FieldErrors> {
  const ids = [...new Set(input.concernIds)];
  const rows = ids.length
    ? await tx.select().from(concerns).where(inArray(concerns.id, ids)).for("update")
    : [];
  if (!ids.length) return { concernIds: ["Choose at least one concern this priority answers"] };
  if (rows.length !== ids.length || rows.some((c) => c.neighbourhoodId !== input.neighbourhoodId)) {
    return { concernIds: ["Choose concerns raised in this neighbourhood"] };
  }
  if (rows.some((c) => !canMoveConcern(c.status, "adopted"))) {
    return { concernIds: ["A chosen concern has already been decided; choose only new concerns"] };
  }
  for (const before of rows) {
    const [after] = await tx
      .update(concerns)
      .set({
        status: "adopted",
        decidedAt: input.now,
        moderatedAt: before.moderatedAt ?? input.now,
        moderatedByUserId: before.moderatedByUserId ?? viewer.userId,
        updatedAt: input.now,
      })
      .where(eq(concerns.id, before.id))
      .returning();
    await tx.insert(priorityConcerns).values({ priorityId: input.priorityId, concernId: before.id });
    await queueDecisionEmail(tx, before.id, { publicUrl: input.publicUrl, now: input.now });
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "concern.adopted",
      entityType: "concern",
      entityId: before.id,
      assemblyId: input.assemblyId,
      before: concernAudit(before),
      after: { ...concernAudit(after), priorityId: input.priorityId },
    });
  }
  return {};
}

// ---------------------------------------------------------------- reads for the chair

const concernColumns = {
  id: concerns.id,
  reference: concerns.reference,
  neighbourhoodId: concerns.neighbourhoodId,
  neighbourhoodName: neighbourhoods.name,
  categoryId: concerns.categoryId,
  categoryName: categories.name,
  raisedAtMeetingId: concerns.raisedAtMeetingId,
  source: concerns.source,
  publicWording: concerns.publicWording,
  originalWording: concerns.originalWording,
  location: concerns.location,
  status: concerns.status,
  answer: concerns.answer,
  referredAgencyId: concerns.referredAgencyId,
  notAdoptedReason: concerns.notAdoptedReason,
  moderatedAt: concerns.moderatedAt,
  createdAt: concerns.createdAt,
};

/** The concerns raised at a meeting (newest last), for the fast-entry page. */
export async function listMeetingConcerns(viewer: Viewer, meetingId: number, database: Executor = db()) {
  const [meeting] = await database
    .select({ assemblyId: meetings.assemblyId })
    .from(meetings)
    .where(eq(meetings.id, meetingId));
  if (!meeting) throw notFound("There is no such meeting.");
  ensure(canModerate(viewer, meeting.assemblyId));
  return database
    .select(concernColumns)
    .from(concerns)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
    .leftJoin(categories, eq(categories.id, concerns.categoryId))
    .where(eq(concerns.raisedAtMeetingId, meetingId))
    .orderBy(asc(concerns.createdAt), asc(concerns.id));
}

/** Concerns of an assembly's neighbourhoods waiting for a decision; online ones not yet moderated first. */
export async function listConcernsAwaitingDecision(
  viewer: Viewer,
  assemblyId: number,
  options: { neighbourhoodId?: number; database?: Executor } = {},
) {
  ensure(canModerate(viewer, assemblyId));
  const database = options.database ?? db();
  return database
    .select(concernColumns)
    .from(concerns)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
    .leftJoin(categories, eq(categories.id, concerns.categoryId))
    .where(
      and(
        eq(neighbourhoods.assemblyId, assemblyId),
        eq(concerns.status, "new"),
        options.neighbourhoodId != null ? eq(concerns.neighbourhoodId, options.neighbourhoodId) : undefined,
      ),
    )
    .orderBy(sql`${concerns.moderatedAt} is not null`, asc(neighbourhoods.name), asc(concerns.createdAt))
    .limit(500);
}

/** One concern with its private contact details (the chair may follow up) and the choices for a decision. */
export async function getConcernForChair(
  viewer: Viewer,
  concernId: number,
  database: Executor = db(),
  now = new Date(),
) {
  const { concern, assemblyId } = await loadConcern(database, concernId);
  ensure(canModerate(viewer, assemblyId));
  const [[neighbourhood], [category], meeting, currentPriorities, agencyOptions, linked] = await Promise.all([
    database
      .select({ id: neighbourhoods.id, name: neighbourhoods.name, slug: neighbourhoods.slug })
      .from(neighbourhoods)
      .where(eq(neighbourhoods.id, concern.neighbourhoodId)),
    concern.categoryId
      ? database.select().from(categories).where(eq(categories.id, concern.categoryId))
      : Promise.resolve([null]),
    concern.raisedAtMeetingId
      ? database
          .select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt })
          .from(meetings)
          .where(eq(meetings.id, concern.raisedAtMeetingId))
          .then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
    database
      .select({ id: priorities.id, title: priorities.title, status: priorities.status })
      .from(priorities)
      .where(
        and(
          eq(priorities.neighbourhoodId, concern.neighbourhoodId),
          inArray(priorities.status, ["active", "monitoring"]),
        ),
      )
      .orderBy(asc(priorities.title)),
    database.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name)),
    database
      .select({ id: priorities.id, title: priorities.title })
      .from(priorityConcerns)
      .innerJoin(priorities, eq(priorities.id, priorityConcerns.priorityId))
      .where(eq(priorityConcerns.concernId, concern.id)),
  ]);
  return {
    assemblyId,
    concern,
    neighbourhood,
    category: category ?? null,
    meeting,
    currentPriorities,
    agencies: agencyOptions,
    adoptedInto: linked,
    decisionFinalAt: decisionFinalAt(concern),
    canChangeDecision: canChangeDecision(concern, now),
  };
}

/** New concerns of one neighbourhood (to agree a priority from). */
export async function listNewConcernsOf(neighbourhoodIds: number[], database: Executor = db()) {
  if (!neighbourhoodIds.length) return [];
  return database
    .select(concernColumns)
    .from(concerns)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
    .leftJoin(categories, eq(categories.id, concerns.categoryId))
    .where(and(inArray(concerns.neighbourhoodId, neighbourhoodIds), eq(concerns.status, "new")))
    .orderBy(asc(neighbourhoods.name), desc(concerns.createdAt))
    .limit(500);
}

export async function listCategoryOptions(database: Executor = db()) {
  return database
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .orderBy(asc(categories.name));
}

/** Online concerns not yet moderated, per assembly (for the workspace count). */
export async function countUnmoderated(assemblyId: number, database: Executor = db()) {
  const [row] = await database
    .select({ value: sql<number>`count(*)::int` })
    .from(concerns)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
    .where(
      and(
        eq(neighbourhoods.assemblyId, assemblyId),
        eq(concerns.status, "new"),
        isNull(concerns.moderatedAt),
      ),
    );
  return row?.value ?? 0;
}

export { assemblyOfNeighbourhood };
