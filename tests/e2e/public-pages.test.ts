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

  it("serves the accessibility statement, privacy notice and a 404 page without a stack trace", async () => {
    const page = await newPage(browser);
    for (const [path, heading] of [
      ["/accessibility", "Accessibility statement"],
      ["/privacy", "Privacy notice"],
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
});
