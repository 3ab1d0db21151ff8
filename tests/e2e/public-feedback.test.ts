// "You said, we did" in a real browser against the built app: every public page
// type passes axe, a resident finds their neighbourhood by postcode with
// JavaScript off, pages are small and cacheable, and nothing private leaks.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICE_UK, policeUkHandlers } from "../mocks/police-uk";
import { POSTCODES_IO, postcodesIoHandlers } from "../mocks/postcodes-io";
import { type StubServer, startMswStub } from "../support/msw-stub-server";
import { expectNoAxeViolations, launchBrowser, newPage, type RunningApp, startApp, tabTo } from "./support";

let app: RunningApp;
let browser: Browser;
let stub: StubServer;

// Private data in the demo seed: on concerns, in partners-only updates, in youth offending work.
const SECRETS = [
  "Margaret Hollis",
  "margaret.hollis@example.net",
  "07700 900123",
  "Dev Patel",
  "Linda Shaw",
  "linda.shaw@example.net",
  "07700 900789",
  "Graham Fletcher",
  "g.fletcher@example.net",
  "Online Resident",
  "resident.online@example.net",
  "Fly-tipping behind the shops on Herringthorpe Avenue",
  "Cranworth Road",
  "K.T. (16)",
  "J.B., aged 15",
  "Joint operation with the neighbourhood team",
  "children’s services",
  "Pat Morgan",
  "Sam Ahmed",
  "Terry Stone",
];

