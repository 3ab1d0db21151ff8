// server.js builds at most MAX_CONCURRENT_RENDERS pages at once and queues the
// rest. With a queue of one, a burst (including requests the client gives up
// on) is answered in full and the server keeps answering afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "./support";

let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ env: { MAX_CONCURRENT_RENDERS: "1", PAGE_CACHE: "off" } });
});
afterAll(async () => {
  await app?.stop();
});

describe("the render queue", () => {
  it("answers every request of a burst, one page at a time, and frees its place when a client gives up", async () => {
    const pages = [
      "/",
      "/neighbourhoods/sitwell",
      "/neighbourhoods/herringthorpe",
      "/how-were-doing/rotherham-south",
    ];
    const abandoned = Array.from({ length: 5 }, () => {
      const controller = new AbortController();
      const request = fetch(`${app.url}/neighbourhoods/sitwell`, { signal: controller.signal }).catch(
        (error: Error) => error.name,
      );
      setTimeout(() => controller.abort(), 5);
      return request;
    });
    const burst = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        fetch(`${app.url}${pages[i % pages.length]}`).then((r) => r.status),
      ),
    );
    expect(burst).toEqual(Array(24).fill(200));
    await Promise.all(abandoned);
    // Nothing is left holding the only place.
    const after = await Promise.all(pages.map((p) => fetch(`${app.url}${p}`).then((r) => r.status)));
    expect(after).toEqual([200, 200, 200, 200]);
  });
});
