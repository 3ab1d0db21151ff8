// "Has this got better where you live?": asked on a priority's public page once
// its agreed actions are finished; one answer per browser (a later one replaces
// it), a limit per address, a honeypot; counts public only from 5 answers; the
// comment never public; the chair's review keeps the counts and the public
// outcome then says what residents said.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  answerImprovement,
  IMPROVEMENT_RATE_LIMIT,
  type ImprovementAnswer,
  residentsAskedSentence,
} from "~/domain/concerns/improvement-answers";
import { readChangesSince } from "~/domain/core/public-changes";
import { agreedActionsFinished } from "~/domain/lifecycle/public-status";
import { type ReviewDecision, reviewPriority } from "~/domain/priorities/priorities";
import { auditEvents, improvementAnswers, priorities, rateLimitEvents } from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildNeighbourhood,
  buildPriority,
  buildUser,
  type PrioritySpec,
  type TaskSpec,
} from "../factories/build";
import { viewer } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";
import { getPublic } from "../support/public-surface";

const test = useTestDatabase();
const NOW = new Date("2026-06-15T10:00:00Z");
useFixedClock(NOW);
const HOUR = 3_600_000;

/** A comment that WOULD leak: a name, an address and a phone number. */
const LEAKY_COMMENT =
  "COMMENT-MARKER: Mrs Edna Pike at 14 Dalton Lane says edna.pike@example.net 07700 900555";

type Improvement = {
  asking: boolean;
  answered: boolean;
  counts: Record<ImprovementAnswer, number> | null;
  sentence: string | null;
};

const pagePath = (id: number) => `/neighbourhoods/sitwell/priorities/${id}`;

async function improvementOn(id: number, cookie?: string) {
  const reply = await send("GET", pagePath(id), { cookie });
  expect(reply.status).toBe(200);
  const page = reply.data as { improvement: Improvement; yourAnswer: { value: ImprovementAnswer } | null };
  return { improvement: page.improvement, yourAnswer: page.yourAnswer?.value ?? null };
}

/** Sitwell's chair, the police and Streetpride, made in beforeAll. */
const CHAIR = "chair.of.rotherham.south@example.org";
const ids = { sitwell: 0, police: 0, streetpride: 0 };

/** A priority in Sitwell, agreed as of NOW. */
async function sitwellPriority(title: string, tasks: TaskSpec[], extra: Omit<PrioritySpec, "tasks"> = {}) {
  return buildPriority(test.db, { neighbourhood: ids.sitwell, title, tasks, now: NOW, ...extra });
}

/** A Sitwell priority whose agreed actions are finished: the police's task done, Streetpride's declined. */
async function finishedPriority(title: string) {
  const { priority } = await sitwellPriority(title, [
    { agency: ids.police, status: "done" },
    { agency: ids.streetpride, status: "declined" },
  ]);
  return priority;
}

let residents = 0;

/** Answers, each from its own browser and address, straight through the domain. */
async function answers(priorityId: number, list: ImprovementAnswer[], comment?: string) {
  for (const answer of list) {
    residents += 1;
    const result = await answerImprovement(
      {
        answer,
        comment,
        neighbourhoodSlug: "sitwell",
        priorityId,
        browserToken: `browser-token-of-resident-${residents}`,
        address: `198.51.100.${residents}`,
      },
      { now: NOW },
    );
    expect(result.kind).toBe("answered");
  }
}

/** The chair reviews the priority (as of NOW). */
async function review(priority: { id: number; version: number }, decision: ReviewDecision) {
  const chair = await viewer(CHAIR, test.db);
  return reviewPriority(
    chair,
    { priorityId: priority.id, version: priority.version, decision },
    { now: NOW },
  );
}

function post(
  id: number,
  form: Record<string, string>,
  options: { cookie?: string; clientAddress?: string } = {},
) {
  return send("POST", pagePath(id), { form, ...options });
}

