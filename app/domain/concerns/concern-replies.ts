// Replies to the resident who raised a concern and left an e-mail address:
// an acknowledgement with the reference when it is raised online, and one
// e-mail when the chair decides it. The decision e-mail waits out the chair's
// correction window in the outbox; a changed decision cancels it and queues
// the new one, so a mistake put right in time sends one e-mail, not two. The
// address is used for nothing else (the retention job removes it).
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { appSecret } from "~/config/env.server";
import { cancelEmails, enqueueEmail, queuedEmailsLike } from "~/integrations/outbox.server";
import { type Database, db, type Executor } from "~db/client.server";
import { agencies, concerns, neighbourhoods, priorities, priorityConcerns } from "~db/schema";
import {
  concernAcknowledgementEmail,
  concernDecisionEmail,
  type DecisionDetails,
} from "~emails/concern-replies";
import { conflict } from "../core/errors";
import { PRIORITY_STATUS } from "../lifecycle/statuses";
import { followPriorityConfirmed, hasConfirmedAddress, takeMailAllowance } from "./subscriptions";

/** How long the chair may change a decision; the decision e-mail waits as long. */
export const CORRECTION_WINDOW_MS = 10 * 60 * 1000;

const baseOf = (publicUrl?: string) => (publicUrl ?? "http://localhost:3000").replace(/\/+$/, "");

export const concernPath = (reference: string) => `/concerns/${reference}`;

/** The follow link is signed, so only the address the decision e-mail went to can use it. */
export function followToken(reference: string, priorityId: number): string {
  return createHmac("sha256", appSecret()).update(`follow:${reference}:${priorityId}`).digest("base64url");
}

export function followPath(reference: string, priorityId: number) {
  return `/concerns/${reference}/follow?${new URLSearchParams({
    priority: String(priorityId),
    token: followToken(reference, priorityId),
  })}`;
}

