// The measures counted by the database (app/domain/measures/measures-sql) against the
// same rules read in TypeScript (app/domain/measures/measures `measure`, which the
// monthly reports still use): every figure, every month, every place and
// agency, both audiences, on the demo's year of history and on generated
// data full of edge cases (months with 4, 5 and 6 cases, events at UK
// midnight on month edges, bank holidays, declined and withdrawn tasks,
// partners-only and safeguarding updates), with a fixed clock. And a few
// figures worked out by hand on built data, so the two can't agree on a
// wrong answer.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "~/domain/core/deadlines";
import {
  type Audience,
  figuresTable,
  lastTwelveMonths,
  loadFacts,
  monthsPeriod,
  type Scope,
} from "~/domain/measures/measures";
import { figuresFromDatabase } from "~/domain/measures/measures-sql";
import {
  agencies,
  assemblies,
  meetingNeighbourhoods,
  meetings,
  neighbourhoods,
  priorities,
  tasks,
  taskUpdates,
} from "~db/schema";
import { seedDemo } from "~db/seed";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
const NOW = new Date("2026-04-20T12:00:00Z");
useFixedClock(NOW);
const TODAY = toIsoDate(NOW);
const MONTHS = lastTwelveMonths(NOW);
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const places: Array<{ id: number; assemblyId: number }> = [];
const edge = { assembly: 0, neighbourhood: 0, agency: 0 };

/** Month-edge instants: UK midnight either side (BST and GMT), and ordinary middays. */
function instant(next: () => number, from: Date, spreadDays: number): Date {
  const day = new Date(from.getTime() + Math.floor(next() * spreadDays) * DAY);
  const at = day.toISOString().slice(0, 10);
  const times = ["T23:30:00Z", "T00:30:00Z", "T22:59:59Z", "T23:00:00Z", "T12:00:00Z", "T09:15:00Z"];
  return new Date(`${at}${times[Math.floor(next() * times.length)]}`);
}

async function generate(seed: number) {
  const db = test.db;
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const agencyRows = await db.select({ id: agencies.id }).from(agencies);
  const [one, two] = await db
    .insert(assemblies)
    .values([
      { slug: "gen-one", name: "Generated One" },
      { slug: "gen-two", name: "Generated Two" },
    ])
    .returning({ id: assemblies.id });
  const hoods = await db
    .insert(neighbourhoods)
    .values([one, one, two].map((a, i) => ({ assemblyId: a.id, slug: `gen-n${i}`, name: `Generated N${i}` })))
    .returning({ id: neighbourhoods.id, assemblyId: neighbourhoods.assemblyId });
  places.push(...hoods);
  const start = new Date("2025-02-01T00:00:00Z");
  const priorityRows = await db
    .insert(priorities)
    .values(
      Array.from({ length: 40 }, (_, i) => {
        const agreed = instant(next, start, 420);
        const status = pick(["active", "active", "monitoring", "resolved", "closed", "referred"] as const);
        const closed = ["resolved", "closed", "referred"].includes(status);
        return {
          neighbourhoodId: pick(hoods).id,
          title: `Gen ${i}`,
          youSaid: "Generated.",
          agreedOn: toIsoDate(agreed),
          reviewDate: "2026-12-01",
          status,
          outcomeSummary: closed ? "Done." : null,
          closedReason: status === "closed" ? "No more reports." : null,
          referredTo: status === "referred" ? "Highways" : null,
          closedAt: closed ? instant(next, agreed, 200) : null,
        };
      }),
    )
    .returning({ id: priorities.id, agreedOn: priorities.agreedOn });
  const taskRows = await db
    .insert(tasks)
    .values(
      Array.from({ length: 500 }, (_, i) => {
        const p = pick(priorityRows);
        const offered = instant(next, new Date(`${p.agreedOn}T00:00:00Z`), 200);
        const status = pick(["offered", "accepted", "in_progress", "done", "declined", "withdrawn"] as const);
        const answered = status !== "offered" && (status !== "withdrawn" || next() < 0.5);
        const accepted = answered && status !== "declined" ? instant(next, offered, 12) : null;
        const done = status === "done" ? instant(next, accepted ?? offered, 90) : null;
        const plan = next() < 0.6 ? instant(next, offered, 16) : null;
        const shift = (days: number) => toIsoDate(new Date(offered.getTime() + days * DAY));
        return {
          priorityId: p.id,
          agencyId: pick(agencyRows).id,
          title: `Gen task ${i}`,
          ask: "Generated.",
          confidentiality: next() < 0.2 ? ("partners_only" as const) : ("public" as const),
          status,
          offeredAt: offered,
          acceptedAt: accepted,
          acknowledgeBy: shift(Math.floor(next() * 9)),
          actionPlanDueBy: shift(10),
          actionPlanSubmittedAt: plan,
          dueDate: shift(Math.floor(next() * 80)),
          completedAt: done,
          outcomeSummary: done ? "Done." : null,
          declineReason: status === "declined" ? "Not ours." : null,
        };
      }),
    )
    .returning({ id: tasks.id, offeredAt: tasks.offeredAt });
  await db.insert(taskUpdates).values(
    Array.from({ length: 400 }, (_, i) => {
      const t = pick(taskRows);
      const safeguarding = next() < 0.05;
      return {
        taskId: t.id,
        body: `Update ${i}`,
        visibility: safeguarding || next() < 0.25 ? ("partners_only" as const) : ("public" as const),
        safeguardingReferral: safeguarding,
        createdAt: instant(next, t.offeredAt, 120),
      };
    }),
  );
  const meetingRows = await db
    .insert(meetings)
    .values(
      Array.from({ length: 20 }, () => {
        const starts = instant(next, start, 440);
        const status = pick(["held", "held", "scheduled", "cancelled"] as const);
        return {
          assemblyId: pick([one, two]).id,
          startsAt: starts,
          endsAt: new Date(starts.getTime() + 2 * 3_600_000),
          venue: "Hall",
          status,
          cancellationReason: status === "cancelled" ? "Hall flooded." : null,
          attendance: next() < 0.8 ? Math.floor(next() * 50) : null,
        };
      }),
    )
    .returning({ id: meetings.id });
  await db
    .insert(meetingNeighbourhoods)
    .values(
      meetingRows.flatMap((m) =>
        hoods.filter(() => next() < 0.6).map((n) => ({ meetingId: m.id, neighbourhoodId: n.id })),
      ),
    );
}