beforeAll(async () => {
  const assembly = await buildAssembly(test.db, { slug: "rotherham-south", name: "Rotherham South" });
  ids.sitwell = (
    await buildNeighbourhood(test.db, {
      assemblyId: assembly.id,
      slug: "sitwell",
      name: "Sitwell",
      policeForceId: "south-yorkshire",
      policeNeighbourhoodId: "demo-sitwell",
    })
  ).id;
  // Another neighbourhood, whose address does not reach Sitwell's priorities.
  await buildNeighbourhood(test.db, { slug: "maltby", name: "Maltby" });
  await buildUser(test.db, { email: CHAIR, name: "Chris Chair", chairs: [assembly.id] });
  ids.police = (await buildAgency(test.db, { name: "Neighbourhood policing team", kind: "police" })).id;
  ids.streetpride = (await buildAgency(test.db, { name: "Streetpride", kind: "council" })).id;
});

describe("when residents are asked", () => {
  it("only once every live public task is done (declined and withdrawn do not count)", () => {
    expect(agreedActionsFinished([])).toBe(false);
    expect(agreedActionsFinished([{ status: "done" }, { status: "offered" }])).toBe(false);
    expect(agreedActionsFinished([{ status: "done" }, { status: "accepted" }])).toBe(false);
    expect(agreedActionsFinished([{ status: "done" }, { status: "in_progress" }])).toBe(false);
    expect(agreedActionsFinished([{ status: "declined" }, { status: "withdrawn" }])).toBe(false);
    expect(agreedActionsFinished([{ status: "done" }, { status: "declined" }])).toBe(true);
    expect(agreedActionsFinished([{ status: "done" }, { status: "withdrawn" }, { status: "done" }])).toBe(
      true,
    );
  });

  it("the public page asks on a current priority with its public work done, and not otherwise", async () => {
    const cases: Array<[string, TaskSpec[], boolean]> = [
      [
        "Offered task left",
        [
          { agency: ids.police, status: "done" },
          { agency: ids.streetpride, status: "offered" },
        ],
        false,
      ],
      ["Declined only", [{ agency: ids.streetpride, status: "declined" }], false],
      [
        "Partners-only work only",
        [{ agency: ids.police, status: "done", confidentiality: "partners_only" }],
        false,
      ],
      [
        "Done and declined",
        [
          { agency: ids.police, status: "done" },
          { agency: ids.streetpride, status: "declined" },
        ],
        true,
      ],
      [
        "Done, with a partners-only task still going",
        [
          { agency: ids.police, status: "done" },
          { agency: ids.streetpride, status: "in_progress", confidentiality: "partners_only" },
        ],
        true,
      ],
      ["No tasks yet", [], false],
    ];
    for (const [title, tasks, asking] of cases) {
      const { priority } = await sitwellPriority(title, tasks);
      expect((await improvementOn(priority.id)).improvement.asking, title).toBe(asking);
    }
    const { priority: closed } = await sitwellPriority(
      "Closed with its work done",
      [{ agency: ids.police, status: "done" }],
      { status: "resolved", outcomeSummary: "Sorted." },
    );
    expect((await improvementOn(closed.id)).improvement.asking).toBe(false);
    // Asking is refused by the action too, whatever the page showed.
    const refused = await post(closed.id, { answer: "better" }, { clientAddress: "192.0.2.50" });
    expect(refused.status).toBe(409);
    expect(
      await test.db.select().from(improvementAnswers).where(eq(improvementAnswers.priorityId, closed.id)),
    ).toEqual([]);
  });
});

