import { createHash } from "node:crypto";
import { eq, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageTagsOf, readChangesSince } from "~/domain/core/public-changes";
import {
  cacheKey,
  chooseEncoding,
  GRACE_MS,
  inlineScriptHashes,
  lifetimeMs,
  PageCache,
  pageCacheRuleFor,
  pageCacheSettled,
  pageCacheStats,
  staleCopy,
  WROTE_COOKIE,
  WROTE_COOKIE_SECONDS,
} from "~/http/page-cache.server";
import { cachedPage, pageCacheRuleOf, tagsOf } from "~/http/page-cache-rule";
import { BOROUGH, pageTag } from "~/lib/page-tags";
import { STALE_NOTICE_PLACEHOLDER, STALE_NOTICE_TEXT } from "~/lib/stale-notice";
import * as t from "~db/schema";
import {
  buildAssembly,
  buildBankHolidays,
  buildCategory,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
} from "../factories/build";
import { onServer, useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { holdOpen } from "../support/hold-open";
import { type Harness, startHarness } from "../support/http-harness";

const test = useTestDatabase();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds an exclusive lock on `table` until the returned function is called. */
const lockTable = (table: string) =>
  holdOpen(test.db, (tx) => tx.execute(sql.raw(`lock table ${table} in access exclusive mode`)));
useFixedClock();

// Rotherham South's Sitwell (the Maynard Road priority, with the police's public
// update) and Boston Castle (Queensway's parking, agreed at a PACT meeting,
// monitored); Keppel in Rotherham North; one category.
let queenswayMeetingId = 0;
beforeAll(async () => {
  await buildBankHolidays(test.db);
  const south = await buildAssembly(test.db, { slug: "rotherham-south", name: "Rotherham South" });
  const north = await buildAssembly(test.db, { slug: "rotherham-north", name: "Rotherham North" });
  const sitwell = await buildNeighbourhood(test.db, {
    assemblyId: south.id,
    slug: "sitwell",
    name: "Sitwell",
  });
  const bostonCastle = await buildNeighbourhood(test.db, {
    assemblyId: south.id,
    slug: "boston-castle",
    name: "Boston Castle and Moorgate",
  });
  await buildNeighbourhood(test.db, { assemblyId: north.id, slug: "keppel", name: "Keppel" });
  const parking = await buildCategory(test.db, { slug: "parking-and-traffic", name: "Parking and traffic" });
  await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    tasks: [
      {
        agency: { kind: "police", name: "South Yorkshire Police neighbourhood team" },
        updates: [{ body: "Joint evening operation with the youth offending team." }],
      },
    ],
  });
  const { meeting } = await buildMeeting(test.db, {
    assemblyId: south.id,
    neighbourhoods: [sitwell.id, bostonCastle.id],
    kind: "pact",
    status: "held",
    startsInDays: -90,
  });
  queenswayMeetingId = meeting.id;
  await buildPriority(test.db, {
    neighbourhood: bostonCastle.id,
    title: "Obstructive parking on Queensway",
    categoryId: parking.id,
    status: "monitoring",
    agreedDaysAgo: 90,
    agreedAtMeetingId: meeting.id,
    tasks: [{ agency: { kind: "council", name: "Parking services" }, status: "done" }],
  });
});

const entry = (tags: string[], body = "<p>page</p>", expiresAt = Date.now() + 60_000) => ({
  status: 200,
  headers: [["cache-control", "public, max-age=60"]] as Array<[string, string]>,
  body,
  etag: '"abc"',
  scriptHashes: [],
  tags,
  expiresAt,
  vary: [] as string[],
});
const sitwell = [pageTag.neighbourhood("sitwell")];

