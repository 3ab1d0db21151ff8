// A country-scale day, driven open-loop: requests leave at a fixed rate whether
// or not earlier ones have answered (a busy server is not given time to catch
// up, as it would be by a fixed number of busy connections). Three classes at
// once — anonymous public reads spread over every neighbourhood with Zipf-like
// popularity, signed-in partners' pages, and writes by partners of several
// agencies and by residents — each reported with its rate, p50/p95/p99 and
// errors, and the page cache's misses split by cause (the server says why in
// X-Page-Cache-Miss) and the pages each write dropped (the server's log).
import { randomInt } from "node:crypto";
import { performance } from "node:perf_hooks";
import postgres from "postgres";

export type Rates = { public: number; staff: number; writes: number };
type Request = {
  path: string;
  method?: "GET" | "POST";
  cookie?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
};
type ClassName = "public" | "staff" | "write";

export type ClassFigures = {
  sent: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  shed: number;
  statuses: Record<string, number>;
};
export type CacheFigures = {
  hits: number;
  misses: Record<string, number>;
  /** Requests for pages this run had already asked for (so they had been cached). */
  repeatRequests: number;
  /**
   * Of those, misses because a write dropped the page, and hits that waited for
   * another request's rebuild of a page a write dropped (counted too: they waited).
   */
  droppedByWrite: number;
  /** Hits that waited for another request's render of the same page, by why that one missed. */
  waited: Record<string, number>;
  /** Answered at once with a dropped page's previous copy while another request rebuilt it. */
  grace: number;
  firstRequestShare: number;
};

/** Draws ranks 0..n-1 with probability ∝ 1/(rank+1)^s, from a seeded generator. */
export function zipf(n: number, s: number, random: () => number) {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cumulative[k] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** A small deterministic generator (mulberry32), so every run asks for the same pages. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The p-th percentile of times sorted ascending (the nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Milliseconds to a tenth. */
export const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Sends `next(class)` for each class at its rate for `seconds`, open-loop, and
 * measures each answer from the moment it was due. At most `maxInFlight`
 * requests of each class are outstanding; beyond that a due request of that
 * class is shed and counted. The limit is per class, so slow public reads
 * filling theirs never keep a partner's page or a write from being sent.
 */
export async function openLoop(options: {
  base: string;
  seconds: number;
  rates: Partial<Record<ClassName, number>>;
  next: (kind: ClassName) => Request;
  maxInFlight?: number;
  origin?: string;
  onAnswer?: (kind: ClassName, request: Request, response: Response) => void;
}) {
  const maxInFlight = options.maxInFlight ?? 200;
  const kinds = Object.entries(options.rates).filter(([, rate]) => (rate ?? 0) > 0) as Array<
    [ClassName, number]
  >;
  const latencies = new Map<ClassName, number[]>(kinds.map(([k]) => [k, []]));
  const figures = new Map<ClassName, { errors: number; shed: number; statuses: Record<string, number> }>(
    kinds.map(([k]) => [k, { errors: 0, shed: 0, statuses: {} }]),
  );
  const sentCount = new Map<ClassName, number>(kinds.map(([k]) => [k, 0]));
  const inFlight = new Map<ClassName, number>(kinds.map(([k]) => [k, 0]));
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  const end = started + options.seconds * 1000;

  const send = (kind: ClassName, due: number) => {
    const f = figures.get(kind) as { errors: number; shed: number; statuses: Record<string, number> };
    if ((inFlight.get(kind) ?? 0) >= maxInFlight) {
      f.shed++;
      return;
    }
    const request = options.next(kind);
    const headers: Record<string, string> = { ...request.headers };
    if (request.cookie) headers.Cookie = request.cookie;
    let body: string | undefined;
    if (request.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers.Origin = options.origin ?? options.base;
      body = new URLSearchParams(request.form).toString();
    }
    if (request.method === "POST" && !request.form) headers.Origin = options.origin ?? options.base;
    inFlight.set(kind, (inFlight.get(kind) ?? 0) + 1);
    const done = fetch(`${options.base}${request.path}`, {
      method: request.method ?? (request.form ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
    })
      .then(async (response) => {
        await response.arrayBuffer();
        (latencies.get(kind) as number[]).push(performance.now() - due);
        const group = `${String(response.status)[0]}xx`;
        f.statuses[group] = (f.statuses[group] ?? 0) + 1;
        if (response.status >= 400) f.errors++;
        options.onAnswer?.(kind, request, response);
      })
      .catch(() => {
        f.errors++;
      })
      .finally(() => {
        inFlight.set(kind, (inFlight.get(kind) ?? 0) - 1);
        pending.delete(done);
      });
    pending.add(done);
    sentCount.set(kind, (sentCount.get(kind) ?? 0) + 1);
  };

  // Each class's i-th request is due at started + i / rate; a 1 ms tick sends what is due.
  const nextIndex = new Map<ClassName, number>(kinds.map(([k]) => [k, 0]));
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (const [kind, rate] of kinds) {
        let i = nextIndex.get(kind) as number;
        for (;;) {
          const due = started + (i * 1000) / rate;
          if (due > now || due >= end) break;
          send(kind, due);
          i++;
        }
        nextIndex.set(kind, i);
      }
      if (now >= end) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
  });
  await Promise.all(pending);
  const result = {} as Record<ClassName, ClassFigures>;
  for (const [kind] of kinds) {
    const sorted = (latencies.get(kind) as number[]).sort((a, b) => a - b);
    const f = figures.get(kind) as { errors: number; shed: number; statuses: Record<string, number> };
    result[kind] = {
      sent: sentCount.get(kind) ?? 0,
      rps: Math.round(sorted.length / options.seconds),
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? 0),
      errors: f.errors,
      shed: f.shed,
      statuses: f.statuses,
    };
  }
  return result;
}

