// Public priority and update lists are prepared once per shape of query (which conditions
// it sets), with the values as placeholders. A shape kept from one call must
// never answer another: new values, another shape, an empty list, a count.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { latestCrimeFigures } from "~/domain/measures/crime-figures";
import {
  countPublicPriorities,
  listPublicMeetings,
  listPublicPriorities,
  listPublicUpdates,
  type PriorityQuery,
} from "~/domain/publication";
import { openDataPriorities } from "~/domain/reports/open-data";
import { neighbourhoodFeed, neighbourhoodPage, priorityPage } from "~/domain/reports/public-pages";
import { openDatabase, rowsOf } from "~db/client.server";
import { buildCategory, buildMeeting, buildNeighbourhood, buildPriority } from "../factories/build";
import { onServer, useTestDatabase } from "../setup/database";

const test = useTestDatabase();

describe("public priorities, prepared per shape", () => {
  it("answer each call with its own values and conditions, in the order asked for", async () => {
    const db = test.db;
    const now = new Date("2026-11-20T12:00:00Z");
    const north = await buildNeighbourhood(db);
    const south = await buildNeighbourhood(db);
    const litter = await buildCategory(db, { slug: "litter-x" });
    const make = (title: string, neighbourhood: number, extra: Parameters<typeof buildPriority>[1] = {}) =>
      buildPriority(db, { now, title, neighbourhood, ...extra }).then((made) => made.priority.id);
    const northLitter = await make("North litter", north.id, { categoryId: litter.id, agreedDaysAgo: 10 });
    const northParking = await make("North parking", north.id, { agreedDaysAgo: 20 });
    const northDone = await make("North done", north.id, {
      status: "resolved",
      closedAt: new Date("2025-06-01T10:00:00Z"),
    });
    const southLitter = await make("South litter", south.id, { categoryId: litter.id });

    const titles = async (query: PriorityQuery) =>
      (await listPublicPriorities(query, db)).map((p) => p.title);
    const current = (neighbourhoodId: number): PriorityQuery => ({
      neighbourhoodId,
      which: "current",
      limit: 20,
    });

    // One shape, two values.
    expect(await titles({ ...current(north.id), order: "newest" })).toEqual([
      "North litter",
      "North parking",
    ]);
    expect(await titles({ ...current(south.id), order: "newest" })).toEqual(["South litter"]);
    // Another order, another shape; the limit and offset are values, not shape.
    expect(await titles({ ...current(north.id), order: "newest", limit: 1, offset: 1 })).toEqual([
      "North parking",
    ]);
    // Past, and past in a year: a year's bounds are values.
    expect(await titles({ neighbourhoodId: north.id, which: "past", limit: 20 })).toEqual(["North done"]);
    expect(await titles({ neighbourhoodId: north.id, which: "past", closedInYear: 2025, limit: 20 })).toEqual(
      ["North done"],
    );
    expect(await titles({ neighbourhoodId: north.id, which: "past", closedInYear: 2024, limit: 20 })).toEqual(
      [],
    );
    // An empty category filters nothing; a category filters; the two are not one shape.
    expect(await titles({ ...current(north.id), categorySlug: "" })).toHaveLength(2);
    expect(await titles({ ...current(north.id), categorySlug: "litter-x" })).toEqual(["North litter"]);
    expect(await titles({ ...current(north.id), categorySlug: "" })).toHaveLength(2);
    // Lists of ids of any length, and none.
    expect(
      await titles({ ids: [southLitter, northParking], which: "all", order: "newest", limit: 20 }),
    ).toEqual(["North parking", "South litter"]);
    expect(await titles({ ids: [northLitter], which: "all", limit: 20 })).toEqual(["North litter"]);
    expect(await titles({ ids: [northDone], which: "all", limit: 20 })).toEqual(["North done"]);
    expect(await titles({ ids: [], which: "all", limit: 20 })).toEqual([]);
    expect(
      await titles({ neighbourhoodIds: [north.id, south.id], which: "current", limit: 20 }),
    ).toHaveLength(3);
    expect(await titles({ neighbourhoodIds: [], which: "current", limit: 20 })).toEqual([]);

    // Counts ignore the limit and keep to their own shape.
    expect(await countPublicPriorities({ ...current(north.id), limit: 1 }, db)).toBe(2);
    expect(await countPublicPriorities({ ...current(south.id), limit: 1 }, db)).toBe(1);
    expect(
      await countPublicPriorities({ ...current(north.id), categorySlug: "litter-x", limit: 1 }, db),
    ).toBe(1);
    expect(await countPublicPriorities({ ids: [], limit: 1 }, db)).toBe(0);
  });

  it("work inside a transaction, which keeps its own", async () => {
    const db = test.db;
    const place = await buildNeighbourhood(db);
    await buildPriority(db, { title: "Before", neighbourhood: place.id });
    const seen = await db.transaction(async (tx) => {
      await buildPriority(tx as never, { title: "Inside", neighbourhood: place.id });
      return (await listPublicPriorities({ neighbourhoodId: place.id, which: "current", limit: 20 }, tx)).map(
        (p) => p.title,
      );
    });
    expect(seen.sort()).toEqual(["Before", "Inside"]);
  });
});

