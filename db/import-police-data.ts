// npm run import:police-data -- [--months 3] [--neighbourhood <slug>] [--refresh]
// Street-level crime figures from data.police.uk for every neighbourhood with
// police.uk ids: the last available months, stored with the month they describe.
import { parseArgs } from "node:util";
import { databaseOptions, env } from "../app/config/env.server";
import { importCrimeFigures } from "../app/domain/measures/crime-figures";
import { PoliceUkCrimeClient } from "../app/integrations/police-uk-crime.server";
import { openDatabase, setDatabase } from "./client.server";
import { migrateDatabase } from "./migrate";

const { values } = parseArgs({
  options: {
    months: { type: "string", default: "3" },
    neighbourhood: { type: "string" },
    refresh: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log("Usage: npm run import:police-data -- [--months N] [--neighbourhood SLUG] [--refresh]");
  process.exit(0);
}
const months = Number(values.months);
if (!Number.isInteger(months) || months < 1 || months > 36) {
  console.error("--months must be a whole number from 1 to 36");
  process.exit(2);
}

const config = env();
const handle = openDatabase(databaseOptions(config));
setDatabase(handle);
const started = Date.now();
try {
  await migrateDatabase(handle, config.MIGRATIONS_DIR);
  const client = new PoliceUkCrimeClient();
  console.log(`Fetching the last ${months} month(s) of crime figures from ${config.POLICE_UK_URL}…`);
  const summary = await importCrimeFigures({
    client,
    months,
    neighbourhoodSlug: values.neighbourhood,
    refresh: values.refresh,
    log: (line) => console.log(line),
  });
  console.log("");
  console.log(`Neighbourhoods with police.uk ids: ${summary.neighbourhoods}`);
  console.log(`Latest month on police.uk: ${summary.latestMonth ?? "unknown"}`);
  console.log(
    `Months stored: ${summary.stored.length} (${summary.stored.reduce((n, s) => n + s.crimes, 0)} crimes counted)`,
  );
  console.log(`Skipped: ${summary.skipped.length}`);
  console.log(`Failed: ${summary.failed.length}`);
  for (const failure of summary.failed) {
    console.log(`  ${failure.neighbourhood}${failure.month ? ` ${failure.month}` : ""}: ${failure.reason}`);
  }
  console.log(
    `Requests: ${summary.requests} (${summary.retries} retried, ${summary.splits} areas split) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  process.exitCode = summary.failed.length && !summary.stored.length ? 1 : 0;
} finally {
  setDatabase(undefined);
  await handle.close();
}
