// The production server loads @remix-run/router with memos for route ranking
// and path patterns (server/route-matching.js). Matching must not change.
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import * as original from "@remix-run/router";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routerFile, withRouteMemos } from "../../server/route-matching.js";
import { appRouteObjects } from "../support/app-client";

type Router = typeof original;

function loadMemoisedRouter(): Router {
  const file = routerFile();
  const source = withRouteMemos(fs.readFileSync(file, "utf8"));
  if (!source) throw new Error("the router no longer has the code the memos replace");
  const mod = new Module(file) as Module & { _compile: (code: string, name: string) => void };
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths: (dir: string) => string[] })._nodeModulePaths(
    path.dirname(file),
  );
  mod._compile(source, file);
  return mod.exports as Router;
}

const summary = (matches: ReturnType<Router["matchRoutes"]>) =>
  matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase })) ??
  null;

/** A concrete URL for each route: every :param and splat filled in. */
function samplePaths(routes: original.AgnosticRouteObject[], parent = ""): string[] {
  const out: string[] = [];
  for (const route of routes) {
    const joined = route.path ? `${parent}/${route.path}` : parent;
    out.push(
      joined
        .replace(/:[\w-]+\??/g, (param) => (/id/i.test(param) ? "42" : "sitwell"))
        .replace(/\*$/, "any/thing") || "/",
    );
    if (route.children) out.push(...samplePaths(route.children, joined));
  }
  return out;
}

describe("route matching with memos", () => {
  it("applies to the installed router", () => {
    expect(withRouteMemos(fs.readFileSync(routerFile(), "utf8"))).toContain("__odBranches(routes)");
  });

  it("matches every app route exactly as the unmodified router does, again and again", async () => {
    const routes = await appRouteObjects();
    const memoised = loadMemoisedRouter();
    const paths = samplePaths(routes);
    expect(paths.length).toBeGreaterThan(50);
    const variants = paths.flatMap((p) => [p, `${p}/`, p.toUpperCase(), `${p}/extra`, `/x${p}`]);
    for (const url of variants) {
      const expected = summary(original.matchRoutes(routes, url));
      expect(summary(memoised.matchRoutes(routes, url)), url).toEqual(expected);
      expect(summary(memoised.matchRoutes(routes, url)), `${url} (second time)`).toEqual(expected);
    }
  });

  it("agrees with the unmodified router on arbitrary paths", async () => {
    const routes = await appRouteObjects();
    const memoised = loadMemoisedRouter();
    const segment = fc.oneof(
      fc.constantFrom(
        "neighbourhoods",
        "priorities",
        "tasks",
        "chair",
        "api",
        "v1",
        "sitwell",
        "feed.atom",
        "12",
      ),
      fc.stringMatching(/^[a-z0-9._~-]{0,8}$/),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), (segments) => {
        const url = `/${segments.join("/")}`;
        expect(summary(memoised.matchRoutes(routes, url))).toEqual(
          summary(original.matchRoutes(routes, url)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("keeps each route table's ranking apart", () => {
    const memoised = loadMemoisedRouter();
    const a = [{ id: "a", path: "/things/:id" }];
    const b = [{ id: "b", path: "/things/new" }];
    expect(memoised.matchRoutes(a, "/things/new")?.[0].route.id).toBe("a");
    expect(memoised.matchRoutes(b, "/things/new")?.[0].route.id).toBe("b");
    expect(memoised.matchRoutes(b, "/things/7")).toBeNull();
    expect(memoised.matchRoutes(a, "/things/7")?.[0].params).toEqual({ id: "7" });
  });
});
