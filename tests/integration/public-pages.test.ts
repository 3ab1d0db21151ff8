// The public read models: what a resident sees on each page, honest flags,
// and a fixed number of queries per page whatever the size of the database.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  openDataMeetings,
  openDataNeighbourhoods,
  openDataPriorities,
  openDataPriority,
  policeUkPriorities,
  prioritiesCsvRows,
} from "~/domain/reports/open-data";
import {
  archivePage,
  homePage,
  meetingPage,
  neighbourhoodCalendar,
  neighbourhoodFeed,
  neighbourhoodPage,
  priorityPage,
} from "~/domain/reports/public-pages";
import { tasks } from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildCategory,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { countingDatabase } from "../support/query-counter";

const test = useTestDatabase();
useFixedClock();
const MAYNARD = "Youths causing damage at Maynard Road play area";
const FIELDS = "Underage drinking on Herringthorpe Playing Fields";

const DAY = 86_400_000;
const ids = {
  sitwell: 0,
  herringthorpe: 0,
  wath: 0,
  maynard: 0,
  fields: 0,
  areaAssembly: 0,
  police: 0,
  asb: 0,
  streetpride: 0,
  greenSpaces: 0,
  tradingStandards: 0,
  youthOffending: 0,
  litter: 0,
  drugs: 0,
};

