// Hostile input (issue 9): every route of the route manifest, GET and POST,
// driven with random and malicious values by fast-check, as the roles that
// reach the most code. Whatever arrives: never a 5xx, and a refused request
// writes nothing (no row in any table that records work, no audit event).
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "~db/client.server";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildCategory,
  buildConcern,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildUser,
  linkConcerns,
} from "../factories/build";
import { ROLE_EMAILS } from "../permissions/ids";
import type { MatrixIds, RouteExpectation } from "../permissions/types";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const areas = import.meta.glob<{ expectations: RouteExpectation[] }>("../permissions/*.ts", { eager: true });
const entries = Object.entries(areas)
  .filter(([file]) => !file.endsWith("/types.ts") && !file.endsWith("/ids.ts"))
  .flatMap(([, area]) => area.expectations ?? []);

// Field names and intents as the forms use them, read from the route and component sources.
const sources = ["app/routes", "app/components"]
  .flatMap((dir) => fs.readdirSync(dir).map((file) => path.join(dir, file)))
  .filter((file) => /\.tsx?$/.test(file))
  .map((file) => fs.readFileSync(file, "utf8"));
const FIELDS = [
  ...new Set(sources.flatMap((s) => [...s.matchAll(/name="([A-Za-z][\w.[\]-]{0,40})"/g)].map((m) => m[1]))),
];
const INTENTS = [
  ...new Set(sources.flatMap((s) => [...s.matchAll(/name="intent" value="([\w-]+)"/g)].map((m) => m[1]))),
];

const hostileText = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; drop table users; --",
    "1' or '1'='1",
    "\u0000\u0001\u0007\u001b[31m",
    "‮evil‭",
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 🎉 ñ ß ﷽",
    "../../etc/passwd",
    "%00%0d%0aSet-Cookie: x=1",
    "NaN",
    "Infinity",
    "-1",
    "0",
    "1e308",
    "99999999999999999999999",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31T25:61",
    "true",
    "null",
    "undefined",
    "[object Object]",
    "public",
    "partners_only",
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constant("x".repeat(100_000)),
);

const hostileForm = fc.record(
  {
    picked: fc.dictionary(
      fc.constantFrom(...FIELDS),
      fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 })),
      {
        maxKeys: 8,
      },
    ),
    random: fc.dictionary(fc.string({ maxLength: 12 }), hostileText, { maxKeys: 3 }),
    intent: fc.option(fc.constantFrom(...INTENTS, "", "<script>"), { nil: undefined }),
  },
  { requiredKeys: ["picked", "random"] },
);

const hostileQuery = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...FIELDS, "page", "status", "year", "category", "before", "returnTo"),
    fc.string(),
  ),
  hostileText,
  { maxKeys: 4 },
);

let ids: MatrixIds;
const cookies: Record<string, string | undefined> = {};

/** Rows in the tables that record work or decisions; a refused request must leave them alone. */
async function footprint(): Promise<string> {
  const tables = [
    "assemblies",
    "neighbourhoods",
    "agencies",
    "categories",
    "users",
    "agency_memberships",
    "agency_invitations",
    "assembly_chairs",
    "meetings",
    "concerns",
    "priorities",
    "tasks",
    "task_updates",
    "update_figures",
    "subscriptions",
    "outbox_messages",
    "audit_events",
    "bank_holidays",
  ];
  const counts = rowsOf<{ t: string; n: number }>(
    await test.db.execute(
      sql.raw(tables.map((t) => `select '${t}' as t, count(*)::int as n from ${t}`).join(" union all ")),
    ),
  );
  return counts.map((c) => `${c.t}=${c.n}`).join(" ");
}

/**
 * The matrix's world (tests/permissions/types.ts), built: assembly X (Herringthorpe,
 * Sitwell, Boston Castle) and Y (Maltby), each with meetings held and to come;
 * agency A (police), B (trading standards) and a council team; an active priority
 * in Sitwell with a task of each (A's under way with public and partners-only
 * updates and figures, B's offered); a resolved priority in Herringthorpe with A's
 * done task and residents' concerns; a new online concern in Herringthorpe; the
 * matrix's six people. Enough of every kind of record for the routes to reach
 * their code.
 */