/** Signs a demo partner in over HTTP and gives back the session cookie. */
export async function signIn(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email, password: "pact-demo-2026" }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`could not sign in as ${email} (status ${response.status})`);
  return cookie;
}

/** The partners who write in the mixed run, one per agency of the demo. */
const WRITERS = [
  { email: "police@example.org", agency: "syp-neighbourhood-team" },
  { email: "asb@example.org", agency: "council-asb-team" },
  { email: "tradingstandards@example.org", agency: "trading-standards" },
];

/**
 * Gives each writer's agency enough live and offered tasks, spread over the
 * borough's neighbourhoods, for a run's writes (each task is written to once per
 * run, so no write meets a stale version). Idempotent: tops up only what is short.
 */
export async function prepareMixedData(url: string, perAgency = 3000) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  for (const { agency } of WRITERS) {
    await client.unsafe(`
      insert into tasks (priority_id, agency_id, title, ask, status, confidentiality, offered_at, acknowledge_by, action_plan_due_by, due_date, accepted_at, created_at)
      select p.id, a.id, 'Mixed-run task ' || i, 'Please act.',
             (case when i % 3 = 0 then 'offered' else 'in_progress' end)::task_status, 'public',
             now() - interval '5 days', current_date + 5, current_date + 10, current_date + 60,
             case when i % 3 = 0 then null else now() - interval '4 days' end, now()
      from generate_series(1, greatest(0, ${perAgency} - (
             select count(*) from tasks t join agencies ag on ag.id = t.agency_id
             where ag.slug = '${agency}' and t.title like 'Mixed-run task %' and t.status in ('offered', 'in_progress')))::int) i
      cross join (select id from agencies where slug = '${agency}') a
      cross join (select min(id) as low, max(id) - min(id) + 1 as span from priorities) r
      cross join lateral (
        select p.id from priorities p
        where p.status = 'active' and p.id >= r.low + (i::bigint * 7919) % r.span
        order by p.id limit 1) p`);
  }
  await client.end();
}

