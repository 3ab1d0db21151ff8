// The memo behind the borough-wide measures (issue 18 part 3): quick counts are
// redone before answering after a change; once a count is slow, a change is
// answered with the last count (dated, and marked as being recounted) while one
// recount runs in the background, never for longer than MEMO_STALE_LIMIT_MS.

import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ChangeKey,
  ChangeMemo,
  changedSinceQuery,
  MEMO_MS,
  MEMO_STALE_LIMIT_MS,
  type MemoLookup,
  markPublicChanges,
} from "~/domain/core/public-changes";
import { publicPage } from "~/http/conditional.server";
import { buildAssembly } from "../factories/build";
import { onServer, useTestDatabase } from "../setup/database";
import { holdOpen } from "../support/hold-open";

const test = useTestDatabase();

/** A count the test finishes when it chooses, numbered in the order the counts were started. */
function counter() {
  const pending: Array<(value: number) => void> = [];
  const failures: Array<(error: Error) => void> = [];
  return {
    started: () => pending.length,
    compute: () =>
      new Promise<number>((resolve, reject) => {
        const n = pending.length + 1;
        pending.push(() => resolve(n));
        failures.push(reject);
      }),
    finish: (n: number) => pending[n - 1](n),
    fail: (n: number) => failures[n - 1](new Error(`count ${n} failed`)),
  };
}

const somethingPublicChanges = () => buildAssembly(test.db);

/** A memo holding count 1 of "day", made under `lookup`: what each test starts from. */
async function countedOnce(lookup: MemoLookup) {
  const memo = new ChangeMemo<number>();
  const count = counter();
  const first = memo.lookup("day", count.compute, test.db, lookup);
  await vi.waitUntil(() => count.started() === 1);
  count.finish(1);
  return { memo, count, counted: await first };
}
const ALWAYS_SLOW = { recountInBackgroundAfterMs: 0 };
const NEVER_SLOW = { recountInBackgroundAfterMs: 60_000 };

afterEach(() => {
  vi.useRealTimers();
});

