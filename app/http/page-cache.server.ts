// An in-process cache of public responses, in front of Remix. Routes opt in
// (page-cache-rule.ts: `export const handle = cachedPage()`); an answer is kept
// only when its route declared it, it is a 200 marked `Cache-Control: public`
// with no cookie set, and the request carried no cookie and no Authorization
// (nothing personal). The key is the URL plus the values of the request headers
// the route declared it varies on.
//
// Each page is tagged with what it is built from (its route's cachedPage({ tags }),
// from the URL's parameters: a neighbourhood, an assembly, a meeting, a
// priority, or "borough" for pages of the whole borough). Triggers in the
// database log what every change affects (app/domain/core/public-changes.ts); each
// process reads the log once a second and drops only the pages whose tags the
// new changes reach, so a change made through any process reaches every
// process within about a second and the other neighbourhoods' pages stay. A
// process that answers a write reads the log at once, without holding anyone's
// page meanwhile. The writer sees their own change at once, whichever process
// answers next: every answer to a write sets a short-lived cookie (WROTE_COOKIE),
// and a request with a cookie never comes from the cache. A page rendered while a
// change to one of its tags was being read is not kept. Requests for a page
// that is being rendered to be kept wait for that render (X-Page-Cache-Waited)
// instead of rendering it again. A page a change dropped no more than GRACE_MS
// ago is answered at once with its previous copy (X-Page-Cache: grace, not to
// be kept further down) while this process rebuilds it once in the background,
// in memory (rebuild()); a rebuild that is not kept (the page is gone) ends the
// previous copy at once.
//
// When the database cannot be reached, the pages already kept are still
// served for up to PAGE_CACHE_STALE_SECONDS, with a line saying they may be a
// few minutes out of date written into the page (app/lib/stale-notice.ts);
// pages not kept, signed-in pages and every write answer 503 as the app does.
// Kept pages tell caches further down the same: `stale-if-error` in Cache-Control.
//
// Compression is done here for these pages, once, when a page is stored: a miss
// and every later hit are answered with the same prepared bytes (the body, its
// gzip and brotli forms) and headers whose CSP allows exactly the page's inline
// scripts by their SHA-256 hashes — a cached page's bytes are fixed, so no
// per-request nonce has to be written into them. Every other response is
// compressed by Express's compression() (server/app.js), which leaves alone the
// responses this module answers (they carry X-Page-Cache).
//
// A hit is answered before Express and Remix (server/app.js hands every request
// to serveFromPageCache first).

import { createHash, randomBytes } from "node:crypto";
import { type IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import zlib from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { type AgnosticRouteObject, matchRoutes } from "@remix-run/router";
import { serialize } from "cookie";
import type { NextFunction, Request, Response } from "express";
import onHeaders from "on-headers";
import { carriesSession, SESSION_COOKIE_NAME } from "~/auth/session.server";
import { env } from "~/config/env.server";
import {
  CHANGE_LOG_KEEP_MS,
  pageKeys,
  pageTagsOf,
  pruneChangeLog,
  readChangesSince,
} from "~/domain/core/public-changes";
import { setsCookie } from "~/lib/cookies";
import { STALE_NOTICE_HTML, STALE_NOTICE_PLACEHOLDER } from "~/lib/stale-notice";
import { matchesIfNoneMatch } from "./conditional.server";
import { securityHeaders } from "./guards.server";
import { pageCacheRuleOf } from "./page-cache-rule";

type Entry = {
  status: number;
  headers: Array<[string, string]>;
  body: string;
  etag: string | undefined;
  /** CSP sources of the page's own inline scripts, found when it was stored. */
  scriptHashes: string[];
  /** What the page is built from (app/lib/page-tags.ts): a change to any of them drops it. */
  tags: readonly string[];
  /** Pages also depend on the date ("overdue", "next meeting"): keep them no longer than they say. */
  expiresAt: number;
  /** The request headers the route varies on (lower case), added to Vary. */
  vary: readonly string[];
  /** What a hit sends, made when the page is first sent from the cache. */
  prepared?: Prepared;
  /** What is sent while the database is down: the page with the stale notice. */
  preparedStale?: Prepared;
};

type Headers = Record<string, string | number>;
type Prepared = {
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  headers: { identity: Headers; gzip: Headers; br: Headers; notModified: Headers };
};

/**
 * The SHA-256 CSP sources of the inline scripts the app itself wrote into a
 * page: those carrying the nonce it was rendered with. Any other inline script
 * in the stored HTML (one that got in with someone's text) stays blocked on a hit.
 */
export function inlineScriptHashes(html: string, nonce: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(match[1]) || match[2] === "") continue;
    const written = /\bnonce\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(match[1]);
    if (!nonce || (written?.[1] ?? written?.[2] ?? written?.[3]) !== nonce) continue;
    hashes.add(`sha256-${createHash("sha256").update(match[2], "utf8").digest("base64")}`);
  }
  return [...hashes];
}

