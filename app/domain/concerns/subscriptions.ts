// Follow a neighbourhood or a priority by e-mail: double opt-in, a daily
// digest of what the publication filter lets out, one-click unsubscribe. The
// subscriber's address is stored only to send to; it is never shown, logged
// in the audit, or put in the text of any message.
import { createHmac, randomBytes } from "node:crypto";
import { and, eq, inArray, isNotNull, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { appSecret } from "~/config/env.server";
import { enqueueEmail } from "~/integrations/outbox.server";
import { type Database, db, type Executor } from "~db/client.server";
import { neighbourhoods, priorities, subscriptions } from "~db/schema";
import { subscriptionConfirmationEmail, subscriptionDigestEmail } from "~emails/public-subscription";
import { recordAudit } from "../core/audit";
import { toIsoDate } from "../core/deadlines";
import { invalid, notFound } from "../core/errors";
import { sha256 } from "../core/hash";
import { idSchema } from "../core/ids";
import { bucketFor, takeRateLimit } from "../core/rate-limits";
import { PRIORITY_STATUS } from "../lifecycle/statuses";
import {
  listPublicPriorities,
  listPublicUpdates,
  type PublicPriority,
  type PublicUpdate,
} from "../publication";

export const CONFIRM_LINK_DAYS = 7;
/** Sign-ups from one address. */
export const SUBSCRIBE_RATE_LIMIT = { limit: 10, windowMs: 60 * 60 * 1000 };
/** Confirmation e-mails to one address a day, so nobody can flood someone else's inbox. */
export const CONFIRMATIONS_PER_EMAIL = { limit: 3, windowMs: 24 * 60 * 60 * 1000 };
/** Digests go out from this hour (UK time). */
export const DIGEST_HOUR = 7;
/** Updates younger than this wait for the next digest (a transaction may still be committing). */
const SETTLE_MS = 5 * 60 * 1000;
const DAY_MS = 86_400_000;

export const subscribeSchema = z
  .object({
    email: z
      .string({ error: "Enter your e-mail address" })
      .trim()
      .min(1, "Enter your e-mail address")
      .pipe(
        z.email("Enter an e-mail address like name@example.com").max(254, "That e-mail address is too long"),
      ),
    neighbourhood: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
        .max(80)
        .optional(),
    ),
    priority: z.preprocess((v) => (v === "" ? undefined : v), idSchema.optional()),
  })
  .refine((v) => (v.neighbourhood === undefined) !== (v.priority === undefined), {
    message: "Choose a neighbourhood or a priority to follow",
    path: ["form"],
  });
export type SubscribeInput = z.infer<typeof subscribeSchema>;

export type SubscriptionTarget =
  | { kind: "neighbourhood"; neighbourhoodId: number; slug: string; name: string; assemblyId: number }
  | {
      kind: "priority";
      priorityId: number;
      title: string;
      slug: string;
      neighbourhoodName: string;
      assemblyId: number;
    };

export const targetName = (target: SubscriptionTarget) =>
  target.kind === "neighbourhood" ? target.name : `“${target.title}” in ${target.neighbourhoodName}`;

export const targetPath = (target: SubscriptionTarget) =>
  target.kind === "neighbourhood"
    ? `/neighbourhoods/${target.slug}`
    : `/neighbourhoods/${target.slug}/priorities/${target.priorityId}`;

// ---------------------------------------------------------------- tokens

const secret = appSecret;

// Only hashes are stored. The unsubscribe token is derived (HMAC) from the
// row's random confirm-token hash, so every digest can carry the link again.
export function unsubscribeTokenFor(confirmTokenHash: string): string {
  return createHmac("sha256", secret()).update(`unsubscribe:${confirmTokenHash}`).digest("base64url");
}

const links = (baseUrl: string) => {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    base,
    confirm: (token: string) => `${base}/subscriptions/confirm/${token}`,
    unsubscribe: (token: string) => `${base}/subscriptions/unsubscribe/${token}`,
  };
};

// ---------------------------------------------------------------- targets

async function findTarget(
  executor: Executor,
  input: { neighbourhood?: string; priority?: number },
): Promise<SubscriptionTarget | null> {
  if (input.neighbourhood) {
    const [row] = await executor
      .select({
        id: neighbourhoods.id,
        slug: neighbourhoods.slug,
        name: neighbourhoods.name,
        assemblyId: neighbourhoods.assemblyId,
      })
      .from(neighbourhoods)
      .where(eq(neighbourhoods.slug, input.neighbourhood))
      .limit(1);
    return row
      ? {
          kind: "neighbourhood",
          neighbourhoodId: row.id,
          slug: row.slug,
          name: row.name,
          assemblyId: row.assemblyId,
        }
      : null;
  }
  if (input.priority) return targetOfPriority(executor, input.priority);
  return null;
}