export function isFollowToken(reference: string, priorityId: number, token: string): boolean {
  const expected = Buffer.from(followToken(reference, priorityId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

async function concernWithPlace(tx: Executor, concernId: number) {
  const [row] = await tx
    .select({
      id: concerns.id,
      reference: concerns.reference,
      status: concerns.status,
      publicWording: concerns.publicWording,
      contactEmail: concerns.contactEmail,
      answer: concerns.answer,
      notAdoptedReason: concerns.notAdoptedReason,
      referredAgencyId: concerns.referredAgencyId,
      neighbourhoodName: neighbourhoods.name,
      slug: neighbourhoods.slug,
    })
    .from(concerns)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
    .where(eq(concerns.id, concernId));
  return row;
}

/**
 * Queues the acknowledgement of a concern raised online, when an address was
 * given. An address that has never confirmed anything shares the daily
 * allowance of subscription confirmations.
 */
export async function acknowledgeConcern(
  tx: Executor,
  concernId: number,
  options: { publicUrl?: string; now: Date },
): Promise<boolean> {
  const concern = await concernWithPlace(tx, concernId);
  if (!concern?.contactEmail) return false;
  const email = concern.contactEmail;
  if (!(await hasConfirmedAddress(tx, email)) && !(await takeMailAllowance(tx, email, options.now))) {
    return false;
  }
  const message = concernAcknowledgementEmail({
    neighbourhoodName: concern.neighbourhoodName,
    reference: concern.reference,
    concernUrl: `${baseOf(options.publicUrl)}${concernPath(concern.reference)}`,
  });
  return enqueueEmail(tx, {
    to: email,
    template: "concern-acknowledgement",
    ...message,
    dedupeKey: `concern-acknowledgement:${concern.id}`,
  });
}

async function decisionDetails(
  tx: Executor,
  concern: NonNullable<Awaited<ReturnType<typeof concernWithPlace>>>,
  base: string,
): Promise<DecisionDetails | null> {
  switch (concern.status) {
    case "adopted": {
      const [priority] = await tx
        .select({ id: priorities.id, title: priorities.title })
        .from(priorityConcerns)
        .innerJoin(priorities, eq(priorities.id, priorityConcerns.priorityId))
        .where(eq(priorityConcerns.concernId, concern.id))
        .limit(1);
      if (!priority) return null;
      return {
        status: "adopted",
        priorityTitle: priority.title,
        priorityUrl: `${base}/neighbourhoods/${concern.slug}/priorities/${priority.id}`,
        followUrl: `${base}${followPath(concern.reference, priority.id)}`,
      };
    }
    case "answered":
      return { status: "answered", answer: concern.answer ?? "" };
    case "referred": {
      const [agency] = concern.referredAgencyId
        ? await tx
            .select({ name: agencies.name, contact: agencies.publicContact })
            .from(agencies)
            .where(eq(agencies.id, concern.referredAgencyId))
        : [];
      return agency ? { status: "referred", agencyName: agency.name, agencyContact: agency.contact } : null;
    }
    case "not_adopted":
      return { status: "not_adopted", reason: concern.notAdoptedReason ?? "" };
    default:
      return null;
  }
}

/**
 * After a decision (inside its transaction): cancels the e-mail about an
 * earlier decision still waiting in the outbox, and queues one about this
 * decision to go when the correction window closes. Refuses when the earlier
 * e-mail has already gone, so the resident is never told two things.
 */
export async function queueDecisionEmail(
  tx: Executor,
  concernId: number,
  options: { publicUrl?: string; now: Date },
) {
  const keyPrefix = `concern-decision:${concernId}:`;
  const queued = await queuedEmailsLike(tx, keyPrefix);
  if (queued.some((m) => m.status === "sending" || m.status === "sent")) {
    throw conflict("The resident has already been told about this decision, so it cannot change now.");
  }
  await cancelEmails(
    tx,
    queued.map((m) => m.id),
  );
  const concern = await concernWithPlace(tx, concernId);
  if (!concern?.contactEmail) return false;
  const base = baseOf(options.publicUrl);
  const decision = await decisionDetails(tx, concern, base);
  if (!decision) return false;
  const message = concernDecisionEmail({
    neighbourhoodName: concern.neighbourhoodName,
    reference: concern.reference,
    publicWording: concern.publicWording,
    concernUrl: `${base}${concernPath(concern.reference)}`,
    decision,
  });
  return enqueueEmail(tx, {
    to: concern.contactEmail,
    template: "concern-decision",
    ...message,
    dedupeKey: `${keyPrefix}${options.now.getTime()}`,
    sendAfter: new Date(options.now.getTime() + CORRECTION_WINDOW_MS),
  });
}

export type FollowLink =
  | { kind: "valid"; priorityId: number; title: string; path: string }
  | { kind: "closed"; title: string; path: string }
  | { kind: "invalid" };

async function checkFollowLink(
  tx: Executor,
  input: { reference: string; priorityId: number; token: string },
): Promise<FollowLink & { email?: string }> {
  if (!isFollowToken(input.reference, input.priorityId, input.token)) return { kind: "invalid" };
  const [row] = await tx
    .select({
      email: concerns.contactEmail,
      title: priorities.title,
      status: priorities.status,
      slug: neighbourhoods.slug,
    })
    .from(concerns)
    .innerJoin(priorityConcerns, eq(priorityConcerns.concernId, concerns.id))
    .innerJoin(priorities, eq(priorities.id, priorityConcerns.priorityId))
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .where(
      and(
        eq(concerns.reference, input.reference),
        eq(concerns.status, "adopted"),
        inArray(priorityConcerns.priorityId, [input.priorityId]),
      ),
    )
    .limit(1);
  // Without the address (removed after the retention period) the link has nobody to follow for.
  if (!row?.email) return { kind: "invalid" };
  const path = `/neighbourhoods/${row.slug}/priorities/${input.priorityId}`;
  if (!PRIORITY_STATUS[row.status].current) return { kind: "closed", title: row.title, path };
  return { kind: "valid", priorityId: input.priorityId, title: row.title, path, email: row.email };
}

type FollowInput = { reference: string; priorityId: number; token: string };
const publicPart = (link: FollowLink & { email?: string }): FollowLink =>
  link.kind === "valid"
    ? { kind: link.kind, priorityId: link.priorityId, title: link.title, path: link.path }
    : link;

/** For the page behind the follow link: what its button would do. A GET never subscribes (mail scanners fetch links). */
export async function readFollowLink(input: FollowInput, database: Executor = db()) {
  return publicPart(await checkFollowLink(database, input));
}

/** The button: a confirmed subscription to the priority for the address the decision e-mail went to. */
export async function followFromDecisionEmail(
  input: FollowInput,
  options: { now?: Date; database?: Database } = {},
): Promise<FollowLink> {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const link = await checkFollowLink(tx, input);
    if (link.kind !== "valid" || !link.email) return publicPart(link);
    const target = await followPriorityConfirmed(tx, { email: link.email, priorityId: link.priorityId, now });
    return target ? publicPart(link) : { kind: "closed", title: link.title, path: link.path };
  });
}