describe("public updates, prepared per shape", () => {
  it("answer each call with its own window, place and priorities", async () => {
    const db = test.db;
    const now = new Date("2026-11-20T12:00:00Z");
    const north = await buildNeighbourhood(db);
    const south = await buildNeighbourhood(db);
    const one = await buildPriority(db, {
      now,
      neighbourhood: north.id,
      tasks: [
        {
          updates: [
            { body: "N old", daysAgo: 9 },
            { body: "N new", daysAgo: 2 },
          ],
        },
      ],
    });
    const two = await buildPriority(db, {
      now,
      neighbourhood: south.id,
      tasks: [{ updates: [{ body: "S mid", daysAgo: 5 }] }],
    });
    const bodies = async (query: Parameters<typeof listPublicUpdates>[0]) =>
      (await listPublicUpdates(query, db)).map((u) => u.body);
    const days = (n: number) => new Date(now.getTime() - n * 86_400_000);

    expect(await bodies({ neighbourhoodId: north.id, limit: 10 })).toEqual(["N new", "N old"]);
    expect(await bodies({ neighbourhoodId: south.id, limit: 10 })).toEqual(["S mid"]);
    expect(await bodies({ neighbourhoodId: north.id, limit: 1 })).toEqual(["N new"]);
    expect(await bodies({ priorityIds: [one.priority.id, two.priority.id], limit: 10 })).toEqual([
      "N new",
      "S mid",
      "N old",
    ]);
    expect(await bodies({ priorityIds: [two.priority.id], limit: 10 })).toEqual(["S mid"]);
    expect(await bodies({ priorityIds: [], limit: 10 })).toEqual([]);
    // A window: since is inclusive, before is not.
    const window = { priorityIds: [one.priority.id, two.priority.id], limit: 10 };
    expect(await bodies({ ...window, since: days(5) })).toEqual(["N new", "S mid"]);
    expect(await bodies({ ...window, since: days(9), before: days(5) })).toEqual(["N old"]);
    expect(await bodies({ ...window, before: days(2) })).toEqual(["S mid", "N old"]);
  });
});

