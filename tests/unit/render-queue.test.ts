// The render queue (server/render-queue.js) in isolation: at most N pages are
// built at once, a place comes back when a response finishes or its client goes
// away, and a client gone while waiting never takes a place.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { renderQueue } from "../../server/render-queue.js";

type Queue = (req: unknown, res: unknown, next: () => void) => void;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function requests(queue: Queue, count: number) {
  const started: number[] = [];
  const responses = Array.from({ length: count }, (_, i) => {
    const res = new EventEmitter();
    queue({}, res, () => started.push(i));
    return res;
  });
  return { started, responses };
}

describe("the render queue", () => {
  it("builds at most N pages at once and starts the next when one finishes", async () => {
    const { started, responses } = requests(renderQueue(2) as Queue, 4);
    await tick();
    expect(started).toEqual([0, 1]);
    responses[0].emit("finish");
    responses[0].emit("close");
    await tick();
    expect(started).toEqual([0, 1, 2]);
  });

  it("gives a place back when a client goes away mid-render", async () => {
    const { started, responses } = requests(renderQueue(1) as Queue, 2);
    await tick();
    responses[0].emit("close");
    await tick();
    expect(started).toEqual([0, 1]);
  });

  it("never starts a request whose client went away while it waited", async () => {
    const queue = renderQueue(1) as Queue;
    const { started, responses } = requests(queue, 4);
    await tick();
    responses[1].emit("close");
    responses[2].emit("close");
    responses[0].emit("finish");
    await tick();
    expect(started).toEqual([0, 3]);
    // The one place is free again once the last finishes: a new request starts at once.
    responses[3].emit("finish");
    const late = requests(queue, 1);
    await tick();
    expect(late.started).toEqual([0]);
  });
});
