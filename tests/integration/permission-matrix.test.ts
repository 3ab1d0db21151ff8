// The permission matrix (issue 3): every route of the real route manifest,
// with every role, for GET and POST, gets the outcome DESIGN.md §6 says.
// A route without an entry fails the first test.
import { beforeAll, describe, expect, it } from "vitest";
import { loadDemo } from "../factories/demo";
import { createMatrixRoles, findMatrixIds, ROLE_EMAILS } from "../permissions/ids";
import { type MatrixIds, type Outcome, ROLES, type Role, type RouteExpectation } from "../permissions/types";
import { useTestDatabase } from "../setup/database";
import { allRoutes, cookieFor, type Reply, send } from "../support/app-client";

const test = useTestDatabase();

const areas = import.meta.glob<{ expectations: RouteExpectation[] }>("../permissions/*.ts", { eager: true });
const expectations = Object.entries(areas)
  .filter(([file]) => !file.endsWith("/types.ts") && !file.endsWith("/ids.ts"))
  .flatMap(([, area]) => area.expectations ?? []);

let ids: MatrixIds;

beforeAll(async () => {
  await loadDemo(test.db);
  ids = await findMatrixIds(test.db);
  await createMatrixRoles(test.db, ids);
});

type Observed = Outcome | "method_not_allowed" | `status ${number}`;

function outcomeOf(reply: Reply): Observed {
  if (reply.status >= 300 && reply.status < 400 && reply.location?.startsWith("/login")) return "login";
  if (reply.status === 403) return "forbidden";
  if (reply.status === 404 || reply.status === 410) return "not_found";
  if (reply.status === 405) return "method_not_allowed";
  // Allowed: a page or redirect, or a form refused for its values (nothing changed).
  if (reply.status < 400 || [400, 409, 429].includes(reply.status)) return "ok";
  return `status ${reply.status}`;
}

const expected = (outcome: Outcome | Record<Role, Outcome>, role: Role) =>
  typeof outcome === "string" ? outcome : outcome[role];

async function as(role: Role): Promise<string | undefined> {
  // A fresh session each time: a POST to /logout must not spoil the next check.
  return role === "anonymous" ? undefined : cookieFor(ROLE_EMAILS[role]);
}

describe("the permission matrix", () => {
  it("has an entry for every route in the manifest, and no entry for a route that does not exist", async () => {
    const manifest = (await allRoutes()).map((r) => r.id).sort();
    const covered = [...new Set(expectations.map((e) => e.routeId))].sort();
    expect(manifest.filter((id) => !covered.includes(id))).toEqual([]);
    expect(covered.filter((id) => !manifest.includes(id))).toEqual([]);
  });

  for (const entry of expectations) {
    it(`${entry.routeId}: each role gets what DESIGN.md §6 allows`, async () => {
      const path = entry.path(ids);
      const mismatches: string[] = [];
      for (const [index, role] of ROLES.entries()) {
        const address = `198.51.100.${index + 1}`;
        if (entry.get) {
          const reply = await send("GET", path, { cookie: await as(role), clientAddress: address });
          expect(reply.routeId, `GET ${path} reached another route`).toBe(entry.routeId);
          const got = outcomeOf(reply);
          const want = expected(entry.get, role);
          if (got !== want) mismatches.push(`GET ${path} as ${role}: expected ${want}, got ${got}`);
        }
        const reply = await send("POST", path, {
          cookie: await as(role),
          form: entry.post?.body(ids) ?? {},
          clientAddress: address,
        });
        const got = outcomeOf(reply);
        const want = entry.post ? expected(entry.post.expect, role) : "method_not_allowed";
        if (got !== want) mismatches.push(`POST ${path} as ${role}: expected ${want}, got ${got}`);
      }
      expect(mismatches).toEqual([]);
    });
  }
});
