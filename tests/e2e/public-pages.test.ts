import { createHash } from "node:crypto";
import zlib from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, newPage, type RunningApp, startApp, tabTo } from "./support";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("public pages in Chromium", () => {
  it("lists the seeded assemblies and reaches a neighbourhood by keyboard", async () => {
    const page = await newPage(browser);
    await page.goto(app.url);
    expect(await page.locator("h1").textContent()).toBe("Find your neighbourhood");
    for (const name of ["Rother Valley South", "Rotherham South", "Wentworth Valley"]) {
      expect(await page.getByRole("heading", { name, level: 3 }).count()).toBe(1);
    }
    await expectNoAxeViolations(page);

    await tabTo(page, 'a[href="/neighbourhoods/herringthorpe"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/neighbourhoods\/herringthorpe$/);
    // Client-side navigation renders in a transition, just after the URL changes.
    await page.getByRole("heading", { level: 1, name: "Herringthorpe" }).waitFor();
    expect(await page.locator("h1").textContent()).toBe("Herringthorpe");
    await expectNoAxeViolations(page);
  });

  it("shows current priorities with their status in words, with JavaScript off", async () => {
    const page = await newPage(browser, { javaScript: false });
    await page.goto(`${app.url}/neighbourhoods/sitwell`);
    const priority = page.getByRole("link", { name: "Youths causing damage at Maynard Road play area" });
    expect(await priority.count()).toBe(1);
    expect(await page.getByText("Being worked on").count()).toBeGreaterThan(0);
    // axe needs JavaScript in the page, so it checks the same page in a normal context.
    const checked = await newPage(browser);
    await checked.goto(`${app.url}/neighbourhoods/sitwell`);
    await expectNoAxeViolations(checked);
  });

  it("the skip link moves focus to the main content", async () => {
    const page = await newPage(browser);
    await page.goto(app.url);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to main content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main-content");
  });

  it("serves the accessibility statement, privacy notice, open data page and a 404 page without a stack trace", async () => {
    const page = await newPage(browser);
    await page.goto(app.url);
    await page.getByRole("navigation", { name: "Footer" }).getByRole("link", { name: "Open data" }).click();
    // Client-side navigation: the address changes a moment after the click.
    await page.waitForURL((url) => url.pathname === "/open-data");
    for (const [path, heading] of [
      ["/accessibility", "Accessibility statement"],
      ["/privacy", "Privacy notice"],
      ["/open-data", "Open data"],
    ]) {
      const response = await page.goto(`${app.url}${path}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator("h1").textContent()).toBe(heading);
      await expectNoAxeViolations(page);
    }
    const missing = await page.goto(`${app.url}/no-such-page`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Page not found");
    expect(await page.content()).not.toMatch(/at .*\.js:\d+/);
    await expectNoAxeViolations(page);
  });

  it("serves a cached page before the app, compressed, with a CSP of its scripts' hashes that lets them run", async () => {
    const url = `${app.url}/neighbourhoods/herringthorpe`;
    await fetch(url); // stores it
    const plain = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
    expect(plain.headers.get("x-page-cache")).toBe("hit");
    const html = await plain.text();
    const csp = plain.headers.get("content-security-policy") ?? "";
    expect(csp).not.toContain("'nonce-");
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
      (m) => !/\bsrc=/.test(m[1]) && m[2],
    );
    expect(inline.length).toBeGreaterThan(0);
    for (const script of inline) {
      const hash = createHash("sha256").update(script[2], "utf8").digest("base64");
      expect(csp).toContain(`'sha256-${hash}'`);
    }
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");

    const gzipped = await new Promise<{ encoding?: string; vary?: string; body: Buffer }>(
      (resolve, reject) => {
        import("node:http").then(({ get }) =>
          get(url, { headers: { "Accept-Encoding": "gzip" } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c) => chunks.push(c));
            res.on("end", () =>
              resolve({
                encoding: res.headers["content-encoding"],
                vary: res.headers.vary,
                body: Buffer.concat(chunks),
              }),
            );
          }).on("error", reject),
        );
      },
    );
    expect(gzipped.encoding).toBe("gzip");
    expect(gzipped.vary).toMatch(/Accept-Encoding/);
    expect(zlib.gunzipSync(gzipped.body).toString("utf8")).toBe(html);

    const etag = plain.headers.get("etag") ?? "";
    const notModified = await fetch(url, { headers: { "If-None-Match": etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("x-page-cache")).toBe("hit");
    expect(notModified.headers.get("content-security-policy")).toBeNull();
    // A conditional request for a page not in the cache still gets its 304, and the page
    // is rendered whole and kept, so the requests after it are answered from the cache.
    const other = `${url}?from=e2e`;
    const first = await fetch(other, { headers: { "If-None-Match": etag } });
    expect([first.status, first.headers.get("x-page-cache")]).toEqual([304, "miss"]);
    expect(first.headers.get("content-security-policy")).toBeNull();
    const second = await fetch(other, { headers: { "If-None-Match": etag } });
    expect([second.status, second.headers.get("x-page-cache")]).toEqual([304, "hit"]);
    const whole = await fetch(other, { headers: { "Accept-Encoding": "identity" } });
    expect([whole.status, whole.headers.get("x-page-cache")]).toEqual([200, "hit"]);
    const kept = await whole.text();
    expect(kept).toMatch(/<h1[^>]*>Herringthorpe<\/h1>[\s\S]*<\/html>/);
    // A tag that does not match gets the page.
    const stale = await fetch(`${url}?from=e2e-2`, { headers: { "If-None-Match": '"not-this-one"' } });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toMatch(/<h1[^>]*>Herringthorpe<\/h1>[\s\S]*<\/html>/);

    const page = await newPage(browser);
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") violations.push(message.text());
    });
    const response = await page.goto(url);
    expect(response?.headers()["x-page-cache"]).toBe("hit");
    // The scripts ran: the app hydrates, and a link navigates without loading a new document.
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await page.locator('main a[href^="/neighbourhoods/herringthorpe/"]').first().click();
    await page.waitForURL(/\/neighbourhoods\/herringthorpe\/.+/);
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(violations.filter((v) => /Content Security Policy/i.test(v))).toEqual([]);
  });
});
