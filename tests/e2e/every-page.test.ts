// Every page of the app on a 360 px phone, as each kind of person meets it:
// a crawler follows every same-origin link a visitor, a chair, partners, an
// agency coordinator and the administrator can reach, opens one address of
// each page route per person, and checks that nothing scrolls sideways and
// axe finds nothing. Every address reached by following a link must open for
// the person who followed it: no 404, no 403, no error (only the addresses
// opened directly may answer so). At the end, every page route in the app
// must have been opened by someone, so a new page is covered without editing
// this file (or fails here until it is reachable by a link).
import path from "node:path";
import { type AgnosticRouteObject, matchRoutes } from "@remix-run/router";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, newPage, type RunningApp, signIn, startApp } from "./support";

const WIDTH = 360;
// Each person’s crawl opens 10–40 pages with axe on each, on a shared two-core machine.
const CRAWL_MS = 600_000;

type Entry = { id: string; file: string; path?: string; index?: boolean; children?: Entry[] };

/** The app's route config exactly as the Remix Vite plugin reads it. */
async function appRoutes(): Promise<Entry[]> {
  (globalThis as { __remixAppDirectory?: string }).__remixAppDirectory = path.resolve("app");
  return (await (
    await import("~/routes")
  ).default) as Entry[];
}

function toRouteObjects(entries: Entry[]): AgnosticRouteObject[] {
  return entries.map((entry) =>
    entry.index
      ? { id: entry.id, path: entry.path, index: true }
      : {
          id: entry.id,
          path: entry.path,
          children: entry.children ? toRouteObjects(entry.children) : undefined,
        },
  );
}

/** A page route renders HTML (a .tsx module); resource routes (.ts) serve feeds, CSV and JSON. */
function pageRoutes(entries: Entry[], out: string[] = []): string[] {
  for (const entry of entries) {
    if (entry.file.endsWith(".tsx")) out.push(entry.id);
    if (entry.children) pageRoutes(entry.children, out);
  }
  return out;
}

// A page often links to pages that its siblings do not (a held meeting offers
// "Agree a priority", a finished task "Reopen"), so up to this many more
// addresses of a route already checked are read (HTML only, no browser) for links.
const MORE_ADDRESSES_READ = 40;

function allIds(entries: Entry[], out = new Set<string>()): Set<string> {
  for (const entry of entries) {
    out.add(entry.id);
    if (entry.children) allIds(entry.children, out);
  }
  return out;
}

// Pages reached only from an e-mail's secret link or a form, opened directly.
// With a made-up token each shows its own page ("this link has expired…"),
// which must fit the phone as well as the happy path does.
const DIRECT = [
  "/invitations/not-a-real-token",
  "/reset-password/not-a-real-token",
  "/subscriptions/confirm/not-a-real-token",
  "/subscriptions/unsubscribe/not-a-real-token",
  "/concerns/RC-AAAA-AAAA",
  "/concerns/RC-AAAA-AAAA/follow?token=not-a-real-token",
  "/no-such-page",
  // A development page (captured e-mail): in production it answers "Page not found".
  "/dev/mail",
];

// Addresses a crawler must not open: they change nothing, but they are not pages.
const NOT_PAGES = /\.(atom|ics|csv|json)$|^\/api\/|^\/healthz$|^\/assets\//;

let app: RunningApp;
let browser: Browser;
let routes: AgnosticRouteObject[];
let allPages: string[];
let resourceRoutes: Set<string>;
const opened = new Map<string, string>(); // route id → first address opened
const sideways: string[] = [];
const deadLinks: string[] = []; // "address (linked from page)" for every link that answered 4xx or 5xx

beforeAll(async () => {
  const config = await appRoutes();
  routes = [{ id: "root", path: "", children: toRouteObjects(config) }];
  allPages = pageRoutes(config);
  resourceRoutes = new Set([...allIds(config)].filter((id) => !allPages.includes(id)));
  app = await startApp({ timeoutMs: 180_000 });
  browser = await launchBrowser();
}, 200_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

function routeOf(pathname: string): string | undefined {
  const matches = matchRoutes(routes, pathname);
  return matches?.[matches.length - 1]?.route.id;
}

/**
 * Same-origin addresses in the HTML: links, and forms' targets (a form's page
 * answers GET too: a search, or the form shown again), as paths with queries.
 */
function linksIn(html: string, base: string): string[] {
  const out: string[] = [];
  for (const match of html.matchAll(/<(?:a|form)\b[^>]*?\s(?:href|action)="([^"]*)"/g)) {
    if (match[0].includes(" download")) continue;
    const url = new URL(match[1].replaceAll("&amp;", "&"), base);
    if (url.origin !== app.url) continue;
    if (NOT_PAGES.test(url.pathname)) continue;
    out.push(url.pathname + url.search);
  }
  return out;
}

/**
 * Opens one address of every page route this person can reach from `start`
 * (breadth first), checking each at 360 px with axe. Returns the route ids seen.
 */
