// The open data as a browser on another site meets it, through the real
// server: CORS on every answer (the API, feeds, calendars and CSVs, cached or
// not, 304 or 404), preflights answered without running a loader, and cached
// answers that name Accept-Encoding once in Vary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "./support";

let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ env: { JOBS: "off" } });
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

const OTHER_SITE = { Origin: "https://civic-hacker.example" };
const OPEN_DATA = [
  "/api/v1/neighbourhoods?per_page=2",
  "/api/v1/neighbourhoods/sitwell/priorities",
  "/api/v1/openapi.json",
  "/api/police-uk/south-yorkshire/demo-boston-castle/priorities",
  "/neighbourhoods/sitwell/feed.atom",
  "/neighbourhoods/sitwell/meetings.ics",
  "/neighbourhoods/sitwell/priorities.csv",
  "/how-were-doing.csv?assembly=rotherham-south",
];

describe("open data from another website", () => {
  it("may be read, ETag and Last-Modified included, and revalidated with If-None-Match", async () => {
    for (const path of OPEN_DATA) {
      for (let round = 0; round < 2; round++) {
        // The second round is answered from the page cache.
        const response = await fetch(`${app.url}${path}`, { headers: OTHER_SITE });
        expect(response.status, path).toBe(200);
        expect(response.headers.get("Access-Control-Allow-Origin"), path).toBe("*");
        expect(response.headers.get("Access-Control-Expose-Headers"), path).toMatch(/ETag.*Last-Modified/);
        const etag = response.headers.get("ETag") as string;
        expect(etag, path).toBeTruthy();
        await response.arrayBuffer();
        const again = await fetch(`${app.url}${path}`, { headers: { ...OTHER_SITE, "If-None-Match": etag } });
        expect(again.status, path).toBe(304);
        expect(again.headers.get("Access-Control-Allow-Origin"), path).toBe("*");
      }
    }
    const feed = await fetch(`${app.url}/neighbourhoods/sitwell/feed.atom`);
    expect(feed.headers.get("Last-Modified")).toMatch(/GMT$/);
  });

  it("answers a preflight itself: no loader runs, no body, If-None-Match allowed", async () => {
    for (const path of [...OPEN_DATA, "/api/v1/neighbourhoods/atlantis", "/api/v1/no-such-endpoint"]) {
      const response = await fetch(`${app.url}${path}`, {
        method: "OPTIONS",
        headers: {
          ...OTHER_SITE,
          "Access-Control-Request-Method": "GET",
          "Access-Control-Request-Headers": "if-none-match",
        },
      });
      // A loader would answer 404 for atlantis and a JSON body for the rest.
      expect(response.status, path).toBe(204);
      expect(await response.text(), path).toBe("");
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(response.headers.get("Access-Control-Allow-Methods")).toMatch(/GET/);
      expect(response.headers.get("Access-Control-Allow-Headers")).toMatch(/If-None-Match/i);
    }
  });

  it("carries CORS on errors too, and not on the site's own pages", async () => {
    const missing = await fetch(`${app.url}/api/v1/neighbourhoods/atlantis`, { headers: OTHER_SITE });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const unknown = await fetch(`${app.url}/api/police-uk/no/such/thing`, { headers: OTHER_SITE });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("Content-Type")).toMatch(/application\/json/);
    expect((await unknown.json()).error.message).toContain("/open-data");
    const page = await fetch(`${app.url}/neighbourhoods/sitwell`, { headers: OTHER_SITE });
    expect(page.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("names Accept-Encoding once in Vary, cached or not", async () => {
    for (let round = 0; round < 3; round++) {
      const response = await fetch(`${app.url}/api/v1/neighbourhoods/sitwell`, {
        headers: { "Accept-Encoding": "gzip" },
      });
      await response.arrayBuffer();
      const vary = (response.headers.get("Vary") ?? "").split(",").map((name) => name.trim().toLowerCase());
      expect(
        vary.filter((name) => name === "accept-encoding"),
        `round ${round}`,
      ).toHaveLength(1);
    }
  });
});
