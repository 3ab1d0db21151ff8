// A PostgreSQL cluster of the test's own, on a free port, that the test can
// stop and start (to prove the app survives the database going away).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const BIN = process.env.PG_BIN ?? findPgBin();

function findPgBin() {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return "";
  const versions = fs.readdirSync(root).sort().reverse();
  return versions.length ? path.join(root, versions[0], "bin") : "";
}

export const canRunThrowawayPostgres = () => BIN !== "" && fs.existsSync(path.join(BIN, "pg_ctl"));

// PostgreSQL refuses to run as root, so as root the cluster runs as `postgres`.
function asOwner(command: string, args: string[]) {
  const full = path.join(BIN, command);
  if (process.getuid?.() === 0) {
    return execFileSync("runuser", ["-u", "postgres", "--", full, ...args], {
      encoding: "utf8",
      stdio: "pipe",
    });
  }
  return execFileSync(full, args, { encoding: "utf8", stdio: "pipe" });
}

export type ThrowawayPostgres = {
  url: string;
  port: number;
  start: () => void;
  stop: () => void;
  destroy: () => void;
};

export function createThrowawayPostgres(port: number): ThrowawayPostgres {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "od-pg-"));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const socketDir = path.join(dir, "sock");
  fs.mkdirSync(socketDir);
  fs.chmodSync(socketDir, 0o777);
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir, socketDir]);
  asOwner("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const logFile = path.join(dir, "log");
  const handle: ThrowawayPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => {
      asOwner("pg_ctl", ["-D", data, "-o", options, "-l", logFile, "-w", "-t", "30", "start"]);
    },
    stop: () => {
      asOwner("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
    },
    destroy: () => {
      try {
        handle.stop();
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
