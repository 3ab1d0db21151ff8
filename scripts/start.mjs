// npm start: build when the sources are newer than the build, then serve.
// On a PostgreSQL server it serves with WEB_CONCURRENCY worker processes (one
// per core by default, node:cluster): this primary process migrates and seeds
// once, then forks the workers, which share the port and each run server.js
// (and the background jobs, which claim their rows with SKIP LOCKED). On the
// embedded database there is one process, this one.
import "../server/production.js";
import cluster from "node:cluster";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const buildFile = path.join(root, "build/server/index.js");

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = ["app", "db", "emails", "public"].filter((d) => fs.existsSync(d));
const sourceTime = Math.max(
  ...sources.map(newestSource),
  ...["vite.config.ts", "package.json"].map((f) => fs.statSync(f).mtimeMs),
);
if (cluster.isPrimary && (!fs.existsSync(buildFile) || fs.statSync(buildFile).mtimeMs < sourceTime)) {
  console.log("Building the app…");
  const { buildApp } = await import("./build.mjs");
  try {
    await buildApp();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** How many workers: 1 on the embedded database; WEB_CONCURRENCY (parsed with every other setting) on a server. */
async function prepareWorkers() {
  if (!process.env.DATABASE_URL?.trim()) return 1;
  const { pathToFileURL } = await import("node:url");
  const build = await import(pathToFileURL(buildFile).href);
  const app = build.entry.module;
  try {
    // Migrations and demo data once, here, before any worker starts.
    const { env, handle } = await app.boot();
    const count = handle.driver === "pglite" ? 1 : env.WEB_CONCURRENCY;
    await app.closeDatabase();
    return count;
  } catch (error) {
    console.error(error?.name === "EnvError" ? error.message : error);
    process.exit(1);
  }
}

function superviseWorkers(count) {
  let stopping = false;
  let alive = 0;
  const fork = () => {
    alive += 1;
    cluster.fork();
  };
  cluster.on("listening", (worker) => {
    console.log(`Worker ${worker.id} of ${count} is serving (process ${worker.process.pid})`);
  });
  cluster.on("exit", (worker, code, signal) => {
    alive -= 1;
    if (stopping) {
      if (alive === 0) process.exit(0);
      return;
    }
    console.error(`Worker ${worker.id} stopped (${signal ?? code}); starting another`);
    fork();
  });
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping ${count} workers…`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  for (let i = 0; i < count; i++) fork();
}

const workers = cluster.isPrimary ? await prepareWorkers() : 1;
if (cluster.isPrimary && workers > 1) superviseWorkers(workers);
else await import("../server.js");
