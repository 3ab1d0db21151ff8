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
import { buildMatrixWorld, ROLE_EMAILS } from "../permissions/ids";
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

beforeAll(async () => {
  ids = await buildMatrixWorld(test.db);
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
