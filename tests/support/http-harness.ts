// Drives the REAL Express app of server.js (server/app.js) in-process over
// HTTP, so `npm test` exercises what loaders alone never see: the cross-site
// check, the page cache, security headers, static files, client addresses.
// The Remix build is assembled from the same route manifest the Vite plugin
// reads (app/routes.ts) with the real route modules; only the browser's asset
// manifest is a stand-in, since tests run no client build.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { http as mswHttp, passthrough } from "msw";
import * as entryServer from "~/entry.server";
import { createApp } from "../../server/app.js";
import { remixFuture } from "../../vite.config";
import { server as msw } from "../mocks/server";
import { type RouteModule, routeConfig, routeModule } from "./app-client";

type ConfigEntry = Awaited<ReturnType<typeof routeConfig>>[number];

/** The server build Remix's Vite plugin would write, from the real modules. */
export async function serverBuild(): Promise<ServerBuild> {
  const routes: ServerBuild["routes"] = {};
  const browserRoutes: Record<string, unknown> = {};
  const add = (
    id: string,
    parentId: string | undefined,
    entry: Partial<ConfigEntry>,
    module: RouteModule,
  ) => {
    const exports = Object.keys(module);
    const shape = { id, parentId, path: entry.path, index: entry.index, caseSensitive: undefined };
    routes[id] = { ...shape, module } as ServerBuild["routes"][string];
    browserRoutes[id] = {
      ...shape,
      module: `/assets/${id}.js`,
      imports: [],
      css: [],
      hasAction: exports.includes("action"),
      hasLoader: exports.includes("loader"),
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: exports.includes("ErrorBoundary"),
    };
  };
  add("root", undefined, { path: "" }, (await import("~/root")) as RouteModule);
  const walk = async (entries: ConfigEntry[], parentId: string) => {
    for (const entry of entries) {
      add(entry.id, parentId, entry, await routeModule(entry.file));
      if (entry.children) await walk(entry.children, entry.id);
    }
  };
  await walk(await routeConfig(), "root");
  return {
    mode: "production",
    entry: { module: entryServer },
    routes,
    assets: {
      entry: { module: "/assets/entry.client.js", imports: [] },
      routes: browserRoutes,
      url: "/assets/manifest-test.js",
      version: "test",
    },
    basename: "/",
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { ...remixFuture, unstable_optimizeDeps: false },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

export type Harness = {
  url: string;
  /** A request to the app (redirects are not followed). */
  fetch: (pathname: string, init?: RequestInit) => Promise<Response>;
  /** A form POST, sent as a browser on this site would (Origin = the app's own address). */
  post: (pathname: string, form: Record<string, string>, init?: RequestInit) => Promise<Response>;
  /** What the app logged with console.warn while the harness ran. */
  warnings: string[];
  close: () => Promise<void>;
};

/** A browser build with a script and the favicon, for the static-file tests. */
function clientDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "od-client-"));
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "assets", "entry.client-test.js"), "export {};\n");
  for (const file of fs.readdirSync("public")) {
    if (fs.statSync(path.join("public", file)).isFile())
      fs.copyFileSync(path.join("public", file), path.join(dir, file));
  }
  return dir;
}

/** Starts server/app.js on a free local port, with the test file's database. */
export async function startHarness(
  options: {
    trustProxy?: false | number | string[];
    pageCache?: boolean;
    /** How often the page cache reads the change counter (default: as in production). */
    pageCachePollMs?: number;
    /** Route ids served as if their module declared no page caching (no `handle`). */
    undeclared?: string[];
  } = {},
): Promise<Harness> {
  const client = clientDirectory();
  const build = await serverBuild();
  for (const id of options.undeclared ?? []) {
    const route = build.routes[id];
    if (!route) throw new Error(`No route ${id}`);
    route.module = { ...route.module, handle: undefined };
  }
  const { handle } = createApp({
    build,
    trustProxy: options.trustProxy ?? false,
    pageCache: options.pageCache ?? false,
    pageCachePollMs: options.pageCachePollMs,
    clientDirectory: client,
  });
  const server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(" "));
  };
  const send = (pathname: string, init: RequestInit = {}) => {
    // msw refuses unknown outside requests; this one is to our own app.
    msw.use(mswHttp.all(`${url}/*`, () => passthrough()));
    return fetch(`${url}${pathname}`, { redirect: "manual", ...init });
  };
  return {
    url,
    fetch: send,
    post: (pathname, form, init = {}) =>
      send(pathname, {
        ...init,
        method: "POST",
        body: new URLSearchParams(form),
        headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded", ...init.headers },
      }),
    warnings,
    close: async () => {
      console.warn = warn;
      entryServer.stopPageCache();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(client, { recursive: true, force: true });
    },
  };
}
