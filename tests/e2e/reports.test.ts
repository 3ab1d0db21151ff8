// "How we're doing" and the monthly report in Chromium: axe on the chart
// pages, every chart's table matching the CSV figures and its picture, and a
// chair printing and publishing this month's report by keyboard.
import type { Browser, Page } from "playwright-core";
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

function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r\n/)
    .map((line) => {
      const cells: string[] = [];
      let cell = "";
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
          if (c === '"' && line[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ",") {
          cells.push(cell);
          cell = "";
        } else cell += c;
      }
      cells.push(cell);
      return cells;
    });
}

/** The table text a CSV number should appear as. */
function matches(text: string, csv: string, kind: "count" | "rate" | "median") {
  if (csv === "") return text.startsWith("too few to compare") || text === "not applicable";
  if (kind === "rate") return text.startsWith(`${Math.round(Number(csv))}%`);
  if (kind === "median") return text === `${Number(csv)} days`;
  return text === csv;
}

const KIND: Record<string, "count" | "rate" | "median"> = {
  tasksAcceptedOnTime: "rate",
  actionPlansOnTime: "rate",
  medianDaysToAccept: "median",
  medianDaysToComplete: "median",
};

async function chartTables(page: Page) {
  return page.$$eval("figure[data-chart]", (figures) =>
    figures.map((figure) => ({
      measure: figure.getAttribute("data-chart") ?? "",
      markers: figure.querySelectorAll("svg[role=img] circle, svg[role=img] rect, svg[role=img] polygon")
        .length,
      hasSummary: (figure.querySelector("p")?.textContent ?? "").length > 20,
      rows: [...figure.querySelectorAll("tbody tr")].map((tr) => ({
        area: tr.querySelector("th")?.textContent ?? "",
        cells: [...tr.querySelectorAll("td[data-month]")].map((td) => ({
          month: td.getAttribute("data-month") ?? "",
          text: td.textContent ?? "",
        })),
      })),
    })),
  );
}

describe("How we're doing in Chromium", () => {
  it("the borough page passes axe and every chart has a summary and a table", async () => {
    const page = await newPage(browser);
    const response = await page.goto(`${app.url}/how-were-doing`);
    expect(response?.status()).toBe(200);
    await expectNoAxeViolations(page);
    const charts = await chartTables(page);
    expect(charts.length).toBeGreaterThanOrEqual(6);
    for (const chart of charts) {
      expect(chart.hasSummary, chart.measure).toBe(true);
      expect(chart.rows.length, chart.measure).toBeGreaterThan(0);
    }
  });

  it("an assembly's charts show the same figures as their tables and the CSV", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/how-were-doing/rotherham-south`);
    await expectNoAxeViolations(page);
    const csv = parseCsv(
      await (await fetch(`${app.url}/how-were-doing.csv?assembly=rotherham-south`)).text(),
    );
    const [header, ...rows] = csv;
    const charts = await chartTables(page);
    expect(charts.length).toBe(6);
    let compared = 0;
    for (const chart of charts) {
      // CSV headers are snake_case (priorities_agreed); chart ids are the measures' names.
      const column = header.indexOf(chart.measure.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
      expect(column, chart.measure).toBeGreaterThan(0);
      let plotted = 0;
      for (const row of chart.rows) {
        expect(row.cells).toHaveLength(12);
        for (const cell of row.cells) {
          const line = rows.find((r) => r[0] === "neighbourhood" && r[1] === row.area && r[4] === cell.month);
          expect(line, `${row.area} ${cell.month}`).toBeDefined();
          const value = line?.[column] ?? "";
          expect(
            matches(cell.text, value, KIND[chart.measure] ?? "count"),
            `${chart.measure} ${row.area} ${cell.month}: "${cell.text}" vs ${value}`,
          ).toBe(true);
          if (value !== "") plotted += 1;
          compared += 1;
        }
      }
      // The picture has one marker per plotted value (the key is a separate, hidden picture).
      expect(chart.markers, chart.measure).toBe(plotted);
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("works at 360 pixels wide with JavaScript off", async () => {
    const page = await newPage(browser, { width: 360, javaScript: false });
    await page.goto(`${app.url}/how-were-doing/rotherham-south`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Rotherham South");
  });
});

describe("the monthly report in Chromium", () => {
  it("a chair opens this month's report, prints it, and publishes it by keyboard", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/login?returnTo=/reports`);
    await tabTo(page, "input#email");
    await page.keyboard.type("chair@example.org");
    await page.keyboard.press("Tab");
    await page.keyboard.type("pact-demo-2026");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/reports$/);
    await page.getByRole("heading", { level: 1, name: "Monthly reports" }).waitFor();
    await expectNoAxeViolations(page);

    const first = page.locator('a[href*="/draft"]').first();
    const href = (await first.getAttribute("href")) ?? "";
    await page.goto(`${app.url}${href}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.locator("h1").textContent()).toContain("monthly report");
    await expectNoAxeViolations(page);

    // On paper: no navigation and no publish button.
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("button", { name: /Publish/ }).isVisible()).toBe(false);
    expect(await page.getByRole("heading", { name: "Areas of concern" }).isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });

    // Publishing (after the report) says what becomes public, and needs the box ticked first.
    await page.getByRole("heading", { name: "What will become public" }).waitFor();
    await tabTo(page, 'a[href="#publish-heading"]');
    await page.keyboard.press("Enter");
    await tabTo(page, "button.button");
    await page.keyboard.press("Enter");
    await page.getByText("Tick the box to confirm").first().waitFor();
    await expectNoAxeViolations(page);
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("confirm");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByText("Published on").waitFor();
    const publicUrl = href.replace(/\/draft$/, "");
    const reader = await newPage(browser);
    const response = await reader.goto(`${app.url}${publicUrl}`);
    expect(response?.status()).toBe(200);
    expect(await reader.content()).not.toContain("Partners only");
    await expectNoAxeViolations(reader);
  }, 120_000);
});
