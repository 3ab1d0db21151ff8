// npm start: build when the sources are newer than the build, then serve.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const buildFile = path.join(root, "build/server/index.js");

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = ["app", "db", "emails", "public"].filter((d) => fs.existsSync(d));
const sourceTime = Math.max(
  ...sources.map(newestSource),
  ...["vite.config.ts", "package.json"].map((f) => fs.statSync(f).mtimeMs),
);
if (!fs.existsSync(buildFile) || fs.statSync(buildFile).mtimeMs < sourceTime) {
  console.log("Building the app…");
  const result = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
process.env.NODE_ENV ||= "production";
await import("../server.js");
