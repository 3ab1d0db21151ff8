// An in-process cache of public responses, in front of Remix. A response is
// kept only when the route marked it `Cache-Control: public` and the request
// carried no cookie (nothing personal). Entries belong to a generation: the
// database's public_changes counter, bumped by triggers on every table public
// pages read from, and polled once a second by each process — so a change made
// through any process empties every process's cache within about a second.

import { sql } from "drizzle-orm";
import type { NextFunction, Request, Response } from "express";
import { db, rowsOf } from "~db/client.server";

type Entry = {
  status: number;
  headers: Array<[string, string]>;
  body: string;
  nonce: string | undefined;
  etag: string | undefined;
  generation: number;
  /** Pages also depend on the date ("overdue", "next meeting"): keep them no longer than they say. */
  expiresAt: number;
};

const DEFAULT_TTL_S = 60;
const MAX_TTL_S = 300;

/** How long a response may be kept: its s-maxage or max-age, within 1 s and 5 minutes. */
export function lifetimeMs(cacheControl: string): number {
  const match = /\bs-maxage=(\d+)/.exec(cacheControl) ?? /\bmax-age=(\d+)/.exec(cacheControl);
  const seconds = match ? Number(match[1]) : DEFAULT_TTL_S;
  return Math.min(Math.max(seconds, 1), MAX_TTL_S) * 1000;
}

const MAX_BYTES = 32 * 1024 * 1024;
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
    this.bytes += entry.body.length;
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
    this.bytes -= entry.body.length;
    this.entries.delete(key);
  }
}

export async function readPublicGeneration(): Promise<number> {
  const result = await db().execute<{ counter: number | string }>(
    sql`select counter from public_changes where id = 1`,
  );
  const rows = rowsOf<{ counter: number | string }>(result);
  return Number(rows[0]?.counter ?? 0);
}

const cache = new PageCache();
let poller: NodeJS.Timeout | undefined;
/** When the database last answered the poll. A poll that hangs (database gone) stops the cache too. */
let confirmedAt = 0;
const TRUST_FOR_MS = 2.5 * POLL_MS;

async function refreshGeneration() {
  try {
    cache.advance(await readPublicGeneration());
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

const cacheable = (req: Request) => req.method === "GET" && !req.headers.cookie && !req.headers.authorization;

export function pageCache(req: Request, res: Response, next: NextFunction) {
  if (!cacheable(req) || cache.generation < 0 || Date.now() - confirmedAt > TRUST_FOR_MS) return next();
  const key = req.originalUrl;
  const nonce: string | undefined = res.locals.cspNonce;
  const hit = cache.get(key);
  if (hit) {
    cache.hits += 1;
    for (const [name, value] of hit.headers) res.setHeader(name, value);
    res.setHeader("X-Page-Cache", "hit");
    const match = req.headers["if-none-match"];
    if (hit.etag && match?.split(",").some((tag) => tag.trim() === hit.etag)) {
      res.status(304).end();
      return;
    }
    const body =
      hit.nonce && nonce ? hit.body.replaceAll(`nonce="${hit.nonce}"`, `nonce="${nonce}"`) : hit.body;
    res.status(hit.status).send(body);
    return;
  }
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
    return write(chunk, ...rest);
  }) as Response["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    capture(chunk, rest[0]);
    const result = end(chunk, ...rest);
    const cacheControl = String(res.getHeader("cache-control") ?? "");
    if (
      res.statusCode === 200 &&
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
      cache.set(key, {
        status: 200,
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
        nonce,
        etag: etag ? String(etag) : undefined,
        generation,
        expiresAt: Date.now() + lifetimeMs(cacheControl),
      });
    }
    return result;
  }) as Response["end"];
  res.setHeader("X-Page-Cache", "miss");
  next();
}
