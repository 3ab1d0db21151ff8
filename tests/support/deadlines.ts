// Timeouts without the wall clock. `controlDeadlines()` replaces AbortSignal.timeout
// for one test: every deadline the code arms is recorded (with its length) and
// passes only when the test says so. `hangingService()` is an outside service that
// never answers: it counts the requests it receives, how many are in flight at once
// and how many the caller gave up on. Together they state "the request was given up
// at the deadline" and "these ran at the same time" as counts; when the code under
// test loses its deadline the request hangs and the test fails.
import { HttpResponse } from "msw";
import { onTestFinished, vi } from "vitest";

export type Deadlines = {
  /** The length in ms of every deadline armed so far, in order. */
  readonly armed: number[];
  /** Deadline number `index` (in the order armed) runs out now. */
  expire: (index: number) => void;
  /** Every deadline armed so far runs out now. */
  expireAll: () => void;
};

export function controlDeadlines(): Deadlines {
  const controllers: AbortController[] = [];
  const armed: number[] = [];
  const spy = vi.spyOn(AbortSignal, "timeout").mockImplementation((ms: number) => {
    const controller = new AbortController();
    controllers.push(controller);
    armed.push(ms);
    return controller.signal;
  });
  onTestFinished(() => spy.mockRestore());
  const expire = (index: number) => {
    const controller = controllers[index];
    if (!controller) throw new Error(`No deadline number ${index} was armed (armed: ${armed.join(", ")})`);
    controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
  };
  const expireAll = () => {
    for (let index = 0; index < controllers.length; index++) expire(index);
  };
  return { armed, expire, expireAll };
}

export type HangingService = {
  /** An msw resolver that answers only when the caller gives up (with a network error). */
  handler: (info: { request: Request }) => Promise<Response>;
  readonly received: number;
  readonly inFlight: number;
  readonly mostAtOnce: number;
  /** Requests the caller abandoned (aborted) while waiting. */
  readonly abandoned: number;
};

/** `onRequest` runs once each request is waiting (after the abort listener is in place). */
export function hangingService(onRequest: (service: HangingService) => void = () => {}): HangingService {
  const counts = { received: 0, inFlight: 0, mostAtOnce: 0, abandoned: 0 };
  const service: HangingService = {
    handler: ({ request }) =>
      new Promise<Response>((resolve) => {
        counts.received += 1;
        counts.inFlight += 1;
        counts.mostAtOnce = Math.max(counts.mostAtOnce, counts.inFlight);
        const giveUp = () => {
          counts.inFlight -= 1;
          counts.abandoned += 1;
          resolve(HttpResponse.error());
        };
        if (request.signal.aborted) giveUp();
        else request.signal.addEventListener("abort", giveUp, { once: true });
        queueMicrotask(() => onRequest(service));
      }),
    get received() {
      return counts.received;
    },
    get inFlight() {
      return counts.inFlight;
    },
    get mostAtOnce() {
      return counts.mostAtOnce;
    },
    get abandoned() {
      return counts.abandoned;
    },
  };
  return service;
}
