// With the PostgreSQL server stopped mid-run, pages answer a clear 503 within
// 5 s instead of hanging, and so do the open data, feeds and downloads (a JSON
// 503 for the API); when it comes back the app recovers without a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canRunThrowawayPostgres,
  createThrowawayPostgres,
  type ThrowawayPostgres,
} from "../support/throwaway-postgres";
import { freePort, type RunningApp, startApp } from "./support";

describe.runIf(canRunThrowawayPostgres())("database faults", () => {
  let pg: ThrowawayPostgres;
  let app: RunningApp;

  beforeAll(async () => {
    pg = createThrowawayPostgres(await freePort());
    pg.start();
    app = await startApp({
      env: {
        DATABASE_URL: pg.url,
        SEED_DEMO: "1",
        SESSION_SECRET: "s".repeat(40),
        JOBS: "off",
        // Cached public pages are not served stale here: every page must say 503 (stale-if-error.test.ts tests them).
        PAGE_CACHE_STALE_SECONDS: "0",
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    pg?.destroy();
  });

  /** A page; with `answerWithin`, given up after 5 s, so a page that hangs instead of answering fails here. */
  async function get(path: string, answerWithin = false) {
    const signal = answerWithin ? AbortSignal.timeout(5000) : undefined;
    const response = await fetch(`${app.url}${path}`, { signal });
    return { status: response.status, body: await response.text() };
  }

  it("serves pages while the database is up", async () => {
    expect((await get("/neighbourhoods/herringthorpe")).status).toBe(200);
    expect((await get("/healthz")).status).toBe(200);
  });

  it("answers 503 within 5 s while it is down, then recovers by itself", async () => {
    pg.stop();
    // A public page cached in the last moments may still be served while the
    // cache has not yet noticed (it trusts itself 2.5 s); after that, every page
    // says 503. Counted in polls 100 ms apart: 40 of them outlast that window,
    // and a cache that never noticed would still be answering 200 at the last.
    let polls = 0;
    for (const path of ["/", "/neighbourhoods/herringthorpe", "/healthz"]) {
      let result = await get(path, true);
      while (result.status !== 503 && polls < 40) {
        expect(result.status, path).toBe(200);
        await new Promise((r) => setTimeout(r, 100));
        polls++;
        result = await get(path, true);
      }
      expect(result.status, path).toBe(503);
    }
    const page = await get("/neighbourhoods/sitwell", true);
    expect(page.body).toContain("Sorry, the service is unavailable");
    expect(page.body).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);

    // Open data (never fetched before, so not cached): JSON 503 with Retry-After; feeds and CSVs 503.
    for (const path of [
      "/api/v1/neighbourhoods?per_page=3",
      "/api/v1/priorities/1",
      "/api/police-uk/south-yorkshire/demo-sitwell/priorities",
    ]) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status, path).toBe(503);
      expect(response.headers.get("Content-Type"), path).toBe("application/json; charset=utf-8");
      expect(response.headers.get("Retry-After"), path).toMatch(/^\d+$/);
      expect((await response.json()).error, path).toMatchObject({ status: 503, message: expect.any(String) });
    }
    for (const path of [
      "/neighbourhoods/keppel/feed.atom",
      "/neighbourhoods/keppel/meetings.ics",
      "/neighbourhoods/keppel/priorities.csv",
      "/how-were-doing.csv?assembly=rotherham-south",
    ]) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status, path).toBe(503);
      expect(response.headers.get("Retry-After"), path).toMatch(/^\d+$/);
      expect(await response.text(), path).not.toMatch(/Unexpected Server Error|ECONNREFUSED/);
    }

    pg.start();
    let recovered = 0;
    for (let attempt = 0; attempt < 50 && recovered !== 200; attempt++) {
      recovered = (await get("/neighbourhoods/herringthorpe")).status;
      if (recovered !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(200);
    expect((await get("/healthz")).status).toBe(200);
  });
});