/**
 * Hand-made: in one neighbourhood, one agency's tasks accepted 4 in February,
 * 5 in March and 6 in April 2026, each with a known number of working days.
 */
async function buildEdgeCases() {
  const db = test.db;
  const [assembly] = await db
    .insert(assemblies)
    .values({ slug: "edge", name: "Edge" })
    .returning({ id: assemblies.id });
  const [hood] = await db
    .insert(neighbourhoods)
    .values({ assemblyId: assembly.id, slug: "edge-row", name: "Edge Row" })
    .returning({ id: neighbourhoods.id });
  const [agency] = await db
    .insert(agencies)
    .values({ slug: "edge-agency", name: "Edge Agency", kind: "other", inboxEmail: "edge@example.org" })
    .returning({ id: agencies.id });
  Object.assign(edge, { assembly: assembly.id, neighbourhood: hood.id, agency: agency.id });
  const [priority] = await db
    .insert(priorities)
    .values({
      neighbourhoodId: hood.id,
      title: "Edge",
      youSaid: "Edge.",
      agreedOn: "2026-01-05",
      reviewDate: "2026-12-01",
    })
    .returning({ id: priorities.id });
  // [offered, accepted, acknowledge by]: working days between them in the comment.
  const accepted: Array<[string, string, string]> = [
    // February: 4 cases.
    ["2026-02-02T10:00:00Z", "2026-02-03T10:00:00Z", "2026-02-09"], // 1
    ["2026-02-02T10:00:00Z", "2026-02-04T10:00:00Z", "2026-02-09"], // 2
    ["2026-02-02T10:00:00Z", "2026-02-05T10:00:00Z", "2026-02-09"], // 3
    ["2026-02-02T10:00:00Z", "2026-02-06T10:00:00Z", "2026-02-09"], // 4
    // March: 5 cases, two accepted after their accept-by day.
    ["2026-03-02T10:00:00Z", "2026-03-03T10:00:00Z", "2026-03-09"], // 1
    ["2026-03-02T10:00:00Z", "2026-03-03T10:00:00Z", "2026-03-09"], // 1
    ["2026-03-02T10:00:00Z", "2026-03-09T10:00:00Z", "2026-03-05"], // 5, late
    ["2026-03-02T10:00:00Z", "2026-03-10T10:00:00Z", "2026-03-05"], // 6, late
    ["2026-03-02T10:00:00Z", "2026-03-04T10:00:00Z", "2026-03-09"], // 2
    // April: 6 cases across Easter (Good Friday 3 April, Easter Monday 6 April).
    ["2026-04-02T10:00:00Z", "2026-04-07T10:00:00Z", "2026-04-09"], // 1
    ["2026-04-02T10:00:00Z", "2026-04-08T10:00:00Z", "2026-04-09"], // 2
    ["2026-04-02T10:00:00Z", "2026-04-09T10:00:00Z", "2026-04-09"], // 3
    ["2026-04-02T10:00:00Z", "2026-04-13T10:00:00Z", "2026-04-09"], // 5, late
    ["2026-04-02T10:00:00Z", "2026-04-14T10:00:00Z", "2026-04-09"], // 6, late
    // Accepted at 00:30 on 1 May in London (23:30 UTC on 30 April): a May acceptance, outside April.
    ["2026-04-02T10:00:00Z", "2026-04-30T23:30:00Z", "2026-04-09"],
    ["2026-04-02T10:00:00Z", "2026-04-10T10:00:00Z", "2026-04-09"], // 4, late
  ];
  await db.insert(tasks).values(
    accepted.map(([offered, at, by], i) => ({
      priorityId: priority.id,
      agencyId: agency.id,
      title: `Edge ${i}`,
      ask: "Edge.",
      status: "accepted" as const,
      offeredAt: new Date(offered),
      acceptedAt: new Date(at),
      acknowledgeBy: by,
      actionPlanDueBy: toIsoDate(new Date(new Date(offered).getTime() + 10 * DAY)),
      dueDate: "2026-12-31",
    })),
  );
  // Declined and withdrawn in April: offered, but never cases of a plan; the withdrawn one is no acceptance case.
  await db.insert(tasks).values([
    {
      priorityId: priority.id,
      agencyId: agency.id,
      title: "Declined",
      ask: "Edge.",
      status: "declined",
      declineReason: "Not ours.",
      offeredAt: new Date("2026-04-02T10:00:00Z"),
      acknowledgeBy: "2026-04-09",
      actionPlanDueBy: "2026-04-12",
      dueDate: "2026-04-15",
    },
    {
      priorityId: priority.id,
      agencyId: agency.id,
      title: "Withdrawn",
      ask: "Edge.",
      status: "withdrawn",
      offeredAt: new Date("2026-04-02T10:00:00Z"),
      acknowledgeBy: "2026-04-09",
      actionPlanDueBy: "2026-04-12",
      dueDate: "2026-04-15",
    },
  ]);
}

