// A chair runs a meeting in a real browser with the keyboard only: signs in,
// schedules and records a meeting, enters three concerns, agrees a priority
// from two of them, offers tasks to two agencies and prints the pack. Every
// page passes axe; the public pack shows nothing partners-only.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, type RunningApp, startApp, tabTo } from "./support";

let app: RunningApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp({ env: { JOBS: "off" } });
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function press(selector: string, key = "Enter", max = 250) {
  await tabTo(page, selector, max);
  await page.keyboard.press(key);
}

async function typeInto(selector: string, text: string, max = 250) {
  await tabTo(page, selector, max);
  await page.keyboard.type(text);
}

/** Types a date into a native date field, segment by segment (the segment order follows the browser's language). */
async function typeDate(selector: string, [day, month, year]: string[]) {
  const iso = `${year}-${month}-${day}`;
  await tabTo(page, selector);
  await page.keyboard.type(`${month}${day}${year}`);
  if ((await page.inputValue(selector)) !== iso) {
    // Day first: back to the first segment and type again.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.type(`${day}${month}${year}`);
  }
  expect(await page.inputValue(selector)).toBe(iso);
}

async function settled(urlPattern: RegExp) {
  await page.waitForURL(urlPattern);
  await page.waitForLoadState("networkidle");
}

// Yesterday as a calendar day in the UK: today's UK date minus one day, not
// "now minus 24 hours" (which is two days back just after the clocks go forward).
const [todayDd, todayMm, todayYyyy] = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
})
  .format(new Date())
  .split("/")
  .map(Number);
const yesterday = new Date(Date.UTC(todayYyyy, todayMm - 1, todayDd - 1));
const ukDay = [
  String(yesterday.getUTCDate()).padStart(2, "0"),
  String(yesterday.getUTCMonth() + 1).padStart(2, "0"),
  String(yesterday.getUTCFullYear()),
]; // [dd, mm, yyyy]

