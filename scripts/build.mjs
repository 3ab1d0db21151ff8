// The build (`npm run build`, and `npm start` when the sources are newer than
// the build): Vite's client and server builds in a child process and, beside
// them on the other core, the embedded database's empty cluster
// (db/pglite-template.js), made once per installed PGlite so that a new data
// folder starts from a copy instead of PGlite's initdb. On a PostgreSQL server
// (DATABASE_URL set) there is no embedded cluster to make.
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { makeClusterTemplate } from "../db/pglite-template.js";

const root = path.resolve(import.meta.dirname, "..");

function viteBuild(quiet) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], {
      cwd: root,
      // Quiet keeps Vite's errors: a failed build must still say why.
      stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`)),
    );
  });
}

// Only a speed-up: without it a new data folder is made by PGlite itself,
// so a failure here is told, not fatal.
async function clusterTemplate() {
  try {
    const { made, ms } = await makeClusterTemplate(root);
    if (made) {
      console.log(
        `Embedded database: made the empty cluster new data folders start from (${(ms / 1000).toFixed(1)} s)`,
      );
    }
  } catch (error) {
    console.warn(
      `Embedded database: could not make the empty cluster (${error instanceof Error ? error.message : error}); PGlite will make each new data folder itself`,
    );
  }
}

/**
 * Builds the app; resolves when both parts are done, rejects if Vite's build fails.
 * `quiet`: without Vite's progress (its errors still show).
 */
export async function buildApp({ embedded = !process.env.DATABASE_URL?.trim(), quiet = false } = {}) {
  await Promise.all([viteBuild(quiet), embedded ? clusterTemplate() : Promise.resolve()]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await buildApp();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
