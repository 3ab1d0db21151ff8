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
import { meetings } from "~db/schema";
import { loadDemo } from "../factories/demo";
import { addMeeting, addPriority, priorityByTitle } from "../factories/public";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { countingDatabase } from "../support/query-counter";

const test = useTestDatabase();
useFixedClock();
const MAYNARD = "Youths causing damage at Maynard Road play area";
const FIELDS = "Underage drinking on Herringthorpe Playing Fields";

beforeAll(async () => {
  await loadDemo(test.db);
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
    await addPriority(test.db, {
      neighbourhood: "wath",
      title: "Speeding on Doncaster Road",
      agreedDaysAgo: 70,
      tasks: [
        { agency: "streetpride", dueInDays: -3, updates: [{ daysAgo: 50, body: "Speed survey done." }] },
      ],
    });
    await addPriority(test.db, {
      neighbourhood: "wath",
      title: "Litter at the bus station",
      agreedDaysAgo: 10,
      // Only a partners-only task is late: the public page cannot know, so it does not say.
      tasks: [{ agency: "streetpride", confidentiality: "partners_only", dueInDays: -3 }],
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
    const fields = await priorityByTitle(test.db, FIELDS);
    const page = await priorityPage("herringthorpe", fields.id);
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
    const fields = await priorityByTitle(test.db, FIELDS);
    expect(await priorityPage("sitwell", fields.id)).toBeNull();
    expect(await priorityPage("herringthorpe", 999_999)).toBeNull();
  });

  it("for a current priority, names the next review and the next meeting", async () => {
    const maynard = await priorityByTitle(test.db, MAYNARD);
    const page = await priorityPage("sitwell", maynard.id);
    expect(page?.priority.reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page?.nextMeeting?.startsAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("the archive", () => {
  it("lists past priorities with how they closed, filterable by year and category", async () => {
    await addPriority(test.db, {
      neighbourhood: "herringthorpe",
      title: "Dog fouling on the Valley Road path",
      category: "litter-and-fly-tipping",
      status: "closed",
      closedReason: "The dog warden's patrols found no evidence over three months.",
      closedAt: new Date(Date.UTC(2024, 5, 1)),
    });
    await addPriority(test.db, {
      neighbourhood: "herringthorpe",
      title: "Drug dealing near the shops",
      category: "drugs",
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
    const cancelled = await addMeeting(test.db, {
      neighbourhoods: ["sitwell"],
      daysFromNow: 10,
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
    const unpublished = await addMeeting(test.db, {
      neighbourhoods: ["sitwell"],
      daysFromNow: -2,
      status: "held",
      publicSummary: "Draft summary not yet approved.",
    });
    expect((await meetingPage(unpublished.id))?.meeting.publicSummary).toBeNull();
    const [held] = await test.db
      .select()
      .from(meetings)
      .where(eq(meetings.title, "Rotherham South Area Assembly"));
    const page = await meetingPage(held.id);
    expect(page?.meeting.publicSummary).toContain("Partners reported back");
    const sitwell = page?.pack.find((s) => s.neighbourhood.slug === "sitwell");
    expect(sitwell?.reviewed.map((p) => p.title)).toContain(MAYNARD);
  });
});

describe("a fixed number of queries, whatever the size of the database", () => {
  async function costs() {
    const counter = countingDatabase(test.db);
    const maynard = await priorityByTitle(test.db, MAYNARD);
    const [meeting] = await test.db
      .select()
      .from(meetings)
      .where(eq(meetings.title, "Rotherham South Area Assembly"));
    const measure = async (run: () => Promise<unknown>) => {
      counter.reset();
      await run();
      return counter.count();
    };
    const base = "http://localhost";
    return {
      home: await measure(() => homePage(counter.db)),
      neighbourhood: await measure(() => neighbourhoodPage("sitwell", new Date(), counter.db)),
      priority: await measure(() => priorityPage("sitwell", maynard.id, new Date(), counter.db)),
      archive: await measure(() => archivePage("sitwell", { page: 1 }, counter.db)),
      meeting: await measure(() => meetingPage(meeting.id, new Date(), counter.db)),
      feed: await measure(() => neighbourhoodFeed("sitwell", new Date(), counter.db)),
      calendar: await measure(() => neighbourhoodCalendar("sitwell", new Date(), counter.db)),
      apiNeighbourhoods: await measure(() =>
        openDataNeighbourhoods({ page: 1, perPage: 50 }, base, counter.db),
      ),
      apiPriorities: await measure(() =>
        openDataPriorities("sitwell", { page: 1, perPage: 20, status: "all" }, base, new Date(), counter.db),
      ),
      apiPriority: await measure(() => openDataPriority(maynard.id, base, new Date(), counter.db)),
      apiMeetings: await measure(() =>
        openDataMeetings("sitwell", { page: 1, perPage: 20, when: "upcoming" }, base, new Date(), counter.db),
      ),
      policeUk: await measure(() => policeUkPriorities("south-yorkshire", "demo-sitwell", counter.db)),
      csv: await measure(() => prioritiesCsvRows("sitwell", new Date(), counter.db)),
    };
  }

  it("serves every public page and feed with the same few queries after the data grows tenfold", async () => {
    // One past priority first, so "none at all" shortcuts do not count as growth.
    await addPriority(test.db, {
      neighbourhood: "sitwell",
      title: "Earlier priority",
      status: "resolved",
      outcomeSummary: "Sorted.",
      tasks: [{ agency: "streetpride", status: "done", updates: [{ daysAgo: 5, body: "Done." }] }],
    });
    const before = await costs();
    // Public status words need each priority's public tasks and its neighbourhood's next meeting;
    // the meeting page also lists what residents told that meeting.
    for (const cost of Object.values(before)) expect(cost).toBeLessThanOrEqual(11);
    // Grow Sitwell: many more priorities (current and past), tasks, updates, figures and meetings.
    for (let i = 0; i < 12; i++) {
      await addPriority(test.db, {
        neighbourhood: "sitwell",
        title: `Growth priority ${i}`,
        status: i % 3 === 0 ? "active" : i % 3 === 1 ? "resolved" : "closed",
        closedReason: "No further action.",
        outcomeSummary: "Sorted.",
        tasks: [
          {
            agency: "streetpride",
            updates: [
              { daysAgo: 3, body: `Update A ${i}`, figures: [{ label: "bags", value: i }] },
              { daysAgo: 2, body: `Update B ${i}` },
            ],
          },
          {
            agency: "council-asb-team",
            confidentiality: "partners_only",
            updates: [{ daysAgo: 1, body: "private" }],
          },
        ],
      });
      await addMeeting(test.db, { neighbourhoods: ["sitwell"], daysFromNow: 30 + i });
    }
    const after = await costs();
    expect(after).toEqual(before);
    const grown = await neighbourhoodPage("sitwell");
    expect(grown?.priorities.length).toBeGreaterThan(4);
  });
});