/** What a sign-up form is for: a neighbourhood (by slug) or a priority (by id). */
export function findSubscriptionTarget(
  input: { neighbourhood?: string; priority?: number },
  database: Executor = db(),
) {
  return findTarget(database, input);
}

async function targetOfPriority(executor: Executor, priorityId: number): Promise<SubscriptionTarget | null> {
  const [row] = await executor
    .select({
      id: priorities.id,
      title: priorities.title,
      status: priorities.status,
      slug: neighbourhoods.slug,
      name: neighbourhoods.name,
      assemblyId: neighbourhoods.assemblyId,
    })
    .from(priorities)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .where(eq(priorities.id, priorityId))
    .limit(1);
  return row
    ? {
        kind: "priority",
        priorityId: row.id,
        title: row.title,
        slug: row.slug,
        neighbourhoodName: row.name,
        assemblyId: row.assemblyId,
      }
    : null;
}

async function targetOf(
  executor: Executor,
  row: { neighbourhoodId: number | null; priorityId: number | null },
) {
  if (row.neighbourhoodId != null) {
    const [n] = await executor
      .select({
        id: neighbourhoods.id,
        slug: neighbourhoods.slug,
        name: neighbourhoods.name,
        assemblyId: neighbourhoods.assemblyId,
      })
      .from(neighbourhoods)
      .where(eq(neighbourhoods.id, row.neighbourhoodId))
      .limit(1);
    return n
      ? ({
          kind: "neighbourhood",
          neighbourhoodId: n.id,
          slug: n.slug,
          name: n.name,
          assemblyId: n.assemblyId,
        } as const)
      : null;
  }
  return row.priorityId != null ? targetOfPriority(executor, row.priorityId) : null;
}

// ---------------------------------------------------------------- sign up, confirm, leave

export type RequestResult =
  | { kind: "sent"; target: SubscriptionTarget }
  | { kind: "rate_limited"; target: SubscriptionTarget };

/**
 * Asks for a subscription: queues a confirmation e-mail. The answer is the same
 * whether or not the address already follows the target, so the page reveals nothing.
 */
export async function requestSubscription(
  input: SubscribeInput & { address: string; baseUrl: string },
  options: { now?: Date; database?: Database } = {},
): Promise<RequestResult> {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    const target = await findTarget(tx, input);
    if (!target) throw notFound(input.priority ? "Priority not found" : "Neighbourhood not found");
    if (target.kind === "priority") {
      const [row] = await tx
        .select({ status: priorities.status })
        .from(priorities)
        .where(eq(priorities.id, target.priorityId));
      if (!PRIORITY_STATUS[row.status].current) {
        throw invalid("There is a problem", {
          form: ["This priority is closed, so there will be no more updates to send."],
        });
      }
    }
    if (!(await takeRateLimit(tx, bucketFor("subscribe", input.address), SUBSCRIBE_RATE_LIMIT, now))) {
      return { kind: "rate_limited", target } as const;
    }
    const email = input.email.trim();
    const earlier = await earlierSignUps(tx, target, email);
    if (earlier.following) return { kind: "sent", target } as const;
    if (!(await takeMailAllowance(tx, email, now))) return { kind: "sent", target } as const;
    await replaceSignUps(tx, earlier.ids);
    const { id, confirmToken } = await insertSubscription(tx, { email, target, now });
    const message = subscriptionConfirmationEmail({
      targetName: targetName(target),
      confirmUrl: links(input.baseUrl).confirm(confirmToken),
      expiresInDays: CONFIRM_LINK_DAYS,
    });
    await enqueueEmail(tx, { to: email, template: "subscription-confirmation", ...message });
    await recordAudit(tx, {
      actorUserId: null,
      action: "subscription.requested",
      entityType: "subscription",
      entityId: id,
      assemblyId: target.assemblyId,
      after:
        target.kind === "neighbourhood"
          ? { neighbourhoodId: target.neighbourhoodId }
          : { priorityId: target.priorityId },
    });
    return { kind: "sent", target } as const;
  });
}

