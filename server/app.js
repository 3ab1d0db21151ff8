// The Express app in front of the Remix build, made by a function so that
// server.js serves it and tests drive the very same app in-process
// (tests/support/http-harness.ts). Start-up and shutdown stay in server.js.
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { renderQueue } from "./render-queue.js";

// Bodies: forms here are small. Over 1 MiB → 413; a body without a length → 411.
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @param {object} options
 * @param {import("@remix-run/node").ServerBuild} options.build the Remix build (its entry module exports the guards and the page cache)
 * @param {false | number | string[]} options.trustProxy Express's "trust proxy": hops or proxy addresses, never "any"
 * @param {boolean} [options.pageCache] keep public pages in memory (PAGE_CACHE)
 * @param {number} [options.pageCachePollMs] how often the page cache reads the change counter (tests lengthen it)
 * @param {number} [options.maxRenders] pages built at once (MAX_CONCURRENT_RENDERS)
 * @param {string} [options.clientDirectory] the browser build: /assets and the files at its top
 * @returns {{ app: import("express").Express, handle: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void }}
 */
export function createApp({
  build,
  trustProxy,
  pageCache = true,
  pageCachePollMs,
  maxRenders = 16,
  clientDirectory = "build/client",
}) {
  const entry = build.entry.module;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  // Compressed once: pages the page cache answers come already compressed (X-Page-Cache), the rest here.
  app.use(
    compression({ filter: (req, res) => !res.getHeader("x-page-cache") && compression.filter(req, res) }),
  );
  // Static files too: a browser must not guess a script out of a file of another type.
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    next();
  });
  app.use(
    "/assets",
    express.static(path.join(clientDirectory, "assets"), { immutable: true, maxAge: "1y", index: false }),
  );
  // The few files at the top of the browser build (favicons, robots.txt) by name,
  // so page requests do not each cost a look at the disk.
  const topLevelFiles = fs.existsSync(clientDirectory)
    ? fs
        .readdirSync(clientDirectory, { withFileTypes: true })
        .filter((file) => file.isFile())
        .map((file) => `/${file.name}`)
    : [];
  if (topLevelFiles.length) {
    app.get(topLevelFiles, express.static(clientDirectory, { maxAge: "1h", index: false }));
  }
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
  app.use(entry.requestGuards);
  // Public pages of the routes that opt in are cached in memory, invalidated through the
  // database; whoever sends a form sees its effect at once (see app/http/page-cache.server.ts).
  if (pageCache) {
    entry.startPageCache({ routes: build.routes, pollMs: pageCachePollMs });
    app.use(entry.pageCache);
  }
  app.use(renderQueue(maxRenders));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      // clientAddress: for per-address rate limits (req.ip honours the "trust proxy" setting).
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientAddress: req.ip ?? "" }),
    }),
  );
  // A public page already in the page cache is answered before Express and Remix.
  const answerFromCache = pageCache ? entry.serveFromPageCache : () => false;
  const handle = (req, res) => {
    // Open data: CORS on every answer, and preflights answered here without running a loader.
    if (entry.openDataCors(req, res)) return;
    if (!answerFromCache(req, res)) app(req, res);
  };
  return { app, handle };
}
