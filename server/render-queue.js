// Pages are built a few at a time: the CPU is shared anyway, and each page
// being built holds its data and markup in memory, so a queue here keeps memory
// flat under a burst. A place is held until the response finishes or the client
// goes away; a client that goes away while still waiting never takes a place:
// when its turn comes it gives it straight back (tests/e2e/render-queue.test.ts).
//
// When the queue is long, writes and signed-in people go first: a partner
// posting an update, a chair's page or a resident's concern waits only for a
// place, not behind every anonymous read of a public page (which a cache or a
// CDN can also answer). Within each, first come, first served. (p-queue.)
import PQueue from "p-queue";

const SESSION_COOKIE = /(?:^|;\s*)od_session=/;

/** Whether a request goes ahead of anonymous reads: a write, or someone signed in. */
export function goesFirst(req) {
  const method = req.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") return true;
  return SESSION_COOKIE.test(req.headers?.cookie ?? "");
}

/**
 * @param {number} maxRenders pages built at once (MAX_CONCURRENT_RENDERS)
 * @returns {import("express").RequestHandler}
 */
export function renderQueue(maxRenders) {
  const queue = new PQueue({ concurrency: maxRenders });
  return (req, res, next) => {
    let over = false;
    const done = new Promise((resolve) => {
      const end = () => {
        over = true;
        resolve(undefined);
      };
      res.once("finish", end);
      res.once("close", end);
    });
    queue.add(
      () => {
        if (over) return undefined;
        next();
        return done;
      },
      { priority: goesFirst(req) ? 1 : 0 },
    );
  };
}
