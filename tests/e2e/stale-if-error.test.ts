// With the PostgreSQL server stopped, public pages the page cache already held
// are still served — with a line saying they may be out of date — for up to
// PAGE_CACHE_STALE_SECONDS; a page never cached, a signed-in request and a
// form post answer 503, and the post leaves nothing half-written behind.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STALE_NOTICE_TEXT } from "~/lib/stale-notice";
import {
  canRunThrowawayPostgres,
  createThrowawayPostgres,
  type ThrowawayPostgres,
} from "../support/throwaway-postgres";
import {
  expectNoAxeViolations,
  freePort,
  launchBrowser,
  newPage,
  type RunningApp,
  startApp,
} from "./support";

describe.runIf(canRunThrowawayPostgres())("public pages while the database is down", () => {
  let pg: ThrowawayPostgres;
  let app: RunningApp;

  beforeAll(async () => {
    pg = createThrowawayPostgres(await freePort());
    pg.start();
    app = await startApp({
      env: { DATABASE_URL: pg.url, SEED_DEMO: "1", SESSION_SECRET: "s".repeat(40), JOBS: "off" },
    });
  });
  afterAll(async () => {
    await app?.stop();
    pg?.destroy();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.url}${path}`, { headers });
    return {
      status: response.status,
      cache: response.headers.get("x-page-cache"),
      cacheControl: response.headers.get("cache-control") ?? "",
      body: await response.text(),
    };
  };

  it("serves the cached copies, marked, and nothing else", async () => {
    const cached = "/neighbourhoods/sitwell";
    expect((await get(cached)).cache).toBe("miss");
    const hit = await get(cached);
    expect(hit.cache).toBe("hit");
    // Caches in front may do the same for as long.
    expect(hit.cacheControl).toContain("stale-if-error=900");
    expect(hit.body).not.toContain(STALE_NOTICE_TEXT);

    pg.stop();
    // The cache notices when its next read of the change log fails (polled once a second).
    let stale = await get(cached);
    for (let attempt = 0; attempt < 50 && stale.cache !== "stale"; attempt++) {
      expect(stale.status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      stale = await get(cached);
    }
    expect(stale.cache).toBe("stale");
    expect(stale.status).toBe(200);
    expect(stale.body).toContain(`<p class="notice" role="status">${STALE_NOTICE_TEXT}`);
    expect(stale.body).toContain("Sitwell");
    // A copy with the notice is for now only.
    expect(stale.cacheControl).toBe("no-store");

    // In a browser the line stays once the page's scripts have taken over, and the page stays accessible.
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      // A hydration mismatch would make React render the page afresh, without the line.
      page.on("console", (message) => {
        if (message.type() === "error" && /React error #4(18|23|25)|hydrat/i.test(message.text())) {
          errors.push(message.text());
        }
      });
      await page.goto(`${app.url}${cached}`);
      await page.waitForFunction(() => "__remixRouter" in window);
      await page.waitForLoadState("networkidle");
      await expect(page.getByRole("status").filter({ hasText: STALE_NOTICE_TEXT }).isVisible()).resolves.toBe(
        true,
      );
      expect(errors).toEqual([]);
      await expectNoAxeViolations(page);
    } finally {
      await browser.close();
    }

    // Never cached, or asked by someone signed in: 503 as before.
    const never = await get("/neighbourhoods/keppel");
    expect(never.status).toBe(503);
    expect(never.body).toContain("Sorry, the service is unavailable");
    expect((await get(cached, { Cookie: "od_session=someone" })).status).toBe(503);

    // A form post fails whole.
    const wording = `Stale test concern ${Date.now()}`;
    const post = await fetch(`${app.url}/neighbourhoods/sitwell/concerns/new`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ category: "1", location: "Outside the Sitwell shops", wording }),
    });
    expect(post.status).toBe(503);
    // And after the post the cached page is still served (the write could not have happened).
    expect((await get(cached)).cache).toBe("stale");

    pg.start();
    let back = await get(cached);
    for (let attempt = 0; attempt < 100 && back.cache === "stale"; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      back = await get(cached);
    }
    expect(back.status).toBe(200);
    expect(back.body).not.toContain(STALE_NOTICE_TEXT);
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select id from concerns where original_wording = ${wording}`;
      expect(rows).toHaveLength(0);
    } finally {
      await sql.end();
    }
  });
});
