// @remix-run/router is patched at install (patches/@remix-run+router+1.23.3.patch,
// applied by patch-package in postinstall, which fails the install if the patch
// no longer applies): route ranking and path patterns are memoised. Matching
// must not change: the patched router is checked against the same version's
// UMD build, which the patch leaves as published.
import fs from "node:fs";
import { createRequire } from "node:module";
import * as patched from "@remix-run/router";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appRouteObjects } from "../support/app-client";

type Router = typeof patched;
const require = createRequire(import.meta.url);
const published = require("@remix-run/router/dist/router.umd.js") as Router;

/** The files the server (CommonJS, through @remix-run/server-runtime) and the tests (ESM) load. */
function routerFiles(): string[] {
  const fromServerRuntime = createRequire(require.resolve("@remix-run/server-runtime"));
  const cjs = fromServerRuntime.resolve("@remix-run/router");
  return [cjs, cjs.replace(/router\.cjs\.js$/, "router.js")];
}

const summary = (matches: ReturnType<Router["matchRoutes"]>) =>
  matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase })) ??
  null;

/** A concrete URL for each route: every :param and splat filled in. */
function samplePaths(routes: patched.AgnosticRouteObject[], parent = ""): string[] {
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
  it("is installed in the router the server loads, and in its ESM build", () => {
    for (const file of routerFiles()) {
      const source = fs.readFileSync(file, "utf8");
      expect(source, file).toContain("let branches = rankedBranches(routes);");
      expect(source, file).toContain("function compilePathUncached(");
    }
    expect(patched.matchRoutes).not.toBe(published.matchRoutes);
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

  it("keeps each route table's ranking apart", () => {
    const a = [{ id: "a", path: "/things/:id" }];
    const b = [{ id: "b", path: "/things/new" }];
    expect(patched.matchRoutes(a, "/things/new")?.[0].route.id).toBe("a");
    expect(patched.matchRoutes(b, "/things/new")?.[0].route.id).toBe("b");
    expect(patched.matchRoutes(b, "/things/7")).toBeNull();
    expect(patched.matchRoutes(a, "/things/7")?.[0].params).toEqual({ id: "7" });
  });
});
