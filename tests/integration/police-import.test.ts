// The crime figures importer against a data.police.uk stand-in (msw): success,
// 404, 429 with retry, 503 with the area split, the rate limit, and what is
// stored (counts with their month, nothing about where or who).
import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/core/errors";
import { importCrimeFigures, latestCrimeFigures } from "~/domain/measures/crime-figures";
import { policeUkPriorities } from "~/domain/reports/open-data";
import { htmlToText, importPolicePriorities } from "~/domain/reports/police-priorities";
import { PoliceUkCrimeClient, quarters } from "~/integrations/police-uk-crime.server";
import { auditEvents, crimeFigures, priorities } from "~db/schema";
import { buildNeighbourhood, buildPriority } from "../factories/build";
import { type CrimeApiState, type MockCrime, policeUkCrimeHandlers, SQUARE } from "../mocks/police-uk-crime";
import { server } from "../mocks/server";
import { useTestDatabase } from "../setup/database";
import { send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const HERRINGTHORPE = "south-yorkshire/demo-herringthorpe";

/** Crimes on a grid inside the square, away from the lines a split cuts along. */
function crimesFor(month: string, count: number, firstId: number): MockCrime[] {
  const categories = ["anti-social-behaviour", "burglary", "violent-crime", "shoplifting"];
  const outcomes = [null, "Offender given community sentence", "Under investigation", "Offender fined"];
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    lat: 53.403 + (i % 7) * 0.005,
    lng: -1.357 + Math.floor(i / 7) * 0.0051,
    category: categories[i % 4],
    outcome: i % 4 === 0 ? null : outcomes[i % 4],
    month,
  }));
}

let state: CrimeApiState;
let herringthorpeId = 0;

function freshState(extra: Partial<CrimeApiState> = {}): CrimeApiState {
  return {
    lastUpdated: "2026-09-01",
    boundaries: { [HERRINGTHORPE]: SQUARE },
    crimes: [...crimesFor("2026-09", 28, 1), ...crimesFor("2026-08", 13, 100)],
    seen: [],
    ...extra,
  };
}

const waits: number[] = [];
const client = () =>
  new PoliceUkCrimeClient({
    baseUrl: "https://data.police.uk/api",
    sleep: async (ms) => {
      waits.push(ms);
    },
  });

// Herringthorpe, whose crime figures and police.uk priorities are imported, and
// Sitwell, whose two priorities (one being worked on, one resolved) come back in
// through our own police.uk-shaped export. Both are known to police.uk.
const MAYNARD = "Youths causing damage at Maynard Road play area";
beforeAll(async () => {
  const herringthorpe = await buildNeighbourhood(test.db, {
    slug: "herringthorpe",
    name: "Herringthorpe",
    policeForceId: "south-yorkshire",
    policeNeighbourhoodId: "demo-herringthorpe",
  });
  herringthorpeId = herringthorpe.id;
  const sitwell = await buildNeighbourhood(test.db, {
    assemblyId: herringthorpe.assemblyId,
    slug: "sitwell",
    name: "Sitwell",
    policeForceId: "south-yorkshire",
    policeNeighbourhoodId: "demo-sitwell",
  });
  await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: MAYNARD,
    youSaid: "Kids climbing on the shelter roof & breaking the swings' chains in the evenings.",
    tasks: [
      {
        agency: { kind: "police", name: "South Yorkshire Police" },
        updates: [
          {
            body: "Patrols at the play area after school.",
            figures: [{ label: "patrols", value: 14 }],
          },
        ],
      },
    ],
  });
  await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Off-road bikes on the playing fields & footpaths",
    status: "resolved",
    agreedDaysAgo: 200,
    closedAt: new Date(Date.now() - 20 * 86_400_000),
    outcomeSummary: "Bollards fitted at the two gates; no bikes reported since.",
    tasks: [{ agency: { kind: "council" }, status: "done" }],
  });
});

beforeEach(async () => {
  waits.length = 0;
  await test.db.delete(crimeFigures);
});

function install(s: CrimeApiState) {
  state = s;
  server.use(...policeUkCrimeHandlers(state));
}

async function storedFor(month: string) {
  return test.db
    .select()
    .from(crimeFigures)
    .where(sql`${crimeFigures.neighbourhoodId} = ${herringthorpeId} and ${crimeFigures.month} = ${month}`);
}