function prepare(entry: Entry, publicUrl: string, stale: boolean): Prepared {
  const identity = Buffer.from(stale ? staleCopy(entry.body) : entry.body, "utf8");
  const gzip = zlib.gzipSync(identity, { level: 6 });
  const br = zlib.brotliCompressSync(identity, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
    },
  });
  const common: Headers = {};
  for (const [name, value] of entry.headers) common[name] = value;
  // The cached copy comes in several encodings, and one copy per value of what the route
  // varies on: Vary names each once, however the page was captured.
  const vary = new Map<string, string>();
  for (const name of [...String(common.vary ?? "").split(","), ...entry.vary, "Accept-Encoding"]) {
    if (name.trim()) vary.set(name.trim().toLowerCase(), name.trim());
  }
  common.vary = [...vary.values()].join(", ");
  common["x-page-cache"] = "hit";
  // Caches further down may keep serving it while this server answers errors.
  if (staleForMs > 0 && !/stale-if-error/.test(String(common["cache-control"] ?? ""))) {
    common["cache-control"] = `${common["cache-control"]}, stale-if-error=${staleForMs / 1000}`;
  }
  // A copy with the notice is for now only: no cache may keep it.
  if (stale) common["cache-control"] = "no-store";
  for (const [name, value] of Object.entries(securityHeaders({ hashes: entry.scriptHashes }, publicUrl))) {
    common[name.toLowerCase()] = value;
  }
  // A 304 keeps the CSP the browser's copy came with (see guards.server.ts).
  const notModified = { ...common };
  delete notModified["content-security-policy"];
  return {
    identity,
    gzip,
    br,
    headers: {
      identity: { ...common, "content-length": identity.length },
      gzip: { ...common, "content-encoding": "gzip", "content-length": gzip.length },
      br: { ...common, "content-encoding": "br", "content-length": br.length },
      notModified,
    },
  };
}

/** The page with the stale notice in the layout's placeholder (other formats as they are). */
export function staleCopy(body: string): string {
  return body.replace(STALE_NOTICE_PLACEHOLDER, STALE_NOTICE_HTML);
}

/** The encoding to send: brotli, then gzip, when the client accepts it (q > 0). */
export function chooseEncoding(acceptEncoding: string | undefined): "br" | "gzip" | "identity" {
  if (!acceptEncoding) return "identity";
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [coding, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (q === undefined || Number(q) > 0) accepted.add(coding.trim());
  }
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip")) return "gzip";
  return "identity";
}

const DEFAULT_TTL_S = 60;
const MAX_TTL_S = 300;

/** How long a response may be kept: its s-maxage or max-age, within 1 s and 5 minutes. */
export function lifetimeMs(cacheControl: string): number {
  const match = /\bs-maxage=(\d+)/.exec(cacheControl) ?? /\bmax-age=(\d+)/.exec(cacheControl);
  const seconds = match ? Number(match[1]) : DEFAULT_TTL_S;
  return Math.min(Math.max(seconds, 1), MAX_TTL_S) * 1000;
}

