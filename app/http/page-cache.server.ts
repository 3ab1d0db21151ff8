// An in-process cache of public responses, in front of Remix. A response is
// kept only when the route marked it `Cache-Control: public` and the request
// carried no cookie (nothing personal). Entries belong to a generation: the
// database's public_changes counter, bumped by triggers on every table public
// pages read from, and polled once a second by each process — so a change made
// through any process empties every process's cache within about a second.
//
// A hit is answered before Express and Remix (server.js hands every request to
// serveFromPageCache first) with bytes prepared once when the page was stored:
// the body, its gzip and brotli forms, and headers whose CSP allows exactly the
// page's inline scripts by their SHA-256 hashes — a cached page's bytes are
// fixed, so no per-request nonce has to be written into them.

import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import zlib from "node:zlib";
import type { NextFunction, Request, Response } from "express";
import { env } from "~/config/env.server";
import { readChangeCounter } from "~/domain/public-changes";
import { matchesIfNoneMatch } from "./conditional.server";
import { securityHeaders } from "./guards.server";

type Entry = {
  status: number;
  headers: Array<[string, string]>;
  body: string;
  etag: string | undefined;
  /** CSP sources of the page's own inline scripts, found when it was stored. */
  scriptHashes: string[];
  generation: number;
  /** Pages also depend on the date ("overdue", "next meeting"): keep them no longer than they say. */
  expiresAt: number;
  /** What a hit sends, made on the first hit. */
  prepared?: Prepared;
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

function prepare(entry: Entry, publicUrl: string): Prepared {
  const identity = Buffer.from(entry.body, "utf8");
  const gzip = zlib.gzipSync(identity, { level: 6 });
  const br = zlib.brotliCompressSync(identity, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
    },
  });
  const common: Headers = {};
  for (const [name, value] of entry.headers) common[name] = value;
  // The cached copy comes in several encodings: Vary names Accept-Encoding once, however it was captured.
  const vary = String(common.vary ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name && name.toLowerCase() !== "accept-encoding");
  common.vary = [...vary, "Accept-Encoding"].join(", ");
  common["x-page-cache"] = "hit";
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

const MAX_BYTES = 32 * 1024 * 1024;
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

export class PageCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  generation = -1;
  hits = 0;
  misses = 0;

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== this.generation || entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    // Least recently used goes first: re-insert on every hit.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Entry) {
    if (entry.generation !== this.generation || entry.body.length > MAX_ENTRY_BYTES) return;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += weight(entry);
    for (const [oldest] of this.entries) {
      if (this.bytes <= MAX_BYTES) break;
      this.delete(oldest);
    }
  }

  /** A new generation from the database: everything cached before is stale. */
  advance(generation: number) {
    if (generation === this.generation) return;
    this.generation = generation;
    this.entries.clear();
    this.bytes = 0;
  }

  get size() {
    return this.entries.size;
  }

  private delete(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= weight(entry);
    this.entries.delete(key);
  }
}

const cache = new PageCache();
let poller: NodeJS.Timeout | undefined;
/** When the database last answered the poll. A poll that hangs (database gone) stops the cache too. */
let confirmedAt = 0;
const TRUST_FOR_MS = 2.5 * POLL_MS;

async function refreshGeneration() {
  try {
    cache.advance(await readChangeCounter());
    confirmedAt = Date.now();
  } catch {
    // Database unreachable: serve nothing from the cache until it answers again.
    cache.advance(-1);
  }
}

export function startPageCache() {
  if (poller) return;
  void refreshGeneration();
  poller = setInterval(refreshGeneration, POLL_MS);
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
  generation: cache.generation,
});

const usable = (req: IncomingMessage) =>
  req.method === "GET" &&
  !req.headers.cookie &&
  !req.headers.authorization &&
  cache.generation >= 0 &&
  Date.now() - confirmedAt <= TRUST_FOR_MS;

/** Answers a request from the cache when it can; false → the app must answer it. */
export function serveFromPageCache(req: IncomingMessage, res: ServerResponse): boolean {
  if (!usable(req)) return false;
  const hit = cache.get(req.url ?? "");
  if (!hit) return false;
  cache.hits += 1;
  hit.prepared ??= prepare(hit, env().PUBLIC_URL);
  const { headers } = hit.prepared;
  if (hit.etag && matchesIfNoneMatch(req.headers["if-none-match"], hit.etag)) {
    res.writeHead(304, headers.notModified);
    res.end();
    return true;
  }
  const encoding = chooseEncoding(req.headers["accept-encoding"]);
  res.writeHead(hit.status, headers[encoding]);
  res.end(hit.prepared[encoding]);
  return true;
}

export function pageCache(req: Request, res: Response, next: NextFunction) {
  if (!usable(req)) return next();
  if (serveFromPageCache(req, res)) return;
  const key = req.originalUrl;
  // Not in the cache: render the whole page (not a bodiless 304) so it can be kept,
  // hold it back, and answer the conditional request from it here.
  const ifNoneMatch = req.headers["if-none-match"];
  delete req.headers["if-none-match"];
  cache.misses += 1;
  const generation = cache.generation;
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
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    capture(chunk, rest[0]);
    return ifNoneMatch ? true : write(chunk, ...rest);
  }) as Response["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    capture(chunk, rest[0]);
    const rendered = res.statusCode;
    let result: Response;
    if (ifNoneMatch) {
      const etag = res.getHeader("etag");
      if (rendered === 200 && etag && matchesIfNoneMatch(ifNoneMatch, String(etag))) {
        res.statusCode = 304;
        res.removeHeader("content-length");
        result = end();
      } else {
        result = end(Buffer.concat(chunks));
      }
    } else {
      result = end(chunk, ...rest);
    }
    const cacheControl = String(res.getHeader("cache-control") ?? "");
    if (
      rendered === 200 &&
      /\bpublic\b/.test(cacheControl) &&
      !/no-store|private/.test(cacheControl) &&
      !res.getHeader("set-cookie")
    ) {
      const headers: Array<[string, string]> = [];
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (!SKIP_HEADERS.has(name) && value !== undefined)
          headers.push([name, Array.isArray(value) ? value.join(", ") : String(value)]);
      }
      const etag = res.getHeader("etag");
      const body = Buffer.concat(chunks).toString("utf8");
      cache.set(key, {
        status: 200,
        headers,
        body,
        etag: etag ? String(etag) : undefined,
        scriptHashes: inlineScriptHashes(body, String(res.locals.cspNonce ?? "")),
        generation,
        expiresAt: Date.now() + lifetimeMs(cacheControl),
      });
    }
    return result;
  }) as Response["end"];
  res.setHeader("X-Page-Cache", "miss");
  next();
}
