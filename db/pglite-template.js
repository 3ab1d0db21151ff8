// The embedded database's empty cluster, made once per installed PGlite and
// copied into every new data folder. PGlite making a cluster from nothing
// (its initdb) takes 4–6 s here, and copying a made one about 1 s; the build
// (scripts/build.mjs) makes it beside Vite's build, so `npm start` on an
// empty folder, the first or any later time, starts from a copy. Plain
// JavaScript: scripts/build.mjs runs it without the app's TypeScript.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { PGlite } from "@electric-sql/pglite";

/** PGlite's installed version: a template is only ever loaded by the PGlite that made it. */
function pgliteVersion(root) {
  try {
    const file = path.join(root, "node_modules/@electric-sql/pglite/package.json");
    return JSON.parse(fs.readFileSync(file, "utf8")).version;
  } catch {
    return undefined;
  }
}

/** Where the template for the installed PGlite is kept, or undefined when the version cannot be read. */
export function clusterTemplateFile(root = process.cwd()) {
  const version = pgliteVersion(root);
  if (!version) return undefined;
  return path.join(root, "node_modules/.cache/one-dialogue", `pglite-cluster-${version}.tar.gz`);
}

/** A data folder PGlite has not made a cluster in yet. */
function isEmptyDataFolder(dataDir) {
  return !fs.existsSync(path.join(dataDir, "PG_VERSION"));
}

/**
 * The template's cluster, unpacked, or why it cannot be used: a file cut short
 * or changed on disk fails gzip's length and checksum here, before PGlite
 * would begin unpacking it into a data folder.
 * @param {string} file
 * @returns {{ tar: Uint8Array } | { problem: string }}
 */
export function readClusterTemplate(file) {
  try {
    return { tar: zlib.gunzipSync(fs.readFileSync(file)) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * PGlite on a data folder, and how it began: an empty folder gets a copy of
 * the template when there is one ("copied"; `template` false: never), or a
 * cluster made by PGlite ("created", with the `problem` when a template was
 * there but could not be read); any other folder is "opened" as it is.
 * @param {string} dataDir
 * @param {{ template?: boolean, root?: string }} [options]
 * @returns {{ pglite: PGlite, start: "copied" | "created" | "opened", problem?: string }}
 */
export function openPglite(dataDir, options = {}) {
  if (!isEmptyDataFolder(dataDir)) return { pglite: new PGlite(dataDir), start: "opened" };
  const file = options.template === false ? undefined : clusterTemplateFile(options.root);
  if (file && fs.existsSync(file)) {
    const template = readClusterTemplate(file);
    if ("tar" in template) {
      return { pglite: new PGlite(dataDir, { loadDataDir: new Blob([template.tar]) }), start: "copied" };
    }
    return {
      pglite: new PGlite(dataDir),
      start: "created",
      problem: `${path.basename(file)} could not be read (${template.problem})`,
    };
  }
  return { pglite: new PGlite(dataDir), start: "created" };
}

/**
 * Makes the template when the installed PGlite has none, or has one that
 * cannot be read (written to a temporary name, then renamed, so a template is
 * whole or absent).
 * @returns {Promise<{ file: string | undefined, made: boolean, ms: number }>}
 */
export async function makeClusterTemplate(root = process.cwd()) {
  const started = performance.now();
  const file = clusterTemplateFile(root);
  if (!file) return { file, made: false, ms: 0 };
  if (fs.existsSync(file) && "tar" in readClusterTemplate(file)) return { file, made: false, ms: 0 };
  const pglite = await PGlite.create();
  try {
    const dump = await pglite.dumpDataDir("gzip");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
  } finally {
    await pglite.close();
  }
  return { file, made: true, ms: Math.round(performance.now() - started) };
}