describe("a chair runs a meeting with the keyboard only", () => {
  let meetingPath = "";
  let priorityPath = "";

  it("signs in and reaches the assembly's workspace", async () => {
    await page.goto(`${app.url}/login?returnTo=/chair`);
    await page.waitForLoadState("networkidle");
    await typeInto("#email", "chair@example.org");
    await typeInto("#password", "pact-demo-2026");
    await page.keyboard.press("Enter");
    // A chair of one assembly has nothing to choose: straight to its workspace.
    await settled(/\/chair\/\d+$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Rotherham South");
    await expectNoAxeViolations(page);
  });

  it("schedules yesterday's meeting and records it as held", async () => {
    await press('main a[href$="/meetings/new"]');
    await settled(/\/meetings\/new$/);
    await expectNoAxeViolations(page);
    await typeDate("#day", ukDay);
    await typeInto("#venue", "Herringthorpe Community Centre");
    await page.keyboard.press("Enter");
    await settled(/\/chair\/meetings\/\d+\?saved=scheduled$/);
    meetingPath = new URL(page.url()).pathname;
    await expectNoAxeViolations(page);

    await press(`main a[href="${meetingPath}/record"]`);
    await settled(/\/record$/);
    await expectNoAxeViolations(page);
    await typeInto("#attendance", "28");
    await typeInto("#publicSummary", "Residents raised motorbikes on the playing fields and bins left out.");
    await press('main form:has(input[name="intent"][value="record"]) button[type="submit"]');
    await settled(/saved=recorded$/);
    await expect(page.locator('[role="status"]').textContent()).resolves.toContain("recorded as held");
    await expectNoAxeViolations(page);
  });

  it("enters three concerns in a row without leaving the page", async () => {
    await press(`main a[href="${meetingPath}/concerns"]`);
    await settled(/\/concerns$/);
    await expectNoAxeViolations(page);
    const concerns = [
      ["Herringthorpe Playing Fields", "Motorbikes racing on the playing fields in the evenings."],
      ["Herringthorpe Valley Road", "Off-road bikes on the path beside the valley road."],
      ["Herringthorpe Avenue", "Bins left out on the pavement all week."],
    ];
    for (const [index, [location, wording]] of concerns.entries()) {
      if (index === 0) {
        await tabTo(page, "#neighbourhoodId");
        await page.keyboard.type("Herringthorpe");
        await page.keyboard.press("Tab");
        await page.keyboard.type("Anti");
      } else {
        // After each concern the form comes back empty, focused, with the same neighbourhood and category.
        await page.waitForFunction(() => document.activeElement?.id === "neighbourhoodId");
        expect(await page.inputValue("#location")).toBe("");
      }
      await typeInto("#location", location);
      await typeInto("#publicWording", wording);
      await press('main button[type="submit"]');
      await settled(new RegExp(`${meetingPath}/concerns\\?added=\\d+`));
      await page.locator("#raised-concerns > li").nth(index).waitFor();
      await expect(page.locator("#raised-concerns > li").count()).resolves.toBe(index + 1);
    }
    expect(await page.locator("#neighbourhoodId option:checked").textContent()).toBe("Herringthorpe");
    await expectNoAxeViolations(page);
  });

  it("agrees a priority from two of the concerns", async () => {
    await press(`main a[href="${meetingPath}/priorities/new"]`);
    await settled(/\/priorities\/new$/);
    await expectNoAxeViolations(page);
    // First the neighbourhood, then its concerns: the details are drafted from them.
    const [herringthorpe] = await page.$$eval('input[name="n"]', (radios) =>
      radios
        .filter((radio) => radio.parentElement?.textContent?.trim() === "Herringthorpe")
        .map((radio) => radio.getAttribute("value")),
    );
    // A radio group is one Tab stop: reach it, then move with the arrow keys.
    const chosen = `input[name="n"][value="${herringthorpe}"]`;
    await press('input[name="n"]', "Space", 250);
    for (let i = 0; i < 10 && !(await page.isChecked(chosen)); i++) await page.keyboard.press("ArrowDown");
    expect(await page.isChecked(chosen)).toBe(true);
    await press('main button[type="submit"]');
    await settled(/\/priorities\/new\?n=\d+$/);
    await expectNoAxeViolations(page);
    const ids = await page.$$eval('input[name="c"]', (boxes) =>
      boxes
        .filter((box) => /Motorbikes racing|Off-road bikes/.test(box.parentElement?.textContent ?? ""))
        .map((box) => box.getAttribute("value")),
    );
    expect(ids).toHaveLength(2);
    for (const id of ids) await press(`input[name="c"][value="${id}"]`, "Space");
    await press('main button[type="submit"]');
    await settled(/\/priorities\/new\?n=\d+&c=\d+&c=\d+$/);
    await expectNoAxeViolations(page);
    expect(await page.inputValue("#title")).toMatch(/^(Motorbikes racing|Off-road bikes)/);
    expect(await page.inputValue("#youSaid")).toContain("Motorbikes racing on the playing fields");
    await tabTo(page, "#title");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Nuisance motorbikes on Herringthorpe Playing Fields");
    await press('main button[type="submit"]');
    await settled(/\/chair\/priorities\/\d+\?saved=agreed$/);
    priorityPath = new URL(page.url()).pathname;
    // The address changes a moment before React shows the new page: wait for the heading.
    await expect
      .poll(() => page.locator("h1").textContent())
      .toBe("Nuisance motorbikes on Herringthorpe Playing Fields");
    await expectNoAxeViolations(page);
  });

  it("offers tasks to two agencies", async () => {
    const offers = [
      [
        "South Yorkshire Police neighbourhood",
        "Evening patrols for motorbikes",
        "Patrol the fields on weekday evenings.",
      ],
      [
        "Council anti",
        "Warning letters to known riders",
        "Write to the households of riders the police name.",
      ],
    ];
    for (const [agency, title, ask] of offers) {
      await press(`main a[href="${priorityPath}/tasks/new"]`);
      await settled(/\/tasks\/new$/);
      await expectNoAxeViolations(page);
      await tabTo(page, "#agencyId");
      await page.keyboard.type(agency);
      await typeInto("#title", title);
      await typeInto("#ask", ask);
      await press('main button[type="submit"]');
      await settled(/saved=offered$/);
    }
    // Client-side navigation renders just after the URL changes: wait for the content.
    await page
      .locator("main ul li a[href^='/chair/tasks/']", { hasText: "Warning letters to known riders" })
      .waitFor();
    const tasks = await page.locator("main ul li a[href^='/chair/tasks/']").allTextContents();
    expect(tasks).toEqual(["Evening patrols for motorbikes", "Warning letters to known riders"]);
    const agencies = await page.locator("main ul li").allTextContents();
    expect(agencies.join(" ")).toContain("South Yorkshire Police neighbourhood team");
    expect(agencies.join(" ")).toContain("Council anti-social behaviour team");
    await expectNoAxeViolations(page);
  });

  it("prints the meeting pack, and the public pack hides partners-only work", async () => {
    await press(`main a[href="${meetingPath}"]`);
    await settled(new RegExp(`${meetingPath}$`));
    await press(`main a[href="${meetingPath}/pack"]`);
    await settled(/\/pack$/);
    await expectNoAxeViolations(page);
    const pack = await page.locator("main").textContent();
    expect(pack).toContain("Welcome and introductions");
    expect(pack).toContain("Nuisance motorbikes on Herringthorpe Playing Fields");
    expect(pack).toContain("Evening patrols for motorbikes");
    expect(pack).toContain("Bins left out on the pavement all week.");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header").first().isVisible()).toBe(false);
    expect(await page.locator("button:text('Print the pack')").isVisible()).toBe(false);
    expect(await page.locator("h1").isVisible()).toBe(true);
    // On paper the partners' pack says so (and in every page's header and footer, from the print CSS).
    expect(await page.locator(".partners-banner").textContent()).toContain(
      "Partners only — not for public display",
    );
    expect(await page.locator(".partners-banner").isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await page.emulateMedia({ media: "screen" });

    const meetingId = meetingPath.split("/").at(-1);
    await page.goto(`${app.url}/meetings/${meetingId}/pack`);
    await expectNoAxeViolations(page);
    const publicPack = (await page.locator("main").textContent()) ?? "";
    expect(publicPack).toContain("Evening patrols for motorbikes");
    expect(publicPack).not.toContain("Partners only");
    // Concerns from the floor are not in the public pack until adopted into a priority.
    expect(publicPack).not.toContain("Bins left out on the pavement all week.");
  });
});
