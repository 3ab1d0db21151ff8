// "Has this got better where you live?" in a real browser: partners finish a
// priority's last public task, residents answer on its public page (with
// JavaScript and without), the counts appear from the fifth answer, and the
// chair sees them with the private comments. Every page passes axe.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  type RunningApp,
  signIn,
  startApp,
  tabTo,
} from "./support";

let app: RunningApp;
let browser: Browser;
let priorityPath = "";
let priorityId = "";

const COMMENT = "PRIVATE-COMMENT-MARKER: the cars have gone from the driveways.";

beforeAll(async () => {
  app = await startApp({ env: { JOBS: "off" } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** One resident, in a browser of their own, answers with JavaScript on or off. */
async function answer(label: string, javaScript: boolean) {
  const page = await newPage(browser, { javaScript });
  await page.goto(`${app.url}${priorityPath}`);
  await page.getByLabel(label, { exact: true }).check();
  await page.getByRole("button", { name: "Send your answer" }).click();
  await page.getByText(`Your answer is saved: ${label}.`).waitFor();
  await page.context().close();
}

describe("Has this got better? in Chromium", () => {
  it("is asked once the partners finish the priority's public work", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/neighbourhoods/boston-castle`);
    await page.getByRole("link", { name: "Obstructive parking on Queensway" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Obstructive parking on Queensway" }).waitFor();
    priorityPath = new URL(page.url()).pathname;
    priorityId = priorityPath.split("/").at(-1) ?? "";
    // Street Pride's enforcement is still in progress: nobody is asked yet.
    expect(await page.getByRole("heading", { name: "Has this got better where you live?" }).count()).toBe(0);
    await page.context().close();

    // An administrator records Street Pride's outcome.
    const admin = await newPage(browser);
    await signIn(admin, app, "admin@example.org", { returnTo: `/chair/priorities/${priorityId}` });
    const taskHref =
      (await admin
        .getByRole("link", { name: "Enforcement and a residents-only parking scheme" })
        .getAttribute("href")) ?? "";
    const taskId = taskHref.split("/").at(-1);
    await admin.goto(`${app.url}/tasks/${taskId}/complete`);
    await admin.fill(
      "#outcomeSummary",
      "Double yellow lines are in and enforced; the scheme starts next month.",
    );
    await admin.check("#residentsAsked-no");
    await admin.click('main button[value="preview"]');
    await admin.getByText("Check the public outcome").waitFor();
    await admin.click('main button[value="publish"]');
    await admin.getByText("The task is done and its outcome recorded.").waitFor();
    await admin.context().close();
  });

  it("a resident answers by keyboard, sees errors per field first, and can change the answer", async () => {
    const page = await newPage(browser, { width: 360 });
    await page.goto(`${app.url}${priorityPath}`);
    await page.getByRole("heading", { name: "Has this got better where you live?" }).waitFor();
    expect(await page.textContent("main")).toContain("Fewer than 5 answers so far.");
    await expectNoAxeViolations(page);

    await tabTo(page, "main button.button");
    await page.keyboard.press("Enter");
    await page.getByText("Choose better, no change, worse or not sure").first().waitFor();
    await expectNoAxeViolations(page);

    await tabTo(page, 'input[name="answer"]');
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    expect(await page.isChecked('input[value="better"]')).toBe(true);
    await tabTo(page, "textarea#comment");
    await page.keyboard.type(COMMENT);
    await tabTo(page, "main button.button");
    await page.keyboard.press("Enter");
    await page.getByText("Thank you. Your answer is saved: Better.").waitFor();
    await expectNoAxeViolations(page);

    // The same browser changes its mind: still one answer.
    await page.getByLabel("No change", { exact: true }).check();
    await page.getByRole("button", { name: "Change your answer" }).click();
    await page.getByText("Your answer is saved: No change.").waitFor();
    await page.getByLabel("Better", { exact: true }).check();
    await page.getByRole("button", { name: "Change your answer" }).click();
    await page.getByText("Your answer is saved: Better.").waitFor();
    await page.context().close();
  });

  it("works with JavaScript off, and shows the counts from the fifth answer, never the comment", async () => {
    await answer("Better", false);
    await answer("No change", false);
    await answer("Worse", false);
    // Four answers so far: still hidden.
    const before = await newPage(browser, { javaScript: false });
    await before.goto(`${app.url}${priorityPath}`);
    expect(await before.textContent("main")).toContain("Fewer than 5 answers so far.");
    await before.context().close();

    await answer("Not sure", false);
    const reader = await newPage(browser);
    // The shared page cache hears of the change within about a second.
    for (let attempt = 0; attempt < 20; attempt++) {
      await reader.goto(`${app.url}${priorityPath}`);
      if ((await reader.textContent("main"))?.includes("Better: 2")) break;
      await reader.waitForTimeout(250);
    }
    const text = (await reader.textContent("main")) ?? "";
    for (const line of ["Better: 2", "No change: 1", "Worse: 1", "Not sure: 1"]) expect(text).toContain(line);
    expect(await reader.content()).not.toContain("PRIVATE-COMMENT-MARKER");
    await expectNoAxeViolations(reader);
    await reader.context().close();
  });

  it("the chair sees the counts and the private comment, on the priority and its review", async () => {
    const page = await newPage(browser);
    await signIn(page, app, "chair@example.org", { returnTo: `/chair/priorities/${priorityId}` });
    const answers = page.getByRole("list", { name: "Residents’ answers" });
    expect(await answers.textContent()).toContain("Better: 2");
    expect(await page.getByRole("list", { name: "Residents’ private comments" }).textContent()).toContain(
      "PRIVATE-COMMENT-MARKER",
    );
    await expectNoAxeViolations(page);
    await page.goto(`${app.url}/chair/priorities/${priorityId}/review`);
    expect(await page.getByRole("list", { name: "Residents’ answers" }).textContent()).toContain(
      "Not sure: 1",
    );
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