describe("importing crime figures", () => {
  it("stores counts by category and outcome for each month, and skips months already stored", async () => {
    install(freshState());
    const summary = await importCrimeFigures({
      client: client(),
      months: 2,
      neighbourhoodSlug: "herringthorpe",
    });
    expect(summary.failed).toEqual([]);
    expect(summary.latestMonth).toBe("2026-09");
    expect(summary.stored).toEqual([
      { neighbourhood: "herringthorpe", month: "2026-08", crimes: 13 },
      { neighbourhood: "herringthorpe", month: "2026-09", crimes: 28 },
    ]);
    const september = await storedFor("2026-09");
    const count = (kind: string, name: string) =>
      september.find((r) => r.kind === kind && r.name === name)?.count;
    expect(count("total", "all")).toBe(28);
    expect(count("category", "burglary")).toBe(7);
    expect(count("outcome", "Offender given community sentence")).toBe(7);
    expect(count("outcome", "No outcome recorded")).toBe(7);
    // Nothing about where a crime happened, or its id, is kept.
    const everything = JSON.stringify(await test.db.select().from(crimeFigures));
    expect(everything).not.toContain("Private Street");
    expect(everything).not.toContain("persistent-");
    expect(everything).not.toContain("53.40");

    const again = await importCrimeFigures({
      client: client(),
      months: 2,
      neighbourhoodSlug: "herringthorpe",
    });
    expect(again.stored).toEqual([]);
    expect(again.skipped).toHaveLength(2);
    expect(again.requests).toBe(1);
  });

  it("shows the latest month on the neighbourhood page with its source, Community Payback named", async () => {
    install(freshState());
    await importCrimeFigures({ client: client(), months: 2, neighbourhoodSlug: "herringthorpe" });
    const latest = await latestCrimeFigures(herringthorpeId);
    expect(latest).toMatchObject({ month: "2026-09", monthLabel: "September 2026", total: 28 });
    expect(latest?.outcomes.map((o) => o.label)).toContain("Community sentence (Community Payback)");
    const page = await send("GET", "/neighbourhoods/herringthorpe");
    expect(page.status).toBe(200);
    const crime = (page.data as { crime: { month: string; total: number; source: { name: string } } }).crime;
    expect(crime).toMatchObject({ month: "2026-09", total: 28, source: { name: "data.police.uk" } });
  });

  it("reports a neighbourhood police.uk does not know (404) and a month without data, and carries on", async () => {
    install(freshState({ boundaries: {}, missingMonths: [] }));
    const unknown = await importCrimeFigures({
      client: client(),
      months: 1,
      neighbourhoodSlug: "herringthorpe",
    });
    expect(unknown.failed).toEqual([
      { neighbourhood: "herringthorpe", reason: "police.uk does not know this neighbourhood" },
    ]);
    expect(await storedFor("2026-09")).toEqual([]);

    install(freshState({ missingMonths: ["2026-08"] }));
    const partial = await importCrimeFigures({
      client: client(),
      months: 2,
      neighbourhoodSlug: "herringthorpe",
    });
    expect(partial.skipped).toEqual([
      { neighbourhood: "herringthorpe", month: "2026-08", reason: "no data for this month" },
    ]);
    expect(partial.stored.map((s) => s.month)).toEqual(["2026-09"]);
  });

  it("waits and retries when rate limited (429), honouring Retry-After", async () => {
    install(freshState({ rateLimitFirst: 2 }));
    const summary = await importCrimeFigures({
      client: client(),
      months: 1,
      neighbourhoodSlug: "herringthorpe",
    });
    expect(summary.stored).toEqual([{ neighbourhood: "herringthorpe", month: "2026-09", crimes: 28 }]);
    expect(summary.retries).toBe(2);
    expect(waits).toEqual([1000, 1000]);
  });

  it("gives up after repeated 429s and stores nothing for that month", async () => {
    install(freshState({ rateLimitFirst: 50 }));
    const summary = await importCrimeFigures({
      client: client(),
      months: 1,
      neighbourhoodSlug: "herringthorpe",
    });
    expect(summary.failed).toEqual([
      { neighbourhood: "herringthorpe", month: "2026-09", reason: "rate limited after retries" },
    ]);
    expect(await storedFor("2026-09")).toEqual([]);
  });

  it("splits an area with too many crimes (503) into quarters and counts every crime once", async () => {
    install(freshState({ maxSpan: 0.025 }));
    const summary = await importCrimeFigures({
      client: client(),
      months: 1,
      neighbourhoodSlug: "herringthorpe",
    });
    expect(summary.splits).toBe(1);
    expect(summary.stored).toEqual([{ neighbourhood: "herringthorpe", month: "2026-09", crimes: 28 }]);
    const asked = state.seen.filter((s) => s.path === "crimes-street");
    expect(asked).toHaveLength(5);
    expect(asked.slice(1).every((s) => (s.span ?? 1) <= 0.025)).toBe(true);
  });

  it("splits again when a quarter is still too big", async () => {
    install(freshState({ maxSpan: 0.012 }));
    const summary = await importCrimeFigures({
      client: client(),
      months: 1,
      neighbourhoodSlug: "herringthorpe",
    });
    expect(summary.splits).toBe(5);
    expect(summary.stored[0]?.crimes).toBe(28);
  });
});

