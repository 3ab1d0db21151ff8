// The render queue (server/render-queue.js) in isolation: at most N pages are
// built at once, a place comes back when a response finishes or its client goes
// away, a client gone while waiting never takes a place, and writes and
// signed-in people go ahead of anonymous reads that are still waiting.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { carriesSession, SESSION_COOKIE_NAME } from "~/auth/session.server";
import { goesFirst, renderQueue } from "../../server/render-queue.js";

type Queue = (req: unknown, res: unknown, next: () => void) => void;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

type Req = { method?: string; headers?: Record<string, string> };

function requests(queue: Queue, count: number, req: (i: number) => Req = () => ({})) {
  const started: number[] = [];
  const responses = Array.from({ length: count }, (_, i) => {
    const res = new EventEmitter();
    queue(req(i), res, () => started.push(i));
    return res;
  });
  return { started, responses };
}

const finish = (res: EventEmitter) => {
  res.emit("finish");
  res.emit("close");
};

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

  it("lets writes and signed-in people go ahead of anonymous reads still waiting, each in turn", async () => {
    const queue = renderQueue(1) as Queue;
    const kinds: Req[] = [
      { method: "GET" }, // 0: takes the one place
      { method: "GET" }, // 1: anonymous read, waits
      { method: "GET", headers: { cookie: "theme=dark" } }, // 2: anonymous read with another cookie
      { method: "POST" }, // 3: a resident's concern
      { method: "GET", headers: { cookie: "theme=dark; od_session=abc" } }, // 4: a partner's page
      { method: "HEAD" }, // 5: anonymous
    ];
    const { started, responses } = requests(queue, kinds.length, (i) => kinds[i]);
    await tick();
    expect(started).toEqual([0]);
    for (const next of [3, 4, 1, 2, 5]) {
      finish(responses[started[started.length - 1]]);
      await tick();
      expect(started[started.length - 1]).toBe(next);
    }
    expect(started).toEqual([0, 3, 4, 1, 2, 5]);
  });

  it("knows a write and a session cookie, and nothing else, as going first", () => {
    expect(goesFirst({ method: "POST", headers: {} })).toBe(true);
    expect(goesFirst({ method: "DELETE" })).toBe(true);
    expect(goesFirst({ method: "GET", headers: { cookie: "od_session=x" } })).toBe(true);
    expect(goesFirst({ method: "GET", headers: { cookie: "a=1;od_session=x" } })).toBe(true);
    expect(goesFirst({ method: "GET", headers: { cookie: "not_od_session=x" } })).toBe(false);
    expect(goesFirst({ method: "GET", headers: { cookie: "a=od_session=x" } })).toBe(false);
    expect(goesFirst({ method: "HEAD" })).toBe(false);
    expect(goesFirst({})).toBe(false);
  });

  // server/render-queue.js is plain JavaScript loaded before the build, so it
  // names the session cookie itself: it must agree with the app's one home for it.
  it("knows the session cookie exactly as the app does", () => {
    const headers = [
      `${SESSION_COOKIE_NAME}=x`,
      `theme=dark; ${SESSION_COOKIE_NAME}=x`,
      `a=1;${SESSION_COOKIE_NAME}=x`,
      `not_${SESSION_COOKIE_NAME}=x`,
      `a=${SESSION_COOKIE_NAME}=x`,
      "od_wrote=1",
      "",
    ];
    for (const cookie of headers) {
      expect(goesFirst({ method: "GET", headers: { cookie } }), cookie).toBe(carriesSession(cookie));
    }
    expect(headers.filter(carriesSession)).toHaveLength(3);
  });
});