async function crawl(who: string, page: Page, start: string[], skip: Set<string>) {
  const started = Date.now();
  let pages = 0;
  const seen = new Set<string>();
  const queue = [...start];
  const tried = new Set<string>();
  const readFor = new Map<string, number>(); // route id → further addresses read for links
  const linkedFrom = new Map<string, string>(); // address → the first page that linked to it
  const enqueue = (links: string[], from: string) => {
    for (const link of links) {
      if (tried.has(link)) continue;
      queue.push(link);
      if (!linkedFrom.has(link)) linkedFrom.set(link, from);
    }
  };
  // A page found by following a link must open for its reader (not missing, not refused);
  // only the addresses opened directly may answer otherwise.
  const checkFound = (address: string, status: number | undefined) => {
    const from = linkedFrom.get(address);
    if (status !== undefined && status >= 400 && from !== undefined && !start.includes(address))
      deadLinks.push(`${who}: ${address} (linked from ${from})`);
  };
  while (queue.length > 0) {
    const address = queue.shift() as string;
    if (tried.has(address)) continue;
    tried.add(address);
    const id = routeOf(new URL(address, app.url).pathname) ?? "routes/$";
    if (resourceRoutes.has(id)) continue;
    // A route already checked (here, or by the visitor's crawl when skipped) is only read:
    // that its address exists and, unless skipped, what it links to.
    if (seen.has(id) || skip.has(id)) {
      const read = readFor.get(id) ?? 0;
      if (read >= MORE_ADDRESSES_READ) continue;
      readFor.set(id, read + 1);
      const more = await page.request.get(`${app.url}${address}`, { maxRedirects: 0 });
      checkFound(address, more.status());
      if (!skip.has(id) && more.headers()["content-type"]?.startsWith("text/html"))
        enqueue(linksIn(await more.text(), app.url), address);
      continue;
    }
    const began = Date.now();
    const response = await page.goto(`${app.url}${address}`);
    checkFound(address, response?.status());
    await page.waitForLoadState("networkidle");
    const loaded = Date.now();
    // A redirect (e.g. a page that sends a chair of one assembly straight to it) counts for where it lands.
    const landed = new URL(page.url());
    const landedId = routeOf(landed.pathname) ?? "routes/$";
    seen.add(id);
    if (seen.has(landedId) && landedId !== id) continue;
    seen.add(landedId);
    expect(response?.status(), `${address} answered ${response?.status()}`).toBeLessThan(500);
    const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
    if (width > WIDTH) sideways.push(`${landed.pathname}${landed.search} is ${width} px wide`);
    await expectNoAxeViolations(page);
    pages += 1;
    const took = Date.now() - began;
    if (took > 5000)
      console.log(`  slow: ${address} loaded in ${loaded - began} ms, axe ${Date.now() - loaded} ms`);
    if (!opened.has(landedId)) opened.set(landedId, landed.pathname + landed.search);
    enqueue(linksIn(await page.content(), page.url()), address);
  }
  console.log(`${who}: ${pages} pages checked in ${Math.round((Date.now() - started) / 1000)} s`);
  return seen;
}

const publicRoutes = new Set<string>();

describe("every page fits a 360 px phone and passes axe", () => {
  it(
    "as a visitor, from the home page and the pages that e-mails link to",
    async () => {
      const page = await newPage(browser, { width: WIDTH });
      for (const id of await crawl("visitor", page, ["/", ...DIRECT], new Set())) publicRoutes.add(id);
      await page.context().close();
      expect(publicRoutes.size).toBeGreaterThan(15);
    },
    CRAWL_MS,
  );

  // Staff see public pages with their own header; one public page each checks that header,
  // their own pages are crawled in full.
  for (const email of [
    "chair@example.org",
    "police@example.org",
    "asb@example.org",
    "tradingstandards@example.org",
    "admin@example.org",
  ]) {
    it(
      `signed in as ${email}`,
      async () => {
        const page = await newPage(browser, { width: WIDTH });
        await signIn(page, app, email);
        const landing = new URL(page.url()).pathname;
        const skip = new Set([...publicRoutes].filter((id) => id !== "routes/_index"));
        const seen = await crawl(
          email,
          page,
          [
            landing,
            "/",
            "/account",
            "/logout",
            "/partner?status=done",
            // A team invitation's page asks a visitor to sign in first; signed in, a made-up token is refused there.
            "/agency-invitations/not-a-real-token",
          ],
          skip,
        );
        await page.context().close();
        expect(seen.size).toBeGreaterThan(3);
      },
      CRAWL_MS,
    );
  }

  it("nothing scrolled sideways, no link led to a page its reader could not open, and every page route was opened by someone", () => {
    expect(sideways).toEqual([]);
    expect(deadLinks).toEqual([]);
    const missing = allPages.filter((id) => !opened.has(id));
    expect(missing, `page routes no crawl reached: ${missing.join(", ")}`).toEqual([]);
  });
});
