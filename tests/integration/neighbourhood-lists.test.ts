// A neighbourhood's public lists read in one statement (publication/neighbourhood-lists, for the
// Atom feed and the open-data API) must give exactly what the single reads give: the same rows,
// the same order, the same values decoded the same way (dates, figures, nulls from a left join),
// the same page, and nothing the publication rule keeps back, with data that would leak.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { toIsoDate } from "~/domain/core/deadlines";
import { latestCrimeFigures } from "~/domain/measures/crime-figures";
import {
  countPublicPriorities,
  findPublicNeighbourhood,
  latestPublicUpdates,
  listPublicMeetings,
  listPublicPriorities,
  listPublicTasks,
  listPublicUpdates,
  neighbourhoodLists,
  nextPublicMeetings,
  type PriorityQuery,
} from "~/domain/publication";
import { neighbourhoodPage } from "~/domain/reports/public-pages";
import { latestPublishedReports } from "~/domain/reports/reports";
import { jsonList, jsonRowOf, readJsonRows } from "~db/json-rows";
import * as t from "~db/schema";
import {
  buildAgency,
  buildCategory,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";

const test = useTestDatabase();
const now = new Date("2026-11-20T12:00:00Z");

/** A neighbourhood with public and private work, meetings before and after `now`, and a neighbour. */
let made = 0;
async function aNeighbourhood() {
  const db = test.db;
  const n = ++made;
  const place = await buildNeighbourhood(db, { slug: `lists-north-${n}`, name: "Lists North" });
  const neighbour = await buildNeighbourhood(db, { slug: `lists-south-${n}`, assemblyId: place.assemblyId });
  const category = await buildCategory(db, { slug: `lists-litter-${n}`, name: "Litter" });
  const council = await buildAgency(db, { slug: `lists-council-${n}`, name: "Council" });
  const yot = await buildAgency(db, {
    slug: `lists-yot-${n}`,
    name: "Youth offending",
    kind: "youth_offending",
    defaultConfidentiality: "partners_only",
  });
  const { meeting: agreedAt } = await buildMeeting(db, {
    neighbourhoods: [place.id],
    startsInDays: -40,
    now,
    title: "Autumn PACT",
  });
  await buildMeeting(db, {
    neighbourhoods: [place.id],
    startsInDays: 3,
    now,
    status: "cancelled",
    cancellationReason: "Hall flooded.",
  });
  const { meeting: next } = await buildMeeting(db, { neighbourhoods: [place.id], startsInDays: 9, now });
  await buildMeeting(db, { neighbourhoods: [neighbour.id], startsInDays: 1, now });

  await buildPriority(db, {
    now,
    neighbourhood: place.id,
    title: "Litter on the green",
    categoryId: category.id,
    agreedAtMeetingId: agreedAt.id,
    agreedDaysAgo: 40,
    tasks: [
      {
        agency: council.id,
        status: "in_progress",
        updates: [
          { body: "Two sweeps done.", daysAgo: 5, figures: [{ label: "Bags", value: 12.5, unit: "bags" }] },
          { body: "PARTNERS ONLY: the landlord's name", visibility: "partners_only", daysAgo: 2 },
          { body: "SAFEGUARDING: a child at number 4", safeguardingReferral: true, daysAgo: 1 },
        ],
      },
      { agency: yot.id, status: "in_progress", updates: [{ body: "YOUTH OFFENDING: a named young person" }] },
      { agency: council.id, status: "in_progress", confidentiality: "partners_only" },
    ],
  });
  await buildPriority(db, {
    now,
    neighbourhood: place.id,
    title: "Parking by the school",
    agreedDaysAgo: 20,
    tasks: [
      { agency: council.id, status: "done", outcome: "Lines painted.", updates: [{ body: "Painted." }] },
    ],
  });
  await buildPriority(db, {
    now,
    neighbourhood: place.id,
    title: "Speeding (closed)",
    status: "resolved",
    closedAt: new Date("2026-06-01T10:00:00Z"),
    agreedDaysAgo: 300,
  });
  await buildPriority(db, {
    now,
    neighbourhood: neighbour.id,
    title: "The neighbour's priority",
    tasks: [{ agency: council.id, updates: [{ body: "The neighbour's update." }] }],
  });
  return { place, next };
}

/** What the single reads give for the same query: the reference the one statement must equal. */
async function singleReads(
  slug: string,
  query: Omit<PriorityQuery, "neighbourhoodId">,
  updates: { ofPriorities?: number; ofNeighbourhood?: number },
) {
  const db = test.db;
  const neighbourhood = await findPublicNeighbourhood(slug, db);
  if (!neighbourhood) throw new Error(`no neighbourhood ${slug}`);
  const of = { ...query, neighbourhoodId: neighbourhood.id };
  const priorities = await listPublicPriorities(of, db);
  const ids = priorities.map((p) => p.id);
  return {
    neighbourhood,
    priorities,
    total: await countPublicPriorities(of, db),
    tasks: await listPublicTasks(ids, toIsoDate(now), db),
    latest: await latestPublicUpdates(ids, db),
    next: await nextPublicMeetings([neighbourhood.id], now, db),
    updates: updates.ofPriorities
      ? await listPublicUpdates({ priorityIds: ids, limit: updates.ofPriorities }, db)
      : await listPublicUpdates(
          { neighbourhoodId: neighbourhood.id, limit: updates.ofNeighbourhood ?? 0 },
          db,
        ),
    meetings: [],
    whatsWorking: [],
    also: {},
  };
}

describe("a neighbourhood's public lists in one statement", () => {
  it("equal the single reads, for the feed's query and the API's, a page at a time", async () => {
    const { place, next } = await aNeighbourhood();
    const feedQuery = { which: "all", order: "newest", limit: 20 } as const;
    const feed = await neighbourhoodLists(
      place.slug,
      { priorities: feedQuery, updatesOfNeighbourhood: 50 },
      now,
      test.db,
    );
    const expected = await singleReads(place.slug, feedQuery, { ofNeighbourhood: 50 });
    expect(feed).toEqual({ ...expected, total: null });

    // Not vacuous: every kind of list has rows, decoded as the single reads decode them.
    expect(feed?.priorities.map((p) => p.title)).toEqual([
      "Parking by the school",
      "Litter on the green",
      "Speeding (closed)",
    ]);
    const litter = feed?.priorities[1];
    expect(litter?.category).toEqual({ slug: `lists-litter-${made}`, name: "Litter" });
    expect(litter?.agreedAt?.title).toBe("Autumn PACT");
    expect(litter?.agreedAt?.startsAt).toBeInstanceOf(Date);
    expect(feed?.priorities[0].agreedAt).toBeNull();
    expect(feed?.tasks.map((task) => task.agency.name)).toEqual(["Council", "Council"]);
    expect(feed?.updates.map((u) => u.body)).toEqual(["Painted.", "Two sweeps done."]);
    expect(feed?.updates[1].figures).toEqual([{ label: "Bags", value: 12.5, unit: "bags" }]);
    expect(feed?.updates[1].createdAt).toEqual(new Date("2026-11-15T12:00:00Z"));
    expect([...(feed?.next.values() ?? [])].map((m) => m.id)).toEqual([next.id]);
    expect(feed?.latest.size).toBe(2);

    // The API's: current priorities, one a page, counted, with their own updates.
    for (const page of [0, 1, 2]) {
      const apiQuery = { which: "current", order: "newest", limit: 1, offset: page } as const;
      const api = await neighbourhoodLists(
        place.slug,
        { priorities: apiQuery, count: true, updatesOfPriorities: 1000 },
        now,
        test.db,
      );
      expect(api).toEqual(await singleReads(place.slug, apiQuery, { ofPriorities: 1000 }));
      expect(api?.total).toBe(2);
      expect(api?.priorities).toHaveLength(page < 2 ? 1 : 0);
      // Only the page's priority's tasks and updates.
      const listed = new Set(api?.priorities.map((p) => p.id));
      expect(api?.tasks.every((task) => listed.has(task.priorityId))).toBe(true);
      expect(api?.updates.every((u) => listed.has(u.priorityId))).toBe(true);
    }
  });

  it("give each priority's newest update whether or not the list of their updates was cut at its limit", async () => {
    const { place } = await aNeighbourhood();
    const query = { which: "all", order: "newest", limit: 20 } as const;
    const all = await singleReads(place.slug, query, { ofPriorities: 1000 });
    // Two public updates, one of each of two priorities; the newest is the parking one's.
    expect(all.updates.map((u) => u.body)).toEqual(["Painted.", "Two sweeps done."]);
    expect(all.latest.size).toBe(2);
    // 1: cut, and the litter priority's update is not in the list; 2: exactly full; 3: room to spare.
    for (const limit of [1, 2, 3]) {
      const lists = await neighbourhoodLists(
        place.slug,
        { priorities: query, updatesOfPriorities: limit },
        now,
        test.db,
      );
      expect(lists?.updates, `at most ${limit}`).toEqual(all.updates.slice(0, limit));
      expect(lists?.latest, `at most ${limit}`).toEqual(all.latest);
    }
  });

  it("carry nothing the publication rule keeps back, nor the neighbour's work", async () => {
    const { place } = await aNeighbourhood();
    const lists = await neighbourhoodLists(
      place.slug,
      { priorities: { which: "all", limit: 20 }, count: true, updatesOfPriorities: 1000 },
      now,
      test.db,
    );
    const text = JSON.stringify(lists, (_key, value) => (value instanceof Map ? [...value] : value));
    expect(text).toContain("Two sweeps done.");
    for (const secret of ["PARTNERS ONLY", "SAFEGUARDING", "YOUTH OFFENDING", "neighbour's"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("answer null for a slug that names no neighbourhood", async () => {
    await aNeighbourhood();
    const query = { priorities: { which: "all", limit: 20 }, count: true } as const;
    expect(await neighbourhoodLists("no-such-place", query, now, test.db)).toBeNull();
  });
});

describe("the neighbourhood page's lists, in the same statement", () => {
  const HOUR = 3_600_000;
  const hoursFrom = (hours: number) => new Date(now.getTime() + hours * HOUR);

  it("give its meetings to come (one on for under three hours included), three at most, soonest first", async () => {
    const { place } = await aNeighbourhood();
    const meeting = async (title: string, startsAt: Date) =>
      buildMeeting(test.db, { neighbourhoods: [place.id], title, startsAt, now });
    await meeting("Started 3 h 1 min ago", hoursFrom(-3 - 1 / 60));
    await meeting("Started 2 h 59 min ago", hoursFrom(-3 + 1 / 60));
    await meeting("In a month", hoursFrom(24 * 30));
    await meeting("In two months", hoursFrom(24 * 60));
    const from = hoursFrom(-3);
    const lists = await neighbourhoodLists(
      place.slug,
      { priorities: { which: "current", limit: 20 }, meetings: { from, limit: 3 } },
      now,
      test.db,
    );
    const single = await listPublicMeetings(
      { neighbourhoodId: place.id, from, order: "asc", limit: 3 },
      test.db,
    );
    expect(lists?.meetings).toEqual(single);
    // The one still on, the cancelled one in 3 days (shown as cancelled), the one in 9 days.
    expect(lists?.meetings.map((m) => [m.title || m.statusLabel, m.status])).toEqual([
      ["Started 2 h 59 min ago", "scheduled"],
      [expect.any(String), "cancelled"],
      [expect.any(String), "scheduled"],
    ]);
    expect(lists?.meetings[1].cancellationReason).toBe("Hall flooded.");
    expect(lists?.meetings[0].startsAt).toEqual(hoursFrom(-3 + 1 / 60));
    expect(lists?.whatsWorking).toEqual([]);
  });

  it('give its latest two published "what\'s working" notes, newest first, and none unpublished or blank', async () => {
    const { place } = await aNeighbourhood();
    const held = (daysAgo: number, spec: { whatsWorking: string; published?: boolean }, where = place.id) =>
      buildMeeting(test.db, {
        neighbourhoods: [where],
        startsInDays: -daysAgo,
        now,
        status: "held",
        title: spec.whatsWorking || `Blank ${daysAgo}`,
        whatsWorking: spec.whatsWorking,
        publishedAt: spec.published === false ? null : hoursFrom(-24 * daysAgo + 48),
      });
    await held(60, { whatsWorking: "Oldest note." });
    await held(30, { whatsWorking: "Street lights fixed quickly." });
    await held(20, { whatsWorking: "NOT YET PUBLISHED", published: false });
    await held(15, { whatsWorking: "" });
    await held(10, { whatsWorking: "The youth club helped." });
    const neighbour = await buildNeighbourhood(test.db, { slug: `ww-neighbour-${made}` });
    await held(5, { whatsWorking: "THE NEIGHBOUR'S NOTE" }, neighbour.id);
    const lists = await neighbourhoodLists(
      place.slug,
      { priorities: { which: "current", limit: 20 }, whatsWorking: 2 },
      now,
      test.db,
    );
    expect(lists?.whatsWorking.map((m) => m.whatsWorking)).toEqual([
      "The youth club helped.",
      "Street lights fixed quickly.",
    ]);
    expect(lists?.whatsWorking[0].startsAt).toEqual(hoursFrom(-24 * 10));
    expect(lists?.meetings).toEqual([]);
    const page = await neighbourhoodPage(place.slug, now, test.db);
    expect(page?.whatsWorking.map((w) => w.text)).toEqual([
      "The youth club helped.",
      "Street lights fixed quickly.",
    ]);
  });

  it("carry lists of the groups above (crime figures, the latest report) as the single reads give them", async () => {
    const { place } = await aNeighbourhood();
    const other = await buildNeighbourhood(test.db, { slug: `lists-elsewhere-${made}` });
    const figures = (neighbourhoodId: number, month: string, total: number) =>
      test.db.insert(t.crimeFigures).values([
        { neighbourhoodId, month, kind: "total", name: "all", count: total },
        { neighbourhoodId, month, kind: "category", name: "burglary", count: total - 1 },
        { neighbourhoodId, month, kind: "category", name: "drugs", count: 1 },
        { neighbourhoodId, month, kind: "outcome", name: "Under investigation", count: total },
      ]);
    await figures(place.id, "2026-08", 5);
    await figures(place.id, "2026-09", 7);
    await figures(other.id, "2026-10", 99);
    const report = (assemblyId: number, month: string) =>
      test.db.insert(t.monthlyReports).values({ assemblyId, month, publicContent: {}, partnersContent: {} });
    await report(place.assemblyId, "2026-08");
    await report(place.assemblyId, "2026-09");
    await report(other.assemblyId, "2026-10");

    const page = await neighbourhoodPage(place.slug, now, test.db);
    expect(page?.crime).toEqual(await latestCrimeFigures(place.id, test.db));
    expect(page?.crime).toMatchObject({ month: "2026-09", total: 7 });
    expect(page?.crime?.categories.map((c) => [c.name, c.count])).toEqual([
      ["burglary", 6],
      ["drugs", 1],
    ]);
    const [assembly] = await test.db
      .select({ slug: t.assemblies.slug })
      .from(t.assemblies)
      .where(eq(t.assemblies.id, place.assemblyId));
    expect(page?.latestReport).toEqual(
      (await latestPublishedReports([assembly.slug], test.db)).get(assembly.slug),
    );
    expect(page?.latestReport?.url).toBe(`/reports/${assembly.slug}/2026-09`);

    // None yet: no figures, no report.
    const quiet = await buildNeighbourhood(test.db, { slug: `lists-quiet-${made}` });
    const empty = await neighbourhoodPage(quiet.slug, now, test.db);
    expect(empty?.crime).toBeNull();
    expect(empty?.latestReport).toBeNull();
  });

  it("refuse an added list named as one of their own", async () => {
    const { place } = await aNeighbourhood();
    const query = {
      priorities: { which: "current", limit: 20 },
      also: { name: "clash", select: () => ({ meetings: sql`'[]'::json` }) },
    } as const;
    await expect(neighbourhoodLists(place.slug, query, now, test.db)).rejects.toThrow(/own fields/);
  });
});

describe("db/json-rows", () => {
  it("reads a list back as a plain select of the same fields reads it", async () => {
    await aNeighbourhood();
    const fields = {
      id: t.meetings.id,
      title: t.meetings.title,
      startsAt: t.meetings.startsAt,
      status: t.meetings.status,
      attendance: t.meetings.attendance,
      publishedAt: t.meetings.publishedAt,
    };
    const plain = await test.db.select(fields).from(t.meetings).orderBy(t.meetings.startsAt);
    const [{ list }] = await test.db
      .select({
        list: jsonList(test.db.select(jsonRowOf(fields)).from(t.meetings).orderBy(t.meetings.startsAt)),
      })
      .from(t.assemblies)
      .limit(1);
    expect(plain.length).toBeGreaterThan(3);
    expect(readJsonRows(fields, list)).toEqual(plain);
  });
});