/** The address's sign-ups for the target, and whether one of them is confirmed and live. */
async function earlierSignUps(tx: Executor, target: SubscriptionTarget, email: string) {
  const targetColumn =
    target.kind === "neighbourhood"
      ? eq(subscriptions.neighbourhoodId, target.neighbourhoodId)
      : eq(subscriptions.priorityId, target.priorityId);
  const existing = await tx
    .select({
      id: subscriptions.id,
      confirmedAt: subscriptions.confirmedAt,
      unsubscribedAt: subscriptions.unsubscribedAt,
    })
    .from(subscriptions)
    .where(and(targetColumn, sql`lower(${subscriptions.email}) = ${email.toLowerCase()}`));
  return {
    following: existing.some((s) => s.confirmedAt && !s.unsubscribedAt),
    ids: existing.map((s) => s.id),
  };
}

/** Earlier unconfirmed or ended sign-ups for the same target are replaced by the new one. */
async function replaceSignUps(tx: Executor, ids: number[]) {
  if (ids.length) await tx.delete(subscriptions).where(inArray(subscriptions.id, ids));
}

async function insertSubscription(
  tx: Executor,
  input: { email: string; target: SubscriptionTarget; now: Date; confirmed?: boolean },
) {
  const confirmToken = randomBytes(32).toString("base64url");
  const confirmTokenHash = sha256(confirmToken);
  const [row] = await tx
    .insert(subscriptions)
    .values({
      email: input.email,
      neighbourhoodId: input.target.kind === "neighbourhood" ? input.target.neighbourhoodId : null,
      priorityId: input.target.kind === "priority" ? input.target.priorityId : null,
      confirmTokenHash,
      unsubscribeTokenHash: sha256(unsubscribeTokenFor(confirmTokenHash)),
      confirmedAt: input.confirmed ? input.now : null,
      createdAt: input.now,
    })
    .returning({ id: subscriptions.id });
  return { id: row.id, confirmToken };
}

/**
 * Counts one unasked-for e-mail (a subscription confirmation, a concern's
 * acknowledgement) to `email`: at most a few a day, whoever asks, so nobody can
 * flood someone else's inbox. False when today's allowance is used up.
 */
export function takeMailAllowance(tx: Executor, email: string, now: Date) {
  return takeRateLimit(tx, bucketFor("subscribe-email", email), CONFIRMATIONS_PER_EMAIL, now);
}

/** Whether the address has ever confirmed a subscription (so it is known to want our mail). */
export async function hasConfirmedAddress(tx: Executor, email: string) {
  const [row] = await tx
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(isNotNull(subscriptions.confirmedAt), sql`lower(${subscriptions.email}) = ${email.toLowerCase()}`),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * Follows a priority for an address that has just proved itself (it followed a
 * link only that address received): a confirmed subscription, no second e-mail.
 * Idempotent; null when the priority is closed or gone.
 */
export async function followPriorityConfirmed(
  tx: Executor,
  input: { email: string; priorityId: number; now: Date },
): Promise<SubscriptionTarget | null> {
  const target = await targetOfPriority(tx, input.priorityId);
  if (target?.kind !== "priority") return null;
  const [row] = await tx
    .select({ status: priorities.status })
    .from(priorities)
    .where(eq(priorities.id, input.priorityId));
  if (!PRIORITY_STATUS[row.status].current) return null;
  const earlier = await earlierSignUps(tx, target, input.email);
  if (earlier.following) return target;
  await replaceSignUps(tx, earlier.ids);
  const { id } = await insertSubscription(tx, { ...input, target, confirmed: true });
  await recordAudit(tx, {
    actorUserId: null,
    action: "subscription.confirmed",
    entityType: "subscription",
    entityId: id,
    assemblyId: target.assemblyId,
    after: { priorityId: input.priorityId, via: "concern-decision" },
  });
  return target;
}

export type TokenCheck =
  | { kind: "confirmable" | "confirmed" | "unsubscribed" | "expired"; target: SubscriptionTarget }
  | { kind: "invalid" };

async function findByConfirmToken(executor: Executor, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await executor
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.confirmTokenHash, sha256(token)))
    .limit(1);
  return row ?? null;
}

function confirmState(row: typeof subscriptions.$inferSelect, now: Date) {
  if (row.unsubscribedAt) return "unsubscribed" as const;
  if (row.confirmedAt) return "confirmed" as const;
  if (row.createdAt.getTime() + CONFIRM_LINK_DAYS * DAY_MS < now.getTime()) return "expired" as const;
  return "confirmable" as const;
}