describe("the police.uk client", () => {
  it("never starts more requests in a second than the limit", async () => {
    install(freshState());
    const limited = new PoliceUkCrimeClient({ baseUrl: "https://data.police.uk/api", requestsPerSecond: 3 });
    await Promise.all(Array.from({ length: 7 }, () => limited.lastUpdatedMonth()));
    const times = state.seen.map((s) => s.at).sort((a, b) => a - b);
    expect(times).toHaveLength(7);
    for (let i = 3; i < times.length; i++) expect(times[i] - times[i - 3]).toBeGreaterThanOrEqual(990);
  });

  it("clips an area to the quarters of its bounding box", () => {
    const pieces = quarters(SQUARE);
    expect(pieces).toHaveLength(4);
    for (const piece of pieces) {
      const lats = piece.map((p) => p.lat);
      expect(Math.max(...lats) - Math.min(...lats)).toBeCloseTo(0.02, 6);
    }
    // A triangle leaves one quarter empty.
    const triangle = [
      { lat: 0, lng: 0 },
      { lat: 0, lng: 2 },
      { lat: 2, lng: 0 },
    ];
    expect(quarters(triangle)).toHaveLength(3);
  });
});

describe("importing police.uk priorities", () => {
  it("brings them in as priorities, HTML stripped to text, with their dates, once", async () => {
    install(
      freshState({
        priorities: {
          [HERRINGTHORPE]: [
            {
              issue:
                "<p>Speeding on <b>Broom Road</b> &amp; Herringthorpe Valley Road.</p><p>Residents&#39; worry at school times.</p>",
              "issue-date": "2026-05-01T00:00:00",
              action: "<p>Speed checks on 12 days.<br/>31 drivers stopped.</p>",
              "action-date": "2026-06-01T00:00:00",
            },
            { issue: "<p> </p>", "issue-date": "2026-05-02T00:00:00", action: null, "action-date": null },
          ],
        },
      }),
    );
    const summary = await importPolicePriorities({
      client: client(),
      force: "south-yorkshire",
      neighbourhood: "demo-herringthorpe",
      now: new Date("2026-07-01T12:00:00Z"),
    });
    expect(summary).toMatchObject({ neighbourhood: "herringthorpe", found: 2, alreadyThere: 0, empty: 1 });
    expect(summary.imported).toHaveLength(1);
    const [row] = await test.db.select().from(priorities).where(eq(priorities.id, summary.imported[0].id));
    expect(row).toMatchObject({
      neighbourhoodId: herringthorpeId,
      title: "Speeding on Broom Road & Herringthorpe Valley Road",
      youSaid: "Speeding on Broom Road & Herringthorpe Valley Road.\n\nResidents' worry at school times.",
      agreedOn: "2026-05-01",
      status: "active",
      outcomeSummary: "Speed checks on 12 days.\n31 drivers stopped. (police.uk, 2026-06-01)",
    });
    const audit = await test.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, String(row.id)));
    expect(audit.map((a) => a.action)).toContain("priority.imported_from_police_uk");

    const again = await importPolicePriorities({
      client: client(),
      force: "south-yorkshire",
      neighbourhood: "herringthorpe",
    });
    expect(again).toMatchObject({ imported: [], alreadyThere: 1 });
  });

  it("recognises priorities that came from our own police.uk-shaped export, and adds none twice", async () => {
    const ours = await policeUkPriorities("south-yorkshire", "demo-sitwell");
    // Sitwell's two: the one being worked on, and the resolved one.
    expect(ours).toHaveLength(2);
    install(freshState({ priorities: { "south-yorkshire/demo-sitwell": ours ?? [] } }));
    const maynard = eq(priorities.title, MAYNARD);
    expect(await test.db.$count(priorities, maynard)).toBe(1);
    const summary = await importPolicePriorities({
      client: client(),
      force: "south-yorkshire",
      neighbourhood: "demo-sitwell",
    });
    expect(summary).toMatchObject({ imported: [], alreadyThere: ours?.length });
    expect(await test.db.$count(priorities, maynard)).toBe(1);
  });

  it("refuses a neighbourhood without those police.uk ids", async () => {
    install(freshState());
    await expect(
      importPolicePriorities({ client: client(), force: "south-yorkshire", neighbourhood: "nowhere" }),
    ).rejects.toBeInstanceOf(DomainError);
  });

  it("strips tags and decodes entities", () => {
    expect(htmlToText("<script>x()</script><p>A&nbsp;&lt;b&gt; &#8217;c&#x2019;</p>")).toBe("A <b> ’c’");
  });
});
