// The publication filter for concerns ("you said"), beside ./publication and
// under the same rule: every public page, and the reference lookup, reads
// concerns only through this file. A concern is public once moderated, with
// its public wording and what became of it. Never selected here: the
// resident's original wording, their name, e-mail or phone, who moderated it.
import { and, count, desc, eq, inArray, isNotNull, type SQL } from "drizzle-orm";
import { type Database, db, type Executor } from "~db/client.server";
import { agencies, concerns, meetings, neighbourhoods, priorities, priorityConcerns } from "~db/schema";
import { bucketFor, takeRateLimit } from "../core/rate-limits";
import { findPublicNeighbourhood } from "../publication";
import type { ConcernOutcome } from "./concern-outcomes";
import { CONCERN_LOOKUP_RATE_LIMIT, normaliseReference } from "./concern-references";

/** A concern the public may see: moderated (a meeting concern is moderated as it is written down). */
export const publicConcern: SQL = isNotNull(concerns.moderatedAt);

export type PublicConcern = {
  id: number;
  publicWording: string;
  location: string;
  raisedAt: Date;
  source: "meeting" | "online";
  meeting: { id: number; title: string } | null;
  neighbourhood: { name: string; slug: string };
  outcome: ConcernOutcome;
};

const columns = {
  id: concerns.id,
  publicWording: concerns.publicWording,
  location: concerns.location,
  raisedAt: concerns.createdAt,
  source: concerns.source,
  status: concerns.status,
  answer: concerns.answer,
  notAdoptedReason: concerns.notAdoptedReason,
  agencyName: agencies.name,
  meetingId: meetings.id,
  meetingTitle: meetings.title,
  neighbourhoodName: neighbourhoods.name,
  neighbourhoodSlug: neighbourhoods.slug,
};

async function readConcerns(where: SQL, page: { limit: number; offset: number }, database: Executor) {
  const rows = await database
    .select(columns)
    .from(concerns)
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
    .leftJoin(meetings, eq(meetings.id, concerns.raisedAtMeetingId))
    .leftJoin(agencies, eq(agencies.id, concerns.referredAgencyId))
    .where(and(publicConcern, where))
    .orderBy(desc(concerns.createdAt), desc(concerns.id))
    .limit(page.limit)
    .offset(page.offset);
  const adoptedIds = rows.filter((r) => r.status === "adopted").map((r) => r.id);
  const links = adoptedIds.length
    ? await database
        .select({ concernId: priorityConcerns.concernId, id: priorities.id, title: priorities.title })
        .from(priorityConcerns)
        .innerJoin(priorities, eq(priorities.id, priorityConcerns.priorityId))
        .where(inArray(priorityConcerns.concernId, adoptedIds))
    : [];
  return rows.map((row): PublicConcern => {
    const outcome: ConcernOutcome =
      row.status === "adopted"
        ? {
            status: "adopted",
            priorities: links.filter((l) => l.concernId === row.id).map(({ id, title }) => ({ id, title })),
          }
        : row.status === "answered"
          ? { status: "answered", answer: row.answer ?? "" }
          : row.status === "referred"
            ? { status: "referred", agencyName: row.agencyName ?? "another service" }
            : row.status === "not_adopted"
              ? { status: "not_adopted", reason: row.notAdoptedReason ?? "" }
              : { status: "new" };
    return {
      id: row.id,
      publicWording: row.publicWording,
      location: row.location,
      raisedAt: row.raisedAt,
      source: row.source,
      meeting: row.meetingId != null ? { id: row.meetingId, title: row.meetingTitle ?? "" } : null,
      neighbourhood: { name: row.neighbourhoodName, slug: row.neighbourhoodSlug },
      outcome,
    };
  });
}

export type ConcernQuery = { neighbourhoodId: number } | { meetingId: number };

const whereOf = (query: ConcernQuery) =>
  "neighbourhoodId" in query
    ? eq(concerns.neighbourhoodId, query.neighbourhoodId)
    : eq(concerns.raisedAtMeetingId, query.meetingId);

/** Public concerns, newest first. */
export function listPublicConcerns(
  query: ConcernQuery & { limit: number; offset?: number },
  database: Executor = db(),
) {
  return readConcerns(whereOf(query), { limit: query.limit, offset: query.offset ?? 0 }, database);
}

export async function countPublicConcerns(query: ConcernQuery, database: Executor = db()) {
  const [row] = await database
    .select({ value: count() })
    .from(concerns)
    .where(and(publicConcern, whereOf(query)));
  return row?.value ?? 0;
}

export type ConcernLookup =
  | { kind: "public"; reference: string; concern: PublicConcern }
  /** Not moderated yet: only the holder of the reference sees their own words. */
  | {
      kind: "waiting";
      reference: string;
      wording: string;
      raisedAt: Date;
      neighbourhood: { name: string; slug: string };
    }
  | { kind: "not_found" }
  | { kind: "rate_limited" };

/**
 * One concern by its reference (typed in any case, with or without `RC-` and
 * spaces). Lookups are counted per address, so references cannot be guessed.
 */
export async function lookUpConcern(
  input: { reference: string; address: string },
  options: { now?: Date; database?: Database } = {},
): Promise<ConcernLookup> {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  return database.transaction(async (tx) => {
    if (
      !(await takeRateLimit(tx, bucketFor("concern-lookup", input.address), CONCERN_LOOKUP_RATE_LIMIT, now))
    ) {
      return { kind: "rate_limited" } as const;
    }
    const reference = normaliseReference(input.reference);
    if (!reference) return { kind: "not_found" } as const;
    const [row] = await tx
      .select({
        id: concerns.id,
        moderatedAt: concerns.moderatedAt,
        wording: concerns.originalWording,
        raisedAt: concerns.createdAt,
        name: neighbourhoods.name,
        slug: neighbourhoods.slug,
      })
      .from(concerns)
      .innerJoin(neighbourhoods, eq(neighbourhoods.id, concerns.neighbourhoodId))
      .where(eq(concerns.reference, reference))
      .limit(1);
    if (!row) return { kind: "not_found" } as const;
    if (!row.moderatedAt) {
      return {
        kind: "waiting",
        reference,
        wording: row.wording,
        raisedAt: row.raisedAt,
        neighbourhood: { name: row.name, slug: row.slug },
      } as const;
    }
    const [concern] = await readConcerns(eq(concerns.id, row.id), { limit: 1, offset: 0 }, tx);
    return { kind: "public", reference, concern } as const;
  });
}

export const CONCERNS_PAGE_SIZE = 20;

/** `/neighbourhoods/:slug/concerns`: what residents told us here, newest first, a page at a time. */
export async function neighbourhoodConcernsPage(slug: string, page: number, database: Executor = db()) {
  const neighbourhood = await findPublicNeighbourhood(slug, database);
  if (!neighbourhood) return null;
  const query = { neighbourhoodId: neighbourhood.id };
  const [concernsHere, total] = await Promise.all([
    listPublicConcerns(
      { ...query, limit: CONCERNS_PAGE_SIZE, offset: (page - 1) * CONCERNS_PAGE_SIZE },
      database,
    ),
    countPublicConcerns(query, database),
  ]);
  return {
    neighbourhood: { name: neighbourhood.name, slug: neighbourhood.slug },
    concerns: concernsHere,
    page,
    total,
    pages: Math.max(1, Math.ceil(total / CONCERNS_PAGE_SIZE)),
  };
}
export type NeighbourhoodConcernsPage = NonNullable<Awaited<ReturnType<typeof neighbourhoodConcernsPage>>>;
