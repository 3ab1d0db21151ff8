// server.js builds at most MAX_CONCURRENT_RENDERS pages at once and queues the
// rest. A burst that ends abruptly (clients gone while their pages wait or are
// being built) must leave every place free: the server keeps answering.
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "./support";

let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ env: { MAX_CONCURRENT_RENDERS: "2", PAGE_CACHE: "off" } });
});
afterAll(async () => {
  await app?.stop();
});

const status = (path: string) =>
  fetch(`${app.url}${path}`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.status);

describe("the render queue", () => {
  it("answers a burst, and keeps answering after its clients vanish mid-queue", async () => {
    const burst = await autocannon({
      url: `${app.url}/neighbourhoods/sitwell`,
      connections: 40,
      duration: 3,
    });
    expect(burst.errors).toBe(0);
    expect(burst["2xx"]).toBeGreaterThan(0);
    expect(burst.non2xx).toBe(0);
    // autocannon dropped its 40 connections with requests still queued.
    for (const path of ["/", "/neighbourhoods/sitwell", "/neighbourhoods/herringthorpe", "/how-were-doing"]) {
      expect(await status(path)).toBe(200);
    }
    const together = await Promise.all(Array.from({ length: 12 }, () => status("/neighbourhoods/sitwell")));
    expect(together).toEqual(Array(12).fill(200));
  });
});