beforeAll(async () => {
  await seedDemo(test.db, { now: NOW, log: () => {} });
  await generate(18);
  await buildEdgeCases();
}, 240_000);

async function allPlaces() {
  const rows = await test.db
    .select({ id: neighbourhoods.id, assemblyId: neighbourhoods.assemblyId, slug: neighbourhoods.slug })
    .from(neighbourhoods);
  const assemblyIds = [...new Set(rows.map((r) => r.assemblyId))];
  return { neighbourhoods: rows, assemblyIds };
}

const named = (scope: Scope) => ({ scope, name: JSON.stringify(scope), slug: "" });

async function bothWays(scopes: Scope[], audience: Audience, assemblyId?: number) {
  const options = { audience, today: TODAY };
  const facts = await loadFacts({ period: monthsPeriod(MONTHS), audience, assemblyId }, test.db);
  const inNode = figuresTable(facts, scopes.map(named), MONTHS, options);
  const inSql = await figuresFromDatabase(scopes.map(named), MONTHS, { ...options, assemblyId }, test.db);
  return { inNode, inSql };
}

describe("the measures counted in SQL give the figures the TypeScript rules give", () => {
  it("has data worth comparing: the demo's year, generated edge cases, every status", async () => {
    const statuses = await test.db.selectDistinct({ status: tasks.status }).from(tasks);
    expect(statuses.map((s) => s.status).sort()).toEqual(
      ["accepted", "declined", "done", "in_progress", "offered", "withdrawn"].sort(),
    );
    expect(places).toHaveLength(3);
  });

  for (const audience of ["public", "partners"] as const) {
    it(`for the whole borough, every assembly and every neighbourhood (${audience})`, async () => {
      const { neighbourhoods: hoods, assemblyIds } = await allPlaces();
      const scopes: Scope[] = [
        { kind: "borough" },
        ...assemblyIds.map((id) => ({ kind: "assembly" as const, id })),
        ...hoods.map((n) => ({ kind: "neighbourhood" as const, id: n.id })),
      ];
      const { inNode, inSql } = await bothWays(scopes, audience);
      for (const [i, row] of inNode.entries()) expect(inSql[i], row.name).toEqual(row);
      // Not all zero: the comparison has something in it.
      const borough = inNode[0].total;
      for (const id of ["tasksOffered", "tasksCompleted", "tasksOverdue", "prioritiesStale"] as const) {
        expect(borough[id]).toMatchObject({ kind: "count", value: expect.any(Number) });
        expect((borough[id] as { value: number }).value, id).toBeGreaterThan(0);
      }
    });

    it(`for one assembly's own page and CSV (${audience})`, async () => {
      const { neighbourhoods: hoods, assemblyIds } = await allPlaces();
      for (const assemblyId of assemblyIds) {
        const scopes: Scope[] = [
          { kind: "assembly", id: assemblyId },
          ...hoods
            .filter((n) => n.assemblyId === assemblyId)
            .map((n) => ({ kind: "neighbourhood" as const, id: n.id })),
        ];
        const { inNode, inSql } = await bothWays(scopes, audience, assemblyId);
        for (const [i, row] of inNode.entries()) expect(inSql[i], row.name).toEqual(row);
      }
    });
  }

  it("for each agency beside all partners (the dashboard)", async () => {
    const agencyRows = await test.db.select({ id: agencies.id }).from(agencies);
    expect(agencyRows.length).toBeGreaterThan(3);
    for (const { id } of agencyRows) {
      const { inNode, inSql } = await bothWays([{ kind: "agency", id }, { kind: "borough" }], "partners");
      expect(inSql, `agency ${id}`).toEqual(inNode);
    }
  });
});

