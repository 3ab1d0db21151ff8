// "Has this got better where you live?" (issue 14, part 5). Once a current
// priority's agreed actions are finished, its public page asks residents:
// better / no change / worse / not sure, with an optional comment for the chair
// only. No account: one answer per browser per priority (a later answer from
// the same browser replaces it), a limit per address, and a honeypot. The
// counts are public only from MIN_CASES answers (the measures' rule); the
// comments never are. A review keeps the counts as they were on the priority.
import { createHash } from "node:crypto";
import { and, asc, eq, isNotNull, ne, type SQLWrapper, sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, db, type Executor, rowsOf } from "~db/client.server";
import { jsonValue } from "~db/json-rows";
import { type ImprovementCounts, improvementAnswers, improvementAnswerValues, priorities } from "~db/schema";
import { toIsoDate } from "../core/deadlines";
import { notFound } from "../core/errors";
import { markPublicChanges } from "../core/public-changes";
import { bucketFor, takeRateLimit } from "../core/rate-limits";
import { agreedActionsFinished } from "../lifecycle/public-status";
import { MIN_CASES } from "../measures/measures";
import { findPublicNeighbourhood, getPublicPriority, listPublicTasks } from "../publication";

export type ImprovementAnswer = (typeof improvementAnswerValues)[number];
export type { ImprovementCounts };

export const IMPROVEMENT_QUESTION = "Has this got better where you live?";

export const IMPROVEMENT_ANSWER_LABEL: Record<ImprovementAnswer, string> = {
  better: "Better",
  no_change: "No change",
  worse: "Worse",
  not_sure: "Not sure",
};

/** The answers as a form offers them (the client bundle reads them from the loader, not from here). */
export const IMPROVEMENT_CHOICES = improvementAnswerValues.map((value) => ({
  value,
  label: IMPROVEMENT_ANSWER_LABEL[value],
}));

/** Twenty answers an hour from one address: a household or a library PC, not a bot. */
export const IMPROVEMENT_RATE_LIMIT = { limit: 20, windowMs: 60 * 60 * 1000 };

/** What the public reads while there are fewer answers than MIN_CASES. */
export const TOO_FEW_ANSWERS = `Fewer than ${MIN_CASES} answers so far.`;

/**
 * Whether every agreed action the public can see is finished: at least one
 * such task, and every one still live is done (offered, accepted and in
 * progress are not; declined and withdrawn do not count).
 * The lead's app/domain/lifecycle/public-status.ts will own this rule at merge.
 */

/** Residents are asked (see ./public-status for "finished") while the priority is current and its agreed actions are finished. */
export function isAskingResidents(
  priority: { isCurrent: boolean },
  publicTasks: ReadonlyArray<{ status: string }>,
): boolean {
  return priority.isCurrent && agreedActionsFinished(publicTasks);
}

export function totalOf(counts: ImprovementCounts): number {
  return improvementAnswerValues.reduce((sum, answer) => sum + counts[answer], 0);
}

/** The counts as the public may see them: null below MIN_CASES answers. */
export function publishedCounts(counts: ImprovementCounts | null): ImprovementCounts | null {
  return counts && totalOf(counts) >= MIN_CASES ? counts : null;
}

/** The counts as lines to show ("Better: 12"), or null below MIN_CASES answers. */
export function countLines(counts: ImprovementCounts | null) {
  const shown = publishedCounts(counts);
  return shown ? IMPROVEMENT_CHOICES.map((choice) => ({ ...choice, count: shown[choice.value] })) : null;
}

/**
 * The public outcome line, with what residents said — or, with no answers, no line at all
 * (never a bare "residents were asked").
 */
export function residentsAskedSentence(counts: ImprovementCounts | null): string | null {
  if (!counts || totalOf(counts) === 0) return null;
  const shown = publishedCounts(counts);
  if (!shown) {
    return `Residents were asked whether things got better; fewer than ${MIN_CASES} answered, too few to show.`;
  }
  return `Residents were asked whether things got better: ${shown.better} said better, ${shown.no_change} no change, ${shown.worse} worse, ${shown.not_sure} not sure.`;
}

// ---------------------------------------------------------------- input

