// @remix-run/router is patched at install (patches/@remix-run+router+1.23.3.patch,
// applied by patch-package in postinstall, which fails the install if the patch
// no longer applies): in the CommonJS build the server loads, route ranking and
// path patterns are memoised, and a pathname is tried only against the branches
// whose first segment could match it. react-router-dom's createStaticRouter keeps
// the data routes it makes from a routes array it has seen (its own patch).
// Matching must not change: the patched router is
// checked against the same version's UMD build, which the patch leaves as
// published. The ESM build, which the browser bundle uses, is left alone: the
// browser's route table grows in place as routes are discovered.
import fs from "node:fs";
import { createRequire } from "node:module";
import type * as RouterModule from "@remix-run/router";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appRouteObjects } from "../support/app-client";

type Router = typeof RouterModule;
const require = createRequire(import.meta.url);
const published = require("@remix-run/router/dist/router.umd.js") as Router;
/** The router as the server loads it: CommonJS, through @remix-run/server-runtime. */
const serverFile = createRequire(require.resolve("@remix-run/server-runtime")).resolve("@remix-run/router");
const patched = require(serverFile) as Router;
/** The ESM build, which Vite bundles for the browser. */
const browserFile = serverFile.replace(/router\.cjs\.js$/, "router.js");

const summary = (matches: ReturnType<Router["matchRoutes"]>) =>
  matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase })) ??
  null;

/** A concrete URL for each route: every :param and splat filled in. */
function samplePaths(routes: RouterModule.AgnosticRouteObject[], parent = ""): string[] {
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

describe("route matching with memos (patched @remix-run/router)", () => {
  it("is installed in the router the server loads, and not in the browser's build", () => {
    const server = fs.readFileSync(serverFile, "utf8");
    expect(server).toContain("candidateBranches(rankedBranches(routes), decoded)");
    expect(server).toContain("function compilePathUncached(");
    const browser = fs.readFileSync(browserFile, "utf8");
    expect(browser).toContain("let branches = flattenRoutes(routes);");
    expect(browser).not.toContain("rankedBranches");
    expect(patched.matchRoutes).not.toBe(published.matchRoutes);
  });

  it("would hide a route added to the same table later, which is why the browser keeps the published build", () => {
    // The browser discovers routes as it navigates and adds them to the table it already has.
    const grown: RouterModule.AgnosticRouteObject[] = [{ id: "root", path: "/", children: [] }];
    const browserRouter = published;
    expect(browserRouter.matchRoutes(grown, "/tasks")).toBeNull();
    grown[0].children?.push({ id: "tasks", path: "tasks" });
    expect(browserRouter.matchRoutes(grown, "/tasks")?.at(-1)?.route.id).toBe("tasks");
    // The server's memo ranks a table once: fine for the server, whose table never changes.
    const serverTable: RouterModule.AgnosticRouteObject[] = [{ id: "root", path: "/", children: [] }];
    expect(patched.matchRoutes(serverTable, "/tasks")).toBeNull();
    serverTable[0].children?.push({ id: "tasks", path: "tasks" });
    expect(patched.matchRoutes(serverTable, "/tasks")).toBeNull();
  });

  it("matches every app route exactly as the published router does, again and again", async () => {
    const routes = await appRouteObjects();
    const paths = samplePaths(routes);
    expect(paths.length).toBeGreaterThan(50);
    const variants = paths.flatMap((p) => [p, `${p}/`, p.toUpperCase(), `${p}/extra`, `/x${p}`]);
    for (const url of variants) {
      const expected = summary(published.matchRoutes(routes, url));
      expect(summary(patched.matchRoutes(routes, url)), url).toEqual(expected);
      expect(summary(patched.matchRoutes(routes, url)), `${url} (second time)`).toEqual(expected);
    }
  });

  it("agrees with the published router on arbitrary paths", async () => {
    const routes = await appRouteObjects();
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
        "TASKS",
        "Neighbourhoods",
        "API",
        "",
        "*",
        ":id",
      ),
      fc.stringMatching(/^[a-z0-9._~-]{0,8}$/),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), (segments) => {
        const url = `/${segments.join("/")}`;
        expect(summary(patched.matchRoutes(routes, url))).toEqual(
          summary(published.matchRoutes(routes, url)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the data routes made from a routes array, and makes new ones for another", () => {
    const serverRequire = createRequire(require.resolve("@remix-run/react"));
    const { createStaticRouter } = serverRequire("react-router-dom/server") as {
      createStaticRouter: (routes: unknown[], context: unknown) => { routes: unknown[] };
    };
    const context = { matches: [], location: { pathname: "/" }, basename: "/" };
    const routes = [{ id: "root", path: "/", children: [{ id: "tasks", path: "tasks" }] }];
    const first = createStaticRouter(routes, context);
    expect(createStaticRouter(routes, context).routes).toBe(first.routes);
    const other = [{ id: "root", path: "/" }];
    expect(createStaticRouter(other, context).routes).not.toBe(first.routes);
    expect(
      published.matchRoutes(first.routes as RouterModule.AgnosticRouteObject[], "/tasks")?.at(-1)?.route.id,
    ).toBe("tasks");
  });

  it("compares a route's first segment as the published router does, whatever its case", () => {
    const routes = [
      { id: "mixed", path: "/Things/:id" },
      { id: "exact", path: "/Exact", caseSensitive: true },
    ];
    for (const url of ["/things/7", "/THINGS/7", "/Things/7", "/exact", "/Exact", "/EXACT"])
      expect(summary(patched.matchRoutes(routes, url)), url).toEqual(
        summary(published.matchRoutes(routes, url)),
      );
    expect(patched.matchRoutes(routes, "/things/7")?.[0].route.id).toBe("mixed");
    expect(patched.matchRoutes(routes, "/Exact")?.[0].route.id).toBe("exact");
  });

  it("keeps each route table's ranking apart", () => {
    const a = [{ id: "a", path: "/things/:id" }];
    const b = [{ id: "b", path: "/things/new" }];
    expect(patched.matchRoutes(a, "/things/new")?.[0].route.id).toBe("a");
    expect(patched.matchRoutes(b, "/things/new")?.[0].route.id).toBe("b");
    expect(patched.matchRoutes(b, "/things/7")).toBeNull();
    expect(patched.matchRoutes(a, "/things/7")?.[0].params).toEqual({ id: "7" });
  });
});