describe("the public page cache", () => {
  it("allows the inline scripts the app wrote into a cached page by their hashes, and no others", () => {
    const sha = (text: string) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
    const html = [
      '<script nonce="old">window.__remixContext = {"a":"é"};</script>',
      '<script type="module" src="/assets/entry.js" nonce="old"></script>',
      "<SCRIPT NONCE='old'>\n import('/assets/route.js');\n</SCRIPT>",
      '<script nonce="old">window.__remixContext = {"a":"é"};</script>',
      // Got in with someone's text: no nonce, or a guessed one, so never allowed.
      "<p>Broken lamp<script>alert(document.cookie)</script></p>",
      '<script nonce="guess">alert(1)</script>',
    ].join("");
    expect(inlineScriptHashes(html, "old")).toEqual([
      sha('window.__remixContext = {"a":"é"};'),
      sha("\n import('/assets/route.js');\n"),
    ]);
    expect(inlineScriptHashes(html, "")).toEqual([]);
    expect(inlineScriptHashes("<p>no scripts</p>", "old")).toEqual([]);
  });

  it("sends brotli or gzip only to clients that accept it", () => {
    expect(chooseEncoding(undefined)).toBe("identity");
    expect(chooseEncoding("gzip, deflate, br")).toBe("br");
    expect(chooseEncoding("gzip, deflate")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0")).toBe("identity");
    expect(chooseEncoding("deflate")).toBe("identity");
  });

  it("drops only the entries tagged with what changed", () => {
    const cache = new PageCache();
    cache.set("/neighbourhoods/sitwell", entry(sitwell));
    cache.set("/neighbourhoods/keppel", entry([pageTag.neighbourhood("keppel")]));
    cache.set("/", entry([BOROUGH]));
    cache.drop(new Set([BOROUGH, pageTag.neighbourhood("keppel")]));
    expect(cache.get("/neighbourhoods/sitwell")?.body).toBe("<p>page</p>");
    expect(cache.get("/neighbourhoods/keppel")).toBeUndefined();
    expect(cache.get("/")).toBeUndefined();
    expect(cache.dropped).toBe(2);
    cache.drop("all");
    expect(cache.get("/neighbourhoods/sitwell")).toBeUndefined();
  });

  it("keeps a page no longer than its max-age, because pages depend on the date too", () => {
    const cache = new PageCache();
    cache.set("/fresh", entry(sitwell, "<p>fresh</p>", Date.now() + 10_000));
    cache.set("/expired", entry(sitwell, "<p>old</p>", Date.now() - 1));
    cache.set("/long-expired", entry(sitwell, "<p>older</p>", Date.now() - 120_000));
    expect(cache.get("/fresh")?.body).toBe("<p>fresh</p>");
    // While the database is down, a page that expired within the allowed staleness is still there.
    expect(cache.get("/expired", 60_000)?.body).toBe("<p>old</p>");
    expect(cache.get("/long-expired", 60_000)).toBeUndefined();
    expect(cache.get("/expired")).toBeUndefined();
    expect(lifetimeMs("public, max-age=60")).toBe(60_000);
    expect(lifetimeMs("public, max-age=600, s-maxage=30")).toBe(30_000);
    expect(lifetimeMs("public, max-age=86400")).toBe(300_000);
    expect(lifetimeMs("public")).toBe(60_000);
  });

  it("serves an expired page during an outage up to the allowed staleness, to the millisecond", () => {
    const cache = new PageCache();
    const expiredAt = Date.now();
    const staleFor = 900_000;
    for (const name of ["/just-inside", "/at-the-edge"]) cache.set(name, entry(sitwell, name, expiredAt));
    expect(cache.get("/just-inside", 0, expiredAt - 1)?.body).toBe("/just-inside");
    expect(cache.get("/just-inside", staleFor, expiredAt + staleFor - 1)?.body).toBe("/just-inside");
    expect(cache.get("/at-the-edge", staleFor, expiredAt + staleFor)).toBeUndefined();
    expect(cache.missCause("/at-the-edge")).toBe("expired");
  });

  it("refuses to keep a page when what it is built from changed while it was rendered", () => {
    const cache = new PageCache();
    const a = cache.begin(sitwell);
    const b = cache.begin([pageTag.neighbourhood("keppel")]);
    cache.drop(new Set([BOROUGH, pageTag.neighbourhood("sitwell")]));
    cache.keep("/a", {}, entry(sitwell), a);
    cache.keep("/b", {}, entry([pageTag.neighbourhood("keppel")]), b);
    expect(cache.find("/a", {})).toBeUndefined();
    expect(cache.find("/b", {})).toBeDefined();
  });

  it("writes the stale notice into the layout's placeholder, and leaves other formats alone", () => {
    const page = `<main id="main-content">${STALE_NOTICE_PLACEHOLDER}<h1>Sitwell</h1></main>`;
    expect(staleCopy(page)).toContain(`<p class="notice" role="status">${STALE_NOTICE_TEXT}`);
    expect(staleCopy(page)).toContain("<h1>Sitwell</h1>");
    expect(staleCopy('{"data":[]}')).toBe('{"data":[]}');
  });

  it("drops the least recently used pages when full", () => {
    const cache = new PageCache();
    const big = "x".repeat(500 * 1024);
    for (let i = 0; i < 70; i++) cache.set(`/page/${i}`, entry(sitwell, big));
    expect(cache.size).toBeLessThan(70);
    expect(cache.get("/page/69")).toBeDefined();
    expect(cache.get("/page/0")).toBeUndefined();
    // PAGE_CACHE_MEGABYTES: room for ten such pages (each counted with its compressed copies) keeps the last ten.
    const small = new PageCache(10 * Math.ceil(big.length * 2.5));
    for (let i = 0; i < 70; i++) small.set(`/page/${i}`, entry(sitwell, big));
    expect(small.size).toBe(10);
    expect(small.get("/page/60")).toBeDefined();
    expect(small.get("/page/59")).toBeUndefined();
  });

  it("keeps a dropped page's previous copy for rebuilds only, for GRACE_MS after the change and no longer", () => {
    const cache = new PageCache();
    const now = Date.now();
    cache.set("/neighbourhoods/sitwell", entry(sitwell, "<p>before</p>"));
    cache.set("/neighbourhoods/keppel", entry([pageTag.neighbourhood("keppel")], "<p>keppel</p>"));
    expect(cache.graceFor("/neighbourhoods/sitwell", now)).toBeUndefined();
    cache.drop(new Set(sitwell), now);
    expect(cache.get("/neighbourhoods/sitwell", 0, now)).toBeUndefined();
    expect(cache.graceFor("/neighbourhoods/sitwell", now + GRACE_MS - 1)?.body).toBe("<p>before</p>");
    expect(cache.graceFor("/neighbourhoods/sitwell", now + GRACE_MS)).toBeUndefined();
    expect(cache.graceFor("/neighbourhoods/sitwell", now)).toBeUndefined();
    // Once a new copy is kept, the old one answers nothing.
    cache.drop(new Set(sitwell), now);
    cache.set("/neighbourhoods/sitwell", entry(sitwell, "<p>after</p>"));
    expect(cache.graceFor("/neighbourhoods/sitwell", now)).toBeUndefined();
    // Everything dropped at once (the log could not say what changed): nothing is kept back.
    cache.drop("all", now);
    expect(cache.graceFor("/neighbourhoods/sitwell", now)).toBeUndefined();
    expect(cache.graceFor("/neighbourhoods/keppel", now)).toBeUndefined();
    expect(GRACE_MS).toBeLessThanOrEqual(5000);
  });

  it("says why a page missed: asked for the first time, expired, evicted for room, or dropped by a change", () => {
    const cache = new PageCache();
    cache.set("/expired", entry(sitwell, "<p>old</p>", Date.now() - 1));
    cache.set("/dropped", entry(sitwell));
    cache.set("/other", entry([pageTag.neighbourhood("keppel")]));
    expect(cache.get("/expired")).toBeUndefined();
    cache.drop(new Set(sitwell));
    const big = "x".repeat(500 * 1024);
    for (let i = 0; i < 70; i++) cache.set(`/page/${i}`, entry([pageTag.neighbourhood("keppel")], big));
    expect(cache.missCause("/never")).toBe("first");
    expect(cache.missCause("/expired")).toBe("expired");
    expect(cache.missCause("/dropped")).toBe("dropped");
    expect(cache.missCause("/page/0")).toBe("evicted");
    // Kept again, then everything dropped at once: every page it held is remembered as dropped.
    cache.set("/expired", entry(sitwell));
    cache.drop("all");
    expect(cache.missCause("/expired")).toBe("dropped");
    expect(cache.missCause("/page/69")).toBe("dropped");
  });

  it("keeps one copy per value of the request headers a route varies on", () => {
    const cache = new PageCache();
    const vary = ["accept-language"];
    cache.keep("/p", { "accept-language": "cy" }, { ...entry(sitwell, "<p>Croeso</p>"), vary });
    cache.keep("/p", { "accept-language": "en" }, { ...entry(sitwell, "<p>Welcome</p>"), vary });
    expect(cache.find("/p", { "accept-language": "cy" })?.body).toBe("<p>Croeso</p>");
    expect(cache.find("/p", { "accept-language": "en", cookie: "ignored" })?.body).toBe("<p>Welcome</p>");
    expect(cache.find("/p", {})).toBeUndefined();
    expect(cache.find("/other", { "accept-language": "cy" })).toBeUndefined();
    expect(cacheKey("/p", [], { "accept-language": "cy" })).toBe("/p");
    expect(cacheKey("/p", vary, { "accept-language": "cy" })).not.toBe(cacheKey("/p", vary, {}));
  });

  it("reads a route's declaration from its handle", () => {
    expect(pageCacheRuleOf(cachedPage())?.vary).toEqual([]);
    // Naming nothing is naming the whole borough: dropped on any change.
    expect(pageCacheRuleOf(cachedPage())?.tags({})).toEqual([BOROUGH]);
    expect(pageCacheRuleOf(cachedPage({ tags: tagsOf.neighbourhood }))?.tags({ slug: "sitwell" })).toEqual(
      sitwell,
    );
    expect(pageCacheRuleOf(cachedPage({ vary: ["Accept-Language"] }))?.vary).toEqual(["accept-language"]);
    expect(pageCacheRuleOf(undefined)).toBeUndefined();
    expect(pageCacheRuleOf({ breadcrumb: "x" })).toBeUndefined();
  });

  it("records what each change to what public pages read affects, through the database", async () => {
    const keysOf = async (change: () => Promise<unknown>) => {
      const { xmin } = await readChangesSince(null, test.db);
      await change();
      return [...new Set((await readChangesSince(xmin, test.db)).rows.map((row) => row.key))].sort();
    };
    const [priority] = await test.db
      .select()
      .from(t.priorities)
      .where(eq(t.priorities.title, "Obstructive parking on Queensway"));
    const workingOn = await test.db
      .selectDistinct({ agencyId: t.tasks.agencyId })
      .from(t.tasks)
      .where(eq(t.tasks.priorityId, priority.id));
    expect(workingOn.length).toBeGreaterThan(0);
    expect(
      await keysOf(() =>
        test.db.update(t.priorities).set({ title: "Renamed" }).where(eq(t.priorities.id, priority.id)),
      ),
    ).toEqual(
      [
        `neighbourhood:${priority.neighbourhoodId}`,
        `priority:${priority.id}`,
        // Agreed at a meeting: the meeting's pages show it too.
        `meeting:${queenswayMeetingId}`,
        // Its title shows in the inbox of every agency with a task on it.
        ...workingOn.map((w) => `agency:${w.agencyId}`),
      ].sort(),
    );
    // A task moved to another agency: its priority's pages, and both agencies' work.
    const [moved] = await test.db
      .select({ id: t.tasks.id, agencyId: t.tasks.agencyId })
      .from(t.tasks)
      .where(eq(t.tasks.priorityId, priority.id))
      .limit(1);
    const [elsewhere] = await test.db
      .select({ id: t.agencies.id })
      .from(t.agencies)
      .where(ne(t.agencies.id, moved.agencyId))
      .limit(1);
    expect(
      await keysOf(() =>
        test.db.update(t.tasks).set({ agencyId: elsewhere.id }).where(eq(t.tasks.id, moved.id)),
      ),
    ).toEqual(
      [
        `neighbourhood:${priority.neighbourhoodId}`,
        `priority:${priority.id}`,
        `agency:${moved.agencyId}`,
        `agency:${elsewhere.id}`,
      ].sort(),
    );
    // No page is an agency's: its key reaches exactly the pages the rest of the change reaches.
    expect(await pageTagsOf([`agency:${moved.agencyId}`, `priority:${priority.id}`], test.db)).toEqual(
      await pageTagsOf([`priority:${priority.id}`], test.db),
    );
    expect(await pageTagsOf([`agency:${moved.agencyId}`], test.db)).toEqual(new Set([BOROUGH]));
    await test.db.update(t.tasks).set({ agencyId: moved.agencyId }).where(eq(t.tasks.id, moved.id));
    const [update] = await test.db
      .select({ id: t.taskUpdates.id, body: t.taskUpdates.body, priorityId: t.tasks.priorityId })
      .from(t.taskUpdates)
      .innerJoin(t.tasks, eq(t.tasks.id, t.taskUpdates.taskId))
      .limit(1);
    const [owner] = await test.db.select().from(t.priorities).where(eq(t.priorities.id, update.priorityId));
    expect(
      await keysOf(() =>
        test.db
          .update(t.taskUpdates)
          .set({ body: `${update.body} (edited)` })
          .where(eq(t.taskUpdates.id, update.id)),
      ),
    ).toEqual([`neighbourhood:${owner.neighbourhoodId}`, `priority:${owner.id}`]);
    // A place renamed shows on nearly every page: everything goes.
    expect(await keysOf(() => test.db.update(t.categories).set({ name: "Parking (renamed)" }))).toEqual([
      "all",
    ]);
    // Sessions and the outbox are not public: nothing is recorded.
    expect(
      await keysOf(() =>
        test.db
          .insert(t.loginAttempts)
          .values({ email: "x@example.org", address: "127.0.0.1", succeeded: false }),
      ),
    ).toEqual([]);
    // A neighbourhood's change reaches its pages, its assembly's, its meetings' and the borough's.
    const [sitwellRow] = await test.db
      .select()
      .from(t.neighbourhoods)
      .where(eq(t.neighbourhoods.slug, "sitwell"));
    const tags = await pageTagsOf([`neighbourhood:${sitwellRow.id}`], test.db);
    expect(tags).not.toBe("all");
    expect([...(tags as Set<string>)]).toEqual(
      expect.arrayContaining([
        BOROUGH,
        pageTag.neighbourhood("sitwell"),
        expect.stringMatching(/^assembly\//),
      ]),
    );
    expect([...(tags as Set<string>)]).not.toContain(pageTag.neighbourhood("keppel"));
  });

  // Every writer used to update one shared row: a transaction held open in one
  // neighbourhood held up every other write in the country until it ended.
  it.skipIf(!onServer())(
    "lets a write in one neighbourhood commit while another neighbourhood's write transaction is open (PostgreSQL server; PGlite has one connection, so nothing can run side by side there)",
    async () => {
      const all = await test.db
        .select({ id: t.priorities.id, title: t.priorities.title, place: t.priorities.neighbourhoodId })
        .from(t.priorities);
      const a = all[0];
      const b = all.find((p) => p.place !== a.place);
      if (!b) throw new Error("Built above: priorities in two neighbourhoods (Sitwell, Boston Castle)");
      const { xmin } = await readChangesSince(null, test.db);
      const release = await holdOpen(test.db, (tx) =>
        tx.update(t.priorities).set({ title: a.title }).where(eq(t.priorities.id, a.id)),
      );
      // Would wait for `holding` (and this test time out) if the two shared a row.
      await test.db.update(t.priorities).set({ title: b.title }).where(eq(t.priorities.id, b.id));
      const meanwhile = await readChangesSince(xmin, test.db);
      expect(meanwhile.rows.map((row) => row.key)).toContain(`priority:${b.id}`);
      expect(meanwhile.rows.map((row) => row.key)).not.toContain(`priority:${a.id}`);
      await release();
      // A reader that last read while A was open still finds A's change: it asks from that read's xmin on.
      const after = await readChangesSince(meanwhile.xmin, test.db);
      expect(after.rows.map((row) => row.key)).toContain(`priority:${a.id}`);
    },
  );
});

describe("the page cache in front of the app", () => {
  let app: Harness;
  let page = "";
  // The log is read once at the start and then only when a write asks for it:
  // a poll landing mid-test cannot make a stale page look fresh.
  beforeAll(async () => {
    app = await startHarness({
      pageCache: true,
      pageCachePollMs: 10 * 60_000,
      undeclared: ["routes/neighbourhoods.$slug.archive"],
    });
    // Maynard Road's neighbourhood.
    page = "/neighbourhoods/sitwell";
    for (let i = 0; i < 50 && !pageCacheStats().ready; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(() => app?.close());

  /** Waits until the cache has read a change to public pages, after `changesRead` such reads. */
  const readAfter = async (changesRead: number) => {
    for (let i = 0; i < 100 && pageCacheStats().changesRead === changesRead; i++) await pause(20);
    await pageCacheSettled();
    expect(pageCacheStats().changesRead).toBeGreaterThan(changesRead);
  };

  const cacheOf = async (path: string, init?: RequestInit) => {
    const response = await app.fetch(path, init);
    return { state: response.headers.get("x-page-cache"), body: await response.text(), response };
  };

  it("keeps only the routes that declare it", async () => {
    expect(pageCacheRuleFor("/neighbourhoods/sitwell")).toEqual({ vary: [], tags: sitwell });
    expect(pageCacheRuleFor("/neighbourhoods/sitwell.data?_routes=x")).toEqual({ vary: [], tags: sitwell });
    expect(pageCacheRuleFor("/_root.data")).toEqual({ vary: [], tags: [BOROUGH] });
    expect(pageCacheRuleFor("/api/v1/neighbourhoods")).toEqual({ vary: [], tags: [BOROUGH] });
    expect(pageCacheRuleFor("/neighbourhoods/sitwell/priorities/7")).toEqual({ vary: [], tags: sitwell });
    expect(pageCacheRuleFor("/api/v1/priorities/7")?.tags).toEqual([pageTag.priority("7")]);
    expect(pageCacheRuleFor("/meetings/3/pack")?.tags).toEqual([pageTag.meeting("3")]);
    expect(pageCacheRuleFor("/how-were-doing/rotherham-south")?.tags).toEqual([
      pageTag.assembly("rotherham-south"),
    ]);
    expect(pageCacheRuleFor("/api/police-uk/south-yorkshire/X1/priorities")?.tags).toEqual([
      pageTag.police("south-yorkshire", "X1"),
    ]);
    expect(pageCacheRuleFor("/login")).toBeUndefined();
    expect(pageCacheRuleFor("/neighbourhoods/sitwell/concerns/new")).toBeUndefined();

    const declared = "/neighbourhoods/sitwell?from=declared";
    expect((await cacheOf(declared)).state).toBe("miss");
    expect((await cacheOf(declared)).state).toBe("hit");
    // The archive answers `Cache-Control: public` as before, but here its route declares nothing.
    const archive = "/neighbourhoods/sitwell/archive";
    const first = await cacheOf(archive);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("cache-control")).toMatch(/^public/);
    expect(first.state).toBeNull();
    expect((await cacheOf(archive)).state).toBeNull();
  });

  it("never reads or writes the cache for a request with a cookie or an Authorization header", async () => {
    const path = "/neighbourhoods/sitwell?from=personal";
    const personal: Record<string, string>[] = [{ Cookie: "theme=dark" }, { Authorization: "Bearer x" }];
    const before = pageCacheStats();
    for (const headers of personal) {
      const { state, response } = await cacheOf(path, { headers });
      expect(response.status).toBe(200);
      expect(state, JSON.stringify(headers)).toBeNull();
    }
    expect(pageCacheStats()).toMatchObject({
      entries: before.entries,
      hits: before.hits,
      misses: before.misses,
    });
    expect((await cacheOf(path)).state).toBe("miss");
    for (const headers of personal) {
      expect((await cacheOf(path, { headers })).state, JSON.stringify(headers)).toBeNull();
    }
    expect(pageCacheStats().hits).toBe(before.hits);
  });

  it("compresses each answer once: a kept page as it is stored, any other page in Express", async () => {
    const gzip = { headers: { "Accept-Encoding": "gzip" } };
    const path = "/neighbourhoods/sitwell?from=compressed";
    for (const expected of ["miss", "hit"]) {
      const { state, response, body } = await cacheOf(path, gzip);
      expect(state).toBe(expected);
      expect(response.headers.get("content-encoding")).toBe("gzip");
      expect(response.headers.get("vary")).toBe("Cookie, Accept-Encoding");
      expect(body).toContain("</html>");
    }
    const brotli = await cacheOf(path, { headers: { "Accept-Encoding": "br, gzip" } });
    expect(brotli.response.headers.get("content-encoding")).toBe("br");
    const other = await cacheOf("/open-data", gzip);
    expect(other.state).toBeNull();
    expect(other.response.headers.get("content-encoding")).toBe("gzip");
    expect(other.body).toContain("</html>");
  });

  it("shows a writer their own change at once, whichever process answers, and everyone else once the log is read", async () => {
    expect((await cacheOf(page)).state).not.toBeNull();
    expect((await cacheOf(page)).state).toBe("hit");
    // A change the process has not been told about: the page stays as kept until the log is read.
    await test.db
      .update(t.priorities)
      .set({ title: "Damage at the Maynard Road play area" })
      .where(eq(t.priorities.title, "Youths causing damage at Maynard Road play area"));
    const stale = await cacheOf(page);
    expect(stale.state).toBe("hit");
    expect(stale.body).not.toContain("Damage at the Maynard Road play area");
    // Any form post: its answer marks the writer's browser for a few seconds.
    const { changesRead } = pageCacheStats();
    const post = await app.post("/login", { email: "nobody@example.org", password: "wrong" });
    expect([post.status, await post.text()]).toEqual([400, expect.stringContaining("</html>")]);
    expect(post.headers.get("Set-Cookie")).toBe(
      `${WROTE_COOKIE}=1; Max-Age=${WROTE_COOKIE_SECONDS}; Path=/; HttpOnly; SameSite=Lax`,
    );
    expect(WROTE_COOKIE_SECONDS).toBeGreaterThanOrEqual(5);
    // The writer's next page skips every process's cache, and no cache further down may keep it.
    const writer = await cacheOf(page, { headers: { Cookie: `${WROTE_COOKIE}=1` } });
    expect(writer.state).toBeNull();
    expect(writer.body).toContain("Damage at the Maynard Road play area");
    expect(writer.response.headers.get("cache-control")).toBe("private, no-store");
    // Everyone else: once this process has read the log, which the post set going.
    // The first of them is answered with the previous copy while the page is rebuilt in the background.
    await readAfter(changesRead);
    const meanwhile = await cacheOf(page);
    expect(meanwhile.state).toBe("grace");
    expect(meanwhile.body).toBe(stale.body);
    await pageCacheSettled();
    const fresh = await cacheOf(page);
    expect(fresh.state).toBe("hit");
    expect(fresh.body).toContain("Damage at the Maynard Road play area");
    // The privacy notice names the cookie and says how long it lasts.
    const notice = (await (await app.fetch("/privacy")).text()).replaceAll("<!-- -->", "");
    expect(notice).toContain(
      `<code>${WROTE_COOKIE}</code>: set for ${WROTE_COOKIE_SECONDS} seconds after you send any form`,
    );
  });

  // Every kept page used to wait, after any write through the process, until the log had been
  // read again, and that read queued behind every render's queries: under a steady trickle of
  // writes the cache served almost nothing.
  it.skipIf(!onServer())(
    "answers other visitors from the cache while a write's change is still being read (PostgreSQL server: the log can be held there)",
    async () => {
      const path = "/neighbourhoods/keppel?from=held";
      expect((await cacheOf(path)).state).toBe("miss");
      const unlock = await lockTable("public_change_log");
      try {
        await (await app.post("/login", { email: "nobody@example.org", password: "wrong" })).text();
        // The log's read is waiting for the lock; the kept page is answered meanwhile.
        const meanwhile = await Promise.race([
          cacheOf(path),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000)),
        ]);
        expect(meanwhile?.state, "held until the log was read").toBe("hit");
        expect(meanwhile?.body).toContain("Keppel");
      } finally {
        await unlock();
      }
      // The post changed nothing public: once the log is read, the page is still kept.
      await pageCacheSettled();
      expect((await cacheOf(path)).state).toBe("hit");
    },
  );

  it("renders a page once for requests that come while it is being rendered, and each waits for that render", async () => {
    const path = "/neighbourhoods/boston-castle?from=together";
    const before = pageCacheStats();
    // The neighbourhood's row held: the first request's render waits for it.
    const unlock = await lockTable("neighbourhoods");
    const answers: Array<ReturnType<typeof cacheOf>> = [];
    try {
      answers.push(cacheOf(path));
      for (let i = 0; i < 50 && pageCacheStats().misses === before.misses; i++) await pause(20);
      for (let i = 0; i < 4; i++) answers.push(cacheOf(path));
      for (let i = 0; i < 100 && pageCacheStats().waiting < 4; i++) await pause(20);
      expect(pageCacheStats().waiting).toBe(4);
    } finally {
      await unlock();
    }
    const [first, ...others] = await Promise.all(answers);
    expect(first.state).toBe("miss");
    expect(first.response.headers.get("x-page-cache-miss")).toBe("first");
    expect(first.body).toContain("Boston Castle and Moorgate");
    for (const other of others) {
      expect(other.state).toBe("hit");
      expect(other.response.headers.get("x-page-cache-waited")).toBe("first");
      expect(other.body).toBe(first.body);
    }
    const after = pageCacheStats();
    expect([after.misses - before.misses, after.hits - before.hits, after.waiting]).toEqual([1, 4, 0]);
    // A page that is not kept (a 404): each waiting request then renders it itself.
    expect(
      (await Promise.all([1, 2].map(() => cacheOf("/neighbourhoods/nowhere")))).map((a) => a.response.status),
    ).toEqual([404, 404]);
  });

  it("answers with a dropped page's previous copy at once while it is rebuilt in the background, once", async () => {
    const path = "/neighbourhoods/boston-castle?from=grace";
    expect((await cacheOf(path)).state).toBe("miss");
    const before = (await cacheOf(path)).body;
    const marker = "Obstructive parking on Queensway and Moorgate Road";
    const [queensway] = await test.db
      .select({ id: t.priorities.id })
      .from(t.priorities)
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
      .where(eq(t.neighbourhoods.slug, "boston-castle"));
    await test.db.update(t.priorities).set({ title: marker }).where(eq(t.priorities.id, queensway.id));
    const { changesRead } = pageCacheStats();
    await (await app.post("/login", { email: "nobody@example.org", password: "wrong" })).text();
    await readAfter(changesRead);
    // The neighbourhood's row held: the rebuild cannot finish until the lock goes.
    const unlock = await lockTable("neighbourhoods");
    const { graceHits, rebuilds, misses } = pageCacheStats();
    try {
      for (let i = 0; i < 3; i++) {
        const meanwhile = await cacheOf(path);
        expect(meanwhile.state).toBe("grace");
        expect(meanwhile.body).toBe(before);
        expect(meanwhile.response.headers.get("cache-control")).toBe("no-store");
      }
      expect(pageCacheStats().rebuilds - rebuilds).toBe(1);
    } finally {
      await unlock();
    }
    await pageCacheSettled();
    const next = await cacheOf(path);
    expect(next.state).toBe("hit");
    expect(next.body).toContain(marker);
    const after = pageCacheStats();
    expect([after.graceHits - graceHits, after.rebuilds - rebuilds, after.misses - misses]).toEqual([
      3, 1, 1,
    ]);
  });

  it("stops answering with the previous copy as soon as the rebuild is not kept (the page is gone)", async () => {
    const [queensway] = await test.db
      .select({ id: t.priorities.id, neighbourhoodId: t.priorities.neighbourhoodId })
      .from(t.priorities)
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
      .where(eq(t.neighbourhoods.slug, "boston-castle"));
    const [sitwellRow] = await test.db
      .select()
      .from(t.neighbourhoods)
      .where(eq(t.neighbourhoods.slug, "sitwell"));
    const path = `/neighbourhoods/boston-castle/priorities/${queensway.id}`;
    expect((await cacheOf(path)).state).toBe("miss");
    expect((await cacheOf(path)).state).toBe("hit");
    // Moved to another neighbourhood: its page here is gone.
    await test.db
      .update(t.priorities)
      .set({ neighbourhoodId: sitwellRow.id })
      .where(eq(t.priorities.id, queensway.id));
    const { changesRead } = pageCacheStats();
    await (await app.post("/login", { email: "nobody@example.org", password: "wrong" })).text();
    await readAfter(changesRead);
    const previous = await cacheOf(path);
    expect([previous.state, previous.response.status]).toEqual(["grace", 200]);
    await pageCacheSettled();
    const gone = await cacheOf(path);
    expect(gone.response.status).toBe(404);
    expect(gone.state).toBeNull();
    await test.db
      .update(t.priorities)
      .set({ neighbourhoodId: queensway.neighbourhoodId })
      .where(eq(t.priorities.id, queensway.id));
    const restored = pageCacheStats().changesRead;
    await (await app.post("/login", { email: "nobody@example.org", password: "wrong" })).text();
    await readAfter(restored);
  });

  it("forgets only what a change reaches: that neighbourhood's pages and the borough's, not another's", async () => {
    const [changed] = await test.db
      .select({ id: t.priorities.id, title: t.priorities.title, slug: t.neighbourhoods.slug })
      .from(t.priorities)
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
      .where(ne(t.neighbourhoods.slug, "sitwell"))
      .limit(1);
    const a = `/neighbourhoods/${changed.slug}/priorities/${changed.id}?from=targeted`;
    const b = "/neighbourhoods/sitwell?from=targeted";
    const borough = "/api/v1/neighbourhoods?from=targeted";
    for (const path of [a, b, borough]) {
      const first = await cacheOf(path);
      expect(first.state, path).toBe("miss");
      expect(first.response.headers.get("x-page-cache-miss"), path).toBe("first");
      expect((await cacheOf(path)).state, path).toBe("hit");
    }
    const before = pageCacheStats();
    await test.db
      .update(t.priorities)
      .set({ title: `${changed.title} (renamed)` })
      .where(eq(t.priorities.id, changed.id));
    // A post through this process (once its answer is sent) sets the change log's read going.
    await (await app.post("/login", { email: "nobody@example.org", password: "wrong" })).text();
    await readAfter(before.changesRead);
    // The two pages it reaches answer with their previous copies while rebuilt; the other is kept.
    const [pageA, pageB, pageBorough] = [await cacheOf(a), await cacheOf(b), await cacheOf(borough)];
    expect(pageA.state).toBe("grace");
    expect(pageA.body).not.toContain(`${changed.title} (renamed)`);
    expect(pageBorough.state).toBe("grace");
    expect(pageB.state).toBe("hit");
    await pageCacheSettled();
    const rebuiltA = await cacheOf(a);
    expect(rebuiltA.state).toBe("hit");
    expect(rebuiltA.body).toContain(`${changed.title} (renamed)`);
    const after = pageCacheStats();
    expect(after.hits - before.hits).toBe(2);
    expect(after.graceHits - before.graceHits).toBe(2);
    expect([after.rebuilds - before.rebuilds, after.misses - before.misses]).toEqual([2, 2]);
    expect(after.dropped).toBeGreaterThan(before.dropped);
  });
});