export const improvementAnswerSchema = z.object({
  answer: z.enum(improvementAnswerValues, { error: "Choose better, no change, worse or not sure" }),
  comment: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z
      .string()
      .transform((value) => value.replace(/\r\n/g, "\n").trim())
      .pipe(z.string().max(1000, "Your comment must be 1000 characters or fewer"))
      .optional(),
  ),
  // The honeypot: hidden from people, filled in by bots.
  website: z.string().optional(),
});
export type ImprovementAnswerInput = z.infer<typeof improvementAnswerSchema>;

/** The stored key for a browser's answer to one priority: neither the token nor a link between priorities is kept. */
export function browserKeyFor(browserToken: string, priorityId: number): string {
  return createHash("sha256").update(`${priorityId}:${browserToken}`).digest("base64url");
}

// ---------------------------------------------------------------- reads

const EMPTY: ImprovementCounts = { better: 0, no_change: 0, worse: 0, not_sure: 0 };

/** The answers so far to one priority, counted (the comments are not read). */
export async function countImprovementAnswers(
  priorityId: number,
  database: Executor = db(),
): Promise<ImprovementCounts> {
  const { liveAnswers } = improvementCountsSql(sql`${priorityId}::integer`);
  const [row] = rowsOf<{ counts: unknown }>(await database.execute(sql`select ${liveAnswers} as counts`));
  return liveCounts(row?.counts);
}

/** This browser's answer to the priority, if it gave one (without its comment). */
export async function answerOfBrowser(
  priorityId: number,
  browserToken: string,
  database: Executor = db(),
): Promise<{ value: ImprovementAnswer; label: string } | null> {
  const [row] = await database
    .select({ answer: improvementAnswers.answer })
    .from(improvementAnswers)
    .where(
      and(
        eq(improvementAnswers.priorityId, priorityId),
        eq(improvementAnswers.browserKey, browserKeyFor(browserToken, priorityId)),
      ),
    )
    .limit(1);
  return row ? { value: row.answer, label: IMPROVEMENT_ANSWER_LABEL[row.answer] } : null;
}

/**
 * The counts behind a priority page, as two expressions of the priority `priorityId` names (in a
 * statement that reads the page): its answers so far, counted, and the counts recorded at its last
 * review. `readImprovementCounts` takes the one that applies.
 */
export const improvementCountsSql = (priorityId: SQLWrapper) => ({
  liveAnswers: sql`(select coalesce(json_object_agg(counted.answer, counted.value), '{}'::json) from (
    select ${improvementAnswers.answer} as answer, count(*)::int as value from ${improvementAnswers}
    where ${improvementAnswers.priorityId} = ${priorityId} group by ${improvementAnswers.answer}) counted)`,
  recordedAnswers: sql`(select ${priorities.improvementCounts} from ${priorities} where ${priorities.id} = ${priorityId})`,
});

/** The answers counted by `improvementCountsSql`'s `liveAnswers`, every answer present. */
const liveCounts = (value: unknown): ImprovementCounts => ({
  ...EMPTY,
  ...(jsonValue(value) as Partial<ImprovementCounts>),
});

/** The counts behind a priority page: live while it is current, as recorded at its last review once closed. */
export function readImprovementCounts(
  priority: { isCurrent: boolean },
  values: { liveAnswers?: unknown; recordedAnswers?: unknown },
): ImprovementCounts | null {
  if (priority.isCurrent) return liveCounts(values.liveAnswers);
  return (jsonValue(values.recordedAnswers) as ImprovementCounts | null) ?? null;
}

/** The public part of a priority page: whether to ask, and the counts as the public may see them. */
export function publicImprovement(
  priority: { isCurrent: boolean },
  publicTasks: ReadonlyArray<{ status: string }>,
  counts: ImprovementCounts | null,
) {
  return {
    question: IMPROVEMENT_QUESTION,
    asking: isAskingResidents(priority, publicTasks),
    choices: IMPROVEMENT_CHOICES,
    answered: counts ? totalOf(counts) > 0 : false,
    counts: publishedCounts(counts),
    lines: countLines(counts),
    tooFew: TOO_FEW_ANSWERS,
    sentence: residentsAskedSentence(counts),
  };
}
export type PublicImprovement = ReturnType<typeof publicImprovement>;