async function buildMatrixWorld(): Promise<MatrixIds> {
  await buildBankHolidays(test.db);
  const category = await buildCategory(test.db, {
    slug: "anti-social-behaviour",
    name: "Anti-social behaviour",
  });
  await buildCategory(test.db, { slug: "parking", name: "Parking" });
  const x = await buildAssembly(test.db, { slug: "rotherham-south", name: "Rotherham South" });
  const y = await buildAssembly(test.db, { slug: "wentworth-valley", name: "Wentworth Valley" });
  const herringthorpe = await buildNeighbourhood(test.db, {
    assemblyId: x.id,
    slug: "herringthorpe",
    name: "Herringthorpe",
    wards: ["Rotherham East"],
    postcodeDistricts: ["S65"],
    policeForceId: "south-yorkshire",
    policeNeighbourhoodId: "demo-herringthorpe",
  });
  const sitwell = await buildNeighbourhood(test.db, { assemblyId: x.id, slug: "sitwell", name: "Sitwell" });
  const boston = await buildNeighbourhood(test.db, { assemblyId: x.id, name: "Boston Castle and Moorgate" });
  const maltby = await buildNeighbourhood(test.db, { assemblyId: y.id, slug: "maltby", name: "Maltby" });
  const a = await buildAgency(test.db, {
    slug: "syp-neighbourhood-team",
    kind: "police",
    name: "South Yorkshire Police neighbourhood team",
  });
  const b = await buildAgency(test.db, {
    slug: "trading-standards",
    kind: "trading_standards",
    name: "Trading standards",
    defaultConfidentiality: "partners_only",
  });
  const council = await buildAgency(test.db, { kind: "council", name: "Council anti-social behaviour team" });

  const held = {
    status: "held" as const,
    attendance: 27,
    publicSummary: "Partners reported back on each priority.",
    whatsWorking: "Volunteers now run a monthly litter pick.",
    publishedAt: new Date(Date.now() - 38 * 86_400_000),
  };
  const xCovers = [herringthorpe.id, sitwell.id, boston.id];
  const { meeting: xOlder } = await buildMeeting(test.db, {
    ...held,
    assemblyId: x.id,
    neighbourhoods: xCovers,
    startsInDays: -150,
  });
  await buildMeeting(test.db, { ...held, assemblyId: x.id, neighbourhoods: xCovers, startsInDays: -40 });
  const { meeting: meetingX } = await buildMeeting(test.db, {
    assemblyId: x.id,
    neighbourhoods: xCovers,
    title: "Rotherham South PACT meeting",
    startsInDays: 21,
  });
  await buildMeeting(test.db, { ...held, assemblyId: y.id, neighbourhoods: [maltby.id], startsInDays: -40 });
  const { meeting: meetingY } = await buildMeeting(test.db, {
    assemblyId: y.id,
    neighbourhoods: [maltby.id],
    startsInDays: 21,
  });

  const {
    priority: priorityX,
    taskIds: [taskOfA, taskOfB],
  } = await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    categoryId: category.id,
    agreedAtMeetingId: xOlder.id,
    tasks: [
      {
        agency: a.id,
        status: "in_progress",
        updates: [
          {
            body: "Joint evening operation.",
            daysAgo: 25,
            figures: [{ label: "stop and checks", value: 16 }],
          },
          { body: "Named by neighbours.", daysAgo: 18, visibility: "partners_only" },
          { body: "Referred to children's services.", daysAgo: 17, safeguardingReferral: true },
        ],
      },
      { agency: b.id, status: "offered", confidentiality: "partners_only" },
      { agency: council.id, status: "accepted" },
    ],
  });
  const {
    priority: resolved,
    taskIds: [doneTaskOfA],
  } = await buildPriority(test.db, {
    neighbourhood: herringthorpe.id,
    title: "Underage drinking on Herringthorpe Playing Fields",
    categoryId: category.id,
    status: "resolved",
    agreedAtMeetingId: xOlder.id,
    agreedDaysAgo: 150,
    tasks: [
      {
        agency: a.id,
        title: "Evening patrols on the playing fields",
        status: "done",
        outcome: "No groups found drinking on the last six visits.",
        updates: [{ body: "No groups found drinking on the last six visits.", daysAgo: 45, isOutcome: true }],
      },
    ],
  });
  await linkConcerns(test.db, resolved.id, [
    await buildConcern(test.db, {
      neighbourhoodId: herringthorpe.id,
      raisedAtMeetingId: xOlder.id,
      status: "adopted",
      contactName: "Margaret Hollis",
      contactEmail: "margaret.hollis@example.net",
    }),
  ]);
  await buildPriority(test.db, {
    neighbourhood: boston.id,
    status: "monitoring",
    tasks: [{ agency: council.id }],
  });
  const concernX = await buildConcern(test.db, {
    neighbourhoodId: herringthorpe.id,
    categoryId: category.id,
    source: "online",
    status: "new",
    location: "Herringthorpe Avenue",
    contactName: "Online Resident",
    contactEmail: "resident.online@example.net",
  });

  const memberA = await buildUser(test.db, { email: ROLE_EMAILS.memberA, agencies: [a.id] });
  await buildUser(test.db, {
    email: ROLE_EMAILS.coordinatorA,
    agencies: [{ agencyId: a.id, role: "coordinator" }],
  });
  await buildUser(test.db, { email: ROLE_EMAILS.memberB, agencies: [b.id] });
  await buildUser(test.db, { email: ROLE_EMAILS.chairX, chairs: [x.id] });
  await buildUser(test.db, { email: ROLE_EMAILS.chairY, chairs: [y.id] });
  await buildUser(test.db, { email: ROLE_EMAILS.admin, isAdmin: true });

  return {
    assemblyX: x.id,
    assemblyY: y.id,
    agencyA: a.id,
    agencyB: b.id,
    neighbourhoodSlug: herringthorpe.slug,
    neighbourhoodId: herringthorpe.id,
    otherNeighbourhoodSlug: maltby.slug,
    priorityX: priorityX.id,
    taskOfA,
    taskOfB,
    doneTaskOfA,
    meetingX: meetingX.id,
    meetingY: meetingY.id,
    concernX: concernX.id,
    userMemberA: memberA.id,
    force: "south-yorkshire",
    policeNeighbourhood: "demo-herringthorpe",
  };
}

