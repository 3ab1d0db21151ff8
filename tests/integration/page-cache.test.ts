import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readChangeCounter } from "~/domain/public-changes";
import {
  cacheKey,
  chooseEncoding,
  inlineScriptHashes,
  lifetimeMs,
  PageCache,
  pageCacheRuleFor,
  pageCacheStats,
} from "~/http/page-cache.server";
import { cachedPage, pageCacheRuleOf } from "~/http/page-cache-rule";
import * as t from "~db/schema";
import { loadDemo } from "../factories/demo";
import { priorityByTitle } from "../factories/public";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { type Harness, startHarness } from "../support/http-harness";

const test = useTestDatabase();
useFixedClock();
beforeAll(() => loadDemo(test.db));

const entry = (generation: number, body = "<p>page</p>", expiresAt = Date.now() + 60_000) => ({
  status: 200,
  headers: [["cache-control", "public, max-age=60"]] as Array<[string, string]>,
  body,
  etag: '"abc"',
  scriptHashes: [],
  generation,
  expiresAt,
  vary: [] as string[],
});

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

  it("serves an entry only within its generation", () => {
    const cache = new PageCache();
    cache.advance(1);
    cache.set("/neighbourhoods/sitwell", entry(1));
    expect(cache.get("/neighbourhoods/sitwell")?.body).toBe("<p>page</p>");
    cache.advance(2);
    expect(cache.get("/neighbourhoods/sitwell")).toBeUndefined();
  });

  it("keeps a page no longer than its max-age, because pages depend on the date too", () => {
    const cache = new PageCache();
    cache.advance(1);
    cache.set("/fresh", entry(1, "<p>fresh</p>", Date.now() + 10_000));
    cache.set("/expired", entry(1, "<p>old</p>", Date.now() - 1));
    expect(cache.get("/fresh")?.body).toBe("<p>fresh</p>");
    expect(cache.get("/expired")).toBeUndefined();
    expect(lifetimeMs("public, max-age=60")).toBe(60_000);
    expect(lifetimeMs("public, max-age=600, s-maxage=30")).toBe(30_000);
    expect(lifetimeMs("public, max-age=86400")).toBe(300_000);
    expect(lifetimeMs("public")).toBe(60_000);
  });

  it("refuses to store a page rendered before the generation changed", () => {
    const cache = new PageCache();
    cache.advance(5);
    cache.set("/a", entry(4));
    expect(cache.get("/a")).toBeUndefined();
  });

  it("drops the least recently used pages when full", () => {
    const cache = new PageCache();
    cache.advance(1);
    const big = "x".repeat(500 * 1024);
    for (let i = 0; i < 70; i++) cache.set(`/page/${i}`, entry(1, big));
    expect(cache.size).toBeLessThan(70);
    expect(cache.get("/page/69")).toBeDefined();
    expect(cache.get("/page/0")).toBeUndefined();
  });

  it("keeps one copy per value of the request headers a route varies on", () => {
    const cache = new PageCache();
    cache.advance(1);
    const vary = ["accept-language"];
    cache.keep("/p", { "accept-language": "cy" }, { ...entry(1, "<p>Croeso</p>"), vary });
    cache.keep("/p", { "accept-language": "en" }, { ...entry(1, "<p>Welcome</p>"), vary });
    expect(cache.find("/p", { "accept-language": "cy" })?.body).toBe("<p>Croeso</p>");
    expect(cache.find("/p", { "accept-language": "en", cookie: "ignored" })?.body).toBe("<p>Welcome</p>");
    expect(cache.find("/p", {})).toBeUndefined();
    expect(cache.find("/other", { "accept-language": "cy" })).toBeUndefined();
    expect(cacheKey("/p", [], { "accept-language": "cy" })).toBe("/p");
    expect(cacheKey("/p", vary, { "accept-language": "cy" })).not.toBe(cacheKey("/p", vary, {}));
  });

  it("reads a route's declaration from its handle", () => {
    expect(pageCacheRuleOf(cachedPage())).toEqual({ vary: [] });
    expect(pageCacheRuleOf(cachedPage({ vary: ["Accept-Language"] }))).toEqual({ vary: ["accept-language"] });
    expect(pageCacheRuleOf(undefined)).toBeUndefined();
    expect(pageCacheRuleOf({ breadcrumb: "x" })).toBeUndefined();
  });

  it("is invalidated by any change to what public pages read, through the database", async () => {
    const before = await readChangeCounter();
    await test.db
      .update(t.priorities)
      .set({ title: "Renamed" })
      .where(eq(t.priorities.title, "Obstructive parking on Queensway"));
    const afterPriority = await readChangeCounter();
    expect(afterPriority).toBeGreaterThan(before);
    const [update] = await test.db.select().from(t.taskUpdates).limit(1);
    await test.db
      .update(t.taskUpdates)
      .set({ body: `${update.body} (edited)` })
      .where(eq(t.taskUpdates.id, update.id));
    expect(await readChangeCounter()).toBeGreaterThan(afterPriority);
    // Sessions and the outbox are not public: no invalidation.
    const still = await readChangeCounter();
    await test.db
      .insert(t.loginAttempts)
      .values({ email: "x@example.org", address: "127.0.0.1", succeeded: false });
    expect(await readChangeCounter()).toBe(still);
  });
});