/** For the chair: the counts (hidden below MIN_CASES, as for the public) and every private comment. */
export async function improvementForChair(priorityId: number, database: Executor = db()) {
  const [counts, comments] = await Promise.all([
    countImprovementAnswers(priorityId, database),
    database
      .select({
        answer: improvementAnswers.answer,
        comment: improvementAnswers.comment,
        at: improvementAnswers.updatedAt,
      })
      .from(improvementAnswers)
      .where(
        and(
          eq(improvementAnswers.priorityId, priorityId),
          isNotNull(improvementAnswers.comment),
          ne(improvementAnswers.comment, ""),
        ),
      )
      .orderBy(asc(improvementAnswers.updatedAt), asc(improvementAnswers.id))
      .limit(500),
  ]);
  const shown = publishedCounts(counts);
  return {
    total: totalOf(counts),
    counts: shown,
    lines: countLines(counts),
    tooFew: TOO_FEW_ANSWERS,
    // Below MIN_CASES an answer beside each comment would give the counts away.
    comments: comments.map((c) => ({
      answer: shown ? IMPROVEMENT_ANSWER_LABEL[c.answer] : null,
      comment: c.comment ?? "",
      at: c.at,
    })),
  };
}
export type ChairImprovement = Awaited<ReturnType<typeof improvementForChair>>;

// ---------------------------------------------------------------- the answer

export type AnswerResult =
  | { kind: "answered"; replaced: boolean }
  | { kind: "ignored" }
  | { kind: "rate_limited" }
  | { kind: "not_asking" };

/**
 * Records a resident's answer. The same browser answering again replaces its
 * earlier answer (people change their minds); only answers that change the
 * published counts empty the public page caches.
 */
export async function answerImprovement(
  input: ImprovementAnswerInput & {
    neighbourhoodSlug: string;
    priorityId: number;
    browserToken: string;
    address: string;
  },
  options: { now?: Date; database?: Database } = {},
): Promise<AnswerResult> {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  // A bot filled the hidden field: pretend all went well, keep nothing.
  if (input.website && input.website.trim() !== "") return { kind: "ignored" };

  return database.transaction(async (tx) => {
    const [neighbourhood, priority] = await Promise.all([
      findPublicNeighbourhood(input.neighbourhoodSlug, tx),
      getPublicPriority(input.priorityId, tx),
    ]);
    if (!neighbourhood || !priority || priority.neighbourhoodId !== neighbourhood.id) {
      throw notFound("Priority not found");
    }
    const tasks = await listPublicTasks([priority.id], toIsoDate(now), tx);
    if (!isAskingResidents(priority, tasks)) return { kind: "not_asking" } as const;
    if (!(await takeRateLimit(tx, bucketFor("improvement", input.address), IMPROVEMENT_RATE_LIMIT, now))) {
      return { kind: "rate_limited" } as const;
    }
    const browserKey = browserKeyFor(input.browserToken, priority.id);
    const [earlier] = await tx
      .select({ id: improvementAnswers.id, answer: improvementAnswers.answer })
      .from(improvementAnswers)
      .where(
        and(eq(improvementAnswers.priorityId, priority.id), eq(improvementAnswers.browserKey, browserKey)),
      )
      .for("update");
    const comment = input.comment ?? null;
    if (earlier) {
      await tx
        .update(improvementAnswers)
        .set({ answer: input.answer, comment, updatedAt: now })
        .where(eq(improvementAnswers.id, earlier.id));
    } else {
      await tx
        .insert(improvementAnswers)
        .values({
          priorityId: priority.id,
          browserKey,
          answer: input.answer,
          comment,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [improvementAnswers.priorityId, improvementAnswers.browserKey],
          set: { answer: input.answer, comment, updatedAt: now },
        });
    }
    // The public sees the counts only from MIN_CASES answers, and never the comment.
    const countsChanged = !earlier || earlier.answer !== input.answer;
    if (countsChanged && totalOf(await countImprovementAnswers(priority.id, tx)) >= MIN_CASES) {
      await markPublicChanges(tx, [`priority:${priority.id}`, `neighbourhood:${neighbourhood.id}`]);
    }
    return { kind: "answered", replaced: Boolean(earlier) } as const;
  });
}

/** The counts a review keeps with the priority (null when nobody has answered). */
export async function countsForReview(
  priorityId: number,
  database: Executor,
): Promise<ImprovementCounts | null> {
  const counts = await countImprovementAnswers(priorityId, database);
  return totalOf(counts) > 0 ? counts : null;
}
