// The borough-wide "How we're doing" page and CSV, served by the real HTTP
// stack with the page cache on, when a change comes and counting is slow
// (MEASURES_RECOUNT_AFTER_MS=0 makes every count count as slow): the first
// visitor after the change gets the last figures, dated and marked as being
// counted again, with `Cache-Control: no-store`, so neither the page cache nor
// a CDN keeps them; once the recount is done the new figures are served and
// kept again.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnv } from "~/config/env.server";
import { boroughRecounted } from "~/domain/measures/how-were-doing";
import { pageCacheStats } from "~/http/page-cache.server";
import { buildAssembly, buildBankHolidays, buildNeighbourhood } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { type Harness, startHarness } from "../support/http-harness";

const test = useTestDatabase();
let app: Harness;
const before = process.env.MEASURES_RECOUNT_AFTER_MS;

beforeAll(async () => {
  process.env.MEASURES_RECOUNT_AFTER_MS = "0";
  resetEnv();
  await buildBankHolidays(test.db);
  const assembly = await buildAssembly(test.db, { name: "Rother Valley" });
  await buildNeighbourhood(test.db, { assemblyId: assembly.id, name: "Dinnington" });
  app = await startHarness({ pageCache: true, pageCachePollMs: 50 });
  await vi.waitUntil(() => pageCacheStats().ready, { timeout: 5000 });
});
afterAll(async () => {
  await app?.close();
  if (before === undefined) delete process.env.MEASURES_RECOUNT_AFTER_MS;
  else process.env.MEASURES_RECOUNT_AFTER_MS = before;
  resetEnv();
});

const get = async (path: string) => {
  const response = await app.fetch(path);
  return {
    status: response.status,
    cache: response.headers.get("x-page-cache"),
    cacheControl: response.headers.get("cache-control") ?? "",
    body: await response.text(),
  };
};

describe("the borough's figures after a change, when counting is slow", () => {
  it("serves the page's last figures marked and unkept while they are recounted, then the new ones, kept", async () => {
    const first = await get("/how-were-doing");
    expect(first.status).toBe(200);
    expect(first.body).toContain("Dinnington");
    expect(first.body).toMatch(/Counted at .*, and counted again after every change\./);
    expect(first.cacheControl).toMatch(/\bpublic\b/);
    expect((await get("/how-were-doing")).cache).toBe("hit");

    // A new neighbourhood (in a new assembly): every borough page is dropped within a poll.
    await buildNeighbourhood(test.db, { name: "Kiveton Park" });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const during = await get("/how-were-doing");
    expect(during.status).toBe(200);
    expect(during.cache).toBeNull();
    expect(during.cacheControl).toBe("no-store");
    expect(during.body).toContain("they are being counted again after a change");
    // The last count: the new neighbourhood is not in it yet.
    expect(during.body).not.toContain("Kiveton Park");

    await boroughRecounted();
    const after = await get("/how-were-doing");
    expect(after.body).toContain("Kiveton Park");
    expect(after.body).toMatch(/, and counted again after every change\./);
    expect(after.cacheControl).toMatch(/\bpublic\b/);
    expect((await get("/how-were-doing")).cache).toBe("hit");
  });

  it("serves the CSV's last lines unkept while they are recounted, then the new ones, kept", async () => {
    const first = await get("/how-were-doing.csv");
    expect(first.status).toBe(200);
    expect(first.cacheControl).toMatch(/\bpublic\b/);
    expect(first.body).toContain("Kiveton Park");
    expect((await get("/how-were-doing.csv")).cache).toBe("hit");

    const assembly = await buildAssembly(test.db, { name: "Wentworth Valley" });
    await buildNeighbourhood(test.db, { assemblyId: assembly.id, name: "Wath" });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const during = await get("/how-were-doing.csv");
    expect(during.status).toBe(200);
    expect(during.cacheControl).toBe("no-store");
    expect(during.body).not.toContain("Wath");

    await boroughRecounted();
    const after = await get("/how-were-doing.csv");
    expect(after.body).toContain("Wath");
    expect(after.cacheControl).toMatch(/\bpublic\b/);
    expect((await get("/how-were-doing.csv")).cache).toBe("hit");
  });
});
