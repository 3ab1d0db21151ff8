// npm run dev: migrate (and seed an empty embedded database), then Vite's dev server.
import { spawnSync } from "node:child_process";

const run = (args) => {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(["node_modules/tsx/dist/cli.mjs", "scripts/prepare-db.ts"]);
run(["node_modules/@remix-run/dev/dist/cli.js", "vite:dev"]);
