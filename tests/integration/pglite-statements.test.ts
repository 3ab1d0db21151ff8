// The embedded database's kept statements (db/pglite-statements.ts): a query run through them
// gives exactly what PGlite's own query() gives (rows, fields, counts, types, errors), a text
// repeated is parsed once and then run by name, the kept statements stay within their bound,
// a statement made stale by a change of table or a DEALLOCATE is made again, and a query waits
// for an open transaction as PGlite's own does. Always on PGlite, whichever database the run uses.
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepingStatements } from "~db/pglite-statements";

let pglite: PGlite;

beforeAll(async () => {
  pglite = await PGlite.create();
  await pglite.exec(`
    create table things (
      id integer primary key,
      name text not null,
      seen_at timestamptz,
      due date,
      amount numeric(10, 2),
      tags text[],
      ids integer[],
      details jsonb,
      open boolean not null default true
    );
    insert into things values
      (1, 'bench', '2026-11-20T12:00:00Z', '2026-12-01', 12.50, '{a,"b c"}', '{1,2}', '{"k": [1, "x"]}', true),
      (2, 'bin', null, null, null, null, null, null, false),
      (3, 'fence', '2026-01-02T03:04:05.678Z', '2026-02-28', 0, '{}', '{}', 'null', true);
  `);
});

afterAll(async () => {
  await pglite.close();
});

/** The texts of the statements PostgreSQL keeps for this session. */
async function keptTexts() {
  const { rows } = await pglite.query<{ statement: string }>(
    "select statement from pg_prepared_statements order by prepare_time, name",
  );
  return rows.map((row) => row.statement);
}

const QUERIES: Array<[string, unknown[]]> = [
  ["select * from things where id = any($1::integer[]) order by id", [[1, 2, 3]]],
  ["select id, name from things where open = $1 and name like $2 order by id", [true, "%e%"]],
  ["select count(*) as n, sum(amount) as total from things", []],
  ["select seen_at, due, details, tags from things where id = $1", [1]],
  ["select json_agg(json_build_object('id', id, 'at', seen_at) order by id) as list from things", []],
  ["select $1::date as day, $2::timestamptz as at, $3::jsonb as doc", ["2026-12-03", new Date(0), { a: 1 }]],
];

