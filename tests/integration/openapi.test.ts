// /api/v1/openapi.json: an OpenAPI 3.1 document a civic developer can generate
// a client from. Every example it and docs/api.md show, and what the running
// API really answers, must validate against it.
import fs from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
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
import { getPublic } from "../support/public-surface";

const test = useTestDatabase();
useFixedClock();

type Operation = {
  parameters: Array<{ name: string; in: string }>;
  responses: Record<
    string,
    { content?: { "application/json": { schema: { $ref: string }; example: unknown } } }
  >;
};
type Document = { openapi: string; paths: Record<string, { get: Operation }>; components: object };

let document: Document;
let ajv: Ajv2020;
let resolvedPriorityId = 0;

// A world that gives every field of every shape something to show, null or not:
// four neighbourhoods (three known to police.uk), meetings held and published,
// to come and cancelled, and priorities resolved (with a category, agreed at a
// meeting, done tasks with outcomes and figures), monitoring and active (tasks
// offered, accepted and in progress, a partners-only one and a hidden note).
async function buildWorld() {
  const db = test.db;
  await buildBankHolidays(db);
  const south = await buildAssembly(db, { slug: "rotherham-south", name: "Rotherham South" });
  const place = (slug: string, name: string, police = true) =>
    buildNeighbourhood(db, {
      assemblyId: south.id,
      slug,
      name,
      description: `${name}, in Rotherham South.`,
      ...(police ? { policeForceId: "south-yorkshire", policeNeighbourhoodId: `demo-${slug}` } : {}),
    });
  const herringthorpe = await place("herringthorpe", "Herringthorpe");
  const bostonCastle = await place("boston-castle", "Boston Castle");
  const sitwell = await place("sitwell", "Sitwell");
  await place("canklow", "Canklow", false);
  const covered = [herringthorpe.id, bostonCastle.id, sitwell.id];
  const venue = {
    venue: "Rotherham South Community Centre",
    address: "Main Street",
    accessibilityNote: "Step-free.",
  };
  const { meeting: assembly } = await buildMeeting(db, {
    ...venue,
    assemblyId: south.id,
    neighbourhoods: covered,
    kind: "area_assembly",
    title: "Rotherham South Area Assembly",
    startsInDays: -40,
    status: "held",
    attendance: 27,
    publicSummary: "Partners reported back on each priority.",
    whatsWorking: "Young people helped design the new play area signs.",
    minutesReference: "Minutes published on the council website.",
    publishedAt: new Date(Date.now() - 38 * 86_400_000),
  });
  await buildMeeting(db, {
    ...venue,
    assemblyId: south.id,
    neighbourhoods: covered,
    title: "Rotherham South PACT meeting",
    startsInDays: -60,
    status: "cancelled",
    cancellationReason: "The hall flooded.",
  });
  await buildMeeting(db, {
    ...venue,
    assemblyId: south.id,
    neighbourhoods: covered,
    title: "Rotherham South PACT meeting",
    startsInDays: 21,
  });

  const police = await buildAgency(db, { name: "South Yorkshire Police", kind: "police" });
  const tradingStandards = await buildAgency(db, { name: "Trading Standards", kind: "trading_standards" });
  const youthOffending = await buildAgency(db, { name: "Youth Offending Team", kind: "youth_offending" });
  const greenSpaces = await buildAgency(db, { name: "Green Spaces", kind: "council" });

  const drinking = await buildCategory(db, { slug: "underage-drinking", name: "Underage drinking" });
  const resolved = await buildPriority(db, {
    neighbourhood: herringthorpe.id,
    title: "Underage drinking on Herringthorpe Playing Fields",
    categoryId: drinking.id,
    agreedAtMeetingId: assembly.id,
    status: "resolved",
    agreedDaysAgo: 150,
    outcomeSummary: "Evening drinking on the fields has stopped being a regular problem.",
    tasks: [
      {
        agency: police.id,
        title: "Evening patrols on the playing fields",
        status: "done",
        outcome: "On the last six visits officers found no groups drinking.",
        updates: [
          {
            body: "Weekend patrols started.",
            daysAgo: 120,
            figures: [
              { label: "patrols", value: 12 },
              { label: "alcohol seized", value: 31, unit: "litres" },
            ],
          },
          { body: "Names passed to the youth offending team.", daysAgo: 118, visibility: "partners_only" },
          { body: "On the last six visits officers found no groups drinking.", daysAgo: 45, isOutcome: true },
        ],
      },
      {
        agency: youthOffending.id,
        title: "Joint operation with the neighbourhood team",
        status: "done",
        confidentiality: "partners_only",
        updates: [{ body: "Safeguarding referral made.", daysAgo: 110, safeguardingReferral: true }],
      },
      {
        agency: tradingStandards.id,
        title: "Test purchases at off-licences near the fields",
        status: "done",
        outcome: "Three premises failed and were warned.",
        updates: [
          { body: "Test purchases made.", daysAgo: 100, figures: [{ label: "premises tested", value: 8 }] },
        ],
      },
    ],
  });
  resolvedPriorityId = resolved.priority.id;
  // The patrols' outcome says whether residents were asked if things improved.
  await db.update(tasks).set({ residentsAsked: true }).where(eq(tasks.id, resolved.taskIds[0]));

  await buildPriority(db, {
    neighbourhood: bostonCastle.id,
    title: "Obstructive parking on Queensway",
    status: "monitoring",
    tasks: [
      { agency: police.id, status: "done", outcome: "Warning notices left on obstructing cars." },
      {
        agency: greenSpaces.id,
        status: "in_progress",
        updates: [
          { body: "Enforcement twice a week.", figures: [{ label: "fixed penalty notices", value: 16 }] },
        ],
      },
    ],
  });
  await buildPriority(db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    tasks: [
      { agency: police.id, status: "in_progress", updates: [{ body: "Joint evening operation." }] },
      { agency: greenSpaces.id, status: "accepted" },
      { agency: tradingStandards.id, status: "offered", dueInDays: -3 },
    ],
  });
}

