// Backups for both drivers: pg_dump/pg_restore for a server, PGlite's own
// data-directory dump for the embedded database.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";

const run = promisify(execFile);

export type BackupTarget = { url?: string; dataDir: string };

/** Writes a backup file and returns its path and size. */
export async function backupDatabase(target: BackupTarget, file: string) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (target.url) {
    await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, target.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
  } else {
    const dataDir = path.resolve(target.dataDir);
    if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
      throw new Error(`No embedded database in ${dataDir}`);
    }
    // Opened with create(): dumpDataDir on a PGlite that is not ready yet never resolves.
    const pglite = await PGlite.create(dataDir);
    try {
      const dump = await pglite.dumpDataDir("gzip");
      fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await pglite.close();
    }
  }
  return { file, bytes: fs.statSync(file).size };
}

/**
 * Replaces the database's contents with the backup. The app must be stopped
 * (the embedded database is single-process). The previous embedded data folder
 * is kept beside it, renamed, until the restore has succeeded.
 */
export async function restoreDatabase(target: BackupTarget, file: string) {
  if (!fs.existsSync(file)) throw new Error(`No backup file at ${file}`);
  if (target.url) {
    await run(
      "pg_restore",
      [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        `--dbname=${target.url}`,
        file,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return;
  }
  const dataDir = path.resolve(target.dataDir);
  const previous = `${dataDir}.before-restore-${Date.now()}`;
  const hadData = fs.existsSync(dataDir);
  if (hadData) fs.renameSync(dataDir, previous);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const pglite = await PGlite.create(dataDir, { loadDataDir: new Blob([fs.readFileSync(file)]) });
    await pglite.query("select 1");
    await pglite.close();
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (hadData) fs.renameSync(previous, dataDir);
    throw error;
  }
  if (hadData) fs.rmSync(previous, { recursive: true, force: true });
}