/** How much the cache may hold when not told (PAGE_CACHE_MEGABYTES). */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** The text, and the plain and compressed bytes a hit sends. */
const weight = (entry: Entry) => Math.ceil(entry.body.length * 2.5);
const MAX_ENTRY_BYTES = 512 * 1024;
const POLL_MS = 1000;
// Headers set per response elsewhere (security headers carry a fresh nonce).
const SKIP_HEADERS = new Set([
  "content-security-policy",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "date",
  "set-cookie",
]);

/** The key of a page: its URL, and the values of the request headers its route varies on. */
export function cacheKey(url: string, vary: readonly string[], headers: IncomingHttpHeaders): string {
  if (!vary.length) return url;
  const values = vary.map((name) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(", ") : (value ?? "");
  });
  return [url, ...values].join("\n");
}

const MAX_URLS = 20_000;

/** A page being rendered to be kept: a change to one of its tags meanwhile means it must not be. */
export type Render = { tags: ReadonlySet<string>; changed: boolean };

type MissCause = "expired" | "evicted" | "dropped";

/**
 * How long after a change drops a page its previous copy may still answer, and
 * only while another request is rebuilding it: readers of a popular page do not
 * all wait for its rebuild (HTTP's stale-while-revalidate). Well inside the
 * minute for which every public page may be kept by caches further down anyway.
 */
export const GRACE_MS = 5000;
const MAX_GRACED = 1000;

export class PageCache {
  /** @param maxBytes what it may hold, counted as weight() counts a page */
  constructor(public maxBytes = DEFAULT_MAX_BYTES) {}
  private entries = new Map<string, Entry>();
  /** What each stored URL's route varies on, so a hit needs no route matching. */
  private varies = new Map<string, readonly string[]>();
  /** The keys of the entries carrying each tag. */
  private tagged = new Map<string, Set<string>>();
  private renders = new Set<Render>();
  private bytes = 0;
  hits = 0;
  misses = 0;
  /** Hits answered while the database was down. */
  staleHits = 0;
  /** Pages dropped because something they are built from changed. */
  dropped = 0;
  /**
   * Why recently lost pages went (their cache keys, the newest last, bounded), so a miss can
   * say whether it is a page's first request or one kept before: expired, evicted for room, or
   * dropped because something it shows changed (X-Page-Cache-Miss).
   */
  private gone = new Map<string, MissCause>();
  /** Pages a change dropped, with how long they may still answer while they are rebuilt. */
  private graced = new Map<string, { entry: Entry; until: number }>();
  /** Requests answered with a dropped page's previous copy while it was rebuilt. */
  graceHits = 0;
  /** Dropped pages rebuilt in the background. */
  rebuilds = 0;

  /**
   * The entry for this request to `url`, if one is kept. `staleForMs`: while
   * the database is down, also one that expired no longer ago than that.
   */
  find(url: string, headers: IncomingHttpHeaders, staleForMs = 0): Entry | undefined {
    const vary = this.varies.get(url);
    return vary ? this.get(cacheKey(url, vary, headers), staleForMs) : undefined;
  }

  /** Keeps `entry` as the answer to this request to `url` — unless what it is built from changed while it was rendered. */
  keep(url: string, headers: IncomingHttpHeaders, entry: Entry, render?: Render) {
    if (render) this.renders.delete(render);
    if (render?.changed) return;
    if (this.varies.size >= MAX_URLS) this.varies.clear();
    this.varies.set(url, entry.vary);
    this.set(cacheKey(url, entry.vary, headers), entry);
  }