/** Everything the mixed run asks for, read from the database before it starts. */
export async function loadMixedTargets(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const places = await client<{ slug: string; priorities: number[] }[]>`
    select n.slug, coalesce(array_agg(p.id order by p.id) filter (where p.id is not null), '{}') as priorities
    from neighbourhoods n
    left join lateral (select id from priorities where neighbourhood_id = n.id and status in ('active', 'monitoring') order by id limit 3) p on true
    group by n.id, n.slug order by n.id`;
  const categories = (await client<{ id: number }[]>`select id from categories order by id`).map((c) => c.id);
  const writers = [];
  for (const writer of WRITERS) {
    const tasks = await client<{ id: number; version: number; status: string }[]>`
      select t.id, t.version, t.status from tasks t
      join agencies a on a.id = t.agency_id
      join priorities p on p.id = t.priority_id
      where a.slug = ${writer.agency} and t.status in ('offered', 'in_progress')
        and p.status in ('active', 'monitoring') and t.title like 'Mixed-run task %'
      order by t.id`;
    writers.push({
      ...writer,
      live: tasks.filter((t) => t.status === "in_progress"),
      offered: tasks.filter((t) => t.status === "offered"),
    });
  }
  await client.end();
  return { places, categories, writers };
}

/**
 * Runs the mixed workload against `base` (a warm-up first, not measured, at
 * the same rates) and the same public reads against `staticBase` at the same
 * rate. `droppedPages()` reads how many cached pages the server has dropped
 * for writes so far.
 */