describe("public meetings, prepared per shape", () => {
  it("answer each call with its own place, window, order and page", async () => {
    const db = test.db;
    const now = new Date("2026-11-20T12:00:00Z");
    const north = await buildNeighbourhood(db);
    const south = await buildNeighbourhood(db);
    for (const [title, days, place] of [
      ["N past", -30, north.id],
      ["N soon", 5, north.id],
      ["N later", 40, north.id],
      ["S soon", 6, south.id],
    ] as const) {
      await buildMeeting(db, { now, title, startsInDays: days, neighbourhoods: [place] });
    }
    const titles = async (query: Parameters<typeof listPublicMeetings>[0]) =>
      (await listPublicMeetings(query, db)).map((m) => m.title);
    const at = (days: number) => new Date(now.getTime() + days * 86_400_000);

    expect(await titles({ neighbourhoodId: north.id, order: "asc", limit: 10 })).toEqual([
      "N past",
      "N soon",
      "N later",
    ]);
    expect(await titles({ neighbourhoodId: south.id, order: "asc", limit: 10 })).toEqual(["S soon"]);
    expect(await titles({ neighbourhoodId: north.id, order: "desc", limit: 10 })).toEqual([
      "N later",
      "N soon",
      "N past",
    ]);
    expect(await titles({ neighbourhoodId: north.id, order: "asc", from: now, limit: 10 })).toEqual([
      "N soon",
      "N later",
    ]);
    expect(await titles({ neighbourhoodId: north.id, order: "desc", before: now, limit: 10 })).toEqual([
      "N past",
    ]);
    expect(
      await titles({ neighbourhoodId: north.id, order: "asc", from: at(-31), before: at(40), limit: 10 }),
    ).toEqual(["N past", "N soon"]);
    expect(await titles({ neighbourhoodId: north.id, order: "asc", limit: 1, offset: 2 })).toEqual([
      "N later",
    ]);
  });
});

type PlanNode = {
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
};

/** Rows a plan read from a table, kept or filtered out, over every loop. */
function rowsReadFrom(node: PlanNode, table: string): number {
  const own =
    node["Relation Name"] === table
      ? ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)) * (node["Actual Loops"] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsReadFrom(child, table), 0);
}

describe("public reads on a PostgreSQL server", () => {
  // PostgreSQL tries five plans made for a prepared statement's values, then keeps one plan for
  // any values if that looks no dearer. Lists of ids passed as values kept it re-planning every
  // call (a list of one looked cheaper than any list), about half the database's time on an
  // uncached feed. Each statement of the hot public reads must settle on its kept plan.
  it.skipIf(!onServer())("settle on one kept plan each after PostgreSQL's five trial plans", async () => {
    const now = new Date("2026-11-20T12:00:00Z");
    const neighbourhood = await buildNeighbourhood(test.db);
    const made = [];
    for (const title of ["Parking on the green", "Litter by the shops"])
      made.push(
        await buildPriority(test.db, {
          now,
          title,
          neighbourhood: neighbourhood.id,
          tasks: [{ status: "in_progress", updates: [{ body: "Patrols twice a week.", figures: [] }] }],
        }),
      );
    // One connection, so every call meets the statements the calls before it prepared.
    const one = openDatabase({ url: test.handle.url, poolSize: 1 });
    try {
      for (let call = 0; call < 8; call++) {
        const page = await neighbourhoodPage(neighbourhood.slug, now, one.db);
        expect(page?.priorities.map((p) => p.title).sort()).toEqual([
          "Litter by the shops",
          "Parking on the green",
        ]);
        await latestCrimeFigures(neighbourhood.id, one.db);
        const feed = await neighbourhoodFeed(neighbourhood.slug, now, one.db);
        expect(feed?.entries.filter((e) => e.kind === "update")).toHaveLength(2);
        const priority = await priorityPage(neighbourhood.slug, made[call % 2].priority.id, now, one.db);
        expect(priority?.agencies[0].tasks[0].updates.map((u) => u.body)).toEqual(["Patrols twice a week."]);
        const api = await openDataPriorities(
          neighbourhood.slug,
          { page: 1, perPage: 20, status: "all" },
          "http://localhost",
          now,
          one.db,
        );
        expect(api).not.toBeNull();
      }
      const statements = rowsOf<{ statement: string; generic: number; custom: number }>(
        await one.db.execute(sql`
          select statement, generic_plans::int as generic, custom_plans::int as custom
          from pg_prepared_statements where statement like '%select%' and statement not like '%pg_catalog%'`),
      );
      // Among them: the one statement the feed, the API and the pages read a neighbourhood's lists
      // with (its shapes for each), and a read that passes a list of ids (the priority page's: the
      // kind that never settled before).
      expect(
        statements.filter((s) => s.statement.includes("json_agg(listed.row)")).length,
      ).toBeGreaterThanOrEqual(3);
      expect(statements.filter((s) => s.statement.includes("= any((select")).length).toBeGreaterThanOrEqual(
        1,
      );
      const unsettled = statements.filter((s) => s.custom > 5);
      expect(unsettled.map((s) => `${s.custom} plans made for: ${s.statement.slice(0, 160)}`)).toEqual([]);
    } finally {
      await one.close();
    }
  });
});

