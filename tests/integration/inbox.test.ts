// The partner inbox: counts, filters, due-date order, pages, who may open it,
// a fixed number of queries whatever the page holds, and (on the server) an
// index-driven plan with 10,000 tasks in the agency.
import { eq, fillPlaceholders, sql } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/domain/core/access";
import { addCalendarDays, toIsoDate } from "~/domain/core/deadlines";
import {
  countInbox,
  getInbox,
  INBOX_PAGE_SIZE,
  INBOX_STATUS_FILTERS,
  type InboxFilters,
  inboxQueries,
  listInboxAgencies,
  totalFromCounts,
} from "~/domain/tasks/inbox";
import { openDatabase, rowsOf } from "~db/client.server";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildNeighbourhood,
  buildOffer,
  buildPriority,
  buildUser,
  buildViewer,
  type OfferSpec,
} from "../factories/build";
import { viewer } from "../factories/demo";
import { onServer, useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { countingDatabase } from "../support/query-counter";

const test = useTestDatabase();
useFixedClock();

let asb: Viewer;
let asbAgency: number;
let police: Viewer;
let admin: Viewer;
let housingAgency: number;
let streetprideAgency: number;
let maynardId: number;
let sitwell: typeof t.neighbourhoods.$inferSelect;
let maltby: typeof t.neighbourhoods.$inferSelect;
const today = toIsoDate(new Date());

const base = (agencyId: number): InboxFilters => ({ agencyId, status: "open", page: 1 });

/** A task just offered on the Maynard Road priority. */
const offer = (agencyId: number, values: OfferSpec = {}) =>
  buildOffer(test.db, { priorityId: maynardId, agencyId, ...values });

beforeAll(async () => {
  await buildBankHolidays(test.db);
  // Two assemblies: Sitwell's Maynard Road priority, where the council's ASB team has one
  // task in progress (assigned to its coordinator), and Maltby's, where only the police work.
  const south = await buildAssembly(test.db, { name: "Rotherham South" });
  const north = await buildAssembly(test.db, { name: "Maltby and Hellaby" });
  sitwell = await buildNeighbourhood(test.db, { assemblyId: south.id, name: "Sitwell" });
  maltby = await buildNeighbourhood(test.db, { assemblyId: north.id, name: "Maltby" });
  asbAgency = (await buildAgency(test.db, { name: "Council ASB Team" })).id;
  const policeAgency = (await buildAgency(test.db, { name: "SYP Neighbourhood Team", kind: "police" })).id;
  housingAgency = (await buildAgency(test.db, { name: "Housing", kind: "housing" })).id;
  streetprideAgency = (await buildAgency(test.db, { name: "Streetpride" })).id;
  asb = await buildViewer(test.db, { agencies: [{ agencyId: asbAgency, role: "coordinator" }] });
  police = await buildViewer(test.db, { agencies: [policeAgency] });
  admin = await buildViewer(test.db, { isAdmin: true });
  ({
    priority: { id: maynardId },
  } = await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
  }));
  await offer(asbAgency, {
    title: "Warning letters and acceptable behaviour contracts",
    status: "in_progress",
    assigneeUserId: asb.userId,
  });
  await buildPriority(test.db, {
    neighbourhood: maltby.id,
    title: "Speeding on Blyth Road",
    tasks: [{ agency: policeAgency, status: "in_progress" }],
  });
});

