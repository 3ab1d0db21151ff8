// A floor for the benchmark (issue 18 part 4): the production app with one
// route's loader replaced by the result it gave the first time, held in memory.
// The page is the same HTML through the same Express, guards and Remix
// rendering, with no queries, so "uncached page ÷ this" says how much of a
// page's cost is fetching its data. Started by tests/bench/run.ts only.
//   MEMO_ROUTE=routes/neighbourhoods.$slug._index node tests/bench/memo-server.js
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createApp } from "../../server/app.js";

const build = await import(pathToFileURL(path.resolve("build/server/index.js")).href);
const { env } = await build.entry.module.boot();
const routeId = process.env.MEMO_ROUTE ?? "routes/neighbourhoods.$slug._index";
const route = build.routes[routeId];
if (!route?.module.loader) throw new Error(`no loader for ${routeId}`);

let kept;
async function remembered(args) {
  if (!kept) {
    const result = await route.module.loader(args);
    kept =
      result instanceof Response
        ? { response: { body: await result.text(), status: result.status, headers: [...result.headers] } }
        : { value: result };
  }
  if (kept.response) {
    const { body, status, headers } = kept.response;
    return new Response(body, { status, headers });
  }
  return kept.value;
}

const routes = { ...build.routes, [routeId]: { ...route, module: { ...route.module, loader: remembered } } };
const { handle } = createApp({
  build: { ...build, routes },
  trustProxy: false,
  pageCache: false,
  maxRenders: env.MAX_CONCURRENT_RENDERS,
});
http.createServer(handle).listen(env.PORT, () => console.log(`memo floor on ${env.PORT} (${routeId})`));
