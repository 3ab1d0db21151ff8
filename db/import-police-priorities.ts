// npm run import:police-priorities -- --force <force> --neighbourhood <police.uk id or slug>
// Brings a neighbourhood's existing police.uk priorities in as priorities.
import { parseArgs } from "node:util";
import { databaseOptions, env } from "../app/config/env.server";
import { DomainError } from "../app/domain/core/errors";
import { importPolicePriorities } from "../app/domain/reports/police-priorities";
import { PoliceUkCrimeClient } from "../app/integrations/police-uk-crime.server";
import { openDatabase, setDatabase } from "./client.server";
import { migrateDatabase } from "./migrate";

const { values } = parseArgs({
  options: {
    force: { type: "string" },
    neighbourhood: { type: "string" },
  },
});
if (!values.force || !values.neighbourhood) {
  console.error("Usage: npm run import:police-priorities -- --force FORCE --neighbourhood NEIGHBOURHOOD");
  process.exit(2);
}

const config = env();
const handle = openDatabase(databaseOptions(config));
setDatabase(handle);
try {
  await migrateDatabase(handle, config.MIGRATIONS_DIR);
  console.log(
    `Fetching priorities for ${values.force}/${values.neighbourhood} from ${config.POLICE_UK_URL}…`,
  );
  const summary = await importPolicePriorities({
    client: new PoliceUkCrimeClient(),
    force: values.force,
    neighbourhood: values.neighbourhood,
  });
  for (const p of summary.imported) console.log(`  + ${p.agreedOn} ${p.title}`);
  console.log(
    `${summary.neighbourhood}: ${summary.found} found on police.uk, ${summary.imported.length} imported, ${summary.alreadyThere} already here, ${summary.empty} empty.`,
  );
} catch (error) {
  console.error(error instanceof DomainError ? error.message : error);
  process.exitCode = 1;
} finally {
  setDatabase(undefined);
  await handle.close();
}