// Rotherham South (Herringthorpe and Sitwell) and, in another assembly, Wath.
// Rotherham South met for a PACT meeting five months ago (where both its
// priorities were agreed) and as an Area Assembly forty days ago (both held and
// published), and meets again in three weeks. Sitwell's Maynard Road priority is
// being worked on; Herringthorpe's playing fields priority is resolved.
beforeAll(async () => {
  const db = test.db;
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  await buildBankHolidays(db);
  const south = await buildAssembly(db, { slug: "rotherham-south", name: "Rotherham South" });
  const herringthorpe = await buildNeighbourhood(db, {
    assemblyId: south.id,
    slug: "herringthorpe",
    name: "Herringthorpe",
  });
  const sitwell = await buildNeighbourhood(db, {
    assemblyId: south.id,
    slug: "sitwell",
    name: "Sitwell",
    policeForceId: "south-yorkshire",
    policeNeighbourhoodId: "demo-sitwell",
  });
  const wath = await buildNeighbourhood(db, { slug: "wath", name: "Wath upon Dearne" });
  Object.assign(ids, { sitwell: sitwell.id, herringthorpe: herringthorpe.id, wath: wath.id });

  const contact = "Call 101, or 999 in an emergency.";
  const agency = async (name: string, kind: "police" | "council" | "trading_standards" | "youth_offending") =>
    (await buildAgency(db, { name, kind, publicContact: contact })).id;
  ids.police = await agency("South Yorkshire Police neighbourhood team", "police");
  ids.asb = await agency("Council anti-social behaviour team", "council");
  ids.streetpride = await agency("Streetpride (streets, parking and highways)", "council");
  ids.greenSpaces = await agency("Green Spaces (parks and play areas)", "council");
  ids.tradingStandards = await agency("Trading Standards", "trading_standards");
  ids.youthOffending = (
    await buildAgency(db, {
      name: "Youth Offending Team",
      kind: "youth_offending",
      defaultConfidentiality: "partners_only",
    })
  ).id;
  ids.litter = (
    await buildCategory(db, { slug: "litter-and-fly-tipping", name: "Litter and fly-tipping" })
  ).id;
  ids.drugs = (await buildCategory(db, { slug: "drugs", name: "Drugs" })).id;

  const covered = [herringthorpe.id, sitwell.id];
  const common = {
    assemblyId: south.id,
    neighbourhoods: covered,
    venue: "Rotherham South Community Centre",
    address: "Main Street",
    accessibilityNote: "Step-free access, hearing loop and accessible toilet.",
  };
  const { meeting: pact } = await buildMeeting(db, {
    ...common,
    title: "Rotherham South PACT meeting",
    startsInDays: -150,
    status: "held",
    attendance: 34,
    publicSummary: "Three priorities were agreed.",
    whatsWorking: "Volunteers now run a monthly litter pick.",
    publishedAt: ago(148),
  });
  const { meeting: areaAssembly } = await buildMeeting(db, {
    ...common,
    kind: "area_assembly",
    title: "Rotherham South Area Assembly",
    startsInDays: -40,
    status: "held",
    attendance: 27,
    publicSummary: "Partners reported back on each priority.",
    whatsWorking: "Young people from the youth club helped design the new play area signs.",
    publishedAt: ago(38),
  });
  ids.areaAssembly = areaAssembly.id;
  await buildMeeting(db, { ...common, title: "Rotherham South PACT meeting", startsInDays: 21 });

  const maynard = await buildPriority(db, {
    neighbourhood: sitwell.id,
    title: MAYNARD,
    youSaid: "Older youths gather in the Maynard Road play area in the evenings, damaging equipment.",
    agreedDaysAgo: 150,
    agreedAtMeetingId: pact.id,
    tasks: [
      {
        agency: ids.police,
        status: "in_progress",
        updates: [
          {
            daysAgo: 25,
            body: "Joint evening operation with the youth offending team.",
            figures: [{ label: "stop and checks", value: 16 }],
          },
        ],
      },
      {
        agency: ids.asb,
        status: "in_progress",
        dueInDays: 20,
        updates: [
          {
            daysAgo: 20,
            body: "Warning letters sent and contracts agreed with families.",
            figures: [
              { label: "warning letters", value: 7 },
              { label: "acceptable behaviour contracts", value: 7 },
            ],
          },
          {
            daysAgo: 18,
            body: "ABC signed by K.T. (16) at home with mum.",
            visibility: "partners_only",
          },
        ],
      },
      { agency: ids.greenSpaces, status: "accepted", dueInDays: 10 },
      { agency: ids.tradingStandards, status: "offered", dueInDays: 40 },
    ],
  });
  ids.maynard = maynard.priority.id;

  const patrolsDone =
    "Eight weeks of weekend patrols are finished. On the last six visits officers found no groups drinking.";
  const fields = await buildPriority(db, {
    neighbourhood: herringthorpe.id,
    title: FIELDS,
    status: "resolved",
    agreedDaysAgo: 150,
    agreedAtMeetingId: pact.id,
    closedAt: ago(40),
    outcomeSummary:
      "Evening drinking on the fields has stopped being a regular problem: patrols found no groups drinking.",
    tasks: [
      {
        agency: ids.police,
        status: "done",
        outcome: patrolsDone,
        updates: [
          {
            daysAgo: 120,
            body: "Weekend patrols started. Alcohol was taken from groups of young people on three evenings.",
            figures: [
              { label: "patrols", value: 12 },
              { label: "alcohol seized", value: 31, unit: "litres" },
            ],
          },
          {
            daysAgo: 118,
            body: "Names of the four young people stopped passed to YOT.",
            visibility: "partners_only",
          },
          {
            daysAgo: 90,
            body: "Patrols continued. Much quieter on the fields since the test purchases.",
            figures: [{ label: "patrols", value: 16 }],
          },
          { daysAgo: 45, body: patrolsDone, isOutcome: true },
        ],
      },
      {
        agency: ids.youthOffending,
        status: "done",
        confidentiality: "partners_only",
        outcome: "Both young people completed the prevention programme.",
        updates: [{ daysAgo: 110, body: "Safeguarding referral made.", safeguardingReferral: true }],
      },
      {
        agency: ids.tradingStandards,
        status: "done",
        outcome: "Three premises failed test purchases and were warned.",
        updates: [{ daysAgo: 100, body: "Test purchase operation carried out with police cadets." }],
      },
      {
        agency: ids.greenSpaces,
        status: "done",
        outcome: "New fencing and a self-closing gate are in place.",
        updates: [{ daysAgo: 60, body: "Fencing replaced and broken glass cleared." }],
      },
    ],
  });
  ids.fields = fields.priority.id;
  // Residents were asked whether the patrols made things better.
  await db.update(tasks).set({ residentsAsked: true }).where(eq(tasks.id, fields.taskIds[0]));
});

