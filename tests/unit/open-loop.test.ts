// The mixed run's open-loop driver (tests/bench/mixed.ts): each class has its own
// limit of requests in flight, so public reads that the server answers slowly
// cannot use up the places a partner's page or a write would be sent in.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { http as mswHttp, passthrough } from "msw";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openLoop } from "../bench/mixed";
import { server as msw } from "../mocks/server";

let base = "";
const answered: string[] = [];
const slow = http.createServer((request, response) => {
  // Public reads wait 1.5 s for their answer; everything else is answered at once.
  const wait = request.url?.startsWith("/public") ? 1500 : 0;
  setTimeout(() => {
    answered.push(request.url ?? "");
    response.end("ok");
  }, wait);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => slow.close(resolve)));

it("sends every partner's page and write while the public reads are shed at their own limit", async () => {
  msw.use(mswHttp.all(`${base}/*`, () => passthrough()));
  const result = await openLoop({
    base,
    seconds: 1,
    rates: { public: 200, staff: 20, write: 10 },
    maxInFlight: 30,
    next: (kind) => ({ path: `/${kind}`, method: kind === "write" ? "POST" : "GET" }),
  });
  // Due in the second: about 200 public reads, of which only 30 can be in flight (each takes 1.5 s).
  expect(result.public.sent).toBe(30);
  expect(result.public.shed).toBeGreaterThan(150);
  // The partners' pages and writes were all sent and answered, none shed.
  expect(result.staff).toMatchObject({ shed: 0, errors: 0 });
  expect(result.write).toMatchObject({ shed: 0, errors: 0 });
  expect(result.staff.sent).toBeGreaterThanOrEqual(19);
  expect(result.write.sent).toBeGreaterThanOrEqual(9);
  expect(answered.filter((url) => url === "/staff")).toHaveLength(result.staff.sent);
  expect(answered.filter((url) => url === "/public")).toHaveLength(30);
});