/** What a confirmation link would do (no change): for the page behind the link. */
export async function checkConfirmToken(
  token: string,
  now = new Date(),
  database: Executor = db(),
): Promise<TokenCheck> {
  const row = await findByConfirmToken(database, token);
  const target = row ? await targetOf(database, row) : null;
  if (!row || !target) return { kind: "invalid" };
  return { kind: confirmState(row, now), target };
}

/** Confirms the subscription behind a link (idempotent). */
export async function confirmSubscription(
  token: string,
  now = new Date(),
  database: Database = db(),
): Promise<TokenCheck> {
  return database.transaction(async (tx) => {
    const row = await findByConfirmToken(tx, token);
    const target = row ? await targetOf(tx, row) : null;
    if (!row || !target) return { kind: "invalid" } as const;
    const state = confirmState(row, now);
    if (state !== "confirmable") return { kind: state, target };
    await tx.update(subscriptions).set({ confirmedAt: now }).where(eq(subscriptions.id, row.id));
    await recordAudit(tx, {
      actorUserId: null,
      action: "subscription.confirmed",
      entityType: "subscription",
      entityId: row.id,
      assemblyId: target.assemblyId,
    });
    return { kind: "confirmed", target } as const;
  });
}

async function subscriptionByUnsubscribeToken(executor: Executor, token: string, lock = false) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const query = executor
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.unsubscribeTokenHash, sha256(token)))
    .limit(1);
  const [row] = lock ? await query.for("update") : await query;
  const target = row ? await targetOf(executor, row) : null;
  return row && target ? { row, target } : null;
}

/** What an unsubscribe link is for, changing nothing (a GET of the link); null when it is not valid. */
export async function checkUnsubscribeToken(token: string, database: Database = db()) {
  const found = await subscriptionByUnsubscribeToken(database, token);
  return found ? { target: found.target, unsubscribed: found.row.unsubscribedAt !== null } : null;
}

/** Ends the subscription behind an unsubscribe link (idempotent); null when the link is not valid. */
export async function unsubscribe(token: string, now = new Date(), database: Database = db()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return database.transaction(async (tx) => {
    const found = await subscriptionByUnsubscribeToken(tx, token, true);
    if (!found) return null;
    const { row, target } = found;
    if (!row.unsubscribedAt) {
      await tx.update(subscriptions).set({ unsubscribedAt: now }).where(eq(subscriptions.id, row.id));
      await recordAudit(tx, {
        actorUserId: null,
        action: "subscription.ended",
        entityType: "subscription",
        entityId: row.id,
        assemblyId: target.assemblyId,
      });
    }
    return { target };
  });
}

// ---------------------------------------------------------------- keeping no more than needed

/** Addresses are kept only while they are used: unconfirmed sign-ups go after their link expires, ended ones after 30 days. */
export async function purgeEndedSubscriptions(now = new Date(), database: Database = db()) {
  const removed = await database
    .delete(subscriptions)
    .where(
      or(
        lt(subscriptions.unsubscribedAt, new Date(now.getTime() - 30 * DAY_MS)),
        and(
          isNull(subscriptions.confirmedAt),
          lt(subscriptions.createdAt, new Date(now.getTime() - (CONFIRM_LINK_DAYS + 1) * DAY_MS)),
        ),
      ),
    )
    .returning({ id: subscriptions.id });
  return removed.length;
}

// ---------------------------------------------------------------- the daily digest

/** The UTC instant of midnight (UK time) starting the UK day of `now`. */
export function ukMidnight(now: Date): Date {
  const day = toIsoDate(now);
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  for (const offsetHours of [0, 1, -1, 2]) {
    const candidate = utcMidnight - offsetHours * 3_600_000;
    if (toIsoDate(new Date(candidate)) === day && toIsoDate(new Date(candidate - 1)) !== day) {
      return new Date(candidate);
    }
  }
  return new Date(utcMidnight);
}

function ukHour(now: Date) {
  return Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(
      now,
    ),
  );
}

type Due = typeof subscriptions.$inferSelect;

async function digestContent(
  tx: Executor,
  target: SubscriptionTarget,
  since: Date,
  before: Date,
): Promise<{ updates: PublicUpdate[]; newPriorities: PublicPriority[]; closedPriorities: PublicPriority[] }> {
  if (target.kind === "neighbourhood") {
    const [updates, newPriorities, closedPriorities] = await Promise.all([
      listPublicUpdates({ neighbourhoodId: target.neighbourhoodId, since, before, limit: 200 }, tx),
      listPublicPriorities(
        { neighbourhoodId: target.neighbourhoodId, created: { since, before }, order: "newest", limit: 50 },
        tx,
      ),
      listPublicPriorities(
        { neighbourhoodId: target.neighbourhoodId, closed: { since, before }, limit: 50 },
        tx,
      ),
    ]);
    return { updates, newPriorities, closedPriorities };
  }
  const [updates, closedPriorities] = await Promise.all([
    listPublicUpdates({ priorityIds: [target.priorityId], since, before, limit: 200 }, tx),
    listPublicPriorities({ ids: [target.priorityId], closed: { since, before }, limit: 1 }, tx),
  ]);
  return { updates, newPriorities: [], closedPriorities };
}