describe("public reads on a PostgreSQL server, at scale (last: it loads 10,000 updates)", () => {
  // The kept plan must also be a good one: with its limit sent as a value, the plan kept for a
  // priority's updates assumed a tenth of the rows were wanted and walked every public update
  // newest first, looking for the priority's few.
  it.skipIf(!onServer())(
    "keep a plan for a priority's updates that reads that priority's updates only",
    async () => {
      const now = new Date("2026-11-20T12:00:00Z");
      const quiet = await buildPriority(test.db, {
        now,
        title: "Quiet priority",
        tasks: [
          {
            updates: [
              { body: "First visit.", daysAgo: 40 },
              { body: "Second visit.", daysAgo: 30 },
            ],
          },
        ],
      });
      const busy = await buildPriority(test.db, { now, title: "Busy priority", tasks: [{}] });
      // As at scale: many priorities with a task and a few updates each (2,000 priorities, 10,000
      // updates, all newer than the quiet priority's), so the planner expects a priority's updates
      // to be few, as they are.
      const busyTask = busy.tasks[0].task.id;
      await test.db.execute(sql`
      insert into priorities (neighbourhood_id, title, you_said, agreed_on, review_date, status)
      select neighbourhood_id, title || ' ' || g, you_said, agreed_on, review_date, status
      from priorities cross join generate_series(1, 2000) g where id = ${busy.priority.id}`);
      await test.db.execute(sql`
      insert into tasks (priority_id, agency_id, title, ask, status, confidentiality, acknowledge_by,
                         action_plan_due_by, due_date)
      select p.id, t.agency_id, t.title, t.ask, t.status, t.confidentiality, t.acknowledge_by,
             t.action_plan_due_by, t.due_date
      from tasks t cross join priorities p where t.id = ${busyTask} and p.title like 'Busy priority %'`);
      await test.db.execute(sql`
      insert into task_updates (task_id, body, visibility, created_at)
      select t.id, 'Busy update ' || g, 'public', ${now.toISOString()}::timestamptz - g * interval '1 minute'
      from tasks t join priorities p on p.id = t.priority_id cross join generate_series(1, 5) g
      where p.title like 'Busy priority %'`);
      await test.db.execute(sql`analyze priorities`);
      await test.db.execute(sql`analyze tasks`);
      await test.db.execute(sql`analyze task_updates`);
      const one = openDatabase({ url: test.handle.url, poolSize: 1 });
      try {
        for (let call = 0; call < 8; call++) {
          const updates = await listPublicUpdates({ priorityIds: [quiet.priority.id], limit: 500 }, one.db);
          expect(updates.map((u) => u.body)).toEqual(["Second visit.", "First visit."]);
        }
        const [kept] = rowsOf<{ name: string }>(
          await one.db.execute(sql`
            select name from pg_prepared_statements
            where statement like '%from "task_updates"%' and statement like '%limit 500'`),
        );
        const [explained] = rowsOf<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>(
          await one.db.execute(
            sql.raw(`explain (analyze, format json) execute "${kept.name}"('{${quiet.priority.id}}')`),
          ),
        );
        expect(rowsReadFrom(explained["QUERY PLAN"][0].Plan, "task_updates")).toBeLessThan(50);
      } finally {
        await one.close();
      }
    },
  );
});
