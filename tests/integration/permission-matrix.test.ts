// The permission matrix (issue 3): every route of the real route manifest,
// with every role, for GET and POST, gets the outcome DESIGN.md §6 says.
// A route without an entry fails the first test.
import { beforeAll, describe, expect, it } from "vitest";
import { buildMatrixWorld, ROLE_EMAILS } from "../permissions/ids";
import { type MatrixIds, type Outcome, ROLES, type Role, type RouteExpectation } from "../permissions/types";
import { useTestDatabase } from "../setup/database";
import { allRoutes, cookieFor, type Reply, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const areas = import.meta.glob<{ expectations: RouteExpectation[] }>("../permissions/*.ts", { eager: true });
const expectations = Object.entries(areas)
  .filter(([file]) => !file.endsWith("/types.ts") && !file.endsWith("/ids.ts"))
  .flatMap(([, area]) => area.expectations ?? []);

let ids: MatrixIds;

beforeAll(async () => {
  ids = await buildMatrixWorld(test.db);
});

type Observed = Outcome | "method_not_allowed" | `status ${number}` | "a refused form (200)";

/** The guards' "sign in first" (a redirect to /login naming where to come back to). */
const signInFirst = (location: string | null) =>
  location === "/login" || Boolean(location?.startsWith("/login?returnTo="));

/** A form answer that says the request was refused (some forms answer 200 with their errors). */
function refusedForm(data: unknown): boolean {
  if (typeof data !== "object" || data === null) return false;
  const answer = data as { ok?: unknown; fieldErrors?: Record<string, unknown> };
  return answer.ok === false || Object.keys(answer.fieldErrors ?? {}).length > 0;
}

// Allowed means done: a page or a redirect (not to sign in). A 400, 409 or 429 is a refusal
// (the form's values, a stale version, a limit) and proves nothing about the role's right.
function outcomeOf(reply: Reply, method: "GET" | "POST"): Observed {
  if (reply.status >= 300 && reply.status < 400) return signInFirst(reply.location) ? "login" : "ok";
  if (reply.status === 403) return "forbidden";
  if (reply.status === 404 || reply.status === 410) return "not_found";
  if (reply.status === 405) return "method_not_allowed";
  if (reply.status >= 200 && reply.status < 300) {
    return method === "POST" && refusedForm(reply.data) ? "a refused form (200)" : "ok";
  }
  return `status ${reply.status}`;
}

/** Why a reply was not what was expected (the form's message helps when a valid body was not). */
function detail(reply: Reply): string {
  const data = reply.data as { message?: unknown; fieldErrors?: unknown } | string | null;
  if (typeof data === "string") return data.slice(0, 200);
  if (data && typeof data === "object")
    return JSON.stringify({ message: data.message, fieldErrors: data.fieldErrors });
  return "";
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
          const got = outcomeOf(reply, "GET");
          const want = expected(entry.get, role);
          if (got !== want) mismatches.push(`GET ${path} as ${role}: expected ${want}, got ${got}`);
        }
        // A POST acts on its own fresh record (when the entry makes one), with a body valid for a role allowed to.
        const fresh = entry.post?.prepare ? await entry.post.prepare(ids) : {};
        const target = entry.post?.path ? entry.post.path(ids, fresh) : path;
        const reply = await send("POST", target, {
          cookie: await as(role),
          form: entry.post?.body(ids, fresh) ?? {},
          clientAddress: address,
        });
        expect(reply.routeId, `POST ${target} reached another route`).toBe(entry.routeId);
        const got = outcomeOf(reply, "POST");
        const want = entry.post ? expected(entry.post.expect, role) : "method_not_allowed";
        if (got !== want) {
          mismatches.push(`POST ${target} as ${role}: expected ${want}, got ${got} ${detail(reply)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
