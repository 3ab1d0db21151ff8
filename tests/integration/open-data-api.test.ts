// The open data API (/api/v1) and the police.uk-shaped priorities: shapes that
// programs can rely on, pagination, plain JSON errors, and HTML escaped safely.

import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { neighbourhoods } from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildCategory,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildUser,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";
import { getPublic } from "../support/public-surface";

const test = useTestDatabase();
useFixedClock();

const DAY = 86_400_000;
const ADMIN = "admin@open-data.example.org";
const place: Record<string, number> = {};
const agency = { police: 0, asb: 0, streetpride: 0, greenSpaces: 0, tradingStandards: 0, youthOffending: 0 };

/** Rotherham South's three neighbourhoods, then eight more elsewhere: eleven, all on police.uk. */
const SOUTH = ["boston-castle", "herringthorpe", "sitwell"];
const ELSEWHERE = ["brinsworth", "dinnington", "keppel", "maltby", "rawmarsh", "swinton", "wales", "wath"];
const NEIGHBOURHOODS = SOUTH.length + ELSEWHERE.length;

// Every neighbourhood is known to police.uk as south-yorkshire/demo-<slug>.
// Rotherham South (whose meetings cover all three of its neighbourhoods) met
// five months ago and forty days ago, and meets again in three weeks.
// Herringthorpe has one priority, resolved; Boston Castle one, being monitored.
beforeAll(async () => {
  const db = test.db;
  await buildBankHolidays(db);
  await buildUser(db, { email: ADMIN, isAdmin: true });
  const south = await buildAssembly(db, { slug: "rotherham-south", name: "Rotherham South" });
  const elsewhere = await buildAssembly(db, { slug: "elsewhere", name: "Elsewhere" });
  for (const slug of [...SOUTH, ...ELSEWHERE]) {
    const name = slug.replace(
      /(^|-)(\w)/g,
      (_, dash: string, c: string) => (dash ? " " : "") + c.toUpperCase(),
    );
    const row = await buildNeighbourhood(db, {
      assemblyId: SOUTH.includes(slug) ? south.id : elsewhere.id,
      slug,
      name,
      postcodeDistricts: ["S60"],
      policeForceId: "south-yorkshire",
      policeNeighbourhoodId: `demo-${slug}`,
    });
    place[slug] = row.id;
  }
  agency.police = (
    await buildAgency(db, { name: "South Yorkshire Police neighbourhood team", kind: "police" })
  ).id;
  agency.asb = (await buildAgency(db, { name: "Council anti-social behaviour team", kind: "council" })).id;
  agency.streetpride = (
    await buildAgency(db, { name: "Streetpride (streets, parking and highways)", kind: "council" })
  ).id;
  agency.greenSpaces = (
    await buildAgency(db, { name: "Green Spaces (parks and play areas)", kind: "council" })
  ).id;
  agency.tradingStandards = (
    await buildAgency(db, { name: "Trading Standards", kind: "trading_standards" })
  ).id;
  agency.youthOffending = (
    await buildAgency(db, {
      name: "Youth Offending Team",
      kind: "youth_offending",
      defaultConfidentiality: "partners_only",
    })
  ).id;

  const common = {
    assemblyId: south.id,
    neighbourhoods: SOUTH.map((slug) => place[slug]),
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
    publishedAt: new Date(Date.now() - 148 * DAY),
  });
  await buildMeeting(db, {
    ...common,
    kind: "area_assembly",
    title: "Rotherham South Area Assembly",
    startsInDays: -40,
    status: "held",
    attendance: 27,
    publicSummary: "Partners reported back on each priority.",
    publishedAt: new Date(Date.now() - 38 * DAY),
  });
  await buildMeeting(db, { ...common, title: "Rotherham South PACT meeting", startsInDays: 21 });

  const drinking = await buildCategory(db, { slug: "underage-drinking", name: "Underage drinking" });
  await buildPriority(db, {
    neighbourhood: place.herringthorpe,
    title: "Underage drinking on Herringthorpe Playing Fields",
    categoryId: drinking.id,
    status: "resolved",
    agreedDaysAgo: 150,
    agreedAtMeetingId: pact.id,
    closedAt: new Date(Date.now() - 40 * DAY),
    outcomeSummary: "Evening drinking on the fields has stopped being a regular problem.",
    tasks: [
      {
        agency: agency.police,
        status: "done",
        outcome: "No groups drinking on the last six visits.",
        updates: [
          { daysAgo: 120, body: "Weekend patrols started.", figures: [{ label: "patrols", value: 12 }] },
        ],
      },
      // Youth offending work stays partners-only.
      {
        agency: agency.youthOffending,
        status: "done",
        confidentiality: "partners_only",
        updates: [{ daysAgo: 110, body: "Safeguarding referral made.", safeguardingReferral: true }],
      },
      {
        agency: agency.tradingStandards,
        status: "done",
        outcome: "Three premises failed and were warned.",
        updates: [
          {
            daysAgo: 100,
            body: "Test purchase operation carried out with police cadets.",
            figures: [
              { label: "premises tested", value: 8 },
              { label: "premises failed test purchases", value: 3 },
            ],
          },
        ],
      },
      {
        agency: agency.greenSpaces,
        status: "done",
        outcome: "New fencing is in place.",
        updates: [{ daysAgo: 60, body: "Fencing replaced and broken glass cleared." }],
      },
    ],
  });
  await buildPriority(db, {
    neighbourhood: place["boston-castle"],
    title: "Obstructive parking on Queensway",
    youSaid:
      "Cars parked on both kerbs of Queensway near the hospital block driveways and stop buses and bin lorries getting through.",
    status: "monitoring",
    agreedDaysAgo: 150,
    tasks: [
      {
        agency: agency.police,
        status: "done",
        updates: [{ daysAgo: 130, body: "Warning notices issued during morning and afternoon visits." }],
      },
      {
        agency: agency.streetpride,
        status: "in_progress",
        updates: [
          { daysAgo: 95, body: "Civil enforcement officers patrolled Queensway twice a week." },
          {
            daysAgo: 30,
            body: "The hospital has agreed to a residents-only parking scheme. Consultation letters go to every household next month.",
            figures: [{ label: "households to be consulted", value: 86 }],
          },
        ],
      },
    ],
  });
});