describe("answering", () => {
  it("needs no account; one answer per browser, a second one replaces the first", async () => {
    const priority = await finishedPriority("One answer per browser");
    const first = await post(priority.id, { answer: "worse", comment: "Still broken glass." });
    expect(first.status).toBe(302);
    expect(first.location).toBe(`${pagePath(priority.id)}?answered=1#improvement-heading`);
    const setCookie = first.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^od_answer=/);
    // Scoped to the neighbourhood's priority pages (and their data requests): other pages stay cookie-less (and cached).
    expect(setCookie).toContain("Path=/neighbourhoods/sitwell/priorities;");
    expect(setCookie).toMatch(/HttpOnly/i);
    const cookie = setCookie.split(";")[0];

    expect((await improvementOn(priority.id, cookie)).yourAnswer).toBe("worse");
    expect((await improvementOn(priority.id)).yourAnswer).toBeNull();

    const second = await post(priority.id, { answer: "better" }, { cookie });
    expect(second.status).toBe(302);
    const rows = await test.db
      .select()
      .from(improvementAnswers)
      .where(eq(improvementAnswers.priorityId, priority.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ answer: "better", comment: null });
    // The token itself is never stored, only its hash.
    expect(cookie).not.toContain(rows[0].browserKey);
    expect((await improvementOn(priority.id, cookie)).yourAnswer).toBe("better");

    // The same browser answers another priority separately.
    const other = await finishedPriority("Another priority, same browser");
    expect((await improvementOn(other.id, cookie)).yourAnswer).toBeNull();
    expect((await post(other.id, { answer: "worse" }, { cookie })).status).toBe(302);
    expect((await improvementOn(other.id, cookie)).yourAnswer).toBe("worse");
    expect((await improvementOn(priority.id, cookie)).yourAnswer).toBe("better");

    // Another browser (no cookie) is another answer.
    await post(priority.id, { answer: "not_sure" });
    expect(
      await test.db.select().from(improvementAnswers).where(eq(improvementAnswers.priorityId, priority.id)),
    ).toHaveLength(2);
  });

  it("gives clear errors per field and keeps nothing for a wrong answer", async () => {
    const priority = await finishedPriority("Errors per field");
    const reply = await post(priority.id, { answer: "brilliant", comment: "x".repeat(1001) });
    expect(reply.status).toBe(400);
    const failure = reply.data as { fieldErrors: Record<string, string[]> };
    expect(failure.fieldErrors.answer?.[0]).toBe("Choose better, no change, worse or not sure");
    expect(failure.fieldErrors.comment?.[0]).toBe("Your comment must be 1000 characters or fewer");
    expect((await post(priority.id, {})).status).toBe(400);
    expect(
      await test.db.select().from(improvementAnswers).where(eq(improvementAnswers.priorityId, priority.id)),
    ).toEqual([]);
    // An unknown priority, or one of another neighbourhood, is a 404, not a 500.
    expect((await post(999_999, { answer: "better" })).status).toBe(404);
    expect(
      (await send("POST", `/neighbourhoods/maltby/priorities/${priority.id}`, { form: { answer: "better" } }))
        .status,
    ).toBe(404);
  });

  it("keeps nothing when the honeypot is filled, and looks the same to the bot", async () => {
    const priority = await finishedPriority("Honeypot");
    const eventsBefore = (await test.db.select().from(rateLimitEvents)).length;
    const reply = await post(priority.id, {
      answer: "better",
      comment: "spam",
      website: "http://spam.example",
    });
    expect(reply.status).toBe(302);
    expect(
      await test.db.select().from(improvementAnswers).where(eq(improvementAnswers.priorityId, priority.id)),
    ).toEqual([]);
    expect(await test.db.select().from(rateLimitEvents)).toHaveLength(eventsBefore);
  });

  it("allows the limit per address in an hour, refuses the next, and allows again after the hour", async () => {
    const priority = await finishedPriority("Rate limit");
    const answer = (token: string, now: Date, address = "203.0.113.77") =>
      answerImprovement(
        {
          answer: "better",
          neighbourhoodSlug: "sitwell",
          priorityId: priority.id,
          browserToken: token,
          address,
        },
        { now },
      );
    for (let i = 0; i < IMPROVEMENT_RATE_LIMIT.limit; i++) {
      expect((await answer(`limit-token-${i}`, new Date(NOW.getTime() + i * 1000))).kind).toBe("answered");
    }
    const late = new Date(NOW.getTime() + HOUR - 1);
    expect(await answer("limit-token-over", late)).toEqual({ kind: "rate_limited" });
    expect((await answer("limit-token-other-address", late, "203.0.113.78")).kind).toBe("answered");
    expect((await answer("limit-token-over", new Date(NOW.getTime() + HOUR + 1000))).kind).toBe("answered");
    // Through the page, a refusal is a 429 with a message, not a 500.
    const { priority: other } = await sitwellPriority("Rate limit through the page", [
      { agency: ids.police, status: "done" },
    ]);
    for (let i = 0; i < IMPROVEMENT_RATE_LIMIT.limit; i++) {
      expect((await post(other.id, { answer: "worse" }, { clientAddress: "203.0.113.90" })).status).toBe(302);
    }
    const refused = await post(other.id, { answer: "worse" }, { clientAddress: "203.0.113.90" });
    expect(refused.status).toBe(429);
    expect((refused.data as { message: string }).message).toMatch(/try again later/);
  });
});