describe("figures worked out by hand", () => {
  async function edgeRow() {
    const [row] = await figuresFromDatabase(
      [named({ kind: "neighbourhood", id: edge.neighbourhood })],
      MONTHS,
      { audience: "partners", today: TODAY, assemblyId: edge.assembly },
      test.db,
    );
    return (month: string) => row.byMonth.find((m) => m.month === month)?.figures;
  }

  it("shows a rate or a median only from 5 cases, and takes the middle of an even number", async () => {
    const month = await edgeRow();
    // February: 4 acceptances (1, 2, 3, 4 working days), all on time: too few.
    expect(month("2026-02")?.tasksAcceptedOnTime).toEqual({
      kind: "rate",
      numerator: 4,
      denominator: 4,
      value: null,
    });
    expect(month("2026-02")?.medianDaysToAccept).toEqual({ kind: "median", cases: 4, value: null });
    // March: 5 (1, 1, 2, 5, 6), two late.
    expect(month("2026-03")?.tasksAcceptedOnTime).toEqual({
      kind: "rate",
      numerator: 3,
      denominator: 5,
      value: 3 / 5,
    });
    expect(month("2026-03")?.medianDaysToAccept).toEqual({ kind: "median", cases: 5, value: 2 });
    // April: 6 acceptances in April (1, 2, 3, 4, 5, 6 working days over Easter; the one at
    // 00:30 on 1 May is May's): the middle of an even number is halfway between 3 and 4.
    expect(month("2026-04")?.medianDaysToAccept).toEqual({ kind: "median", cases: 6, value: 3.5 });
    // 9 offered in April: 7 accepted, 1 declined (a case, never accepted: late), the withdrawn one left out.
    expect(month("2026-04")?.tasksOffered).toEqual({ kind: "count", value: 9 });
    expect(month("2026-04")?.tasksAcceptedOnTime).toMatchObject({ numerator: 3, denominator: 8 });
    expect(month("2026-05")).toBeUndefined();
  });

  it("counts overdue work at the end of each month, and today in this one", async () => {
    const month = await edgeRow();
    // The declined and withdrawn tasks were due on 15 April: never overdue. Nothing else is due in 2026.
    expect(month("2026-04")?.tasksOverdue).toEqual({ kind: "count", value: 0 });
    // The priority (agreed 5 January, no public news) is stale from 17 February (5 January + 43 days).
    expect(month("2026-01")?.prioritiesStale).toEqual({ kind: "count", value: 0 });
    expect(month("2026-02")?.prioritiesStale).toEqual({ kind: "count", value: 1 });
    expect(month("2026-04")?.prioritiesStale).toEqual({ kind: "count", value: 1 });
  });

  it("drops a task from overdue the day it is done, in UK time", async () => {
    const [task] = await test.db
      .insert(tasks)
      .values({
        priorityId: (
          await test.db.select({ id: priorities.id }).from(priorities).where(eq(priorities.title, "Edge"))
        )[0].id,
        agencyId: edge.agency,
        title: "Overdue then done",
        ask: "Edge.",
        status: "done",
        outcomeSummary: "Done.",
        offeredAt: new Date("2026-01-05T10:00:00Z"),
        acceptedAt: new Date("2026-01-06T10:00:00Z"),
        acknowledgeBy: "2026-01-12",
        actionPlanDueBy: "2026-01-15",
        dueDate: "2026-01-30",
        // 00:30 on 1 March in London (GMT): still overdue at the end of February.
        completedAt: new Date("2026-03-01T00:30:00Z"),
      })
      .returning({ id: tasks.id });
    try {
      const month = await edgeRow();
      expect(month("2026-01")?.tasksOverdue).toEqual({ kind: "count", value: 1 });
      expect(month("2026-02")?.tasksOverdue).toEqual({ kind: "count", value: 1 });
      expect(month("2026-03")?.tasksOverdue).toEqual({ kind: "count", value: 0 });
      expect(month("2026-03")?.tasksCompleted).toEqual({ kind: "count", value: 1 });
    } finally {
      await test.db.delete(tasks).where(eq(tasks.id, task.id));
    }
  });
});
