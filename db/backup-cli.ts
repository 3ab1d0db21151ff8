// npm run backup [-- file]   /   npm run restore -- file
import path from "node:path";
import { env } from "../app/config/env.server";
import { backupDatabase, restoreDatabase } from "./backup";

const [command, fileArg] = process.argv.slice(2);
const config = env();
const target = { url: config.DATABASE_URL, dataDir: config.PGLITE_DATA_DIR };
const kind = config.DATABASE_URL
  ? "PostgreSQL server (pg_dump custom format)"
  : "embedded database (PGlite data-dir dump)";

try {
  if (command === "backup") {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const file =
      fileArg ?? path.join("backups", `one-dialogue-${stamp}.${config.DATABASE_URL ? "dump" : "tar.gz"}`);
    const started = Date.now();
    console.log(`Backing up the ${kind}…`);
    const result = await backupDatabase(target, file);
    console.log(
      `Backup written to ${result.file} (${(result.bytes / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms.`,
    );
  } else if (command === "restore") {
    if (!fileArg) throw new Error("Say which backup to restore: npm run restore -- <file>");
    const started = Date.now();
    console.log(`Restoring ${fileArg} into the ${kind}… (stop the app first)`);
    await restoreDatabase(target, fileArg);
    console.log(`Restored in ${Date.now() - started} ms.`);
  } else {
    throw new Error("Usage: backup-cli.ts backup [file] | restore <file>");
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
