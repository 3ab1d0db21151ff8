import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/config/env.server";

function problems(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  return "";
}

describe("configuration", () => {
  it("needs nothing in development: safe defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DATA_DIR).toBe("./data/pglite");
    expect(env.PUBLIC_URL).toBe("http://localhost:3000");
  });

  it("builds the default public address from PORT, so links in e-mails and feeds reach this server", () => {
    expect(parseEnv({ PORT: "8080" }).PUBLIC_URL).toBe("http://localhost:8080");
    expect(parseEnv({ PORT: "8080", PUBLIC_URL: "https://priorities.example" }).PUBLIC_URL).toBe(
      "https://priorities.example",
    );
  });

  it("reads TRUST_PROXY as Express's hop count or proxy addresses, never as 'trust any client'", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "0" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: "10.0.0.1, 10.1.0.0/16, loopback, ::1" }).TRUST_PROXY).toEqual([
      "10.0.0.1",
      "10.1.0.0/16",
      "loopback",
      "::1",
    ]);
    for (const bad of ["true", "yes", "10.0.0.0/33", "proxy.example"]) {
      expect(problems({ TRUST_PROXY: bad }), bad).toMatch(/TRUST_PROXY: must be a number of proxy hops/);
    }
  });

  it("names the variable that is wrong", () => {
    expect(problems({ PORT: "abc" })).toMatch(/PORT: must be a port number/);
    expect(problems({ PORT: "70000" })).toMatch(/PORT/);
    expect(problems({ DATABASE_URL: "mysql://x" })).toMatch(/DATABASE_URL: must be a postgres/);
    expect(problems({ SMTP_URL: "http://mail" })).toMatch(/SMTP_URL/);
    expect(problems({ PUBLIC_URL: "not a url" })).toMatch(/PUBLIC_URL/);
    expect(problems({ SESSION_SECRET: "short" })).toMatch(/SESSION_SECRET: must be at least 32/);
    expect(problems({ SEED_DEMO: "yes" })).toMatch(/SEED_DEMO/);
  });

  it("lists every problem at once", () => {
    const message = problems({ PORT: "abc", SMTP_URL: "ftp://x" });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/SMTP_URL/);
  });

  it("requires SESSION_SECRET in production on a PostgreSQL server", () => {
    expect(problems({ NODE_ENV: "production", DATABASE_URL: "postgres://db/app" })).toMatch(/SESSION_SECRET/);
    expect(
      problems({ NODE_ENV: "production", DATABASE_URL: "postgres://db/app", SESSION_SECRET: "x".repeat(32) }),
    ).toBe("");
  });

  it("reads the database, job and speed-layer knobs here too, with the defaults the README lists", () => {
    const defaults = parseEnv({});
    expect(defaults).toMatchObject({
      JOBS: "on",
      DATABASE_POOL_SIZE: 10,
      DATABASE_PREPARE: "1",
      MIGRATIONS_DIR: "db/migrations",
      PAGE_CACHE: "on",
      PAGE_CACHE_STALE_SECONDS: 900,
      PAGE_CACHE_MEGABYTES: 64,
      MAX_CONCURRENT_RENDERS: 16,
      MEASURES_RECOUNT_AFTER_MS: 1000,
    });
    expect(
      parseEnv({
        DATABASE_POOL_SIZE: "4",
        DATABASE_PREPARE: "0",
        PAGE_CACHE: "off",
        PAGE_CACHE_STALE_SECONDS: "0",
        PAGE_CACHE_MEGABYTES: "16",
        MAX_CONCURRENT_RENDERS: "2",
        MEASURES_RECOUNT_AFTER_MS: "0",
      }),
    ).toMatchObject({
      DATABASE_POOL_SIZE: 4,
      DATABASE_PREPARE: "0",
      PAGE_CACHE: "off",
      PAGE_CACHE_STALE_SECONDS: 0,
      PAGE_CACHE_MEGABYTES: 16,
      MAX_CONCURRENT_RENDERS: 2,
      MEASURES_RECOUNT_AFTER_MS: 0,
    });
    expect(problems({ MEASURES_RECOUNT_AFTER_MS: "1s" })).toMatch(
      /MEASURES_RECOUNT_AFTER_MS: must be a whole number/,
    );
    expect(problems({ PAGE_CACHE_STALE_SECONDS: "15m" })).toMatch(
      /PAGE_CACHE_STALE_SECONDS: must be a whole number/,
    );
    // Before, these were read with Number(…) or !== "off": a typo silently became NaN or "on".
    expect(problems({ DATABASE_POOL_SIZE: "ten" })).toMatch(/DATABASE_POOL_SIZE: must be a whole number/);
    expect(problems({ PAGE_CACHE_MEGABYTES: "0" })).toMatch(/PAGE_CACHE_MEGABYTES: must be at least 1/);
    expect(problems({ MAX_CONCURRENT_RENDERS: "0" })).toMatch(/MAX_CONCURRENT_RENDERS: must be at least 1/);
    expect(problems({ DATABASE_PREPARE: "no" })).toMatch(/DATABASE_PREPARE: must be 0 or 1/);
    expect(problems({ PAGE_CACHE: "false" })).toMatch(/PAGE_CACHE: must be on or off/);
    expect(problems({ JOBS: "of" })).toMatch(/JOBS: must be on or off/);
  });

  it("reads WEB_CONCURRENCY: one worker per core unless set, a whole number from 1", () => {
    expect(parseEnv({}).WEB_CONCURRENCY).toBe(availableParallelism());
    expect(parseEnv({ WEB_CONCURRENCY: "3" }).WEB_CONCURRENCY).toBe(3);
    expect(problems({ WEB_CONCURRENCY: "0" })).toMatch(/WEB_CONCURRENCY: must be at least 1/);
    expect(problems({ WEB_CONCURRENCY: "two" })).toMatch(/WEB_CONCURRENCY: must be a whole number/);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: " " }).PORT).toBe(3000);
  });
});
