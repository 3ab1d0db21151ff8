import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  type RunningApp,
  startApp,
  waitForMail,
} from "./support";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  // Jobs on: the outbox worker delivers to MAIL_CAPTURE_DIR every few seconds.
  app = await startApp({ timeoutMs: 180_000 });
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const mailAbout = (reference: string) =>
  waitForMail(app, (mail) => mail.subject.includes(reference), `about ${reference}`, 60_000);

async function raiseConcern(page: Page, email: string, wording: string) {
  await page.goto(`${app.url}/neighbourhoods/sitwell/concerns/new`);
  await page.getByLabel("What is it about").selectOption({ label: "Anti-social behaviour" });
  await page.getByLabel("Where it happens").fill("Maynard Road play area");
  await page.getByLabel("What is the problem").fill(wording);
  await page.getByLabel("Your e-mail address").fill(email);
  await page.getByRole("button", { name: "Send the concern" }).click();
  await page.getByRole("heading", { name: "Thank you, we have your concern" }).waitFor();
  const reference = (await page.getByTestId("concern-reference").textContent())?.trim() ?? "";
  expect(reference).toMatch(/^RC-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return reference;
}

describe("a resident raises a concern online and follows it by its reference", () => {
  it("gets a reference, an acknowledgement that links to their concern, and finds it again by typing it", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/neighbourhoods/sitwell/concerns/new`);
    await expectNoAxeViolations(page);
    const reference = await raiseConcern(
      page,
      "e2e.resident@example.net",
      "Fires lit under the slide at night.",
    );
    await expectNoAxeViolations(page);

    const mail = await mailAbout(reference);
    expect(mail.to).toBe("e2e.resident@example.net");
    expect(mail.subject).toBe(`Your concern about Sitwell: reference ${reference}`);
    expect(mail.text).toContain(reference);
    expect(mail.html).toContain(reference);
    const link = mail.text.match(/http:\/\/localhost:\d+\/concerns\/[^\s>]+/)?.[0] ?? "";
    expect(link).toBe(`${app.url}/concerns/${reference}`);

    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["cache-control"]).toBe("private, no-store");
    await page.getByRole("heading", { name: `Your concern ${reference}` }).waitFor();
    expect(await page.locator("main").textContent()).toContain("Fires lit under the slide at night.");
    await expectNoAxeViolations(page);
    // The page with the resident's own words is never kept by the page cache.
    for (let n = 0; n < 2; n++) {
      const again = await fetch(link);
      expect(again.headers.get("x-page-cache")).not.toBe("hit");
      expect(again.headers.get("cache-control")).toBe("private, no-store");
    }

    await page.goto(`${app.url}/neighbourhoods/sitwell/concerns`);
    await page.getByRole("heading", { level: 1, name: "What you told us about Sitwell" }).waitFor();
    expect(await page.locator("main").textContent()).not.toContain("Fires lit under the slide at night.");
    await expectNoAxeViolations(page);
    await page
      .getByLabel("Your reference")
      .fill(reference.toLowerCase().replace("rc-", "").replace("-", " "));
    await page.getByRole("button", { name: "Find it" }).click();
    await page.waitForURL(`${app.url}/concerns/${reference}`);
    await page.getByRole("heading", { name: `Your concern ${reference}` }).waitFor();

    await page.goto(`${app.url}/concerns?reference=not-a-reference`);
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expectNoAxeViolations(page);
  }, 180_000);

  it("works the same with JavaScript off", async () => {
    const page = await newPage(browser, { javaScript: false });
    const reference = await raiseConcern(
      page,
      "js-off.resident@example.net",
      "Glass on the path every Sunday.",
    );
    await page.goto(`${app.url}/neighbourhoods/sitwell/concerns`);
    await page.getByLabel("Your reference").fill(reference);
    await page.getByRole("button", { name: "Find it" }).click();
    await page.waitForURL(`${app.url}/concerns/${reference}`);
    expect(await page.locator("main").textContent()).toContain("Glass on the path every Sunday.");
  });

  it("a meeting's page lists what was raised there, and the neighbourhood page links to the concerns page", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/neighbourhoods/sitwell`);
    await page.getByRole("link", { name: "What you told us, and what became of each concern" }).click();
    await page.waitForURL(`${app.url}/neighbourhoods/sitwell/concerns`);
    const meetingLink = page.locator("main ul li a[href^='/meetings/']").first();
    await meetingLink.click();
    await page.getByRole("heading", { name: "What you told us at this meeting" }).waitFor();
    await expectNoAxeViolations(page);
  });
});