describe("the counts", () => {
  it("are hidden at 4 answers and shown at 5, on the public page and the chair's page", async () => {
    const priority = await finishedPriority("Counts at the edge");
    await answers(priority.id, ["better", "better", "worse", "no_change"], "A private comment.");
    expect((await improvementOn(priority.id)).improvement).toMatchObject({
      asking: true,
      answered: true,
      counts: null,
    });
    const chair = await cookieFor(CHAIR);
    const atFour = (await send("GET", `/chair/priorities/${priority.id}`, { cookie: chair })).data as {
      improvement: {
        total: number;
        counts: unknown;
        comments: Array<{ answer: string | null; comment: string }>;
      };
    };
    expect(atFour.improvement.counts).toBeNull();
    // The chair reads the comments, but not which answer each came with (that would give the counts away).
    expect(atFour.improvement.comments).toHaveLength(4);
    expect(atFour.improvement.comments.every((c) => c.answer === null)).toBe(true);

    await answers(priority.id, ["not_sure"]);
    expect((await improvementOn(priority.id)).improvement.counts).toEqual({
      better: 2,
      no_change: 1,
      worse: 1,
      not_sure: 1,
    });
    const atFive = (await send("GET", `/chair/priorities/${priority.id}/review`, { cookie: chair })).data as {
      improvement: { counts: unknown; comments: Array<{ answer: string | null; comment: string }> };
    };
    expect(atFive.improvement.counts).toEqual({ better: 2, no_change: 1, worse: 1, not_sure: 1 });
    expect(atFive.improvement.comments.map((c) => c.answer)).toEqual([
      "Better",
      "Better",
      "Worse",
      "No change",
    ]);
    expect(atFive.improvement.comments[0].comment).toBe("A private comment.");
  });

  it("refresh the cached public pages only when the published counts change", async () => {
    const priority = await finishedPriority("Cache refresh");
    // The changes recorded for this priority (each marks it and its neighbourhood).
    const counter = async () =>
      (await readChangesSince(0, test.db)).rows.filter((row) => row.key === `priority:${priority.id}`).length;
    const start = await counter();
    await answers(priority.id, ["better", "better", "better", "better"]);
    // Below 5 answers nothing public changes.
    expect(await counter()).toBe(start);
    await answers(priority.id, ["worse"]);
    expect(await counter()).toBeGreaterThan(start);
    // A comment-only change by the same browser publishes nothing new.
    const token = "cache-refresh-browser";
    const input = {
      neighbourhoodSlug: "sitwell",
      priorityId: priority.id,
      browserToken: token,
      address: "192.0.2.99",
    };
    await answerImprovement({ ...input, answer: "better" }, { now: NOW });
    const afterSix = await counter();
    await answerImprovement({ ...input, answer: "better", comment: "Changed my comment." }, { now: NOW });
    expect(await counter()).toBe(afterSix);
    await answerImprovement({ ...input, answer: "no_change" }, { now: NOW });
    expect(await counter()).toBeGreaterThan(afterSix);
  });
});

