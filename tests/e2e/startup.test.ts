// The production server as a newcomer runs it: production even without
// NODE_ENV; configuration errors stop it with the variable named; a new data
// folder starts from the build's copy of a cluster; data survives a restart;
// SIGTERM exits promptly.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startApp } from "./support";

describe("starting the server", () => {
  it("stops with a message naming the variable when the configuration is bad", () => {
    const result = spawnSync(process.execPath, ["server.js"], {
      env: { ...process.env, NODE_ENV: "production", PORT: "not-a-port", DATABASE_URL: "" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PORT: must be a port number/);
  });

  it("refuses a production server database without SESSION_SECRET", () => {
    const result = spawnSync(process.execPath, ["server.js"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: "postgres://postgres@127.0.0.1/postgres",
        SESSION_SECRET: "",
      },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SESSION_SECRET/);
  });

  it("is the production server when started without NODE_ENV", () => {
    // Production's rule shows it: a server database needs SESSION_SECRET (in development it
    // would start with a made-up one, and serve /dev/mail). The database named does not exist,
    // so a server that wrongly goes on stops at connecting, having written nothing anywhere.
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: "postgres://postgres@127.0.0.1/od_no_such_database",
      SESSION_SECRET: "",
    };
    delete env.NODE_ENV;
    const result = spawnSync(process.execPath, ["server.js"], {
      // Remix's types say NODE_ENV is always set; this test is about when it is not.
      env: env as typeof process.env,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SESSION_SECRET/);
  });

  it("keeps the embedded data across a restart, and exits promptly on SIGTERM", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "od-restart-"));
    const first = await startApp({ dataDir });
    // `npm run test:e2e` builds first, as npm start does, and the build made the empty cluster.
    expect(first.output()).toMatch(/a new folder copied from the build's empty cluster/);
    expect(first.output()).toMatch(/loading the demo borough/);
    const page = await (await fetch(`${first.url}/neighbourhoods/boston-castle`)).text();
    expect(page).toContain("Obstructive parking on Queensway");
    // Exit code 0 is the end of server.js's own shutdown (requests finished, database closed);
    // a shutdown that hangs is ended by its 10-second guard with code 1.
    expect(await first.stop()).toBe(0);
    expect(first.output()).toMatch(/SIGTERM: finishing requests and closing the database/);

    const second = await startApp({ dataDir });
    expect(second.output()).not.toMatch(/a new folder|loading the demo borough/);
    const again = await (await fetch(`${second.url}/neighbourhoods/boston-castle`)).text();
    expect(again).toContain("Obstructive parking on Queensway");
    expect(await second.stop()).toBe(0);
  });
});

describe("request bodies", () => {
  it("refuses a body over 1 MiB with 413, and one without a length with 411", async () => {
    const app = await startApp({ env: { JOBS: "off" } });
    try {
      const big = await fetch(`${app.url}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
        body: `email=${"a".repeat(2 * 1024 * 1024)}`,
      });
      expect(big.status).toBe(413);
      const chunked = await fetch(`${app.url}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("email=a"));
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
      expect(chunked.status).toBe(411);
      // The server is still healthy afterwards.
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
