// data.police.uk for crime figures and priorities: a client that keeps to the
// API's rate limit (15 requests a second), retries 429 and passing server
// errors with backoff, answers 404 as "not found", and — for street-level
// crimes in an area — splits the area into four when the API answers 503
// (more results than it will return for one query).
//
// Only a crime's category and outcome category leave this module: never its
// location, street, id or anything else that could tie it to an address or a person.
import { z } from "zod";
import { env } from "~/config/env.server";

export const POLICE_UK_REQUESTS_PER_SECOND = 15;
const TIMEOUT_MS = 20_000;
const MAX_RETRIES = 4;
/** 4^4 = 256 pieces at most for one neighbourhood and month. */
const MAX_SPLIT_DEPTH = 4;
/** Longer polygons go in a POST body, as the API allows. */
const MAX_GET_URL = 1800;

export type Point = { lat: number; lng: number };

export type CrimeSummary = { category: string; outcome: string | null };

export type Answer<T> =
  | { kind: "found"; value: T }
  | { kind: "not_found" }
  | { kind: "failed"; reason: string };

type Raw =
  | { kind: "ok"; json: unknown }
  | { kind: "not_found" }
  | { kind: "too_many" }
  | { kind: "failed"; reason: string };

export type PoliceUkCrimeClientOptions = {
  baseUrl?: string;
  requestsPerSecond?: number;
  maxRetries?: number;
  /** Backoff before retry `attempt` (1, 2, …); the server's Retry-After wins when given. */
  backoffMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class PoliceUkCrimeClient {
  /** Requests sent (including retries), for the import summary. */
  requests = 0;
  retries = 0;
  splits = 0;
  private readonly baseUrl: string;
  private readonly perSecond: number;
  private readonly maxRetries: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly timeoutMs: number;
  private readonly started: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(options: PoliceUkCrimeClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? env().POLICE_UK_URL).replace(/\/+$/, "");
    this.perSecond = options.requestsPerSecond ?? POLICE_UK_REQUESTS_PER_SECOND;
    this.maxRetries = options.maxRetries ?? MAX_RETRIES;
    this.backoffMs = options.backoffMs ?? ((attempt) => 500 * 2 ** (attempt - 1));
    this.sleep = options.sleep ?? defaultSleep;
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  }

  /** Waits for a slot: never more than `perSecond` requests started in any one second. */
  private slot(): Promise<void> {
    const next = this.queue.then(async () => {
      for (;;) {
        const now = Date.now();
        while (this.started.length && now - this.started[0] >= 1000) this.started.shift();
        if (this.started.length < this.perSecond) {
          this.started.push(now);
          return;
        }
        await defaultSleep(1000 - (now - this.started[0]) + 1);
      }
    });
    this.queue = next.catch(() => {});
    return next;
  }

  private async send(path: string, form?: URLSearchParams): Promise<Raw> {
    for (let attempt = 0; ; attempt++) {
      await this.slot();
      this.requests += 1;
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}/${path}`, {
          method: form ? "POST" : "GET",
          body: form,
          headers: form
            ? { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" }
            : { Accept: "application/json" },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        if (attempt < this.maxRetries) {
          this.retries += 1;
          await this.sleep(this.backoffMs(attempt + 1));
          continue;
        }
        return { kind: "failed", reason: error instanceof Error ? error.message : "network error" };
      }
      if (response.ok) {
        try {
          return { kind: "ok", json: await response.json() };
        } catch {
          return { kind: "failed", reason: "the answer was not JSON" };
        }
      }
      void response.body?.cancel().catch(() => {});
      if (response.status === 404) return { kind: "not_found" };
      if (response.status === 503) return { kind: "too_many" };
      if ((response.status === 429 || response.status >= 500) && attempt < this.maxRetries) {
        this.retries += 1;
        const retryAfter = Number(response.headers.get("Retry-After"));
        await this.sleep(
          Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : this.backoffMs(attempt + 1),
        );
        continue;
      }
      return {
        kind: "failed",
        reason: response.status === 429 ? "rate limited after retries" : `HTTP ${response.status}`,
      };
    }
  }

  private async getJson<S extends z.ZodType>(path: string, schema: S): Promise<Answer<z.infer<S>>> {
    const raw = await this.send(path);
    if (raw.kind === "not_found") return raw;
    if (raw.kind === "too_many") return { kind: "failed", reason: "service unavailable (503)" };
    if (raw.kind === "failed") return raw;
    const parsed = schema.safeParse(raw.json);
    return parsed.success
      ? { kind: "found", value: parsed.data }
      : { kind: "failed", reason: "unexpected answer" };
  }

  /** The latest month with crime data ("2026-09"). */
  async lastUpdatedMonth(): Promise<Answer<string>> {
    const answer = await this.getJson(
      "crime-last-updated",
      z.object({ date: z.string().regex(/^\d{4}-\d{2}/) }),
    );
    return answer.kind === "found" ? { kind: "found", value: answer.value.date.slice(0, 7) } : answer;
  }

  /** A neighbourhood's boundary. */
  async boundary(force: string, neighbourhood: string): Promise<Answer<Point[]>> {
    const answer = await this.getJson(
      `${encodeURIComponent(force)}/${encodeURIComponent(neighbourhood)}/boundary`,
      z.array(z.object({ latitude: z.coerce.number(), longitude: z.coerce.number() })),
    );
    if (answer.kind !== "found") return answer;
    if (answer.value.length < 3) return { kind: "failed", reason: "boundary has fewer than 3 points" };
    return { kind: "found", value: answer.value.map((p) => ({ lat: p.latitude, lng: p.longitude })) };
  }

  /** A neighbourhood's priorities, as police.uk publishes them (HTML text). */
  async priorities(force: string, neighbourhood: string) {
    return this.getJson(
      `${encodeURIComponent(force)}/${encodeURIComponent(neighbourhood)}/priorities`,
      z.array(
        z.object({
          issue: z.string().nullable(),
          "issue-date": z.string().nullable(),
          action: z.string().nullable().optional(),
          "action-date": z.string().nullable().optional(),
        }),
      ),
    );
  }

  /**
   * Street-level crimes inside `area` in `month`: category and outcome category
   * only. An area with too many crimes for one query (503) is split into four
   * and each piece asked for in turn.
   */
  async streetCrimes(area: Point[], month: string): Promise<Answer<CrimeSummary[]>> {
    const seen = new Set<string>();
    const crimes: CrimeSummary[] = [];
    const visit = async (piece: Point[], depth: number): Promise<Answer<null>> => {
      const poly = piece.map((p) => `${round(p.lat)},${round(p.lng)}`).join(":");
      const query = new URLSearchParams({ poly, date: month });
      const path = "crimes-street/all-crime";
      const raw =
        path.length + query.toString().length + this.baseUrl.length + 2 > MAX_GET_URL
          ? await this.send(path, query)
          : await this.send(`${path}?${query}`);
      if (raw.kind === "too_many") {
        if (depth >= MAX_SPLIT_DEPTH)
          return { kind: "failed", reason: "too many crimes even in a small area" };
        this.splits += 1;
        for (const quarter of quarters(piece)) {
          const answer = await visit(quarter, depth + 1);
          if (answer.kind !== "found") return answer;
        }
        return { kind: "found", value: null };
      }
      if (raw.kind !== "ok") return raw;
      const parsed = streetCrimes.safeParse(raw.json);
      if (!parsed.success) return { kind: "failed", reason: "unexpected answer" };
      for (const crime of parsed.data) {
        // A crime on the line between two pieces comes back twice: count it once.
        const key = crime.id != null ? String(crime.id) : null;
        if (key) {
          if (seen.has(key)) continue;
          seen.add(key);
        }
        crimes.push({ category: crime.category, outcome: crime.outcome_status?.category ?? null });
      }
      return { kind: "found", value: null };
    };
    const answer = await visit(area, 0);
    return answer.kind === "found" ? { kind: "found", value: crimes } : answer;
  }
}

const streetCrimes = z.array(
  z.object({
    id: z.union([z.number(), z.string()]).nullable().optional(),
    category: z.string().min(1),
    outcome_status: z
      .object({ category: z.string().min(1) })
      .nullable()
      .optional(),
  }),
);

const round = (n: number) => Math.round(n * 1e6) / 1e6;

// ---------------------------------------------------------------- splitting an area

/** The polygon clipped to each quarter of its bounding box (Sutherland–Hodgman). */
export function quarters(polygon: Point[]): Point[][] {
  const lats = polygon.map((p) => p.lat);
  const lngs = polygon.map((p) => p.lng);
  const [south, north] = [Math.min(...lats), Math.max(...lats)];
  const [west, east] = [Math.min(...lngs), Math.max(...lngs)];
  const midLat = (south + north) / 2;
  const midLng = (west + east) / 2;
  const boxes = [
    { south, north: midLat, west, east: midLng },
    { south, north: midLat, west: midLng, east },
    { south: midLat, north, west, east: midLng },
    { south: midLat, north, west: midLng, east },
  ];
  return boxes
    .map((box) => clipToBox(polygon, box))
    .filter((piece) => piece.length >= 3 && area(piece) > 1e-12);
}

/** Shoelace area (in square degrees): a piece that only touches a corner has none. */
function area(polygon: Point[]): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i];
    const b = polygon[(i + 1) % polygon.length];
    sum += a.lng * b.lat - b.lng * a.lat;
  }
  return Math.abs(sum) / 2;
}

type Box = { south: number; north: number; west: number; east: number };

function clipToBox(polygon: Point[], box: Box): Point[] {
  const edges: Array<{ inside: (p: Point) => boolean; cut: (a: Point, b: Point) => Point }> = [
    { inside: (p) => p.lat >= box.south, cut: (a, b) => atLat(a, b, box.south) },
    { inside: (p) => p.lat <= box.north, cut: (a, b) => atLat(a, b, box.north) },
    { inside: (p) => p.lng >= box.west, cut: (a, b) => atLng(a, b, box.west) },
    { inside: (p) => p.lng <= box.east, cut: (a, b) => atLng(a, b, box.east) },
  ];
  let output = polygon;
  for (const edge of edges) {
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i];
      const previous = input[(i + input.length - 1) % input.length];
      if (edge.inside(current)) {
        if (!edge.inside(previous)) output.push(edge.cut(previous, current));
        output.push(current);
      } else if (edge.inside(previous)) {
        output.push(edge.cut(previous, current));
      }
    }
    if (!output.length) return [];
  }
  return output;
}

function atLat(a: Point, b: Point, lat: number): Point {
  const t = (lat - a.lat) / (b.lat - a.lat);
  return { lat, lng: a.lng + t * (b.lng - a.lng) };
}

function atLng(a: Point, b: Point, lng: number): Point {
  const t = (lng - a.lng) / (b.lng - a.lng);
  return { lat: a.lat + t * (b.lat - a.lat), lng };
}