  get(key: string, staleForMs = 0, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      if (entry.expiresAt > now - staleForMs) return entry;
      this.delete(key, "expired");
      return undefined;
    }
    // Least recently used goes first: re-insert on every hit.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Entry) {
    if (entry.body.length > MAX_ENTRY_BYTES) return;
    this.delete(key);
    this.graced.delete(key);
    this.entries.set(key, entry);
    for (const tag of entry.tags) {
      const keys = this.tagged.get(tag) ?? new Set<string>();
      this.tagged.set(tag, keys);
      keys.add(key);
    }
    this.bytes += weight(entry);
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest, "evicted");
    }
  }

  /** A page with these tags starts rendering (kept later only if none of them changes meanwhile). */
  begin(tags: readonly string[]): Render {
    const render = { tags: new Set(tags), changed: false };
    this.renders.add(render);
    return render;
  }

  /** The render ended without being kept. */
  end(render: Render) {
    this.renders.delete(render);
  }

  /** Something the pages with these tags are built from changed ("all": anything may have). */
  drop(tags: ReadonlySet<string> | "all", now = Date.now()) {
    for (const render of this.renders) {
      if (tags === "all" || [...render.tags].some((tag) => tags.has(tag))) render.changed = true;
    }
    if (tags === "all") {
      this.dropped += this.entries.size;
      for (const key of this.entries.keys()) this.remember(key, "dropped");
      this.entries.clear();
      this.varies.clear();
      this.tagged.clear();
      this.bytes = 0;
      return;
    }
    for (const tag of tags) {
      for (const key of this.tagged.get(tag) ?? []) {
        const entry = this.entries.get(key);
        if (!entry || !this.delete(key, "dropped")) continue;
        this.dropped += 1;
        // Kept a moment longer, only to answer while the page is rebuilt (graceFor).
        this.graced.delete(key);
        this.graced.set(key, { entry, until: now + GRACE_MS });
        if (this.graced.size > MAX_GRACED) this.graced.delete(this.graced.keys().next().value as string);
      }
    }
  }

  get size() {
    return this.entries.size;
  }

  /**
   * The copy a change dropped no longer than GRACE_MS ago, for answering while
   * the page is being rebuilt; undefined once a new copy is kept or the time is up.
   */
  graceFor(key: string, now = Date.now()): Entry | undefined {
    const previous = this.graced.get(key);
    if (!previous) return undefined;
    if (previous.until > now) return previous.entry;
    this.graced.delete(key);
    return undefined;
  }

  /** The previous copy of a page answers no more. */
  forgetGrace(key: string) {
    this.graced.delete(key);
  }

  /** Why a miss for this key missed: the page was never kept here, or how it went. */
  missCause(key: string): MissCause | "first" {
    return this.gone.get(key) ?? "first";
  }

  private remember(key: string, cause: MissCause) {
    this.gone.delete(key);
    this.gone.set(key, cause);
    if (this.gone.size > MAX_URLS) this.gone.delete(this.gone.keys().next().value as string);
  }

  private delete(key: string, cause?: MissCause): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (cause) this.remember(key, cause);
    this.bytes -= weight(entry);
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.tagged.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.tagged.delete(tag);
    }
    return true;
  }
}

// Which routes may be cached: read from the build's route modules (their `handle`).
type Routes = ServerBuild["routes"];
let routeTable: { routes: Routes; tree: AgnosticRouteObject[] } | undefined;

function routeTree(routes: Routes, parentId?: string): AgnosticRouteObject[] {
  const children: AgnosticRouteObject[] = [];
  for (const route of Object.values(routes)) {
    if (!route || route.parentId !== parentId) continue;
    const { id, path, caseSensitive } = route;
    children.push(
      route.index
        ? { id, path, caseSensitive, index: true }
        : { id, path, caseSensitive, children: routeTree(routes, id) },
    );
  }
  return children;
}

/**
 * What the route answering `url` declares about caching (its `handle`): the
 * headers it varies on and the tags of this page, or undefined when it does
 * not opt in. A single-fetch data request (`/x.data`, `/_root.data`) follows
 * the page it belongs to.
 */