describe("the page cache in front of the app", () => {
  let app: Harness;
  let page = "";
  // The counter is read once at the start and then only when a write asks for it:
  // a poll landing mid-test cannot make a stale page look fresh.
  beforeAll(async () => {
    app = await startHarness({
      pageCache: true,
      pageCachePollMs: 10 * 60_000,
      undeclared: ["routes/neighbourhoods.$slug.archive"],
    });
    const priority = await priorityByTitle(test.db, "Youths causing damage at Maynard Road play area");
    const [{ slug }] = await test.db
      .select({ slug: t.neighbourhoods.slug })
      .from(t.neighbourhoods)
      .where(eq(t.neighbourhoods.id, priority.neighbourhoodId));
    page = `/neighbourhoods/${slug}`;
    for (let i = 0; i < 50 && pageCacheStats().generation < 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(() => app?.close());

  const cacheOf = async (path: string, init?: RequestInit) => {
    const response = await app.fetch(path, init);
    return { state: response.headers.get("x-page-cache"), body: await response.text(), response };
  };

  it("keeps only the routes that declare it", async () => {
    expect(pageCacheRuleFor("/neighbourhoods/sitwell")).toEqual({ vary: [] });
    expect(pageCacheRuleFor("/neighbourhoods/sitwell.data?_routes=x")).toEqual({ vary: [] });
    expect(pageCacheRuleFor("/_root.data")).toEqual({ vary: [] });
    expect(pageCacheRuleFor("/api/v1/neighbourhoods")).toEqual({ vary: [] });
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

  it("shows a change made through this process on the very next page (read-your-writes)", async () => {
    expect((await cacheOf(page)).state).not.toBeNull();
    expect((await cacheOf(page)).state).toBe("hit");
    // A change the process has not been told about: the page stays as kept until the counter is read.
    await test.db
      .update(t.priorities)
      .set({ title: "Damage at the Maynard Road play area" })
      .where(eq(t.priorities.title, "Youths causing damage at Maynard Road play area"));
    const stale = await cacheOf(page);
    expect(stale.state).toBe("hit");
    expect(stale.body).not.toContain("Damage at the Maynard Road play area");
    // Any form post through this process: once its answer has been sent, the counter is read before any hit.
    const post = await app.post("/login", { email: "nobody@example.org", password: "wrong" });
    expect([post.status, await post.text()]).toEqual([400, expect.stringContaining("</html>")]);
    const fresh = await cacheOf(page);
    expect(fresh.state).toBe("miss");
    expect(fresh.body).toContain("Damage at the Maynard Road play area");
    expect((await cacheOf(page)).state).toBe("hit");
  });
});