async function json(path: string) {
  const response = await getPublic(path);
  expect(response.headers.get("Content-Type"), path).toBe("application/json; charset=utf-8");
  return { status: response.status, body: JSON.parse(response.body), headers: response.headers };
}

describe("GET /api/v1/neighbourhoods", () => {
  it("lists every neighbourhood with its assembly and links, in pages", async () => {
    const first = await json("/api/v1/neighbourhoods?per_page=5");
    expect(first.status).toBe(200);
    expect(first.body.meta).toEqual({ page: 1, per_page: 5, total: NEIGHBOURHOODS, pages: 3 });
    expect(first.body.data).toHaveLength(5);
    expect(first.body.data[0]).toEqual({
      slug: expect.any(String),
      name: expect.any(String),
      description: expect.any(String),
      assembly: { slug: expect.any(String), name: expect.any(String) },
      police_uk: { force: "south-yorkshire", neighbourhood: expect.stringMatching(/^demo-/) },
      links: {
        self: expect.stringMatching(/\/api\/v1\/neighbourhoods\/[a-z-]+$/),
        html: expect.stringMatching(/\/neighbourhoods\/[a-z-]+$/),
        priorities: expect.stringMatching(/\/priorities$/),
        meetings: expect.stringMatching(/\/meetings$/),
        feed: expect.stringMatching(/\/feed\.atom$/),
        calendar: expect.stringMatching(/\/meetings\.ics$/),
        csv: expect.stringMatching(/\/priorities\.csv$/),
      },
    });
    expect(first.body.links.prev).toBeNull();
    expect(first.body.links.next).toMatch(/page=2&per_page=5$/);
    // Walking the pages gives every neighbourhood once.
    const seen = new Set<string>();
    let next: string | null = first.body.links.self;
    while (next) {
      const page = await json(new URL(next).pathname + new URL(next).search);
      for (const n of page.body.data) seen.add(n.slug);
      next = page.body.links.next;
    }
    expect(seen.size).toBe(NEIGHBOURHOODS);
  });

  it("refuses nonsense paging with a 400 that says which parameter is wrong", async () => {
    for (const query of ["per_page=0", "per_page=101", "page=0", "page=two"]) {
      const response = await json(`/api/v1/neighbourhoods?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.status).toBe(400);
      expect(Object.keys(response.body.error.fields)).toEqual([query.split("=")[0]]);
    }
  });
});

describe("GET /api/v1/neighbourhoods/:slug/priorities and /api/v1/priorities/:id", () => {
  it("gives each priority with its public tasks, updates and figures", async () => {
    const { status, body } = await json("/api/v1/neighbourhoods/herringthorpe/priorities?status=past");
    expect(status).toBe(200);
    expect(body.meta).toEqual({ page: 1, per_page: 20, total: 1, pages: 1 });
    const [fields] = body.data;
    expect(fields).toMatchObject({
      neighbourhood: "herringthorpe",
      title: "Underage drinking on Herringthorpe Playing Fields",
      status: "resolved",
      status_label: "Resolved",
      current: false,
      category: { slug: "underage-drinking", name: "Underage drinking" },
      outcome: { summary: expect.stringContaining("stopped"), closed_reason: null, referred_to: null },
    });
    expect(fields.tasks.map((t: { agency: { name: string } }) => t.agency.name).sort()).toEqual([
      "Green Spaces (parks and play areas)",
      "South Yorkshire Police neighbourhood team",
      "Trading Standards",
    ]);
    const purchases = fields.updates.find((u: { body: string }) =>
      u.body.startsWith("Test purchase operation"),
    );
    expect(purchases).toEqual({
      id: expect.any(Number),
      task_id: expect.any(Number),
      agency: "Trading Standards",
      body: "Test purchase operation carried out with police cadets.",
      created_at: expect.stringMatching(/Z$/),
      is_outcome: false,
      residents_asked: null,
      figures: [
        { label: "premises tested", value: 8, unit: "" },
        { label: "premises failed test purchases", value: 3, unit: "" },
      ],
    });
    const one = await json(`/api/v1/priorities/${fields.id}`);
    expect(one.body.data).toEqual(fields);
  });

  it("filters by status and pages through", async () => {
    for (let i = 0; i < 3; i++)
      await buildPriority(test.db, { neighbourhood: place.maltby, title: `Maltby priority ${i}` });
    const current = await json("/api/v1/neighbourhoods/maltby/priorities?status=current&per_page=2");
    expect(current.body.meta).toEqual({ page: 1, per_page: 2, total: 3, pages: 2 });
    const second = await json("/api/v1/neighbourhoods/maltby/priorities?status=current&per_page=2&page=2");
    expect(second.body.data).toHaveLength(1);
    expect(second.body.links.next).toBeNull();
    const past = await json("/api/v1/neighbourhoods/maltby/priorities?status=past");
    expect(past.body.meta.total).toBe(0);
    expect((await json("/api/v1/neighbourhoods/maltby/priorities?status=secret")).status).toBe(400);
  });

  it("answers JSON 404s for what does not exist", async () => {
    for (const path of [
      "/api/v1/neighbourhoods/atlantis",
      "/api/v1/neighbourhoods/atlantis/priorities",
      "/api/v1/neighbourhoods/atlantis/meetings",
      "/api/v1/priorities/999999",
      "/api/v1/priorities/not-a-number",
      // ids are whole numbers written plainly: no decimals, exponents or leading zeros
      "/api/v1/priorities/2.0",
      "/api/v1/priorities/2e0",
      "/api/v1/priorities/02",
      "/api/v1/meetings/11.0",
      "/api/v1/meetings/999999",
    ]) {
      const response = await json(path);
      expect(response.status, path).toBe(404);
      expect(response.body.error).toMatchObject({ status: 404, message: expect.any(String) });
    }
  });
});

describe("GET /api/v1/neighbourhoods/:slug/meetings and /api/v1/meetings/:id", () => {
  it("lists upcoming meetings soonest first and past ones latest first, with their public details", async () => {
    const upcoming = await json("/api/v1/neighbourhoods/sitwell/meetings");
    expect(upcoming.body.meta).toEqual({ page: 1, per_page: 20, when: "upcoming" });
    expect(upcoming.body.data[0]).toEqual({
      id: expect.any(Number),
      title: "Rotherham South PACT meeting",
      kind: "pact",
      status: "scheduled",
      starts_at: expect.stringMatching(/Z$/),
      ends_at: expect.stringMatching(/Z$/),
      venue: "Rotherham South Community Centre",
      address: "Main Street",
      accessibility: "Step-free access, hearing loop and accessible toilet.",
      cancellation_reason: null,
      attendance: null,
      public_summary: null,
      whats_working: null,
      minutes_reference: null,
      links: { self: expect.any(String), html: expect.any(String) },
    });
    const past = await json("/api/v1/neighbourhoods/sitwell/meetings?when=past&per_page=1");
    expect(past.body.data).toHaveLength(1);
    expect(past.body.data[0]).toMatchObject({
      status: "held",
      attendance: 27,
      public_summary: expect.any(String),
    });
    expect(past.body.links.next).toMatch(/page=2/);
    const detail = await json(`/api/v1/meetings/${past.body.data[0].id}`);
    expect(detail.body.data.neighbourhoods).toEqual(["boston-castle", "herringthorpe", "sitwell"]);
  });
});

describe("GET /api/police-uk/:force/:neighbourhood/priorities", () => {
  it("answers in the police.uk shape: issue, issue-date, action, action-date", async () => {
    const { status, body } = await json("/api/police-uk/south-yorkshire/demo-boston-castle/priorities");
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(Object.keys(body[0]).sort()).toEqual(["action", "action-date", "issue", "issue-date"]);
    expect(body[0].issue).toBe(
      "<p>Obstructive parking on Queensway</p><p>Cars parked on both kerbs of Queensway near the hospital block driveways and stop buses and bin lorries getting through.</p>",
    );
    expect(body[0]["issue-date"]).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00$/);
    expect(body[0].action).toContain("The hospital has agreed to a residents-only parking scheme.");
    expect(body[0]["action-date"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it("escapes HTML in issue and action, so nothing a partner typed can run on another site", async () => {
    await buildPriority(test.db, {
      neighbourhood: place.keppel,
      title: `<img src=x onerror="alert('x')"> & friends`,
      youSaid: "Kids <b>shouting</b> & swearing",
      tasks: [
        {
          agency: agency.asb,
          updates: [{ daysAgo: 1, body: "<script>steal()</script> visit made" }],
        },
      ],
    });
    const { body } = await json("/api/police-uk/south-yorkshire/demo-keppel/priorities");
    expect(body[0].issue).toBe(
      "<p>&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; friends</p><p>Kids &lt;b&gt;shouting&lt;/b&gt; &amp; swearing</p>",
    );
    expect(body[0].action).toBe("<p>&lt;script&gt;steal()&lt;/script&gt; visit made</p>");
  });

  it("a closed priority's action is how it ended, and a priority without news has none", async () => {
    const { body } = await json("/api/police-uk/south-yorkshire/demo-herringthorpe/priorities");
    expect(body[0].action).toMatch(/^<p>Resolved\. Evening drinking on the fields has stopped/);
    await buildPriority(test.db, { neighbourhood: place.wales, title: "Quiet priority" });
    const quiet = await json("/api/police-uk/south-yorkshire/demo-wales/priorities");
    expect(quiet.body[0]).toMatchObject({ action: null, "action-date": null });
  });

  it("accepts police.uk's own ids with dots and spaces, set in the admin form, URL-encoded in the path", async () => {
    const admin = await cookieFor(ADMIN);
    const [keppel] = await test.db.select().from(neighbourhoods).where(eq(neighbourhoods.slug, "keppel"));
    const [wales] = await test.db.select().from(neighbourhoods).where(eq(neighbourhoods.slug, "wales"));
    for (const [place, id] of [
      [keppel, "55.CR3001"],
      [wales, "Rotherham Central"],
    ] as const) {
      const saved = await send("POST", `/admin/neighbourhoods/${place.id}`, {
        cookie: admin,
        form: {
          assemblyId: String(place.assemblyId),
          name: place.name,
          slug: place.slug,
          postcodeDistricts: place.postcodeDistricts.join(", "),
          maxActivePriorities: String(place.maxActivePriorities),
          policeForceId: "south-yorkshire",
          policeNeighbourhoodId: id,
        },
      });
      expect(saved.status, id).toBe(302);
    }
    const dotted = await json("/api/police-uk/south-yorkshire/55.CR3001/priorities");
    expect(dotted.status).toBe(200);
    expect(dotted.body.map((p: { issue: string }) => p.issue).join()).toContain("&amp; friends");
    expect((await json("/api/police-uk/south-yorkshire/Rotherham%20Central/priorities")).status).toBe(200);
    const refused = await send("POST", `/admin/neighbourhoods/${keppel.id}`, {
      cookie: admin,
      form: { policeForceId: "south-yorkshire", policeNeighbourhoodId: "../etc/passwd" },
    });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ fieldErrors: { policeNeighbourhoodId: [expect.any(String)] } });
  });

  it("turns line breaks in an update into paragraphs in action, as in the Atom feed", async () => {
    await buildPriority(test.db, {
      neighbourhood: place.maltby,
      title: "Fly-tipping behind the shops",
      tasks: [
        {
          agency: agency.asb,
          updates: [{ daysAgo: 1, body: "Cleared on Monday.\n\nCameras up on Friday.\nSigns next week." }],
        },
      ],
    });
    const { body } = await json("/api/police-uk/south-yorkshire/demo-maltby/priorities");
    const flyTipping = body.find((p: { issue: string }) => p.issue.includes("Fly-tipping"));
    expect(flyTipping.action).toBe(
      "<p>Cleared on Monday.</p><p>Cameras up on Friday.<br>Signs next week.</p>",
    );
  });

  it("is a 404 for a force or neighbourhood we do not cover", async () => {
    expect((await json("/api/police-uk/leicestershire/NC04/priorities")).status).toBe(404);
  });
});

describe("unknown API paths", () => {
  it("are JSON 404s that point to the open data page, under /api/v1 and /api/police-uk alike", async () => {
    for (const route of [await import("~/routes/api.v1.$"), await import("~/routes/api.police-uk.$")]) {
      const thrown = (() => {
        try {
          return route.loader();
        } catch (error) {
          return error;
        }
      })() as Response;
      expect(thrown.status).toBe(404);
      expect(thrown.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
      expect((await thrown.json()).error.message).toContain("/open-data");
    }
  });
});