describe("the partner inbox", () => {
  it("counts the agency's tasks by status, overdue, and done this month", async () => {
    // The ASB team has one task in progress (built above); add one of each kind.
    await offer(asbAgency, { title: "ASB offered" });
    await offer(asbAgency, { title: "ASB accepted", status: "accepted" });
    await offer(asbAgency, {
      title: "ASB overdue",
      status: "in_progress",
      dueDate: addCalendarDays(today, -3),
    });
    await offer(asbAgency, {
      title: "ASB done now",
      status: "done",
      outcomeSummary: "Done.",
      residentsAsked: true,
      completedAt: new Date(),
    });
    await offer(asbAgency, {
      title: "ASB done long ago",
      status: "done",
      outcomeSummary: "Done.",
      residentsAsked: true,
      completedAt: new Date(Date.now() - 80 * 86_400_000),
    });
    const inbox = await getInbox(asb, base(asbAgency));
    expect(inbox.counts).toEqual({ offered: 1, accepted: 1, inProgress: 2, doneThisMonth: 1, overdue: 1 });
    // "Still to do" lists the four open tasks, soonest due first.
    expect(inbox.total).toBe(4);
    expect(inbox.items[0].title).toBe("ASB overdue");
    expect(inbox.items[0].isOverdue).toBe(true);
    const dues = inbox.items.map((i) => i.dueDate);
    expect([...dues].sort()).toEqual(dues);
  });

  it("filters by status, overdue, assignee, neighbourhood, assembly and priority", async () => {
    const titles = async (filters: Partial<InboxFilters>) =>
      (await getInbox(asb, { ...base(asbAgency), ...filters })).items.map((i) => i.title).sort();
    expect(await titles({ status: "offered" })).toEqual(["ASB offered"]);
    expect(await titles({ status: "done" })).toEqual(["ASB done long ago", "ASB done now"]);
    expect(await titles({ overdue: true })).toEqual(["ASB overdue"]);
    // The ASB team's first task is assigned to the coordinator; the new ones to no one.
    expect(await titles({ assigned: "me" })).toEqual(["Warning letters and acceptable behaviour contracts"]);
    expect(await titles({ assigned: "unassigned" })).toEqual(["ASB accepted", "ASB offered", "ASB overdue"]);
    expect(await titles({ neighbourhoodId: sitwell.id })).toHaveLength(4);
    expect(await titles({ neighbourhoodId: maltby.id })).toEqual([]);
    expect(await titles({ assemblyId: sitwell.assemblyId })).toHaveLength(4);
    expect(await titles({ assemblyId: maltby.assemblyId })).toEqual([]);
    expect(await titles({ priorityId: maynardId })).toHaveLength(4);
    expect(await titles({ priorityId: 99_999_999 })).toEqual([]);
  });

  it("pages through the tasks in due-date order", async () => {
    const agency = housingAgency;
    const { id: housingId } = await buildUser(test.db, {
      email: "housing.inbox@example.org",
      agencies: [agency],
    });
    const housing = await viewer("housing.inbox@example.org", test.db);
    expect(housing.userId).toBe(housingId);
    for (let i = 0; i < INBOX_PAGE_SIZE + 5; i++) {
      await offer(housingAgency, { title: `Housing ${i}`, dueDate: addCalendarDays(today, 60 - i) });
    }
    const first = await getInbox(housing, { ...base(agency), page: 1 });
    const second = await getInbox(housing, { ...base(agency), page: 2 });
    expect(first.total).toBe(INBOX_PAGE_SIZE + 5);
    expect(first.pageCount).toBe(2);
    expect(first.items).toHaveLength(INBOX_PAGE_SIZE);
    expect(second.items).toHaveLength(5);
    expect(first.items[0].title).toBe(`Housing ${INBOX_PAGE_SIZE + 4}`);
    expect(second.items.at(-1)?.title).toBe("Housing 0");
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((i) => i.id)).size).toBe(INBOX_PAGE_SIZE + 5);
  });

  it("runs the same few queries for a full page as for an empty one (no query per task)", async () => {
    const agency = housingAgency;
    // A full page of the housing team's work (made here when this test runs on its own).
    const [member] = await test.db
      .select({ id: t.users.id })
      .from(t.users)
      .where(eq(t.users.email, "housing.inbox@example.org"));
    if (!member) {
      await buildUser(test.db, { email: "housing.inbox@example.org", agencies: [agency] });
      for (let i = 0; i < INBOX_PAGE_SIZE + 5; i++) {
        await offer(housingAgency, {
          title: `Housing ${i}`,
          dueDate: addCalendarDays(today, 60 - i),
        });
      }
    }
    const housing = await viewer("housing.inbox@example.org", test.db);
    const counter = countingDatabase(test.db);
    await getInbox(housing, { ...base(agency), status: "all" }, { database: counter.db });
    // Counts and filter options (kept per agency while nothing changes) are read once: at most 5 queries.
    expect(counter.count()).toBeLessThanOrEqual(5);
    counter.reset();
    await getInbox(housing, { ...base(agency), status: "all" }, { database: counter.db });
    const full = counter.count();
    counter.reset();
    await getInbox(housing, { ...base(agency), status: "withdrawn" }, { database: counter.db });
    expect(counter.count()).toBe(full);
    expect(full).toBeLessThanOrEqual(3);
    // Open work, the default view, takes its total from the agency's counts: one query fewer.
    counter.reset();
    const open = await getInbox(housing, base(agency), { database: counter.db });
    expect(open.items).toHaveLength(INBOX_PAGE_SIZE);
    expect(counter.count()).toBe(full - 1);
  });

  it("keeps an agency's counts and filter options while nothing changes, and follows a change to its tasks at once", async () => {
    // An agency of its own, so that no earlier test has its counts kept already.
    const agency = (await buildAgency(test.db, { name: "Counted once team" })).id;
    const member = await buildViewer(test.db, { agencies: [agency] });
    await offer(agency, { status: "in_progress" });
    const counter = countingDatabase(test.db);
    const first = await getInbox(member, base(agency), { database: counter.db });
    const cold = counter.count();
    counter.reset();
    const again = await getInbox(member, base(agency), { database: counter.db });
    expect(counter.count()).toBeLessThan(cold);
    expect(again.counts).toEqual(first.counts);
    expect(again.options).toEqual(first.options);
    // A change made outside this process (plain SQL): the database's change counter moves.
    const [offered] = await test.db
      .insert(t.tasks)
      .values({
        priorityId: maynardId,
        agencyId: agency,
        title: "Offered by someone else",
        ask: "Please look.",
        status: "offered",
        acknowledgeBy: today,
        actionPlanDueBy: today,
        dueDate: today,
      })
      .returning({ id: t.tasks.id });
    const after = await getInbox(member, base(agency), { database: counter.db });
    expect(after.counts.offered).toBe(first.counts.offered + 1);
    expect(after.items.map((i) => i.id)).toContain(offered.id);
    await test.db.update(t.tasks).set({ status: "withdrawn" }).where(eq(t.tasks.id, offered.id));
    expect((await getInbox(member, base(agency))).counts.offered).toBe(first.counts.offered);
  });

  it("keeps an agency's counts while other agencies' work changes, and follows its own work, its priorities, a reassignment and a renamed place", async () => {
    // An agency of its own, with one task in progress on a priority of its own, beside another
    // agency's task on the same priority and a third agency's elsewhere.
    const own = (await buildAgency(test.db, { name: "Keyed counts team" })).id;
    const other = (await buildAgency(test.db, { name: "Another team" })).id;
    const place = await buildNeighbourhood(test.db, { name: "Kimberworth Park" });
    const {
      priority: shared,
      taskIds: [ownTask, otherTask],
    } = await buildPriority(test.db, {
      neighbourhood: place.id,
      title: "Parking on the verges of Wingfield Road",
      tasks: [{ agency: own, status: "in_progress" }, { agency: other }],
    });
    const elsewhere = await buildPriority(test.db, {
      neighbourhood: maltby.id,
      title: "Fly-tipping behind the shops",
      tasks: [{ agency: other }],
    });
    const viewerOf = await buildViewer(test.db, { agencies: [own] });
    const counter = countingDatabase(test.db);
    const look = async () => {
      counter.reset();
      const inbox = await getInbox(viewerOf, base(own), { database: counter.db });
      return { inbox, queries: counter.count() };
    };
    const first = await look();
    const warm = await look();
    expect(warm.queries).toBeLessThan(first.queries);
    expect(first.inbox.counts).toMatchObject({ inProgress: 1, offered: 0 });
    expect(first.inbox.options.priorities).toEqual([
      { id: shared.id, name: "Parking on the verges of Wingfield Road" },
    ]);

    // Other agencies' work, even on the same priority, and a partner's update on this agency's own
    // task (no status changes): the counts are kept, not read again.
    await test.db.update(t.tasks).set({ status: "accepted" }).where(eq(t.tasks.id, otherTask));
    await test.db.update(t.tasks).set({ title: "Elsewhere, renamed" }).where(eq(t.tasks.agencyId, other));
    await test.db
      .insert(t.taskUpdates)
      .values({ taskId: ownTask, body: "Cones put out on the verge.", visibility: "public" });
    await test.db
      .update(t.priorities)
      .set({ title: "Fly-tipping behind the shops on Blyth Road" })
      .where(eq(t.priorities.id, elsewhere.priority.id));
    expect(await look()).toEqual(warm);

    // Its own task: offered one more.
    await buildOffer(test.db, { priorityId: shared.id, agencyId: own });
    const afterOwn = await look();
    expect(afterOwn.queries).toBe(first.queries);
    expect(afterOwn.inbox.counts).toMatchObject({ inProgress: 1, offered: 1 });

    // A priority it works on, renamed by the chair: in its filters at once.
    await test.db
      .update(t.priorities)
      .set({ title: "Parking on Wingfield Road's verges" })
      .where(eq(t.priorities.id, shared.id));
    expect((await look()).inbox.options.priorities).toEqual([
      { id: shared.id, name: "Parking on Wingfield Road's verges" },
    ]);

    // The other agency's task reassigned to it: counted at once; and back, gone at once.
    await test.db.update(t.tasks).set({ agencyId: own }).where(eq(t.tasks.id, elsewhere.taskIds[0]));
    const reassigned = await look();
    expect(reassigned.inbox.counts).toMatchObject({ inProgress: 2, offered: 1 });
    expect(reassigned.inbox.options.neighbourhoods.map((n) => n.name).sort()).toEqual([
      "Kimberworth Park",
      "Maltby",
    ]);
    await test.db.update(t.tasks).set({ agencyId: other }).where(eq(t.tasks.id, elsewhere.taskIds[0]));
    expect((await look()).inbox.counts).toMatchObject({ inProgress: 1, offered: 1 });

    // A place renamed (an administrator's change, logged for everything).
    await test.db
      .update(t.neighbourhoods)
      .set({ name: "Kimberworth Park and Wingfield" })
      .where(eq(t.neighbourhoods.id, place.id));
    expect((await look()).inbox.options.neighbourhoods).toEqual([
      { id: place.id, name: "Kimberworth Park and Wingfield" },
    ]);
  });

  it("offers as filters only the places and priorities the agency has open work in, not the whole borough", async () => {
    const inbox = await getInbox(asb, base(asbAgency));
    const all = await test.db.$count(t.neighbourhoods);
    expect(inbox.options.neighbourhoods.length).toBeGreaterThan(0);
    expect(inbox.options.neighbourhoods.length).toBeLessThan(all);
    const open = await test.db
      .selectDistinct({ id: t.neighbourhoods.id })
      .from(t.tasks)
      .innerJoin(t.priorities, eq(t.priorities.id, t.tasks.priorityId))
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
      .where(
        sql`${t.tasks.agencyId} = ${asbAgency} and ${t.tasks.status} in ('offered', 'accepted', 'in_progress') and ${t.priorities.status} in ('active', 'monitoring')`,
      );
    expect(inbox.options.neighbourhoods.map((n) => n.id).sort()).toEqual(open.map((n) => n.id).sort());
    const names = inbox.options.neighbourhoods.map((n) => n.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en-GB")));
  });

  it("counts a task overdue from the day after its due date, not on it (the day written into the SQL)", async () => {
    const agency = (await buildAgency(test.db, { name: "Overdue edge team" })).id;
    await buildUser(test.db, { email: "overdue.edge@example.org", agencies: [agency] });
    const member = await viewer("overdue.edge@example.org", test.db);
    const day = toIsoDate(new Date());
    await offer(agency, { title: "Due yesterday", status: "in_progress", dueDate: addCalendarDays(day, -1) });
    await offer(agency, { title: "Due today", status: "in_progress", dueDate: day });
    await offer(agency, { title: "Due tomorrow", status: "in_progress", dueDate: addCalendarDays(day, 1) });
    const overdue = await getInbox(member, { ...base(agency), overdue: true });
    expect(overdue.items.map((i) => i.title)).toEqual(["Due yesterday"]);
    expect(overdue.total).toBe(1);
    expect(overdue.counts.overdue).toBe(1);
    const filtered = await getInbox(member, { ...base(agency), status: "in_progress", overdue: true });
    expect(filtered.items.map((i) => i.title)).toEqual(["Due yesterday"]);
    expect(filtered.total).toBe(1);
  });

  it("gives the same total from the agency's counts as counted, for every status with and without overdue", async () => {
    const shapes: Array<Partial<InboxFilters>> = INBOX_STATUS_FILTERS.flatMap((status) => [
      { status },
      { status, overdue: true },
      { status, assigned: "unassigned" as const },
      { status, neighbourhoodId: sitwell.id },
    ]);
    let fromCounts = 0;
    for (const shape of shapes) {
      const filters = { ...base(asbAgency), ...shape };
      const counted = await countInbox(filters, asb.userId, today, test.db);
      const inbox = await getInbox(asb, filters);
      expect(inbox.total, JSON.stringify(shape)).toBe(counted);
      if (totalFromCounts(filters, inbox.counts) !== null) fromCounts++;
    }
    // Open work, each live status alone, and open work overdue come from the counts.
    expect(fromCounts).toBe(5);
    // The agency has tasks in more than one of those shapes, so the totals compared are not all zero.
    expect((await getInbox(asb, base(asbAgency))).total).toBeGreaterThan(1);
  });

  it("offers each person the agencies whose inbox they may open, by name, with their role", async () => {
    const both = await buildUser(test.db, {
      email: "two.agencies@example.org",
      agencies: [streetprideAgency, asbAgency],
    });
    const twoAgencies = await viewer("two.agencies@example.org", test.db);
    expect(twoAgencies.userId).toBe(both.id);
    const names = async (who: Viewer) => (await listInboxAgencies(who)).map((a) => [a.id, a.role]);
    const asbName = (await listInboxAgencies(asb))[0].name;
    expect(await names(asb)).toEqual([[asbAgency, asb.agencies.get(asbAgency)]]);
    const mine = await listInboxAgencies(twoAgencies);
    expect(mine.map((a) => a.id).sort()).toEqual([asbAgency, streetprideAgency].sort());
    expect(mine.map((a) => a.name)).toEqual([...mine.map((a) => a.name)].sort((a, b) => a.localeCompare(b)));
    expect(mine.every((a) => a.role !== null)).toBe(true);
    // An admin sees every agency, by name; one who belongs to none has no role in it.
    const all = await test.db.select({ id: t.agencies.id }).from(t.agencies);
    const adminView = await listInboxAgencies(admin);
    expect(adminView).toHaveLength(all.length);
    expect(adminView.find((a) => a.name === asbName)).toBeDefined();
    expect(adminView.map((a) => a.name)).toEqual(
      [...adminView.map((a) => a.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });

  it("refuses someone outside the agency, and lets an admin look", async () => {
    await expect(getInbox(police, base(asbAgency))).rejects.toMatchObject({ kind: "forbidden" });
    expect((await getInbox(admin, base(asbAgency))).total).toBe(4);
  });
});

describe("the inbox at 10,000 tasks", () => {
  it.skipIf(!onServer())(
    "uses the inbox index, not a scan of every task (EXPLAIN needs the server database: skipped on PGlite, run with TEST_DATABASE_URL)",
    async () => {
      const agency = streetprideAgency;
      const priorityIds = (await test.db.select({ id: t.priorities.id }).from(t.priorities)).map((p) => p.id);
      const otherAgencies = (await test.db.select({ id: t.agencies.id }).from(t.agencies))
        .map((a) => a.id)
        .filter((id) => id !== agency);
      // 10,000 tasks in this agency (most of them done, as an agency's history is), and 30,000 in others.
      await test.db.execute(sql`
      insert into tasks (priority_id, agency_id, title, ask, status, acknowledge_by, action_plan_due_by, due_date,
                         outcome_summary, residents_asked, completed_at)
      select (${`{${priorityIds.join(",")}}`}::int[])[1 + g % ${priorityIds.length}],
             case when g <= 10000 then ${agency}
                  else (${`{${otherAgencies.join(",")}}`}::int[])[1 + g % ${otherAgencies.length}] end,
             'Bulk task ' || g, 'Bulk ask',
             (case when g % 10 < 7 then 'done' when g % 10 = 7 then 'offered'
                   when g % 10 = 8 then 'accepted' else 'in_progress' end)::task_status,
             current_date + (g % 30), current_date + (g % 30), current_date + (g % 400) - 200,
             case when g % 10 < 7 then 'Done' end, case when g % 10 < 7 then true end,
             case when g % 10 < 7 then now() - (g % 700) * interval '1 day' end
      from generate_series(1, 40000) as g`);
      await test.db.execute(sql`analyze tasks`);
      const coordinator = asb;
      const client = postgres(test.handle.url as string, { max: 1, onnotice: () => {} });
      try {
        const variants: Array<Partial<InboxFilters>> = [
          {},
          { status: "offered" },
          { overdue: true },
          { status: "all", page: 3 },
          { assigned: "unassigned" },
        ];
        for (const variant of variants) {
          const queries = inboxQueries({ ...base(agency), ...variant }, coordinator.userId, today, test.db);
          const query = queries.page().toSQL();
          const params = fillPlaceholders(query.params, queries.values);
          const plan = (await client.unsafe(`explain ${query.sql}`, params as never[]))
            .map((row) => row["QUERY PLAN"])
            .join("\n");
          expect(plan, JSON.stringify(variant)).not.toMatch(/Seq Scan on tasks/);
          expect(plan, JSON.stringify(variant)).toMatch(/tasks_(open_)?inbox_idx/);
        }
        // The default view (open work, soonest due first) reads the open-work index in
        // order and stops after one page: no sort of all the agency's open tasks.
        const openQueries = inboxQueries(base(agency), coordinator.userId, today, test.db);
        const open = openQueries.page().toSQL();
        const openParams = fillPlaceholders(open.params, openQueries.values);
        const plan = (await client.unsafe(`explain ${open.sql}`, openParams as never[]))
          .map((row) => row["QUERY PLAN"])
          .join("\n");
        expect(plan).toMatch(/Limit[^\n]*\n\s*->\s+Index Only Scan using tasks_open_inbox_idx/);
      } finally {
        await client.end();
      }
      const inbox = await getInbox(admin, base(agency));
      expect(inbox.total).toBeGreaterThan(2900);
      expect(inbox.items).toHaveLength(INBOX_PAGE_SIZE);

      // Each first page's statements settle on one kept plan after PostgreSQL's five trial plans:
      // with the open statuses and the page size sent as values, its kept plan could not use the
      // open-work index and planned for a tenth of the rows, so the page was planned every call.
      const one = openDatabase({ url: test.handle.url, poolSize: 1 });
      try {
        for (let call = 0; call < 8; call++)
          for (const variant of [{}, { status: "in_progress", overdue: true }, { assigned: "me" }] as const) {
            const page = await getInbox(admin, { ...base(agency), ...variant }, { database: one.db });
            expect(page.items.length).toBeLessThanOrEqual(INBOX_PAGE_SIZE);
          }
        const statements = rowsOf<{ statement: string; custom: number }>(
          await one.db.execute(sql`
            select statement, custom_plans::int as custom from pg_prepared_statements
            where statement like '%from "tasks"%' or statement like '%"page"%'`),
        );
        expect(statements.filter((s) => s.statement.includes('"page"')).length).toBe(3);
        expect(statements.filter((s) => s.custom > 5).map((s) => s.statement.slice(0, 200))).toEqual([]);
      } finally {
        await one.close();
      }
    },
  );
});

// An agency working across the country: more priorities than any list can offer, in more
// neighbourhoods than that too. The filters' counts are exact (they were read from at most
// 2,000 priorities, so a larger agency saw "2000 priorities" and missed neighbourhoods).
describe("the inbox's filters for an agency with open work on 2,100 priorities in 150 neighbourhoods", () => {
  let agency = 0;
  let member: Viewer;
  let assemblyIds: number[] = [];
  let neighbourhoodIds: number[] = [];
  beforeAll(async () => {
    agency = (await buildAgency(test.db, { name: "Countrywide team" })).id;
    await buildUser(test.db, { email: "countrywide@example.org", agencies: [agency] });
    member = await viewer("countrywide@example.org", test.db);
    assemblyIds = [];
    for (const k of [1, 2, 3]) {
      assemblyIds.push(
        (await buildAssembly(test.db, { slug: `countrywide-${k}`, name: `Countrywide ${k}` })).id,
      );
    }
    // 50 neighbourhoods in each assembly; 14 priorities in each neighbourhood, one open task each,
    // and in every neighbourhood one priority more whose only task is done (no open work).
    const made = await test.db.execute(sql`
      insert into neighbourhoods (assembly_id, slug, name)
      select (${`{${assemblyIds.join(",")}}`}::int[])[1 + g % 3], 'countrywide-n-' || g, 'Countrywide ' || lpad(g::text, 3, '0')
      from generate_series(1, 150) as g
      returning id`);
    neighbourhoodIds = rowsOf<{ id: number }>(made).map((row) => row.id);
    await test.db.execute(sql`
      insert into priorities (neighbourhood_id, title, you_said, status, agreed_on, review_date)
      select n.id, 'Countrywide priority ' || n.id || '-' || k, 'Residents said so.', 'active', current_date, current_date + 21
      from neighbourhoods n cross join generate_series(0, 14) as k
      where n.slug like 'countrywide-n-%'`);
    await test.db.execute(sql`
      insert into tasks (priority_id, agency_id, title, ask, status, acknowledge_by, action_plan_due_by, due_date,
                         outcome_summary, residents_asked, completed_at)
      select p.id, ${agency}, 'Countrywide task ' || p.id, 'Please help.',
             (case when p.title like '%-0' then 'done' else 'offered' end)::task_status,
             current_date + 5, current_date + 10, current_date + 30,
             case when p.title like '%-0' then 'Done' end, case when p.title like '%-0' then true end,
             case when p.title like '%-0' then now() end
      from priorities p join neighbourhoods n on n.id = p.neighbourhood_id
      where n.slug like 'countrywide-n-%'`);
  });

  it("counts every neighbourhood and priority with open work, and offers the assemblies", async () => {
    const inbox = await getInbox(member, base(agency));
    expect(inbox.counts.offered).toBe(2100);
    expect(inbox.options.tooMany).toEqual({ assemblies: 0, neighbourhoods: 150, priorities: 2100 });
    expect(inbox.options.assemblies.map((a) => a.name)).toEqual([
      "Countrywide 1",
      "Countrywide 2",
      "Countrywide 3",
    ]);
    expect(inbox.options.neighbourhoods).toEqual([]);
    expect(inbox.options.priorities).toEqual([]);
  });

  it("offers an assembly's neighbourhoods, and a neighbourhood's priorities with open work, in full", async () => {
    const [assemblyId] = assemblyIds;
    const inAssembly = await getInbox(member, { ...base(agency), assemblyId });
    expect(inAssembly.options.neighbourhoods).toHaveLength(50);
    expect(inAssembly.options.tooMany).toEqual({ assemblies: 0, neighbourhoods: 0, priorities: 700 });
    const neighbourhoodId = neighbourhoodIds[0];
    const inNeighbourhood = await getInbox(member, { ...base(agency), neighbourhoodId });
    const titles = inNeighbourhood.options.priorities.map((p) => p.name);
    expect(titles).toHaveLength(14);
    expect(titles).not.toContain(`Countrywide priority ${neighbourhoodId}-0`);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, "en-GB")));
    expect(inNeighbourhood.options.tooMany.priorities).toBe(0);
  });

  it("still shows a chosen priority among too many to offer", async () => {
    const [chosen] = await test.db
      .select({ id: t.priorities.id, title: t.priorities.title })
      .from(t.priorities)
      .where(eq(t.priorities.title, `Countrywide priority ${neighbourhoodIds[5]}-3`));
    const inbox = await getInbox(member, { ...base(agency), priorityId: chosen.id });
    expect(inbox.options.priorities).toEqual([{ id: chosen.id, name: chosen.title }]);
    expect(inbox.options.tooMany.priorities).toBe(2100);
    expect(inbox.items.map((item) => item.priorityId)).toEqual([chosen.id]);
  });
});