describe("the comment stays private", () => {
  it("never reaches a public page, feed, CSV, open data or police.uk, before or after the review", async () => {
    const priority = await finishedPriority("Leaky comment");
    await answers(priority.id, ["better", "better", "better", "no_change", "worse"], LEAKY_COMMENT);
    const paths = [
      pagePath(priority.id),
      "/neighbourhoods/sitwell",
      "/neighbourhoods/sitwell/archive",
      "/neighbourhoods/sitwell/feed.atom",
      "/neighbourhoods/sitwell/priorities.csv",
      `/api/v1/priorities/${priority.id}`,
      "/api/v1/neighbourhoods/sitwell/priorities?status=all&per_page=50",
      "/api/police-uk/south-yorkshire/demo-sitwell/priorities",
    ];
    const scan = async () => {
      for (const path of paths) {
        const body = (await getPublic(path)).body;
        for (const secret of ["COMMENT-MARKER", "Edna Pike", "edna.pike@example.net", "07700 900555"]) {
          expect(body.includes(secret), `"${secret}" in ${path}`).toBe(false);
        }
      }
    };
    await scan();
    await review(priority, { outcome: "resolved", outcomeSummary: "The play area is calm." });
    await scan();
    // The chair does read it.
    const page = await send("GET", `/chair/priorities/${priority.id}`, {
      cookie: await cookieFor(CHAIR),
    });
    expect(JSON.stringify(page.data)).toContain("COMMENT-MARKER");
  });
});

describe("the review", () => {
  it("records the counts as they were, and the public outcome says what residents said", async () => {
    const priority = await finishedPriority("Review records counts");
    await answers(priority.id, ["better", "better", "better", "no_change", "worse", "not_sure"]);
    // A review that continues the priority keeps the counts too.
    const continued = await review(priority, { outcome: "monitoring", reviewDate: "2026-09-01" });
    expect(continued.priority.improvementCounts).toEqual({ better: 3, no_change: 1, worse: 1, not_sure: 1 });
    await answers(priority.id, ["better"]);
    const closed = await review(continued.priority, { outcome: "resolved", outcomeSummary: "Fixed." });
    const kept = { better: 4, no_change: 1, worse: 1, not_sure: 1 };
    expect(closed.priority.improvementCounts).toEqual(kept);
    const [audit] = await test.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "priority.resolved"), eq(auditEvents.entityId, String(priority.id))));
    expect(JSON.stringify(audit.after)).toContain('"better":4');

    // An answer that somehow arrives later does not change what the review kept.
    await test.db
      .insert(improvementAnswers)
      .values({ priorityId: priority.id, browserKey: "late", answer: "worse" });
    const page = await improvementOn(priority.id);
    expect(page.improvement).toMatchObject({ asking: false, counts: kept });
    expect(page.improvement.sentence).toBe(
      "Residents were asked whether things got better: 4 said better, 1 no change, 1 worse, 1 not sure.",
    );
    const [row] = await test.db.select().from(priorities).where(eq(priorities.id, priority.id));
    expect(row.improvementCounts).toEqual(kept);
  });

  it("a closed priority nobody answered says nothing about asking residents; a few answers say too few", async () => {
    expect(residentsAskedSentence(null)).toBeNull();
    expect(residentsAskedSentence({ better: 0, no_change: 0, worse: 0, not_sure: 0 })).toBeNull();
    expect(residentsAskedSentence({ better: 2, no_change: 1, worse: 0, not_sure: 1 })).toBe(
      "Residents were asked whether things got better; fewer than 5 answered, too few to show.",
    );
    const priority = await finishedPriority("Closed unasked");
    await review(priority, { outcome: "closed", reason: "Moved on." });
    const page = await getPublic(pagePath(priority.id));
    expect((page.data as { improvement: Improvement }).improvement).toMatchObject({
      sentence: null,
      answered: false,
    });
    expect(page.body).not.toContain("Residents were asked");
  });
});
