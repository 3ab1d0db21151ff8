// "How we're doing" at scale (issue 18 part 3): times the borough-wide page's
// loader, the borough-wide CSV and one assembly's page against the configured
// database (run `npm run seed:large` into it first), and reports the process's
// peak resident memory. The assembly and the first borough count of each round
// are computed afresh (a different day each round, so the per-day memo never
// answers). Then something public changes, and the borough page and CSV are
// timed as a visitor gets them meanwhile (the last count, while one recount runs
// in the background), and the recount itself.
//
//   DATABASE_URL=postgres://…/large node --max-old-space-size=256 --import tsx tests/bench/measures.ts [all|assembly,borough,csv,changed] [rounds]
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { databaseOptions, env } from "~/config/env.server";
import {
  assemblyComparison,
  boroughComparison,
  boroughMeasuresCsv,
  boroughRecounted,
  MEASURES_CSV_HEADER,
} from "~/domain/measures/how-were-doing";
import { csvFile } from "~/http/feeds.server";
import { openDatabase, rowsOf, setDatabase } from "~db/client.server";

const asked = (process.argv[2] ?? "all").split(",");
const wants = (part: string) => asked.includes("all") || asked.includes(part);
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
const record = (name: string, value: number) => {
  results[name] = [...(results[name] ?? []), value];
};
async function timeOnce(name: string, run: () => Promise<unknown>) {
  const started = performance.now();
  await run();
  record(name, Math.round(performance.now() - started));
}
async function time(name: string, run: (now: Date) => Promise<unknown>, firstDay: number) {
  for (let i = 0; i < rounds; i++) await timeOnce(name, () => run(day(firstDay + i)));
}
// As the route makes it: the kept file, or the file made from the count.
const boroughCsv = async (now: Date) =>
  (await boroughMeasuresCsv((rows) => csvFile(MEASURES_CSV_HEADER, rows), now)).body.length;

if (wants("assembly")) await time("assembly", (now) => assemblyComparison(slug, now), 0);
if (wants("borough")) {
  // Each day counted, then asked for again, then its CSV, which reads the count the page made
  // (the borough's memos keep one day: the server only ever asks for today).
  for (let i = 0; i < rounds; i++) {
    const now = day(100 + i);
    await timeOnce("borough", () => boroughComparison(now));
    await timeOnce("borough again, nothing changed", () => boroughComparison(now));
    await timeOnce("csv after the page", () => boroughCsv(now));
  }
}
if (wants("csv")) await time("csv", boroughCsv, 200);
if (wants("changed")) {
  // Something public changes (a priority's title is written again as it is), then a visitor comes.
  const change = () =>
    database.execute(sql`update priorities set title = title where id = (select min(id) from priorities)`);
  for (let i = 0; i < rounds; i++) {
    const now = day(300 + i);
    await boroughComparison(now);
    await boroughCsv(now);
    await change();
    const started = performance.now();
    const page = await boroughComparison(now);
    record("borough after a change", Math.round(performance.now() - started));
    const csvStarted = performance.now();
    await boroughCsv(now);
    record("csv after a change", Math.round(performance.now() - csvStarted));
    await boroughRecounted(now);
    record("recount in the background", Math.round(performance.now() - started));
    record("served while recounting (1 = yes)", page.counted.recounting ? 1 : 0);
  }
}

const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ tasks, assembly: slug, ms: results, peakRssMb: peakMb, rounds }, null, 0));
await handle.close();