describe("the neighbourhood page", () => {
  it("shows each current priority with what was said, its status in words, who is on it and the latest public update", async () => {
    const page = await neighbourhoodPage("sitwell");
    expect(page?.neighbourhood.name).toBe("Sitwell");
    const [maynard] = page?.priorities ?? [];
    expect(maynard.title).toBe(MAYNARD);
    expect(maynard.youSaid).toMatch(/^Older youths gather/);
    expect(maynard.publicStatus.label).toBe("Being worked on");
    expect(maynard.publicStatus.workingAgencies).toEqual(
      expect.arrayContaining([
        "Council anti-social behaviour team",
        "South Yorkshire Police neighbourhood team",
      ]),
    );
    // The partners-only note two days later is not the "latest update".
    expect(maynard.latestUpdate?.body).toBe("Warning letters sent and contracts agreed with families.");
    expect(maynard.latestUpdate?.figures).toEqual([
      { label: "warning letters", value: 7, unit: "" },
      { label: "acceptable behaviour contracts", value: 7, unit: "" },
    ]);
    expect(maynard.publicStatus).toMatchObject({ isOverdue: false, isStale: false });
    expect(page?.meetings[0]).toMatchObject({
      status: "scheduled",
      accessibilityNote: expect.stringContaining("Step-free"),
    });
    expect(page?.meetings[0].startsAt.getTime()).toBeGreaterThan(Date.now());
    expect(page?.whatsWorking.map((w) => w.text).join(" ")).toContain("youth club helped design");
    expect(page?.contacts.map((c) => c.name)).toContain("South Yorkshire Police neighbourhood team");
  });

  it("says plainly when a priority is overdue or has had no public news for over six weeks", async () => {
    await buildPriority(test.db, {
      neighbourhood: ids.wath,
      title: "Speeding on Doncaster Road",
      agreedDaysAgo: 70,
      tasks: [
        { agency: ids.streetpride, dueInDays: -3, updates: [{ daysAgo: 50, body: "Speed survey done." }] },
      ],
    });
    await buildPriority(test.db, {
      neighbourhood: ids.wath,
      title: "Litter at the bus station",
      agreedDaysAgo: 10,
      // Only a partners-only task is late: the public page cannot know, so it does not say.
      tasks: [{ agency: ids.streetpride, confidentiality: "partners_only", dueInDays: -3 }],
    });
    const page = await neighbourhoodPage("wath");
    const speeding = page?.priorities.find((p) => p.title === "Speeding on Doncaster Road");
    const litter = page?.priorities.find((p) => p.title === "Litter at the bus station");
    expect(speeding?.publicStatus).toMatchObject({
      isOverdue: true,
      isStale: true,
      overdueAgencies: ["Streetpride (streets, parking and highways)"],
    });
    expect(speeding?.publicStatus.summary).toContain("Overdue: Streetpride (streets, parking and highways).");
    expect(litter?.publicStatus).toMatchObject({
      phase: "no_agency_asked",
      isOverdue: false,
      isStale: false,
      workingAgencies: [],
      waitingAgencies: [],
    });
    expect(litter?.latestUpdate).toBeNull();
  });

  it("is null (a 404) for a neighbourhood that does not exist", async () => {
    expect(await neighbourhoodPage("atlantis")).toBeNull();
  });
});

