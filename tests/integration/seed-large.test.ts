import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parseArgs, seedLarge } from "~db/seed-large";
import { useTestDatabase } from "../setup/database";

const test = useTestDatabase();

describe("the large data generator", () => {
  it("writes the numbers asked for, varied, and reports progress and a summary", async () => {
    const lines: string[] = [];
    const options = parseArgs([
      "--neighbourhoods",
      "20",
      "--tasks",
      "600",
      "--agencies",
      "12",
      "--batch",
      "250",
    ]);
    const result = await seedLarge(test.db, options, (line) => lines.push(line));
    const counts = await test.db.execute(sql`
      select (select count(*) from neighbourhoods)::int as neighbourhoods,
             (select count(*) from agencies)::int as agencies,
             (select count(*) from tasks)::int as tasks,
             (select count(*) from task_updates)::int as updates,
             (select count(distinct status) from tasks)::int as task_statuses,
             (select count(distinct status) from priorities)::int as priority_statuses,
             (select count(*) from task_updates where visibility = 'partners_only')::int as private_updates`);
    const row = (Array.isArray(counts) ? counts : (counts as unknown as { rows: unknown[] }).rows)[0];
    expect(row).toMatchObject({
      neighbourhoods: 20,
      agencies: 12,
      tasks: 600,
      updates: 1800,
      task_statuses: 6,
      priority_statuses: 5,
    });
    expect((row as { private_updates: number }).private_updates).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/^Done: [\d,]+ rows in [\d.]+ s/);
    expect(result.rows).toBeGreaterThan(2400);
    // Sequences stay ahead, so the app can still insert.
    await test.db.execute(sql`insert into assemblies (slug, name) values ('after-bulk', 'After')`);
  });

  it("refuses nonsense sizes", () => {
    expect(() => parseArgs(["--tasks", "-5"])).toThrow(/--tasks/);
    expect(() => parseArgs(["--neighbourhoods", "many"])).toThrow(/--neighbourhoods/);
  });
});
