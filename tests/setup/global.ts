// Once per test run: a migrated template database that every test file
// copies. PGlite: a dumped data directory. Server: a template database.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client.server";
import { migrateDatabase } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    templateDump: string;
    serverUrl: string;
    templateDatabase: string;
  }
}

export const TMP_DIR = path.resolve("tests/.tmp");

export function withDatabase(url: string, name: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const serverUrl = process.env.TEST_DATABASE_URL ?? "";
  if (serverUrl) {
    const templateDatabase = `od_template_${process.pid}_${Date.now()}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${templateDatabase}"`);
    const handle = openDatabase({ url: withDatabase(serverUrl, templateDatabase) });
    await migrateDatabase(handle);
    await handle.close();
    project.provide("serverUrl", serverUrl);
    project.provide("templateDatabase", templateDatabase);
    project.provide("templateDump", "");
    console.log(`Tests use the PostgreSQL server (template ${templateDatabase}).`);
    return async () => {
      await admin.unsafe(`drop database if exists "${templateDatabase}" with (force)`);
      await admin.end();
    };
  }
  const pglite = new PGlite();
  await migrateDatabase(openDatabase({ pglite }));
  const dump = await pglite.dumpDataDir("gzip");
  const dumpFile = path.join(TMP_DIR, `template-${process.pid}.tar.gz`);
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide("templateDump", dumpFile);
  project.provide("serverUrl", "");
  project.provide("templateDatabase", "");
  console.log("Tests use the embedded database (PGlite).");
  return () => fs.rmSync(dumpFile, { force: true });
}
