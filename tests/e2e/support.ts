// Browser-test support: the built app served for real on a free port with its
// own embedded database, and Debian's Chromium driven by playwright-core.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import postgres from "postgres";
import { expect } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export type RunningApp = {
  url: string;
  port: number;
  dataDir: string;
  output: () => string;
  stop: () => Promise<number | null>;
};

/** Starts `node server.js` (the production build; or `script`, such as `npm start`'s) and waits until it serves. */
export async function startApp(
  options: { env?: Record<string, string>; dataDir?: string; timeoutMs?: number; script?: string } = {},
): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "one-dialogue-e2e-"));
  const child: ChildProcess = spawn(process.execPath, [options.script ?? "server.js"], {
    cwd: path.resolve("."),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
      MAIL_CAPTURE_DIR: path.join(dataDir, "mail"),
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The app did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A fresh context (cookies, storage) and page; axe needs a page from newContext()
 * with JavaScript on (it injects its script), so check JavaScript-off pages separately.
 */
export async function newPage(browser: Browser, options: { width?: number; javaScript?: boolean } = {}) {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  return context.newPage();
}

/** Runs axe (WCAG 2.0–2.2 A and AA) on the page and fails with the violations listed. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Presses Tab until the focused element matches, failing after `max` presses. */
export async function tabTo(page: Page, selector: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const matches = await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    if (matches) return;
  }
  throw new Error(`Could not reach ${selector} with the Tab key`);
}

export const DEMO_PASSWORD = "pact-demo-2026";

/**
 * Signs in through the real form and waits to leave it: at `returnTo` when
 * given, else wherever the app sends this person.
 */
export async function signIn(
  page: Page,
  app: Pick<RunningApp, "url">,
  email: string,
  options: { returnTo?: string; password?: string } = {},
) {
  const query = options.returnTo ? `?returnTo=${encodeURIComponent(options.returnTo)}` : "";
  await page.goto(`${app.url}/login${query}`);
  await page.fill("#email", email);
  await page.fill("#password", options.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  const returnTo = options.returnTo;
  await page.waitForURL((url) =>
    returnTo ? url.pathname.startsWith(returnTo.split("?")[0]) : !url.pathname.startsWith("/login"),
  );
}

/** An e-mail as the app's file transport wrote it (MAIL_CAPTURE_DIR, in the app's data folder). */
export type CapturedMail = { to: string; subject: string; text: string; html: string };

/** Waits for the outbox worker to write an e-mail that `wanted` picks; fails after `timeoutMs`. */
export async function waitForMail(
  app: Pick<RunningApp, "dataDir">,
  wanted: (mail: CapturedMail) => boolean,
  what: string,
  timeoutMs = 90_000,
): Promise<CapturedMail> {
  const dir = path.join(app.dataDir, "mail");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    for (const file of files) {
      const mail = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CapturedMail;
      if (wanted(mail)) return mail;
    }
    if (Date.now() > deadline) throw new Error(`No e-mail ${what} among ${files.length} captured`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The PostgreSQL server the server-only browser tests use (TEST_DATABASE_URL, else the local one). */
export const POSTGRES_SERVER = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

/** Whether that server answers (the tests that need it are skipped when it does not). */
export async function postgresServerReachable() {
  const probe = postgres(POSTGRES_SERVER, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end();
  }
}

/** A database of the test's own on that server, made empty by `create()` and removed by `drop()`. */
export function serverDatabase(name: string) {
  const parsed = new URL(POSTGRES_SERVER);
  parsed.pathname = `/${name}`;
  const run = async (statements: string[]) => {
    const admin = postgres(POSTGRES_SERVER, { max: 1, onnotice: () => {} });
    try {
      for (const statement of statements) await admin.unsafe(statement);
    } finally {
      await admin.end();
    }
  };
  return {
    url: parsed.toString(),
    create: () => run([`drop database if exists "${name}" with (force)`, `create database "${name}"`]),
    drop: () => run([`drop database if exists "${name}" with (force)`]),
  };
}