/**
 * Queues today's digest for every confirmed subscription with news since its
 * last one. Safe to run often and in every process: due subscriptions are
 * claimed with SKIP LOCKED, and each message has a per-day dedupe key.
 */
export async function sendDailyDigests(options: {
  baseUrl: string;
  now?: Date;
  database?: Database;
  fromHour?: number;
}): Promise<{ checked: number; queued: number }> {
  const now = options.now ?? new Date();
  const database = options.database ?? db();
  if (ukHour(now) < (options.fromHour ?? DIGEST_HOUR)) return { checked: 0, queued: 0 };
  const day = toIsoDate(now);
  const midnight = ukMidnight(now);
  const cutoff = new Date(now.getTime() - SETTLE_MS);
  const link = links(options.baseUrl);
  let checked = 0;
  let queued = 0;
  const done: number[] = [];
  for (let round = 0; round < 1000; round++) {
    const batch = await database.transaction(async (tx) => {
      const due: Due[] = await tx
        .select()
        .from(subscriptions)
        .where(
          and(
            isNotNull(subscriptions.confirmedAt),
            isNull(subscriptions.unsubscribedAt),
            or(isNull(subscriptions.lastDigestAt), lt(subscriptions.lastDigestAt, midnight)),
            done.length ? notInArray(subscriptions.id, done) : undefined,
          ),
        )
        .orderBy(subscriptions.id)
        .limit(100)
        .for("update", { skipLocked: true });
      if (!due.length) return 0;
      // One read per target, however many follow it.
      const groups = new Map<string, Due[]>();
      for (const sub of due) {
        const key = sub.neighbourhoodId != null ? `n${sub.neighbourhoodId}` : `p${sub.priorityId}`;
        groups.set(key, [...(groups.get(key) ?? []), sub]);
      }
      for (const group of groups.values()) {
        const target = await targetOf(tx, group[0]);
        if (!target) continue;
        const starts = group.map((s) => (s.lastDigestAt ?? s.confirmedAt ?? s.createdAt).getTime());
        const content = await digestContent(tx, target, new Date(Math.min(...starts)), cutoff);
        for (const sub of group) {
          const since = (sub.lastDigestAt ?? sub.confirmedAt ?? sub.createdAt).getTime();
          const mine = {
            updates: content.updates.filter((u) => u.createdAt.getTime() >= since),
            newPriorities: content.newPriorities.filter((p) => p.createdAt.getTime() >= since),
            closedPriorities: content.closedPriorities.filter((p) => (p.closedAt?.getTime() ?? 0) >= since),
          };
          if (!mine.updates.length && !mine.newPriorities.length && !mine.closedPriorities.length) continue;
          const unsubscribeUrl = link.unsubscribe(unsubscribeTokenFor(sub.confirmTokenHash));
          const message = subscriptionDigestEmail({
            ...mine,
            targetName: targetName(target),
            pageUrl: `${link.base}${targetPath(target)}`,
            priorityUrl: (priorityId) =>
              `${link.base}/neighbourhoods/${target.slug}/priorities/${priorityId}`,
            unsubscribeUrl,
          });
          const added = await enqueueEmail(tx, {
            to: sub.email,
            template: "subscription-digest",
            ...message,
            headers: {
              "List-Unsubscribe": `<${unsubscribeUrl}/one-click>`,
              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
              "List-Id": `<${target.kind}-${target.kind === "neighbourhood" ? target.slug : target.priorityId}.updates.${new URL(link.base).hostname}>`,
            },
            dedupeKey: `digest:${sub.id}:${day}`,
          });
          if (added) queued += 1;
        }
      }
      await tx
        .update(subscriptions)
        .set({ lastDigestAt: cutoff })
        .where(
          inArray(
            subscriptions.id,
            due.map((s) => s.id),
          ),
        );
      done.push(...due.map((s) => s.id));
      return due.length;
    });
    checked += batch;
    if (batch < 100) break;
  }
  return { checked, queued };
}
