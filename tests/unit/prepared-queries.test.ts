// prepared() keeps each query built once per database and name, and no more than a bound of them:
// a name may hold a day (the inbox's overdue view), so past the bound they are built again rather
// than kept for every day a process lives.
import { describe, expect, it } from "vitest";
import { type Executor, prepared } from "~db/client.server";

describe("queries built once (prepared)", () => {
  it("builds a query once per database and name", () => {
    const database = {} as Executor;
    const other = {} as Executor;
    let builds = 0;
    const build = () => ({ built: ++builds });
    const first = prepared(database, "a", build);
    expect(prepared(database, "a", build)).toBe(first);
    expect(prepared(database, "b", build)).not.toBe(first);
    expect(prepared(other, "a", build)).not.toBe(first);
    expect(builds).toBe(3);
  });

  it("keeps at most 1,000 per database, then builds them again", () => {
    const database = {} as Executor;
    let builds = 0;
    const build = () => ({ built: ++builds });
    const kept = Array.from({ length: 1000 }, (_, i) => prepared(database, `day ${i}`, build));
    expect(prepared(database, "day 0", build)).toBe(kept[0]);
    expect(builds).toBe(1000);
    prepared(database, "day 1000", build);
    expect(builds).toBe(1001);
    // The bound was reached: the first is built again, once.
    const again = prepared(database, "day 0", build);
    expect(again).not.toBe(kept[0]);
    expect(prepared(database, "day 0", build)).toBe(again);
    expect(builds).toBe(1002);
  });
});
