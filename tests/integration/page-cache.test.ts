import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { readChangeCounter } from "~/domain/public-changes";
import { chooseEncoding, inlineScriptHashes, lifetimeMs, PageCache } from "~/http/page-cache.server";
import * as t from "~db/schema";
import { loadDemo } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const entry = (generation: number, body = "<p>page</p>", expiresAt = Date.now() + 60_000) => ({
  status: 200,
  headers: [["cache-control", "public, max-age=60"]] as Array<[string, string]>,
  body,
  etag: '"abc"',
  scriptHashes: [],
  generation,
  expiresAt,
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

  it("is invalidated by any change to what public pages read, through the database", async () => {
    await loadDemo(test.db);
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
