// Pages are built a few at a time: the CPU is shared anyway, and each page
// being built holds its data and markup in memory, so a queue here keeps memory
// flat under a burst. The places are counted by p-limit. A place is held until
// the response finishes or the client goes away; a client that goes away while
// still waiting never takes a place: when its turn comes it gives it straight
// back (tests/e2e/render-queue.test.ts).
import pLimit from "p-limit";

/**
 * @param {number} maxRenders pages built at once (MAX_CONCURRENT_RENDERS)
 * @returns {import("express").RequestHandler}
 */
export function renderQueue(maxRenders) {
  const limit = pLimit(maxRenders);
  return (_req, res, next) => {
    let over = false;
    const done = new Promise((resolve) => {
      const end = () => {
        over = true;
        resolve(undefined);
      };
      res.once("finish", end);
      res.once("close", end);
    });
    limit(() => {
      if (over) return undefined;
      next();
      return done;
    });
  };
}
