// How the benchmark reads latencies (tests/bench/mixed.ts, used by npm run bench for every
// scenario): the nearest-rank percentile of the answers' times, kept to a tenth of a millisecond,
// so a page answered in 2.3 ms is not reported as 2 ms or 3 ms.
import { describe, expect, it } from "vitest";
import { percentile, round } from "../bench/mixed";

describe("the benchmark's percentiles", () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1); // 1 … 100 ms

  it("takes the nearest rank: half of the answers at or under p50, 99 of 100 under p99", () => {
    expect(percentile(hundred, 50)).toBe(51);
    expect(percentile(hundred, 97.5)).toBe(98);
    expect(percentile(hundred, 99)).toBe(100);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 50)).toBe(7);
  });

  it("gives 0 for a run with no answers rather than failing", () => {
    expect(percentile([], 50)).toBe(0);
  });

  it("keeps a tenth of a millisecond, which whole milliseconds lose", () => {
    const times = Float64Array.from([2.31, 2.34, 2.36, 2.52, 2.61, 3.94]).sort();
    expect(round(percentile(times, 50))).toBe(2.5);
    expect(round(2.349)).toBe(2.3);
    expect(round(2.351)).toBe(2.4);
    expect(round(percentile(times, 99))).toBe(3.9);
  });
});