describe("the priority page", () => {
  it("shows you said, and we did grouped by agency with dated updates, figures and outcomes", async () => {
    const page = await priorityPage("herringthorpe", ids.fields);
    expect(page?.priority).toMatchObject({ status: "resolved", isCurrent: false });
    expect(page?.priority.publicStatus).toMatchObject({ phase: "resolved", label: "Resolved" });
    expect(page?.priority.outcomeSummary).toContain("stopped being a regular problem");
    expect(page?.priority.agreedAt?.title).toContain("PACT meeting");
    // Youth offending work is partners-only: three agencies, not four.
    expect(page?.agencies.map((a) => a.agencyName)).toEqual([
      "Green Spaces (parks and play areas)",
      "South Yorkshire Police neighbourhood team",
      "Trading Standards",
    ]);
    const police = page?.agencies.find((a) => a.agencyName.startsWith("South Yorkshire Police"));
    const [patrols] = police?.tasks ?? [];
    expect(patrols.updates.map((u) => u.body)).toEqual([
      "Weekend patrols started. Alcohol was taken from groups of young people on three evenings.",
      "Patrols continued. Much quieter on the fields since the test purchases.",
      "Eight weeks of weekend patrols are finished. On the last six visits officers found no groups drinking.",
    ]);
    expect(patrols.updates[0].figures).toContainEqual({ label: "alcohol seized", value: 31, unit: "litres" });
    expect(patrols).toMatchObject({ status: "done", residentsAsked: true });
    expect(patrols.outcomeSummary).toContain("Eight weeks");
  });

  it("is not found under another neighbourhood's address", async () => {
    expect(await priorityPage("sitwell", ids.fields)).toBeNull();
    expect(await priorityPage("herringthorpe", 999_999)).toBeNull();
  });

  it("for a current priority, names the next review and the next meeting", async () => {
    const page = await priorityPage("sitwell", ids.maynard);
    expect(page?.priority.reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page?.nextMeeting?.startsAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("the archive", () => {
  it("lists past priorities with how they closed, filterable by year and category", async () => {
    await buildPriority(test.db, {
      neighbourhood: ids.herringthorpe,
      title: "Dog fouling on the Valley Road path",
      categoryId: ids.litter,
      status: "closed",
      closedReason: "The dog warden's patrols found no evidence over three months.",
      closedAt: new Date(Date.UTC(2024, 5, 1)),
    });
    await buildPriority(test.db, {
      neighbourhood: ids.herringthorpe,
      title: "Drug dealing near the shops",
      categoryId: ids.drugs,
      status: "referred",
      referredTo: "the force's organised crime unit",
      closedAt: new Date(Date.UTC(2024, 8, 1)),
    });
    const all = await archivePage("herringthorpe", { page: 1 });
    expect(all?.priorities.map((p) => [p.title, p.publicStatus.label])).toEqual(
      expect.arrayContaining([
        [FIELDS, "Resolved"],
        ["Dog fouling on the Valley Road path", "Closed — no further action"],
        ["Drug dealing near the shops", "Referred elsewhere"],
      ]),
    );
    expect(all?.years).toContain(2024);
    const in2024 = await archivePage("herringthorpe", { page: 1, year: 2024 });
    expect(in2024?.priorities.map((p) => p.title).sort()).toEqual([
      "Dog fouling on the Valley Road path",
      "Drug dealing near the shops",
    ]);
    const drugs = await archivePage("herringthorpe", { page: 1, category: "drugs" });
    expect(drugs?.priorities.map((p) => p.title)).toEqual(["Drug dealing near the shops"]);
    expect(drugs?.priorities[0].referredTo).toBe("the force's organised crime unit");
    const none = await archivePage("herringthorpe", { page: 1, year: 2001 });
    expect(none?.total).toBe(0);
  });
});

describe("the meeting page", () => {
  it("shows a cancellation with its reason", async () => {
    const { meeting: cancelled } = await buildMeeting(test.db, {
      neighbourhoods: [ids.sitwell],
      startsInDays: 10,
      status: "cancelled",
      cancellationReason: "The library is closed for repairs.",
    });
    const page = await meetingPage(cancelled.id);
    expect(page?.meeting).toMatchObject({
      status: "cancelled",
      cancellationReason: "The library is closed for repairs.",
    });
  });

  it("shows the summary only once it is published, and a pack of the priorities under review", async () => {
    const { meeting: unpublished } = await buildMeeting(test.db, {
      neighbourhoods: [ids.sitwell],
      startsInDays: -2,
      status: "held",
      publicSummary: "Draft summary not yet approved.",
    });
    expect((await meetingPage(unpublished.id))?.meeting.publicSummary).toBeNull();
    const page = await meetingPage(ids.areaAssembly);
    expect(page?.meeting.publicSummary).toContain("Partners reported back");
    const sitwell = page?.pack.find((s) => s.neighbourhood.slug === "sitwell");
    expect(sitwell?.reviewed.map((p) => p.title)).toContain(MAYNARD);
  });
});

describe("a fixed number of queries, whatever the size of the database", () => {
  async function costs() {
    const counter = countingDatabase(test.db);
    const measure = async (run: () => Promise<unknown>) => {
      counter.reset();
      await run();
      return counter.count();
    };
    const base = "http://localhost";
    return {
      home: await measure(() => homePage(counter.db)),
      neighbourhood: await measure(() => neighbourhoodPage("sitwell", new Date(), counter.db)),
      priority: await measure(() => priorityPage("sitwell", ids.maynard, new Date(), counter.db)),
      archive: await measure(() => archivePage("sitwell", { page: 1 }, counter.db)),
      meeting: await measure(() => meetingPage(ids.areaAssembly, new Date(), counter.db)),
      feed: await measure(() => neighbourhoodFeed("sitwell", new Date(), counter.db)),
      calendar: await measure(() => neighbourhoodCalendar("sitwell", new Date(), counter.db)),
      apiNeighbourhoods: await measure(() =>
        openDataNeighbourhoods({ page: 1, perPage: 50 }, base, counter.db),
      ),
      apiPriorities: await measure(() =>
        openDataPriorities("sitwell", { page: 1, perPage: 20, status: "all" }, base, new Date(), counter.db),
      ),
      apiPriority: await measure(() => openDataPriority(ids.maynard, base, new Date(), counter.db)),
      apiMeetings: await measure(() =>
        openDataMeetings("sitwell", { page: 1, perPage: 20, when: "upcoming" }, base, new Date(), counter.db),
      ),
      policeUk: await measure(() => policeUkPriorities("south-yorkshire", "demo-sitwell", counter.db)),
      csv: await measure(() => prioritiesCsvRows("sitwell", new Date(), counter.db)),
    };
  }

  it("serves every public page and feed with the same few queries after the data grows tenfold", async () => {
    // One past priority first, so "none at all" shortcuts do not count as growth.
    await buildPriority(test.db, {
      neighbourhood: ids.sitwell,
      title: "Earlier priority",
      status: "resolved",
      outcomeSummary: "Sorted.",
      tasks: [{ agency: ids.streetpride, status: "done", updates: [{ daysAgo: 5, body: "Done." }] }],
    });
    const before = await costs();
    // Public status words need each priority's public tasks and its neighbourhood's next meeting;
    // the meeting page also lists what residents told that meeting.
    for (const cost of Object.values(before)) expect(cost).toBeLessThanOrEqual(11);
    // The hottest public reads are one round trip each: the neighbourhood page with its meetings,
    // "what's working", crime figures and latest report; the priority page with its answers.
    const { neighbourhood, priority, feed, apiPriorities } = before;
    expect({ neighbourhood, priority, feed, apiPriorities }).toEqual({
      neighbourhood: 1,
      priority: 1,
      feed: 1,
      apiPriorities: 1,
    });
    // Grow Sitwell: many more priorities (current and past), tasks, updates, figures and meetings.
    for (let i = 0; i < 12; i++) {
      await buildPriority(test.db, {
        neighbourhood: ids.sitwell,
        title: `Growth priority ${i}`,
        status: i % 3 === 0 ? "active" : i % 3 === 1 ? "resolved" : "closed",
        closedReason: "No further action.",
        outcomeSummary: "Sorted.",
        tasks: [
          {
            agency: ids.streetpride,
            updates: [
              { daysAgo: 3, body: `Update A ${i}`, figures: [{ label: "bags", value: i }] },
              { daysAgo: 2, body: `Update B ${i}` },
            ],
          },
          {
            agency: ids.asb,
            confidentiality: "partners_only",
            updates: [{ daysAgo: 1, body: "private" }],
          },
        ],
      });
      await buildMeeting(test.db, { neighbourhoods: [ids.sitwell], startsInDays: 30 + i });
    }
    const after = await costs();
    expect(after).toEqual(before);
    const grown = await neighbourhoodPage("sitwell");
    expect(grown?.priorities.length).toBeGreaterThan(4);
  });
});