export function pageCacheRuleFor(url: string): { vary: readonly string[]; tags: string[] } | undefined {
  if (!routeTable) return undefined;
  let pathname = url.split("?")[0];
  if (pathname.endsWith(".data")) pathname = pathname === "/_root.data" ? "/" : pathname.slice(0, -5);
  const leaf = matchRoutes(routeTable.tree, pathname)?.at(-1);
  const rule = leaf?.route.id ? pageCacheRuleOf(routeTable.routes[leaf.route.id]?.module.handle) : undefined;
  return rule && leaf ? { vary: rule.vary, tags: [...rule.tags(leaf.params)] } : undefined;
}

const cache = new PageCache();
let poller: NodeJS.Timeout | undefined;
/** When the database last answered. Past `trustForMs` (or after a failed read) it is down. */
let confirmedAt = 0;
let failing = false;
let trustForMs = 2.5 * POLL_MS;
let staleForMs = 0;
/** Where the next read of the change log starts (null: never read), and what the last read returned. */
let since: number | null = null;
let seen = new Set<string>();
let prunedAt = 0;
const PRUNE_EVERY_MS = 60_000;
const MAX_KEYS_NAMED = 1000;

// One read of the log at a time; a read asked for meanwhile runs right after.
let reading: Promise<void> | undefined;
let readAgain = false;

async function readChanges() {
  try {
    const read = await readChangesSince(since);
    const rowId = (row: { xid: number; key: string }) => `${row.xid}|${row.key}`;
    const fresh = read.rows.filter((row) => !seen.has(rowId(row)));
    // Never read, or not for so long that the log may have forgotten changes: start afresh.
    const lost = since === null || Date.now() - confirmedAt > CHANGE_LOG_KEEP_MS / 2;
    const keys = pageKeys(fresh.map((row) => row.key));
    // A bulk load touching much of the country: cheaper to start afresh than to name every page.
    const tags = lost || keys.size > MAX_KEYS_NAMED ? "all" : keys.size ? await pageTagsOf(keys) : null;
    if (tags) {
      const before = cache.dropped;
      cache.drop(tags);
      changesRead += 1;
      if (env().PAGE_CACHE_STATS === "on") {
        console.log(
          `page cache (process ${process.pid}): dropped ${cache.dropped - before} pages for ${tags === "all" ? "every" : keys.size} changed keys (total ${cache.dropped})`,
        );
      }
    }
    since = read.xmin;
    seen = new Set(read.rows.map(rowId));
    confirmedAt = Date.now();
    failing = false;
    if (confirmedAt - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = confirmedAt;
      void pruneChangeLog().catch(() => undefined);
    }
  } catch {
    // Database unreachable: the cache keeps what it has, served as stale (see usable()).
    failing = true;
  }
}
let changesRead = 0;

function refresh(): Promise<void> {
  if (reading) {
    readAgain = true;
    return reading;
  }
  reading = readChanges().finally(() => {
    reading = undefined;
    if (readAgain) {
      readAgain = false;
      void refresh();
    }
  });
  return reading;
}

/**
 * Starts the cache: `routes` is the server build's route table (which routes
 * opt in); `pollMs` how often the change log is read (tests lengthen it);
 * `staleSeconds` how long kept pages are served while the database is down
 * (PAGE_CACHE_STALE_SECONDS unless given).
 */
export function startPageCache({
  routes,
  pollMs = POLL_MS,
  staleSeconds,
}: {
  routes: Routes;
  pollMs?: number;
  staleSeconds?: number;
}) {
  routeTable = { routes, tree: routeTree(routes) };
  cache.maxBytes = env().PAGE_CACHE_MEGABYTES * 1024 * 1024;
  staleForMs = (staleSeconds ?? env().PAGE_CACHE_STALE_SECONDS) * 1000;
  if (poller) return;
  trustForMs = 2.5 * pollMs;
  void refresh();
  poller = setInterval(refresh, pollMs);
  poller.unref();
}

