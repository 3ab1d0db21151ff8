// Public responses are cacheable: a strong ETag from what they show, short
// public Cache-Control (browsers ask each time, a CDN keeps it a minute), and a bodiless 304 when the
// client already has this version — which changes when, and only when, what
// the public sees changes.
import { beforeAll, describe, expect, it } from "vitest";
import { clientHasVersion } from "~/http/conditional.server";
import { taskUpdates } from "~db/schema";
import { buildBankHolidays, buildNeighbourhood, buildPriority } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { getPublic } from "../support/public-surface";

const test = useTestDatabase();
useFixedClock();
let priorityPath = "";
let maynardTaskId = 0;

// Sitwell (known to police.uk as south-yorkshire/demo-sitwell), with one priority
// whose one task has a public update.
beforeAll(async () => {
  await buildBankHolidays(test.db);
  const sitwell = await buildNeighbourhood(test.db, {
    slug: "sitwell",
    name: "Sitwell",
    policeForceId: "south-yorkshire",
    policeNeighbourhoodId: "demo-sitwell",
  });
  const maynard = await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    tasks: [{ status: "in_progress", updates: [{ body: "Patrols at the play area after school." }] }],
  });
  priorityPath = `/neighbourhoods/sitwell/priorities/${maynard.priority.id}`;
  maynardTaskId = maynard.taskIds[0];
});

const paths = () => [
  "/",
  "/neighbourhoods/sitwell",
  priorityPath,
  "/neighbourhoods/sitwell/archive",
  "/neighbourhoods/sitwell/feed.atom",
  "/neighbourhoods/sitwell/meetings.ics",
  "/neighbourhoods/sitwell/priorities.csv",
  "/api/v1/neighbourhoods",
  "/api/v1/neighbourhoods/sitwell/priorities",
  "/api/police-uk/south-yorkshire/demo-sitwell/priorities",
];

describe("ETag and Cache-Control", () => {
  it("every public page, feed and API response has a strong ETag and short public caching", async () => {
    for (const path of paths()) {
      const response = await getPublic(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("ETag"), path).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
      expect(response.headers.get("Cache-Control"), path).toBe("public, max-age=0, s-maxage=60");
      expect(response.headers.get("Vary"), path).toBe("Cookie");
    }
  });

  it("answers 304 with no body when If-None-Match has the current tag", async () => {
    for (const path of paths()) {
      const first = await getPublic(path);
      const etag = first.headers.get("ETag") as string;
      const again = await getPublic(path, { "If-None-Match": etag });
      expect(again.status, path).toBe(304);
      expect(again.body, path).toBe("");
      expect(again.headers.get("ETag"), path).toBe(etag);
      // A list of tags, and the weak form of ours, match too (RFC 9110 weak comparison).
      expect((await getPublic(path, { "If-None-Match": `"other", W/${etag}` })).status, path).toBe(304);
      expect((await getPublic(path, { "If-None-Match": '"something-else"' })).status, path).toBe(200);
    }
  });

  it("a new public update changes the tag; a partners-only note does not", async () => {
    const before = (await getPublic(priorityPath)).headers.get("ETag") as string;
    const feedBefore = (await getPublic("/neighbourhoods/sitwell/feed.atom")).headers.get("ETag") as string;

    await test.db
      .insert(taskUpdates)
      .values({ taskId: maynardTaskId, body: "Partners only: names shared.", visibility: "partners_only" });
    expect((await getPublic(priorityPath, { "If-None-Match": before })).status).toBe(304);

    await test.db
      .insert(taskUpdates)
      .values({ taskId: maynardTaskId, body: "Extra patrols on Friday.", visibility: "public" });
    const changed = await getPublic(priorityPath, { "If-None-Match": before });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(before);
    expect(changed.body).toContain("Extra patrols on Friday.");
    expect(
      (await getPublic("/neighbourhoods/sitwell/feed.atom", { "If-None-Match": feedBefore })).status,
    ).toBe(200);
  });

  it("a visitor with cookies (perhaps signed in) gets a private copy and a tag of their own", async () => {
    const anonymous = await getPublic("/neighbourhoods/sitwell");
    const withCookie = await getPublic("/neighbourhoods/sitwell", { Cookie: "__session=abc" });
    expect(withCookie.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(withCookie.headers.get("ETag")).not.toBe(anonymous.headers.get("ETag"));
    const tag = anonymous.headers.get("ETag") as string;
    expect(
      (await getPublic("/neighbourhoods/sitwell", { Cookie: "__session=abc", "If-None-Match": tag })).status,
    ).toBe(200);
  });

  it("postcode searches are never stored by caches", async () => {
    const search = await getPublic("/?postcode=not-a-postcode");
    expect(search.status).toBe(400);
    expect(search.headers.get("Cache-Control")).toBe("private, no-store");
    expect(search.headers.get("ETag")).toBeNull();
  });

  it("If-None-Match: * matches any current version", () => {
    const request = new Request("http://localhost/", { headers: { "If-None-Match": "*" } });
    expect(clientHasVersion(request, '"abc"')).toBe(true);
  });
});
