// The production server: Express in front of the Remix build. It boots the
// app (configuration, migrations, demo data), serves it, and shuts down
// cleanly on SIGTERM/SIGINT so the database is closed and the process exits.
import "./server/production.js";
import cluster from "node:cluster";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createApp } from "./server/app.js";

const buildPath = path.resolve("build/server/index.js");
const build = await import(pathToFileURL(buildPath).href);
const app_ = build.entry.module;

let started;
try {
  started = await app_.boot();
} catch (error) {
  if (error && error.name === "EnvError") {
    console.error(error.message);
  } else {
    console.error("Start-up failed:", error);
  }
  process.exit(1);
}
const { env } = started;

const { handle } = createApp({
  build,
  trustProxy: env.TRUST_PROXY,
  pageCache: env.PAGE_CACHE === "on",
  maxRenders: env.MAX_CONCURRENT_RENDERS,
});
// A worker of `npm start` (scripts/start.mjs) says which one answered.
const workerId = cluster.isWorker ? String(cluster.worker.id) : null;
const server = http.createServer(
  workerId
    ? (request, response) => {
        response.setHeader("X-Worker", workerId);
        handle(request, response);
      }
    : handle,
);
server.listen(env.PORT, () => {
  console.log(`One Dialogue is ready on http://localhost:${env.PORT}`);
});
const stopJobs = app_.startJobs ? app_.startJobs() : () => Promise.resolve();

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing requests and closing the database…`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  const closed = new Promise((resolve) => server.close(() => resolve()));
  server.closeIdleConnections?.();
  app_.stopPageCache?.();
  await stopJobs();
  await closed;
  await app_.closeDatabase();
  process.exit(0);
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
