// The production server: Express in front of the Remix build. It boots the
// app (configuration, migrations, demo data), serves it, and shuts down
// cleanly on SIGTERM/SIGINT so the database is closed and the process exits.
// First: the route-matching memos must be in place before Remix loads its router.
import "./server/install-route-memos.js";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

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

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1");
app.use(compression());
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
// The few files at the top of build/client (favicons, robots.txt) by name, so
// page requests do not each cost a look at the disk.
const topLevelFiles = fs
  .readdirSync("build/client", { withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => `/${entry.name}`);
if (topLevelFiles.length) {
  app.get(topLevelFiles, express.static("build/client", { maxAge: "1h", index: false }));
}
// Bodies: forms here are small. Over 1 MiB → 413; a body without a length → 411.
const MAX_BODY_BYTES = 1024 * 1024;
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const length = Number(req.get("content-length"));
  if (req.get("transfer-encoding") && !req.get("content-length")) {
    res.status(411).type("text/plain").send("Send the form again: its length was missing.");
    return;
  }
  if (length > MAX_BODY_BYTES) {
    res.status(413).type("text/plain").send("What you sent is too large. Shorten it and try again.");
    req.resume();
    return;
  }
  next();
});
app.use(app_.requestGuards);
// Public pages are cached in memory, invalidated through the database (see page-cache.server.ts).
const pageCacheOn = process.env.PAGE_CACHE !== "off";
if (pageCacheOn) {
  app_.startPageCache();
  app.use(app_.pageCache);
}
// Pages are built a few at a time: the CPU is shared anyway, and each page
// being built holds its data and markup in memory, so a queue here keeps memory
// flat under a burst. A place is given back when the response finishes or the
// client goes away — also while still waiting, so a vanished client never
// takes a place later (tests/e2e/render-queue.test.ts).
const MAX_RENDERS = Number(process.env.MAX_CONCURRENT_RENDERS ?? 16);
let rendering = 0;
const queued = [];
const startNext = () => {
  while (rendering < MAX_RENDERS && queued.length) queued.shift()();
};
app.use((_req, res, next) => {
  let state = "waiting";
  const start = () => {
    if (state !== "waiting") return;
    state = "rendering";
    rendering += 1;
    next();
  };
  const release = () => {
    if (state === "rendering") {
      rendering -= 1;
      state = "done";
      startNext();
    } else if (state === "waiting") {
      state = "done";
      const at = queued.indexOf(start);
      if (at !== -1) queued.splice(at, 1);
    }
  };
  res.once("finish", release);
  res.once("close", release);
  if (rendering < MAX_RENDERS) start();
  else queued.push(start);
});
app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    // clientAddress: for per-address rate limits (req.ip honours TRUST_PROXY).
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientAddress: req.ip ?? "" }),
  }),
);

// A public page already in the page cache is answered before Express and Remix.
const answerFromCache = pageCacheOn ? app_.serveFromPageCache : () => false;
const server = http.createServer((req, res) => {
  // Open data: CORS on every answer, and preflights answered here without running a loader.
  if (app_.openDataCors(req, res)) return;
  if (!answerFromCache(req, res)) app(req, res);
});
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