beforeAll(async () => {
  ids = await buildMatrixWorld();
  cookies.anonymous = undefined;
  for (const role of ["admin", "chairX", "memberA", "coordinatorA"] as const)
    cookies[role] = await cookieFor(ROLE_EMAILS[role]);
});

const RUNS = Number(process.env.HOSTILE_RUNS ?? 6);

describe("hostile input on every route", () => {
  it("finds field names and intents to aim at", () => {
    expect(FIELDS.length).toBeGreaterThan(20);
    expect(INTENTS.length).toBeGreaterThan(3);
  });

  for (const entry of entries) {
    it(`${entry.routeId}: never a 5xx, and a refusal writes nothing`, { timeout: 180_000 }, async () => {
      const base = entry.path(ids);
      const problems: string[] = [];
      for (const role of ["admin", "chairX", "memberA", "coordinatorA", "anonymous"]) {
        // A fresh session each time: signing out (POST /logout) must not spoil the rest.
        const cookie = role === "anonymous" ? undefined : await cookieFor(ROLE_EMAILS[role as "admin"]);
        await fc.assert(
          fc.asyncProperty(hostileQuery, async (query) => {
            const url = `${base}${base.includes("?") ? "&" : "?"}${new URLSearchParams(query)}`;
            const reply = await send("GET", url, { cookie, clientAddress: "203.0.113.250" });
            if (reply.status >= 500) problems.push(`GET ${url} as ${role}: ${reply.status}`);
          }),
          { numRuns: RUNS },
        );
        await fc.assert(
          fc.asyncProperty(hostileForm, async ({ picked, random, intent }) => {
            const form: Record<string, string | string[]> = { ...random, ...picked };
            if (intent !== undefined) form.intent = intent;
            const before = await footprint();
            const reply = await send("POST", base, { cookie, form, clientAddress: "203.0.113.251" });
            if (reply.status >= 500)
              problems.push(`POST ${base} as ${role} ${JSON.stringify(form).slice(0, 300)}: ${reply.status}`);
            if (reply.status >= 400) {
              const after = await footprint();
              if (after !== before) {
                problems.push(
                  `POST ${base} as ${role} answered ${reply.status} but wrote: ${before} → ${after}`,
                );
              }
            }
          }),
          { numRuns: RUNS },
        );
      }
      expect(problems.slice(0, 10)).toEqual([]);
    });
  }
});
