// Every public surface tells the same, true status of a priority: the pages,
// the Atom feed, /api/v1, the police.uk shape and the CSV all read the one
// derivation (app/domain/lifecycle/public-status.ts), on the real database.
import { beforeAll, describe, expect, it } from "vitest";
import {
  CSV_HEADER,
  openDataPriorities,
  openDataPriority,
  policeUkPriorities,
  prioritiesCsvRows,
} from "~/domain/reports/open-data";
import { neighbourhoodFeed, neighbourhoodPage, priorityPage } from "~/domain/reports/public-pages";
import { atomFeed, csv } from "~/http/feeds.server";
import {
  buildAgency,
  buildBankHolidays,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
const NOW = new Date("2027-03-10T12:00:00Z");
useFixedClock(NOW);
const BASE = "http://localhost";

let sitwell = 0;
const agency = { police: 0, streetpride: 0, tradingStandards: 0, youthOffending: 0 };

// Sitwell (south-yorkshire/demo-sitwell on police.uk), the agencies its
// priorities ask, and its next-but-one meeting, three weeks away.
beforeAll(async () => {
  await buildBankHolidays(test.db);
  const place = await buildNeighbourhood(test.db, {
    slug: "sitwell",
    name: "Sitwell",
    policeForceId: "south-yorkshire",
    policeNeighbourhoodId: "demo-sitwell",
  });
  sitwell = place.id;
  agency.police = (
    await buildAgency(test.db, { name: "South Yorkshire Police neighbourhood team", kind: "police" })
  ).id;
  agency.streetpride = (
    await buildAgency(test.db, { name: "Streetpride (streets, parking and highways)", kind: "council" })
  ).id;
  agency.tradingStandards = (
    await buildAgency(test.db, { name: "Trading Standards", kind: "trading_standards" })
  ).id;
  agency.youthOffending = (
    await buildAgency(test.db, {
      name: "Youth Offending Team",
      kind: "youth_offending",
      defaultConfidentiality: "partners_only",
    })
  ).id;
  await buildMeeting(test.db, {
    neighbourhoods: [sitwell],
    title: "Sitwell PACT meeting",
    startsInDays: 21,
    now: NOW,
  });
});

/** Everything the public can read about one priority of Sitwell, as text. */
async function everySurface(id: number, title: string) {
  const page = await neighbourhoodPage("sitwell", NOW);
  const card = page?.priorities.find((p) => p.id === id);
  const single = await priorityPage("sitwell", id, NOW);
  const feed = await neighbourhoodFeed("sitwell", NOW);
  const atom = feed ? atomFeed(feed, BASE, { authority: "one-dialogue.example", year: "2026" }) : "";
  const list = await openDataPriorities("sitwell", { page: 1, perPage: 50, status: "all" }, BASE, NOW);
  const one = await openDataPriority(id, BASE, NOW);
  const policeUk = await policeUkPriorities("south-yorkshire", "demo-sitwell", undefined, NOW);
  const rows = await prioritiesCsvRows("sitwell", NOW);
  const csvText = rows
    ? csv(
        CSV_HEADER,
        rows.rows.filter((r) => r[0] === id),
      )
    : "";
  return {
    card: card?.publicStatus,
    single: single?.priority.publicStatus,
    atom: atom.split("</entry>").find((entry) => entry.includes(`priority/${id}<`)) ?? "",
    api: list?.data.find((p) => p.id === id),
    one: one?.data,
    policeUk: JSON.stringify(policeUk?.find((entry) => entry.issue.includes(title))),
    csv: csvText,
  };
}

describe("public status words on every surface", () => {
  it("a newly agreed priority waits for the named agencies everywhere, and nowhere says partners are working", async () => {
    const { priority } = await buildPriority(test.db, {
      neighbourhood: sitwell,
      title: "Fly-tipping behind the shops",
      now: NOW,
      agreedDaysAgo: 2,
      tasks: [
        { agency: agency.tradingStandards, status: "offered" },
        // A declined task is not the public's business, and nobody is working on it.
        { agency: agency.police, status: "declined" },
      ],
    });
    const surfaces = await everySurface(priority.id, priority.title);
    expect(surfaces.card).toMatchObject({
      label: "Waiting for agencies to accept",
      waitingAgencies: ["Trading Standards"],
      workingAgencies: [],
    });
    expect(surfaces.single?.label).toBe("Waiting for agencies to accept");
    expect(surfaces.api).toMatchObject({
      status: "active",
      status_label: "Waiting for agencies to accept",
      public_status: {
        phase: "waiting_to_accept",
        waiting_agencies: ["Trading Standards"],
        working_agencies: [],
      },
    });
    expect(surfaces.one?.public_status.phase).toBe("waiting_to_accept");
    expect(surfaces.atom).toContain("Waiting for Trading Standards to accept.");
    // police.uk's "action" is what was done: nothing yet.
    expect(surfaces.policeUk).toContain('"action":null');
    expect(surfaces.csv).toContain("Waiting for Trading Standards to accept.");
    for (const text of [JSON.stringify(surfaces), surfaces.atom, surfaces.csv]) {
      expect(text).not.toMatch(/Being worked on|Partners are working on this now/);
      expect(text).not.toContain("South Yorkshire Police");
    }
  });

  it("names only the agency that accepted as working on it, and the one still to accept as waiting", async () => {
    const { priority } = await buildPriority(test.db, {
      neighbourhood: sitwell,
      title: "Parking on the verges",
      now: NOW,
      tasks: [
        { agency: agency.streetpride, status: "accepted" },
        { agency: agency.tradingStandards, status: "offered" },
      ],
    });
    const { card, api } = await everySurface(priority.id, priority.title);
    expect(card?.label).toBe("Being worked on");
    expect(card?.summary).toBe(
      "Being worked on by Streetpride (streets, parking and highways). Waiting for Trading Standards to accept.",
    );
    expect(api?.public_status.working_agencies).toEqual(["Streetpride (streets, parking and highways)"]);
  });

  it("finished work (one done, one declined) waits for review at the next meeting, on every surface", async () => {
    // Sooner than the PACT meeting in three weeks: the review is at this one.
    const { meeting } = await buildMeeting(test.db, {
      neighbourhoods: [sitwell],
      startsInDays: 7,
      title: "Sitwell PACT review",
      now: NOW,
    });
    const { priority } = await buildPriority(test.db, {
      neighbourhood: sitwell,
      title: "Broken street lights on Moorgate",
      now: NOW,
      tasks: [
        { agency: agency.streetpride, status: "done", outcome: "Twelve lights repaired." },
        { agency: agency.tradingStandards, status: "declined" },
      ],
    });
    const surfaces = await everySurface(priority.id, priority.title);
    expect(surfaces.card?.phase).toBe("actions_finished");
    expect(surfaces.card?.review?.meeting?.id).toBe(meeting.id);
    const sentence = "Waiting for review at the Sitwell PACT review on Wednesday 17 March 2027.";
    expect(surfaces.card?.summary).toContain(sentence);
    expect(surfaces.api?.public_status.review?.meeting?.id).toBe(meeting.id);
    expect(surfaces.atom).toContain(sentence);
    expect(surfaces.csv).toContain("Actions finished — waiting for review");
    expect(JSON.stringify(surfaces)).not.toMatch(/Being worked on/);
  });

  it("a priority with only partners-only work says no agency is asked (hidden work never shows through)", async () => {
    const { priority } = await buildPriority(test.db, {
      neighbourhood: sitwell,
      title: "Youths on the old railway line",
      now: NOW,
      tasks: [{ agency: agency.youthOffending, status: "in_progress" }],
    });
    const surfaces = await everySurface(priority.id, priority.title);
    expect(surfaces.card?.phase).toBe("no_agency_asked");
    expect(JSON.stringify(surfaces)).not.toContain("Youth Offending");
  });
});