export async function runMixed(options: {
  base: string;
  staticBase: string;
  databaseUrl: string;
  rates: Rates;
  seconds: number;
  warmUpSeconds: number;
  droppedPages: () => number;
  log: (line: string) => void;
}) {
  const { base, rates } = options;
  const targets = await loadMixedTargets(options.databaseUrl);
  const random = seeded(20261202);
  // Popularity: a fixed shuffle of the neighbourhoods, then Zipf over the ranks.
  const order = targets.places.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const pickPlace = zipf(order.length, 1, random);
  const place = () => targets.places[order[pickPlace()]];
  const publicRead = (): Request => {
    const p = place();
    const roll = random();
    if (roll < 0.4) return { path: `/neighbourhoods/${p.slug}` };
    if (roll < 0.7 && p.priorities.length)
      return {
        path: `/neighbourhoods/${p.slug}/priorities/${p.priorities[Math.floor(random() * p.priorities.length)]}`,
      };
    if (roll < 0.8) return { path: `/neighbourhoods/${p.slug}/feed.atom` };
    if (roll < 0.9) return { path: `/api/v1/neighbourhoods/${p.slug}/priorities` };
    return { path: `/neighbourhoods/${p.slug}/meetings.ics` };
  };

  const writers = await Promise.all(
    targets.writers.map(async (w) => ({ ...w, cookie: await signIn(base, w.email) })),
  );
  let staffTurn = 0;
  const staffPage = (): Request => {
    const w = writers[staffTurn++ % writers.length];
    const roll = random();
    if (roll < 0.4 || !w.live.length) return { path: "/partner", cookie: w.cookie };
    if (roll < 0.5) return { path: "/partner?status=in_progress", cookie: w.cookie };
    return { path: `/tasks/${w.live[Math.floor(random() * w.live.length)].id}`, cookie: w.cookie };
  };
  // Writes: of every five, three updates, one accept, one resident's concern; partners in turn.
  const used = new Set<number>();
  let writeTurn = 0;
  // Residents' addresses start at a different place each run: the server allows 5 concerns an
  // hour from one address, and runs an hour apart must not meet that limit.
  let concernTurn = randomInt(0, 1 << 20) << 4;
  const write = (): Request => {
    const turn = writeTurn++;
    const w = writers[turn % writers.length];
    const kind = turn % 5;
    if (kind === 3) {
      const task = w.offered.find((t) => !used.has(t.id));
      if (task) {
        used.add(task.id);
        return {
          path: `/tasks/${task.id}/accept`,
          cookie: w.cookie,
          form: { version: String(task.version) },
        };
      }
    }
    if (kind === 4) {
      const p = place();
      concernTurn++;
      return {
        path: `/neighbourhoods/${p.slug}/concerns/new`,
        // Residents from many addresses (the server trusts one proxy hop in the run), as in life.
        headers: {
          "X-Forwarded-For": `10.${(concernTurn >> 16) & 255}.${(concernTurn >> 8) & 255}.${concernTurn & 255}`,
        },
        form: {
          category: String(targets.categories[concernTurn % targets.categories.length]),
          location: "Near the shops on the main road",
          wording: `Cars parked on the pavement every evening (mixed run ${concernTurn}).`,
        },
      };
    }
    const task = w.live.find((t) => !used.has(t.id));
    if (!task) return { path: "/partner", cookie: w.cookie };
    used.add(task.id);
    return {
      path: `/tasks/${task.id}/update`,
      cookie: w.cookie,
      form: {
        version: String(task.version),
        intent: "publish",
        body: "Patrols on three evenings this week; no damage reported since.",
        visibility: "public",
        figureLabel: "patrols",
        figureValue: "3",
        figureUnit: "",
      },
    };
  };
  const next = (kind: ClassName) =>
    kind === "public" ? publicRead() : kind === "staff" ? staffPage() : write();

  // Cache bookkeeping: which pages this run has asked for, and why misses missed.
  const asked = new Set<string>();
  const cache: CacheFigures = {
    hits: 0,
    misses: {},
    repeatRequests: 0,
    droppedByWrite: 0,
    waited: {},
    grace: 0,
    firstRequestShare: 0,
  };
  let measuring = false;
  const onAnswer = (kind: ClassName, request: Request, response: Response) => {
    if (kind !== "public") return;
    const repeat = asked.has(request.path);
    asked.add(request.path);
    if (!measuring) return;
    const state = response.headers.get("x-page-cache");
    const cause = response.headers.get("x-page-cache-miss");
    if (repeat) cache.repeatRequests++;
    const waited = response.headers.get("x-page-cache-waited");
    if (state === "grace") cache.grace++;
    else if (state === "hit" || response.status === 304) {
      cache.hits++;
      if (waited) {
        cache.waited[waited] = (cache.waited[waited] ?? 0) + 1;
        if (repeat && waited === "dropped") cache.droppedByWrite++;
      }
    } else if (cause) {
      cache.misses[cause] = (cache.misses[cause] ?? 0) + 1;
      if (repeat && cause === "dropped") cache.droppedByWrite++;
    } else cache.misses.unknown = (cache.misses.unknown ?? 0) + 1;
  };

  options.log(
    `Mixed run: ${rates.public} public reads, ${rates.staff} partners' pages and ${rates.writes} writes a second, open-loop; ${targets.places.length.toLocaleString("en-GB")} neighbourhoods (Zipf, s = 1); warm-up ${options.warmUpSeconds} s, measured ${options.seconds} s`,
  );
  let lastWarmUpReport = 0;
  const warmUpNext = (kind: ClassName) => {
    const now = performance.now();
    if (now - lastWarmUpReport > 5000) {
      lastWarmUpReport = now;
      options.log(`  warming up: ${asked.size.toLocaleString("en-GB")} pages asked for so far`);
    }
    return next(kind);
  };
  await openLoop({
    base,
    seconds: options.warmUpSeconds,
    rates: { public: rates.public, staff: rates.staff, write: rates.writes },
    next: warmUpNext,
    onAnswer,
  });
  measuring = true;
  const writesBefore = writeTurn;
  const droppedBefore = options.droppedPages();
  const classes = await openLoop({
    base,
    seconds: options.seconds,
    rates: { public: rates.public, staff: rates.staff, write: rates.writes },
    next,
    onAnswer,
  });
  const writes = writeTurn - writesBefore;
  const dropped = options.droppedPages() - droppedBefore;
  const missTotal = Object.values(cache.misses).reduce((a, b) => a + b, 0);
  cache.firstRequestShare = classes.public.sent ? (cache.misses.first ?? 0) / classes.public.sent : 0;
  // The same public reads, at the same rate, against a server that only hands back bytes.
  const staticRun = await openLoop({
    base: options.staticBase,
    seconds: Math.min(options.seconds, 20),
    rates: { public: rates.public },
    next: () => ({ path: "/" }),
  });
  return {
    rates,
    seconds: options.seconds,
    classes,
    static: staticRun.public,
    cache,
    missTotal,
    writes,
    droppedPages: dropped,
    droppedPerWrite: writes ? dropped / writes : 0,
    writeMissShare: cache.repeatRequests ? cache.droppedByWrite / cache.repeatRequests : 0,
  };
}