describe("the change memo", () => {
  it("keeps a count while nothing changes, and counts again before answering after a change when counting is quick", async () => {
    const { memo, count, counted } = await countedOnce(NEVER_SLOW);
    expect(counted).toMatchObject({ value: 1, recounting: false });
    expect(await memo.get("day", count.compute, test.db, NEVER_SLOW)).toBe(1);
    expect(count.started()).toBe(1);

    await somethingPublicChanges();
    const second = memo.lookup("day", count.compute, test.db, NEVER_SLOW);
    await vi.waitUntil(() => count.started() === 2);
    count.finish(2);
    expect(await second).toMatchObject({ value: 2, recounting: false });
  });

  it("given the keys a count depends on, keeps it while other keys change, and counts again on one of its keys or `all`", async () => {
    const memo = new ChangeMemo<number>();
    let counted = 0;
    const compute = async () => ++counted;
    const mine = { dependsOn: ["agency:7", "priority:12"] as ChangeKey[] };
    const lookUp = (lookup: MemoLookup = mine) => memo.get("day", compute, test.db, lookup);
    const log = (...keys: ChangeKey[]) => test.db.transaction((tx) => markPublicChanges(tx, keys));
    expect(await lookUp()).toBe(1);

    // Others' keys, however many: kept. (An agency's key is not a priority's of the same number.)
    await log("agency:8", "priority:7", "neighbourhood:7", "meeting:12", "assembly:7");
    for (let i = 0; i < 20; i++) await log(`priority:${100 + i}`);
    expect(await lookUp()).toBe(1);
    expect(await lookUp()).toBe(1);

    // One of its own: counted again before answering; then kept again.
    await log("neighbourhood:3", "priority:12");
    expect(await lookUp()).toBe(2);
    await log("agency:8");
    expect(await lookUp()).toBe(2);
    await log("agency:7");
    expect(await lookUp()).toBe(3);

    // `all` (a place or an agency renamed) reaches every count.
    await log("all");
    expect(await lookUp()).toBe(4);

    // Without keys, any change counts (the borough-wide measures).
    await log("agency:8");
    expect(await lookUp({})).toBe(5);
  });

  it("keeps a count whose keys have not changed for MEMO_MS less 1 ms, and at MEMO_MS counts it again unless nothing at all was written", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-04-02T10:00:00Z") });
    const memo = new ChangeMemo<number>();
    let counted = 0;
    const lookUp = () => memo.get("day", async () => ++counted, test.db, { dependsOn: ["agency:7"] });
    const othersChange = () => test.db.transaction((tx) => markPublicChanges(tx, ["agency:8"]));
    expect(await lookUp()).toBe(1);
    const start = Date.now();
    await othersChange();
    vi.setSystemTime(start + MEMO_MS - 1);
    expect(await lookUp()).toBe(1);
    // At MEMO_MS with no write at all since the last lookup: the database is as it was, so it still holds.
    vi.setSystemTime(start + MEMO_MS);
    expect(await lookUp()).toBe(1);
    // At MEMO_MS with any write since (not even one of its keys): counted again.
    await othersChange();
    expect(await lookUp()).toBe(2);
    // Counted again at that moment: kept for another MEMO_MS from there.
    await othersChange();
    vi.setSystemTime(start + 2 * MEMO_MS - 1);
    expect(await lookUp()).toBe(2);
    await othersChange();
    vi.setSystemTime(start + 2 * MEMO_MS);
    expect(await lookUp()).toBe(3);
  });

  it.skipIf(!onServer())(
    "sees a change to its keys made by a transaction still open when a lookup found the count up to date, once that transaction commits (PostgreSQL server: PGlite has one connection)",
    async () => {
      const memo = new ChangeMemo<number>();
      let counted = 0;
      const lookUp = () => memo.get("day", async () => ++counted, test.db, { dependsOn: ["agency:7"] });
      expect(await lookUp()).toBe(1);
      const release = await holdOpen(test.db, (tx) => markPublicChanges(tx, ["agency:7"]));
      // Not committed yet: up to date, and the lookup moves the count's snapshot on past the change's start.
      expect(await lookUp()).toBe(1);
      await release();
      expect(await lookUp()).toBe(2);
    },
  );

  it("once counting is slow, answers a change with the last count while one recount runs, then with the new one", async () => {
    const { memo, count, counted } = await countedOnce(ALWAYS_SLOW);
    expect(counted).toMatchObject({ value: 1, recounting: false });

    await somethingPublicChanges();
    // Answered at once with the last count, marked, and dated when it was counted.
    const during = await memo.lookup("day", count.compute, test.db, ALWAYS_SLOW);
    expect(during).toEqual({ value: 1, recounting: true, computedAt: counted.computedAt });
    expect(count.started()).toBe(2);
    // Another visitor meanwhile: still the last count, and no second recount.
    expect(await memo.lookup("day", count.compute, test.db, ALWAYS_SLOW)).toMatchObject({
      value: 1,
      recounting: true,
    });
    expect(count.started()).toBe(2);

    count.finish(2);
    await memo.recounted("day");
    const after = await memo.lookup("day", count.compute, test.db, ALWAYS_SLOW);
    expect(after).toMatchObject({ value: 2, recounting: false });
    expect(after.computedAt.getTime()).toBeGreaterThanOrEqual(counted.computedAt.getTime());
    expect(count.started()).toBe(2);
  });

  it("while a caller that waits has a new count under way, a slow lookup takes the last count", async () => {
    const { memo, count } = await countedOnce(ALWAYS_SLOW);

    await somethingPublicChanges();
    // A caller that needs the newest count (the page's own recount reads the count this way).
    const waiting = memo.get("day", count.compute, test.db);
    await vi.waitUntil(() => count.started() === 2);
    expect(await memo.lookup("day", count.compute, test.db, ALWAYS_SLOW)).toMatchObject({
      value: 1,
      recounting: true,
    });
    count.finish(2);
    expect(await waiting).toBe(2);
    expect(await memo.lookup("day", count.compute, test.db, ALWAYS_SLOW)).toMatchObject({
      value: 2,
      recounting: false,
    });
    expect(count.started()).toBe(2);
  });

  it("does not bring back a key evicted while it was recounted, which would evict a newer one in its turn", async () => {
    // Room for one entry: yesterday's count, then today's.
    const memo = new ChangeMemo<number>(1);
    const yesterday = counter();
    const first = memo.lookup("yesterday", yesterday.compute, test.db, ALWAYS_SLOW);
    await vi.waitUntil(() => yesterday.started() === 1);
    yesterday.finish(1);
    await first;

    await somethingPublicChanges();
    // Yesterday's last count is served while it is recounted in the background…
    expect(await memo.lookup("yesterday", yesterday.compute, test.db, ALWAYS_SLOW)).toMatchObject({
      value: 1,
      recounting: true,
    });
    expect(yesterday.started()).toBe(2);
    // …and meanwhile today's is counted, taking the one place.
    const today = counter();
    const todays = memo.lookup("today", today.compute, test.db, ALWAYS_SLOW);
    await vi.waitUntil(() => today.started() === 1);
    today.finish(1);
    expect(await todays).toMatchObject({ value: 1, recounting: false });

    yesterday.finish(2);
    await memo.recounted("yesterday");
    // Today's count is still kept: nothing is counted again for it.
    expect(await memo.lookup("today", today.compute, test.db, ALWAYS_SLOW)).toMatchObject({
      value: 1,
      recounting: false,
    });
    expect(today.started()).toBe(1);
    // Yesterday's recount was not kept: asking for it again counts it afresh.
    const again = memo.lookup("yesterday", yesterday.compute, test.db, ALWAYS_SLOW);
    await vi.waitUntil(() => yesterday.started() === 3);
    yesterday.finish(3);
    expect(await again).toMatchObject({ value: 3, recounting: false });
  });

  it("keeps the last count when a recount fails, and recounts again on the next visit", async () => {
    const { memo, count } = await countedOnce(ALWAYS_SLOW);

    await somethingPublicChanges();
    expect(await memo.get("day", count.compute, test.db, ALWAYS_SLOW)).toBe(1);
    count.fail(2);
    await memo.recounted("day");
    expect(await memo.lookup("day", count.compute, test.db, ALWAYS_SLOW)).toMatchObject({
      value: 1,
      recounting: true,
    });
    expect(count.started()).toBe(3);
    count.finish(3);
    await memo.recounted("day");
    expect(await memo.get("day", count.compute, test.db, ALWAYS_SLOW)).toBe(3);
  });

  it("serves a count at most MEMO_STALE_LIMIT_MS old: 1 ms before, the last count; at the limit, callers wait for a new one", async () => {
    // A clock that moves only when told, so the edges are exact.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-04-02T10:00:00Z") });
    const { memo, count, counted: first } = await countedOnce(ALWAYS_SLOW);
    const counted = first.computedAt.getTime();

    await somethingPublicChanges();
    vi.setSystemTime(counted + MEMO_STALE_LIMIT_MS - 1);
    expect(await memo.lookup("day", count.compute, test.db, ALWAYS_SLOW)).toMatchObject({
      value: 1,
      recounting: true,
    });
    count.finish(2);
    await memo.recounted("day");
    const recounted = (await memo.lookup("day", count.compute, test.db, ALWAYS_SLOW)).computedAt.getTime();
    expect(recounted).toBe(counted + MEMO_STALE_LIMIT_MS - 1);

    await somethingPublicChanges();
    vi.setSystemTime(recounted + MEMO_STALE_LIMIT_MS);
    const waited = memo.lookup("day", count.compute, test.db, ALWAYS_SLOW);
    await vi.waitUntil(() => count.started() === 3);
    let settled = false;
    void waited.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    count.finish(3);
    expect(await waited).toMatchObject({ value: 3, recounting: false });
  });

  it("marks a page served during a recount so that no cache keeps it", async () => {
    const request = new Request("http://localhost/how-were-doing");
    const kept = publicPage(request, { figures: 1 }, "html");
    const notKept = publicPage(request, { figures: 1 }, "html", { keep: false });
    expect(new Headers(kept.init?.headers).get("Cache-Control")).toMatch(/\bpublic\b/);
    expect(new Headers(notKept.init?.headers).get("Cache-Control")).toBe("no-store");
  });

  it("reads the change log through its index even as a generic prepared plan, on a log of 50,000 old changes", async () => {
    // As after a bulk load: the planner believes the log holds a million rows.
    await test.db.execute(
      sql`update pg_class set reltuples = 1000000, relpages = 30000 where relname = 'public_change_log'`,
    );
    const { sql: text } = new PgDialect().sqlToQuery(changedSinceQuery("15235:15235:", ["agency:1", "all"]));
    // One transaction, so that the statement, the setting and the plan are all on one connection of
    // the pool (on the server, an earlier test may have opened more than one).
    await test.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`prepare memo_check as ${text}`));
      try {
        await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
        const plan = await tx.execute(
          sql.raw(
            `explain (format json) execute memo_check('15235:15235:', '15235:15235:', '15235:15235:', 'agency:1,all', 'agency:1,all')`,
          ),
        );
        const text = JSON.stringify(plan);
        expect(text).toContain("public_change_log_xid_key_index");
        expect(text).not.toMatch(
          /"Node Type":"Seq Scan","Parent Relationship":"[^"]*","Parallel Aware":false,"Async Capable":false,"Relation Name":"public_change_log"/,
        );
        expect(text).not.toMatch(/Seq Scan[^}]*public_change_log/);
      } finally {
        await tx.execute(sql`deallocate memo_check`);
      }
    });
  });
});