export function stopPageCache() {
  if (poller) clearInterval(poller);
  poller = undefined;
}

export const pageCacheStats = () => ({
  entries: cache.size,
  hits: cache.hits,
  misses: cache.misses,
  staleHits: cache.staleHits,
  /** Answered with a dropped page's previous copy while it was rebuilt. */
  graceHits: cache.graceHits,
  rebuilds: cache.rebuilds,
  /** Pages dropped because something they show changed, and the reads of the log that found changes. */
  dropped: cache.dropped,
  changesRead,
  /** The change log has been read at least once. */
  ready: since !== null,
  /** Requests now waiting for another request's render of the same page. */
  waiting: waitingForRenders,
});

/** Resolves once the reads of the change log and the rebuilds asked for so far are done (for tests). */
export async function pageCacheSettled(): Promise<void> {
  while (reading || rebuilding.size) await Promise.all([reading, ...rebuilding.values()]);
}

/**
 * Whether the cache may answer: "fresh" while the database answers; "stale"
 * while it does not, for up to PAGE_CACHE_STALE_SECONDS; otherwise "off".
 */
function cacheState(): "fresh" | "stale" | "off" {
  if (since === null) return "off";
  const silentFor = Date.now() - confirmedAt;
  if (!failing && silentFor <= trustForMs) return "fresh";
  return silentFor <= staleForMs ? "stale" : "off";
}

const anonymousGet = (req: IncomingMessage) =>
  req.method === "GET" && !req.headers.cookie && !req.headers.authorization;

/** Sends a kept page (or a 304 for it), compressed as the client accepts. */
function send(
  req: IncomingMessage,
  res: ServerResponse,
  entry: Entry,
  source: "hit" | "miss" | "stale" | "grace",
) {
  if (source === "stale") entry.preparedStale ??= prepare(entry, env().PUBLIC_URL, true);
  else entry.prepared ??= prepare(entry, env().PUBLIC_URL, false);
  const prepared = (source === "stale" ? entry.preparedStale : entry.prepared) as Prepared;
  const { headers } = prepared;
  if (
    source !== "stale" &&
    source !== "grace" &&
    entry.etag &&
    matchesIfNoneMatch(req.headers["if-none-match"], entry.etag)
  ) {
    res.writeHead(304, { ...headers.notModified, "x-page-cache": source });
    res.end();
    return;
  }
  const encoding = chooseEncoding(req.headers["accept-encoding"]);
  // A previous copy is for now only: no cache further down may keep it.
  const override = source === "grace" ? { "cache-control": "no-store" } : {};
  res.writeHead(entry.status, { ...headers[encoding], ...override, "x-page-cache": source });
  res.end(prepared[encoding]);
}

/** Answers a request from the cache when it can; false → the app must answer it. */
export function serveFromPageCache(req: IncomingMessage, res: ServerResponse): boolean {
  if (!anonymousGet(req)) return false;
  const state = cacheState();
  if (state === "off") return false;
  const hit = cache.find(req.url ?? "", req.headers, state === "stale" ? staleForMs : 0);
  if (!hit) return false;
  if (state === "stale") cache.staleHits += 1;
  else cache.hits += 1;
  send(req, res, hit, state === "stale" ? "stale" : "hit");
  return true;
}

/**
 * The cookie every answer to a write sets, so that the writer's next pages,
 * from any process, skip the cache (requests with a cookie always do) until
 * every process has read the change log: longer than a read takes while the
 * database answers (it is trusted for 2.5 polls). It says only "this browser
 * just sent a form"; keepPrivateWhenSignedIn (entry.server.tsx) keeps caches
 * further down from sharing the pages it is sent with.
 */
export const WROTE_COOKIE = "od_wrote";
export const WROTE_COOKIE_SECONDS = 10;