describe("kept statements on the embedded database", () => {
  it("give what PGlite's own query gives, as objects and as arrays, the first time and after", async () => {
    const { pglite: kept, stats } = keepingStatements(pglite);
    for (const [text, params] of QUERIES) {
      for (const options of [undefined, { rowMode: "array" as const }]) {
        const own = await pglite.query(text, params, options);
        for (let run = 0; run < 3; run++) {
          const result = await kept.query(text, params, options);
          expect(result.rows).toEqual(own.rows);
          expect(result.fields).toEqual(own.fields);
          expect(result.affectedRows).toBe(own.affectedRows);
        }
      }
    }
    // Each text's first run went through PGlite's own path; the rest ran by name.
    expect(stats.kept).toBe(QUERIES.length);
    expect(stats.runs).toBe(QUERIES.length * 5);
  });

  it("use a caller's own parsers, as drizzle brings them, and its serializers", async () => {
    const { pglite: kept } = keepingStatements(pglite);
    const text = "select seen_at, due, amount from things where id = $1";
    const options = {
      parsers: { 1184: (value: string) => `at:${value}`, 1082: (value: string) => `on:${value}` },
    };
    for (let run = 0; run < 3; run++) {
      const result = await kept.query<Record<string, unknown>>(text, [1], options);
      expect(result.rows).toEqual([
        { seen_at: "at:2026-11-20 12:00:00+00", due: "on:2026-12-01", amount: "12.50" },
      ]);
    }
    const typed = { serializers: { 23: (value: unknown) => String(Number(value) + 1) } };
    for (let run = 0; run < 3; run++) {
      const result = await kept.query<{ id: number }>("select id from things where id = $1", [1], typed);
      expect(result.rows).toEqual([{ id: 2 }]);
    }
  });

  it("count the rows a write changes, as PGlite's own query does", async () => {
    const { pglite: kept } = keepingStatements(pglite);
    const text = "update things set open = $1 where id = $2";
    for (let run = 0; run < 3; run++) {
      const result = await kept.query(text, [run % 2 === 0, 2]);
      expect(result.affectedRows).toBe(1);
      expect(result.rows).toEqual([]);
    }
    const missing = await kept.query(text, [true, 999]);
    expect(missing.affectedRows).toBe(0);
    const { rows } = await pglite.query<{ open: boolean }>("select open from things where id = 2");
    expect(rows[0].open).toBe(true);
  });

  it("parse a repeated text once, and run it by its name after", async () => {
    const { pglite: kept, stats } = keepingStatements(pglite);
    const text = "select name from things where id = $1";
    await kept.query(text, [1]);
    expect(await keptTexts()).not.toContain(text);
    for (const id of [1, 2, 3]) await kept.query(text, [id]);
    expect(stats).toMatchObject({ kept: 1, runs: 3 });
    expect(await keptTexts()).toContain(text);
  });

  it("stay within their bound, closing the least recently used", async () => {
    await pglite.exec("deallocate all");
    const { pglite: kept, stats } = keepingStatements(pglite, { max: 3 });
    const texts = [1, 2, 3, 4, 5, 6].map((n) => `select id from things where id = $1 and ${n} = ${n}`);
    const twice = async (text: string) => {
      await kept.query(text, [1]);
      return kept.query<{ id: number }>(text, [1]);
    };
    for (const text of texts.slice(0, 5)) await twice(text);
    expect(stats).toMatchObject({ kept: 5, closed: 2 });
    expect(await keptTexts()).toEqual(texts.slice(2, 5));
    // The third used again is now the most recent, so the sixth closes the fourth, not it.
    expect((await kept.query<{ id: number }>(texts[2], [1])).rows).toEqual([{ id: 1 }]);
    expect((await twice(texts[5])).rows).toEqual([{ id: 1 }]);
    expect(stats).toMatchObject({ kept: 6, closed: 3 });
    expect(await keptTexts()).toEqual([texts[2], texts[4], texts[5]]);
  });

  it("remember as many texts seen once as they keep, forgetting the oldest", async () => {
    await pglite.exec("deallocate all");
    const { pglite: kept, stats } = keepingStatements(pglite, { max: 3 });
    const texts = [1, 2, 3, 4].map((n) => `select name from things where id = $1 and ${n} > 0`);
    for (const text of texts) await kept.query(text, [1]);
    // Three remembered at most: the fourth pushed out the first, so the first is only seen once
    // again (pushing out the second), while the third, remembered, is kept.
    await kept.query(texts[0], [1]);
    expect(stats.kept).toBe(0);
    await kept.query(texts[2], [1]);
    expect(stats.kept).toBe(1);
    await kept.query(texts[1], [1]);
    expect(stats.kept).toBe(1);
    expect(await keptTexts()).toEqual([texts[2]]);
  });

  it("leave a statement usable after a bad value, and give PostgreSQL's error", async () => {
    const { pglite: kept } = keepingStatements(pglite);
    const text = "select name from things where id = $1::integer";
    await kept.query(text, [1]);
    await kept.query(text, [1]);
    await expect(kept.query(text, ["not a number"])).rejects.toMatchObject({ code: "22P02" });
    const result = await kept.query<{ name: string }>(text, [3]);
    expect(result.rows).toEqual([{ name: "fence" }]);
  });

  it("make a statement again when its table changes or it was deallocated", async () => {
    const { pglite: kept, stats } = keepingStatements(pglite);
    await pglite.exec("deallocate all");
    await pglite.exec(
      "create table notes (id integer primary key, body text); insert into notes values (1, 'x')",
    );
    const text = "select * from notes where id = $1";
    await kept.query(text, [1]);
    await kept.query(text, [1]);
    await pglite.exec("alter table notes add column extra text default 'y'");
    const widened = await kept.query(text, [1]);
    expect(widened.rows).toEqual([{ id: 1, body: "x", extra: "y" }]);

    const other = "select body from notes where id = $1";
    await kept.query(other, [1]);
    await kept.query(other, [1]);
    await pglite.exec("deallocate all");
    expect(await keptTexts()).toEqual([]);
    const after = await kept.query(other, [1]);
    expect(after.rows).toEqual([{ body: "x" }]);
    // Forgotten, then kept again from its next run.
    await kept.query(other, [1]);
    await kept.query(other, [1]);
    expect(await keptTexts()).toEqual([other]);
    expect(stats.kept).toBe(3);
  });

  it("wait for an open transaction, as PGlite's own query does", async () => {
    const { pglite: kept } = keepingStatements(pglite);
    const text = "select count(*)::integer as n from things where name = $1";
    await kept.query(text, ["gate"]);
    await kept.query(text, ["gate"]);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted: () => void = () => {};
    const insertedRow = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const transaction = kept.transaction(async (tx) => {
      await tx.query("insert into things (id, name) values (10, 'gate')");
      inserted();
      await gate;
      await tx.rollback();
    });
    await insertedRow;
    // Asked while the transaction is open: run inside it, it would see the row about to be rolled back.
    const during = kept.query<{ n: number }>(text, ["gate"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await transaction;
    expect((await during).rows).toEqual([{ n: 0 }]);
  });

  it("serve drizzle: a query and a transaction give what they give without them", async () => {
    const { pglite: kept, stats } = keepingStatements(pglite);
    const plain = drizzle(pglite);
    const keeping = drizzle(kept);
    const read = (d: typeof plain) =>
      d.execute<{ id: number; due: string | null }>(
        sql`select id, due from things where id <= ${3} order by id`,
      );
    const expected = await read(plain);
    for (let run = 0; run < 3; run++) expect((await read(keeping)).rows).toEqual(expected.rows);
    expect(stats.runs).toBe(2);
    await keeping.transaction(async (tx) => {
      await tx.execute(sql`update things set name = ${"bench"} where id = ${1}`);
    });
    expect((await read(keeping)).rows).toEqual(expected.rows);
  });
});