beforeAll(async () => {
  await buildWorld();
  const response = await getPublic("/api/v1/openapi.json");
  expect(response.status).toBe(200);
  document = JSON.parse(response.body);
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...document, $id: "openapi.json" });
});

/** The OpenAPI path template a concrete path belongs to. */
function templateOf(path: string): string {
  const found = Object.keys(document.paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path),
  );
  if (!found) throw new Error(`no documented endpoint for ${path}`);
  return found;
}

/** Validation errors of `body` against the schema of `template`'s answer with `status`. */
function problems(template: string, status: number, body: unknown) {
  const content = document.paths[template].get.responses[String(status)]?.content;
  if (!content) return [`${template} documents no ${status} body`];
  const validate = ajv.getSchema(`openapi.json${content["application/json"].schema.$ref}`);
  if (!validate) return [`no schema ${content["application/json"].schema.$ref}`];
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, describes /api/v1 and the police.uk-shaped API, and names every path parameter", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual([
      "/api/police-uk/{force}/{neighbourhood}/priorities",
      "/api/v1/meetings/{id}",
      "/api/v1/neighbourhoods",
      "/api/v1/neighbourhoods/{slug}",
      "/api/v1/neighbourhoods/{slug}/meetings",
      "/api/v1/neighbourhoods/{slug}/priorities",
      "/api/v1/priorities/{id}",
    ]);
    for (const [template, { get }] of Object.entries(document.paths)) {
      const inPath = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      expect(
        get.parameters
          .filter((p) => p.in === "path")
          .map((p) => p.name)
          .sort(),
        template,
      ).toEqual(inPath);
    }
    const priorities = document.paths["/api/v1/neighbourhoods/{slug}/priorities"].get.parameters;
    expect(priorities.filter((p) => p.in === "query").map((p) => p.name)).toEqual([
      "page",
      "per_page",
      "status",
    ]);
  });

  it("has examples that validate against their own schemas", () => {
    let checked = 0;
    for (const [template, { get }] of Object.entries(document.paths)) {
      for (const [status, response] of Object.entries(get.responses)) {
        const example = response.content?.["application/json"].example;
        if (example === undefined) continue;
        expect(problems(template, Number(status), example), `${template} ${status}`).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7 * 2);
  });

  it("validates every example response in docs/api.md", () => {
    const markdown = fs.readFileSync("docs/api.md", "utf8");
    const examples = [...markdown.matchAll(/curl '([^']+)'\n```\n\n```json\n([\s\S]*?)\n```/g)];
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const [, url, body] of examples) {
      const path = new URL(url).pathname;
      const parsed = JSON.parse(body);
      expect(problems(templateOf(path), parsed.error ? parsed.error.status : 200, parsed), url).toEqual([]);
    }
    const errors = [...markdown.matchAll(/```json\n\s*(\{ "error"[\s\S]*?)\n\s*```/g)];
    expect(errors.length).toBeGreaterThan(0);
    for (const [, body] of errors)
      expect(problems("/api/v1/neighbourhoods", 400, JSON.parse(body))).toEqual([]);
  });

  it("describes what the API really answers, for every endpoint and its errors", async () => {
    const meetings = JSON.parse((await getPublic("/api/v1/neighbourhoods/sitwell/meetings?when=past")).body);
    // The latest past meeting is the area assembly, held and published.
    expect(meetings.data[0].title).toBe("Rotherham South Area Assembly");
    const answers: Array<[string, number]> = [
      ["/api/v1/neighbourhoods?per_page=3", 200],
      ["/api/v1/neighbourhoods/sitwell", 200],
      ["/api/v1/neighbourhoods/herringthorpe/priorities", 200],
      ["/api/v1/neighbourhoods/boston-castle/priorities?status=current", 200],
      [`/api/v1/priorities/${resolvedPriorityId}`, 200],
      ["/api/v1/neighbourhoods/sitwell/meetings", 200],
      [`/api/v1/meetings/${meetings.data[0].id}`, 200],
      ["/api/police-uk/south-yorkshire/demo-herringthorpe/priorities", 200],
      ["/api/v1/neighbourhoods?per_page=500", 400],
      ["/api/v1/neighbourhoods/atlantis/priorities", 404],
      ["/api/v1/priorities/3.0", 404],
      ["/api/police-uk/leicestershire/NC04/priorities", 404],
    ];
    for (const [path, status] of answers) {
      const response = await getPublic(path);
      expect(response.status, path).toBe(status);
      const template = templateOf(new URL(path, "http://x").pathname);
      expect(problems(template, status, JSON.parse(response.body)), path).toEqual([]);
    }
  });
});