/**
 * Marks the writer's browser, and reads the change log once the write has
 * finished. A signed-in writer (or one being signed in) needs no mark: the
 * session cookie already keeps their pages from the cache.
 */
function watchWrite(req: Request, res: Response) {
  const signedIn = carriesSession(req.headers.cookie);
  onHeaders(res, () => {
    if (signedIn || setsCookie(res.getHeader("set-cookie"), SESSION_COOKIE_NAME)) return;
    res.append(
      "Set-Cookie",
      serialize(WROTE_COOKIE, "1", {
        maxAge: WROTE_COOKIE_SECONDS,
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        // Secure exactly when the site is https, as the session cookie is.
        secure: env().PUBLIC_URL.startsWith("https://"),
      }),
    );
  });
  let finished = false;
  const done = () => {
    if (finished) return;
    finished = true;
    void refresh();
  };
  res.once("finish", done);
  res.once("close", done);
}

/**
 * The pages being rendered to be kept, by cache key: a request for one of them
 * waits for that render rather than rendering the same page again (a popular
 * page just dropped by a change is rebuilt once, not once per reader).
 */
const rendering = new Map<string, { done: Promise<void>; cause: MissCause | "first" }>();
/** Requests now waiting for another request's render of the same page. */
let waitingForRenders = 0;

export function pageCache(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    watchWrite(req, res);
    return next();
  }
  // This process's own background rebuild renders the page itself: it never waits, and never takes the previous copy.
  answerOrRender(req, res, next, req.headers[REBUILD_HEADER] === rebuildSecret);
}

// A rebuild of a dropped page, asked for by this process itself and run through
// the app in memory (so it lands in this process's cache, whichever worker
// would have taken a connection): the header carries a secret of this
// process, so no one else can send one.
const REBUILD_HEADER = "x-page-cache-rebuild";
const rebuildSecret = randomBytes(16).toString("hex");
/** The pages being rebuilt in the background, by key. */
const rebuilding = new Map<string, Promise<unknown>>();

/**
 * A GET of `url` through `handler` with no connection: Node's own request and
 * response, on a socket that throws away what is written. Resolves when the
 * answer is finished.
 */
function requestInMemory(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  url: string,
  headers: Record<string, string>,
): Promise<void> {
  const socket = new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      callback();
    },
  }) as unknown as Socket;
  const request = new IncomingMessage(socket);
  request.method = "GET";
  request.url = url;
  request.headers = headers;
  request.push(null);
  const response = new ServerResponse(request);
  response.assignSocket(socket);
  return new Promise<void>((resolve, reject) => {
    response.once("finish", () => resolve());
    response.once("close", () => resolve());
    try {
      handler(request, response);
    } catch (error) {
      reject(error);
    }
  });
}

/** Rebuilds a dropped page in the background, as an anonymous request for it would. */
function rebuild(req: Request, key: string, url: string, vary: readonly string[]) {
  cache.rebuilds += 1;
  const headers: Record<string, string> = { [REBUILD_HEADER]: rebuildSecret };
  for (const name of ["host", ...vary]) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const done = requestInMemory(req.app, url, headers)
    .catch((error) => console.warn(`page cache: the background rebuild of ${url} failed:`, error))
    .finally(() => {
      rebuilding.delete(key);
      // Not kept (gone, private now, or the database failed): the previous copy answers no more.
      cache.forgetGrace(key);
    });
  rebuilding.set(key, done);
}

