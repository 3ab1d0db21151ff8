// A trading standards officer on a phone (360 px wide) works a task from start
// to finish in a real browser against the built app: accept, a public update
// with figures (checked before it is published), a partners-only note, the
// outcome. The public priority page then shows the public parts and none of
// the private ones. Every page passes axe; the main steps are done with the keyboard.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, newPage, type RunningApp, startApp, tabTo } from "./support";

let app: RunningApp;
let browser: Browser;
let page: Page;

const PUBLIC_UPDATE = "Visited the shops near the play area about age-restricted sales.";
const PRIVATE_NOTE = "Shopkeeper named the older brother as the buyer; passed to the YOT.";
const OUTCOME = "All the shops near the play area now ask for ID; none sold on re-test.";

beforeAll(async () => {
  app = await startApp({ env: { JOBS: "off" } });
  browser = await launchBrowser();
  page = await newPage(browser, { width: 360 });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function fitsTheScreen() {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `horizontal scrolling on ${page.url()}`).toBeLessThanOrEqual(360);
}

async function checkPage() {
  await expectNoAxeViolations(page);
  await fitsTheScreen();
}

/** Moves to the element with the Tab key, presses Enter, and waits until `ready` text is on the page. */
async function keyboardActivate(selector: string, ready: string | RegExp) {
  await tabTo(page, selector, 200);
  await page.keyboard.press("Enter");
  await page.locator("main").getByText(ready).first().waitFor({ timeout: 15_000 });
}

describe("a partner works a task at 360 px", () => {
  it("signs in and finds the offered task in the inbox", async () => {
    await page.goto(`${app.url}/partner`);
    await page.waitForURL(/\/login/);
    await page.fill("#email", "tradingstandards@example.org");
    await page.fill("#password", "pact-demo-2026");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/partner/);
    await page.waitForLoadState("networkidle");
    expect(await page.textContent("h1")).toContain("Task inbox");
    expect(await page.textContent("main")).toContain("Check shops for sales of alcohol and nitrous oxide");
    await checkPage();
  });

  it("opens the task and accepts it with the keyboard", async () => {
    const href = await page.getAttribute(
      'main a:text("Check shops for sales of alcohol and nitrous oxide")',
      "href",
    );
    await keyboardActivate(`main a[href="${href}"]`, "What residents said");
    expect(page.url()).toMatch(/\/tasks\/\d+$/);
    const main = await page.textContent("main");
    expect(main).toContain("What residents said");
    expect(main).toContain("Older youths gather in the Maynard Road play area");
    // Other agencies' work on the priority, including partners-only notes (trading standards has a task on it).
    expect(main).toContain("ABC signed by K.T.");
    await checkPage();
    await keyboardActivate('main a[href$="/accept"]', "Who will do it");
    await page.locator("#actionPlan").waitFor();
    await checkPage();
    await page.fill("#actionPlan", "Visit the four shops nearest the play area within a fortnight.");
    await keyboardActivate('main button[type="submit"]', "You accepted the task.");
  });

  it("posts a public update with figures, checked before it is published", async () => {
    await keyboardActivate('main a[href$="/update"]', "What was done");
    await checkPage();
    await page.fill("#body", PUBLIC_UPDATE);
    await page.check('input[name="visibility"][value="public"]');
    await page.check("#markInProgress");
    // One figure row to start with; "Add another figure" brings the next.
    expect(await page.locator('input[name="figureLabel"]').count()).toBe(1);
    await page.fill("#figure-0-label", "premises visited");
    await page.fill("#figure-0-value", "4");
    await keyboardActivate('main button[value="add-figure"]', "Figure 2: what was counted");
    expect(await page.inputValue("#figure-0-label")).toBe("premises visited");
    expect(await page.inputValue("#body")).toBe(PUBLIC_UPDATE);
    await page.fill("#figure-1-label", "warning letters");
    await page.fill("#figure-1-value", "2");
    await keyboardActivate('main button[value="preview"]', "Check your public update");
    const preview = await page.textContent("main");
    expect(preview).toContain("Check your public update");
    expect(preview).toContain("must not name anyone");
    expect(preview).toContain(PUBLIC_UPDATE);
    await checkPage();
    await keyboardActivate('main button[value="publish"]', "Your update is posted.");
    const main = await page.textContent("main");
    expect(main).toContain("Your update is posted.");
    expect(main).toContain("In progress");
  });

  it("posts a partners-only note", async () => {
    await keyboardActivate('main a[href$="/update"]', "What was done");
    await page.fill("#body", PRIVATE_NOTE);
    await page.check('input[name="visibility"][value="partners_only"]');
    await keyboardActivate('main button[value="preview"]', "Your update is posted.");
    expect(await page.textContent("main")).toContain(PRIVATE_NOTE);
    await checkPage();
  });

  it("records the outcome, checked before it is published", async () => {
    await keyboardActivate('main a[href$="/complete"]', "What changed");
    await checkPage();
    // A missing answer is shown in the error summary, with the text kept.
    await page.fill("#outcomeSummary", OUTCOME);
    await keyboardActivate('main button[value="preview"]', "There is a problem");
    expect(await page.textContent("main")).toContain("Say whether residents were asked");
    expect(await page.inputValue("#outcomeSummary")).toBe(OUTCOME);
    await checkPage();
    await page.check("#residentsAsked");
    await page.fill("#figure-0-label", "test purchases");
    await page.fill("#figure-0-value", "4");
    await keyboardActivate('main button[value="preview"]', "Check the public outcome");
    await checkPage();
    await keyboardActivate('main button[value="publish"]', "The task is done and its outcome recorded.");
  });

  it("shows the public parts on the public priority page and none of the private ones", async () => {
    const href = await page.getAttribute('a:text("See the public page for this priority")', "href");
    expect(href).toMatch(/^\/neighbourhoods\/sitwell\/priorities\/\d+$/);
    const visitor = await newPage(browser, { width: 360 });
    await visitor.goto(`${app.url}${href}`);
    const text = (await visitor.textContent("main")) ?? "";
    expect(text).toContain(PUBLIC_UPDATE);
    expect(text).toContain("premises visited");
    expect(text).toContain(OUTCOME);
    expect(text).not.toContain(PRIVATE_NOTE);
    expect(text).not.toContain("Visit the four shops nearest the play area within a fortnight.");
    expect(text).not.toContain("Terry Stone");
    await expectNoAxeViolations(visitor);
    await visitor.context().close();
  });

  it("lets the officer choose digest mail", async () => {
    await page.goto(`${app.url}/partner/settings`);
    await checkPage();
    await page.check("#mailPreference-digest");
    await keyboardActivate('main button[type="submit"]', "Your choice is saved.");
    expect(await page.isChecked("#mailPreference-digest")).toBe(true);
  });

  it("checks public text before posting with JavaScript off too", async () => {
    const plain = await newPage(browser, { width: 360, javaScript: false });
    await plain.goto(`${app.url}/login?returnTo=/partner`);
    await plain.fill("#email", "police@example.org");
    await plain.fill("#password", "pact-demo-2026");
    await Promise.all([plain.waitForURL(/\/partner/), plain.click('main button[type="submit"]')]);
    await Promise.all([
      plain.waitForURL(/\/tasks\/\d+$/),
      plain.click('main a:text("Joint operation at the play area")'),
    ]);
    await Promise.all([plain.waitForURL(/\/update$/), plain.click('main a[href$="/update"]')]);
    await plain.fill("#body", "A second evening operation at the play area, with the youth offending team.");
    await plain.check('input[name="visibility"][value="public"]');
    await Promise.all([plain.waitForLoadState("load"), plain.click('main button[value="preview"]')]);
    expect(await plain.textContent("main")).toContain("Check your public update");
    expect(await plain.textContent("main")).toContain("must not name anyone");
    await Promise.all([plain.waitForURL(/done=update/), plain.click('main button[value="publish"]')]);
    expect(await plain.textContent("main")).toContain("Your update is posted.");
    await plain.context().close();
  });
});
