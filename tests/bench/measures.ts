// "How we're doing" at scale (issue 18 part 3): times the borough-wide page's
// loader, the borough-wide CSV and one assembly's page against the configured
// database (run `npm run seed:large` into it first), and reports the process's
// peak resident memory. Each figure is computed afresh (a different day each
// round, so the per-day memo never answers).
//
//   DATABASE_URL=postgres://…/large node --max-old-space-size=256 --import tsx tests/bench/measures.ts [borough|csv|assembly|all] [rounds]
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { databaseOptions, env } from "~/config/env.server";
import {
  assemblyComparison,
  boroughComparison,
  MEASURES_CSV_HEADER,
  measuresCsv,
} from "~/domain/measures/how-were-doing";
import { csvLine, csvOfLines } from "~/http/feeds.server";
import { openDatabase, rowsOf, setDatabase } from "~db/client.server";

const which = process.argv[2] ?? "all";
const rounds = Number(process.argv[3] ?? 3);
const handle = openDatabase(databaseOptions(env()));
setDatabase(handle);
const database = handle.db;

const [{ slug, tasks }] = rowsOf<{ slug: string; tasks: number }>(
  await database.execute(sql`
    select (select slug from assemblies order by id desc limit 1) as slug,
           (select count(*) from tasks)::int as tasks`),
);

const day = (i: number) => new Date(Date.UTC(2026, 11, 2 - i, 12));
const results: Record<string, number[]> = {};
async function time(name: string, run: (now: Date) => Promise<unknown>, firstDay: number) {
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run(day(firstDay + i));
    results[name] = [...(results[name] ?? []), Math.round(performance.now() - started)];
  }
}
const boroughCsv = async (now: Date) => {
  const download = await measuresCsv({}, now, undefined, csvLine);
  if (!download) throw new Error("no CSV");
  return csvOfLines(MEASURES_CSV_HEADER, download.rows).length;
};

if (which === "all" || which === "assembly")
  await time("assembly", (now) => assemblyComparison(slug, now), 0);
if (which === "all" || which === "borough") {
  await time("borough", (now) => boroughComparison(now), 100);
  await time("borough again, nothing changed", (now) => boroughComparison(now), 100);
  // The same days again: the CSV reads the count the page made (until something changes).
  await time("csv after the page", boroughCsv, 100);
}
if (which === "all" || which === "csv") await time("csv", boroughCsv, 200);

const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ tasks, assembly: slug, ms: results, peakRssMb: peakMb, rounds }, null, 0));
await handle.close();