/** `renderHere`: a rebuild, or a reader who has already waited once — never wait (again), never take the previous copy. */
function answerOrRender(req: Request, res: Response, next: NextFunction, renderHere: boolean) {
  if (serveFromPageCache(req, res)) return;
  if (!anonymousGet(req) || cacheState() !== "fresh") return next();
  const url = req.originalUrl;
  const rule = pageCacheRuleFor(url);
  if (!rule) return next();
  const key = cacheKey(url, rule.vary, req.headers);
  const underWay = rendering.get(key);
  // Dropped by a change a moment ago: the previous copy answers at once, and the page is rebuilt
  // in the background (once), so no reader waits for it.
  const previous = renderHere ? undefined : cache.graceFor(key);
  if (previous) {
    cache.graceHits += 1;
    send(req, res, previous, "grace");
    if (!underWay && !rebuilding.has(key)) rebuild(req, key, url, rule.vary);
    return;
  }
  if (underWay && !renderHere) {
    // Served as a hit once that render is kept; rendered here if it was not (waiting once only).
    waitingForRenders += 1;
    void underWay.done.then(() => {
      waitingForRenders -= 1;
      if (res.destroyed || res.writableEnded) return;
      res.setHeader("x-page-cache-waited", underWay.cause);
      answerOrRender(req, res, next, true);
    });
    return;
  }
  const missCause = cache.missCause(key);
  let rendered = () => {};
  const ours = { done: new Promise<void>((resolve) => (rendered = resolve)), cause: missCause };
  if (!underWay) rendering.set(key, ours);
  const renderEnded = () => {
    if (rendering.get(key) === ours) rendering.delete(key);
    rendered();
  };
  const render = cache.begin(rule.tags);
  // Finished (a rebuild's answer in memory has no connection to close), or the client went away.
  const over = () => {
    cache.end(render);
    renderEnded();
  };
  res.once("finish", over);
  res.once("close", over);
  // Not in the cache: render the whole page (not a bodiless 304) so it can be kept,
  // hold it back, then send it as a hit would be sent — compressed once, here.
  const ifNoneMatch = req.headers["if-none-match"];
  delete req.headers["if-none-match"];
  cache.misses += 1;
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const capture = (chunk: unknown, encoding?: unknown) => {
    if (chunk == null || typeof chunk === "function") return;
    chunks.push(
      Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk as string, (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding),
    );
  };
  res.write = ((chunk: unknown, encoding?: unknown) => {
    capture(chunk, encoding);
    return true;
  }) as Response["write"];
  res.end = ((chunk?: unknown, encoding?: unknown) => {
    capture(chunk, encoding);
    const body = Buffer.concat(chunks);
    const cacheControl = String(res.getHeader("cache-control") ?? "");
    const etag = res.getHeader("etag");
    if (
      res.statusCode === 200 &&
      /\bpublic\b/.test(cacheControl) &&
      !/no-store|private/.test(cacheControl) &&
      !res.getHeader("set-cookie") &&
      body.length <= MAX_ENTRY_BYTES
    ) {
      const headers: Array<[string, string]> = [];
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (!SKIP_HEADERS.has(name) && value !== undefined)
          headers.push([name, Array.isArray(value) ? value.join(", ") : String(value)]);
      }
      const text = body.toString("utf8");
      const entry: Entry = {
        status: 200,
        headers,
        body: text,
        etag: etag ? String(etag) : undefined,
        scriptHashes: inlineScriptHashes(text, String(res.locals.cspNonce ?? "")),
        tags: rule.tags,
        expiresAt: Date.now() + lifetimeMs(cacheControl),
        vary: rule.vary,
      };
      cache.keep(url, req.headers, entry, render);
      renderEnded();
      // The prepared headers are the whole answer: drop what the render set (its nonce CSP).
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      res.end = end as Response["end"];
      res.write = write as Response["write"];
      if (ifNoneMatch) req.headers["if-none-match"] = ifNoneMatch;
      res.setHeader("x-page-cache-miss", missCause);
      send(req, res, entry, "miss");
      return res;
    }
    // Not kept: sent as rendered (compression() compresses it), or as a 304.
    if (ifNoneMatch && res.statusCode === 200 && etag && matchesIfNoneMatch(ifNoneMatch, String(etag))) {
      res.statusCode = 304;
      res.removeHeader("content-length");
      return end();
    }
    if (body.length) write(body);
    return end();
  }) as Response["end"];
  next();
}
