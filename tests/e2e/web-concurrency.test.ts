import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresServerReachable, type RunningApp, serverDatabase, startApp } from "./support";

const database = serverDatabase(`od_web_concurrency_${process.pid}`);

/** Many requests at once, each on its own connection: the workers take connections in turn. */
async function workersAnswering(url: string) {
  const responses = await Promise.all(
    Array.from({ length: 24 }, () => fetch(`${url}/healthz`, { headers: { Connection: "close" } })),
  );
  expect(responses.every((r) => r.ok)).toBe(true);
  return new Set(responses.map((r) => r.headers.get("X-Worker")));
}

const reachable = await postgresServerReachable();

describe.runIf(reachable)("npm start on a PostgreSQL server", () => {
  let app: RunningApp | undefined;
  const url = database.url;

  beforeAll(async () => {
    await database.create();
    app = await startApp({
      script: "scripts/start.mjs",
      env: { DATABASE_URL: url, SEED_DEMO: "0", SESSION_SECRET: "w".repeat(40), WEB_CONCURRENCY: "2" },
      timeoutMs: 120_000,
    });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    await database.drop();
  });

  it("serves from two worker processes, migrated once before they started", async () => {
    if (!app) throw new Error("not started");
    // Both workers listening, in two processes.
    const deadline = Date.now() + 30_000;
    while ((app.output().match(/Worker \d of 2 is serving/g) ?? []).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const pids = [...app.output().matchAll(/Worker \d of 2 is serving \(process (\d+)\)/g)].map((m) => m[1]);
    expect(new Set(pids).size).toBe(2);
    // Both answer requests.
    let seen = new Set<string | null>();
    for (let i = 0; i < 10 && seen.size < 2; i++)
      seen = new Set([...seen, ...(await workersAnswering(app.url))]);
    expect([...seen].sort()).toEqual(["1", "2"]);
    // The migrations ran once, in the primary, before the workers started.
    expect((app.output().match(/migrations applied/g) ?? []).length).toBeGreaterThanOrEqual(1);
    expect(app.output().indexOf("migrations applied")).toBeLessThan(app.output().indexOf("Worker "));
  }, 120_000);
});

describe("npm start on the embedded database", () => {
  let app: RunningApp | undefined;
  beforeAll(async () => {
    app = await startApp({
      script: "scripts/start.mjs",
      env: { SEED_DEMO: "0", WEB_CONCURRENCY: "2" },
      timeoutMs: 120_000,
    });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("runs one process whatever WEB_CONCURRENCY says (PGlite is single-process)", async () => {
    if (!app) throw new Error("not started");
    expect([...(await workersAnswering(app.url))]).toEqual([null]);
    expect(app.output()).not.toContain("Worker ");
  }, 60_000);
});