beforeAll(async () => {
  stub = await startMswStub({
    "/postcodes-io": [POSTCODES_IO, postcodesIoHandlers],
    "/police-uk": [POLICE_UK, policeUkHandlers],
  });
  app = await startApp({
    env: {
      POSTCODES_IO_URL: `${stub.url}/postcodes-io`,
      POLICE_UK_URL: `${stub.url}/police-uk`,
      JOBS: "off",
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await stub?.close();
});

async function headingsInOrder(page: Page) {
  const levels = await page.$$eval("main h1, main h2, main h3, main h4, main h5, main h6", (hs) =>
    hs.map((h) => Number(h.tagName.slice(1))),
  );
  expect(levels[0]).toBe(1);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeLessThanOrEqual(levels[i - 1] + 1);
}

async function datesInWords(page: Page) {
  const times = await page.$$eval("main time", (ts) =>
    ts.map((t) => [t.getAttribute("datetime"), t.textContent]),
  );
  expect(times.length).toBeGreaterThan(0);
  for (const [machine, words] of times) {
    expect(machine).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(words).toMatch(
      /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}/,
    );
  }
}

async function firstLink(page: Page, pattern: RegExp) {
  const hrefs = await page.$$eval("main a[href]", (as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link matching ${pattern}`).toBeDefined();
  return href as string;
}

describe("every public page type passes axe, with headings in order and dates in words", () => {
  it("home, neighbourhood, priority, archive and meeting pages", async () => {
    const page = await newPage(browser);
    // Server and browser render dates the same way: no hydration or script errors.
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(app.url);
    await expectNoAxeViolations(page);
    await headingsInOrder(page);

    await page.goto(`${app.url}/neighbourhoods/sitwell`);
    expect(await page.locator("h1").textContent()).toBe("Sitwell");
    await expectNoAxeViolations(page);
    await headingsInOrder(page);
    await datesInWords(page);

    const priorityHref = await firstLink(page, /^\/neighbourhoods\/sitwell\/priorities\/\d+$/);
    await page.goto(`${app.url}${priorityHref}`);
    expect(await page.getByRole("heading", { name: "We did", level: 2 }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "You said", level: 2 }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await headingsInOrder(page);
    await datesInWords(page);
    expect(await page.locator('link[rel="stylesheet"][media="print"]').count()).toBe(1);

    await page.goto(`${app.url}/neighbourhoods/herringthorpe/archive`);
    expect(await page.getByText("Underage drinking on Herringthorpe Playing Fields").count()).toBe(1);
    await expectNoAxeViolations(page);
    await headingsInOrder(page);

    const resolved = await firstLink(page, /^\/neighbourhoods\/herringthorpe\/priorities\/\d+$/);
    await page.goto(`${app.url}${resolved}`);
    expect(await page.getByRole("heading", { name: "How it ended" }).count()).toBe(1);
    expect(await page.getByText("alcohol seized:").count()).toBeGreaterThan(0);
    expect(await page.getByText("31 litres").count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.goto(`${app.url}/neighbourhoods/sitwell`);
    const meetingHref = await firstLink(page, /^\/meetings\/\d+$/);
    await page.goto(`${app.url}${meetingHref}`);
    expect(await page.getByRole("heading", { name: "Public pack" }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await headingsInOrder(page);
    expect(errors).toEqual([]);
  });

  it("postcode outcomes, the concern form (also with errors) and the subscription pages", async () => {
    const page = await newPage(browser);
    for (const path of ["/?postcode=S1+2HE", "/?postcode=S66+8AA", "/?postcode=hello"]) {
      await page.goto(`${app.url}${path}`);
      await expectNoAxeViolations(page);
      await headingsInOrder(page);
    }
    await page.goto(`${app.url}/neighbourhoods/sitwell/concerns/new`);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Send the concern" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expectNoAxeViolations(page);

    await page.goto(`${app.url}/subscribe?neighbourhood=sitwell`);
    await expectNoAxeViolations(page);
    await page.getByLabel("E-mail address").fill("axe-check@example.net");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.getByRole("heading", { name: "Check your e-mail" }).waitFor();
    await expectNoAxeViolations(page);
  });
});

describe("a resident with only a postcode, and JavaScript off", () => {
  it("reaches their neighbourhood's priorities by keyboard", async () => {
    const page = await newPage(browser, { javaScript: false });
    await page.goto(app.url);
    await tabTo(page, "#postcode");
    await page.keyboard.type("s65 2pw");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/neighbourhoods\/herringthorpe$/);
    expect(await page.locator("h1").textContent()).toBe("Herringthorpe");
    expect(await page.getByRole("heading", { name: "Current priorities" }).count()).toBe(1);
  });

  it("gets a clear message and the list for an invalid, unknown or out-of-area postcode, or a choice", async () => {
    const page = await newPage(browser, { javaScript: false });
    const search = async (postcode: string) => {
      await page.goto(app.url);
      await page.getByLabel("Your postcode").fill(postcode);
      await page.getByRole("button", { name: "Find" }).click();
      await page.waitForLoadState();
    };
    await search("hello");
    expect(await page.getByText("Enter a real postcode, like S65 2PW").count()).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { name: "Rotherham South", level: 3 }).count()).toBe(1);
    await search("SW1A 9ZZ");
    expect(await page.getByText("We could not find the postcode SW1A 9ZZ").count()).toBe(1);
    await search("S1 2HE");
    expect(
      await page
        .getByText("S1 2HE is in Sheffield, which this site does not cover.", { exact: false })
        .count(),
    ).toBe(1);
    expect(await page.getByRole("heading", { name: "Wentworth Valley", level: 3 }).count()).toBe(1);
    await search("S66 8AA");
    expect(await page.getByRole("heading", { name: "Choose your neighbourhood" }).count()).toBe(1);
    expect(await page.locator('main section a[href="/neighbourhoods/maltby"]').count()).toBe(1);
  });

  it("gives up on a postcode service that hangs and falls back to the list", async () => {
    const page = await newPage(browser, { javaScript: false });
    await page.goto(app.url);
    await page.getByLabel("Your postcode").fill("S99 1SL");
    const abandonedBefore = stub.abandoned();
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByRole("heading", { name: "Postcode search is not working at the moment" }).waitFor();
    // The stub answers this postcode only after 8 s (with an error that shows the same
    // page): the app must have given up the request at its own deadline, not waited.
    await expect.poll(() => stub.abandoned()).toBeGreaterThan(abandonedBefore);
    expect(await page.getByRole("heading", { name: "Rother Valley South", level: 3 }).count()).toBe(1);
  });

  it("can raise a concern and subscribe with plain forms", async () => {
    const page = await newPage(browser, { javaScript: false });
    await page.goto(`${app.url}/neighbourhoods/sitwell/concerns/new`);
    await page.getByLabel("What is it about").selectOption({ label: "Anti-social behaviour" });
    await page.getByLabel("Where it happens").fill("Maynard Road play area");
    await page.getByLabel("What is the problem").fill("Fires lit under the slide on Friday nights.");
    await page.getByRole("button", { name: "Send the concern" }).click();
    await page.getByRole("heading", { name: "Thank you, we have your concern" }).waitFor();

    await page.goto(`${app.url}/neighbourhoods/sitwell`);
    await page.getByLabel("Get updates by e-mail").fill("js-off@example.net");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.getByRole("heading", { name: "Check your e-mail" }).waitFor();
    expect(await page.content()).not.toContain("js-off@example.net");
  });
});

describe("fast and cacheable over real HTTP", () => {
  it("a neighbourhood page is under 60 KB of HTML", async () => {
    for (const slug of ["sitwell", "herringthorpe", "boston-castle"]) {
      const html = await (await fetch(`${app.url}/neighbourhoods/${slug}`)).arrayBuffer();
      expect(html.byteLength, slug).toBeLessThan(60 * 1024);
    }
  });

  it("a matching If-None-Match gets an empty 304 that keeps the page's own Content-Security-Policy", async () => {
    const paths = [
      "/neighbourhoods/sitwell",
      "/neighbourhoods/herringthorpe/archive",
      "/neighbourhoods/sitwell/feed.atom",
      "/api/v1/neighbourhoods",
    ];
    // Without cookies (served from the shared page cache once warm) and with one (straight from the app).
    for (const cookie of [undefined, "consent=yes"]) {
      for (const path of paths) {
        const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
        const first = await fetch(`${app.url}${path}`, { headers });
        await first.arrayBuffer();
        expect(first.status, path).toBe(200);
        const etag = first.headers.get("etag") as string;
        expect(etag, path).toMatch(/^"[^"]+"$/);
        // Each of these pages is kept by the page cache, which also tells a CDN it may serve them
        // during an outage; a request with a cookie is answered for that person alone.
        expect(first.headers.get("cache-control"), path).toBe(
          cookie ? "private, no-cache" : "public, max-age=0, s-maxage=60, stale-if-error=900",
        );
        const again = await fetch(`${app.url}${path}`, { headers: { ...headers, "If-None-Match": etag } });
        expect(again.status, `${path} ${cookie ?? ""}`).toBe(304);
        expect((await again.arrayBuffer()).byteLength, path).toBe(0);
        expect(again.headers.get("etag"), path).toBe(etag);
        expect(again.headers.get("content-security-policy"), path).toBeNull();
      }
    }
  });
});

describe("privacy, crawling the public site as the public", () => {
  it("no page, feed, calendar, CSV or API response reachable from the home page shows private data", async () => {
    const seen = new Set<string>();
    const queue = ["/", "/api/v1/neighbourhoods?per_page=100"];
    const publicPath = /^\/($|\?|neighbourhoods\/|meetings\/|api\/|accessibility|privacy)/;
    let crawled = 0;
    while (queue.length && crawled < 400) {
      const path = queue.shift() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const response = await fetch(`${app.url}${path}`, { redirect: "manual" });
      const body = await response.text();
      crawled += 1;
      expect([200, 302], path).toContain(response.status);
      for (const secret of SECRETS) expect(body.includes(secret), `"${secret}" on ${path}`).toBe(false);
      const links = [
        ...body.matchAll(/href="([^"]+)"/g),
        ...body.matchAll(/"(?:self|html|priorities|meetings|feed|calendar|csv|next)": "(http[^"]+)"/g),
      ].map((m) => m[1].replace(/&amp;/g, "&").replace(app.url, ""));
      for (const link of links) {
        const clean = link.split("#")[0];
        if (publicPath.test(clean) && !seen.has(clean) && !clean.includes("/concerns/new")) queue.push(clean);
      }
    }
    expect(crawled).toBeGreaterThan(60);
    expect([...seen].some((p) => p.endsWith("feed.atom"))).toBe(true);
    expect([...seen].some((p) => p.endsWith("meetings.ics"))).toBe(true);
    expect([...seen].some((p) => p.endsWith("priorities.csv"))).toBe(true);
    expect([...seen].some((p) => p.startsWith("/api/v1/priorities/"))).toBe(true);
  });
});

describe("one-click unsubscribe from a mail provider's servers", () => {
  it("a cross-site POST to the List-Unsubscribe address is let through; other cross-site POSTs are not", async () => {
    const token = "A".repeat(43);
    const oneClick = await fetch(`${app.url}/subscriptions/unsubscribe/${token}/one-click`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://mail.example.com" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(404); // reached the app: that token does not exist
    const forged = await fetch(`${app.url}/subscribe?neighbourhood=sitwell`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example.com" },
      body: "email=victim%40example.net&neighbourhood=sitwell",
    });
    expect(forged.status).toBe(403);
  });
});
