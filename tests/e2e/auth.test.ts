// Signing in and out in Chromium with the keyboard only; axe on the sign-in,
// invitation and admin pages; the security headers and cross-site refusal
// on the real server.
import fs from "node:fs";
import path from "node:path";
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

async function signInByKeyboard(page: Page, email: string, password: string) {
  await page.goto(`${app.url}/login`);
  await tabTo(page, "input#email");
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
}

describe("signing in and out", () => {
  it("signs in and out with the keyboard only", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/login`);
    await expectNoAxeViolations(page);
    await signInByKeyboard(page, "admin@example.org", "pact-demo-2026");
    await page.waitForURL(/\/admin$/);
    await page.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
    expect(await page.getByRole("link", { name: /Alex Admin/ }).count()).toBe(1);

    await tabTo(page, "header form[action='/logout'] button");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("link", { name: "Partner sign in" }).waitFor();
    // The old session is gone: the admin page asks to sign in again.
    await page.goto(`${app.url}/admin`);
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("shows a wrong password as an error summary that takes focus, and passes axe", async () => {
    const page = await newPage(browser);
    await signInByKeyboard(page, "chair@example.org", "not the password");
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/e-mail address or password is not right/);
    // The summary takes focus just after it renders (an effect): wait for that, then check it.
    await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "alert", null, {
      timeout: 5000,
    });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("alert");
    await expectNoAxeViolations(page);
  });

  it("signs in with JavaScript off and returns to the page that asked", async () => {
    const page = await newPage(browser, { javaScript: false });
    await page.goto(`${app.url}/admin/agencies`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.fill("#email", "admin@example.org");
    await page.fill("#password", "pact-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/admin\/agencies$/);
    expect(await page.locator("h1").textContent()).toBe("Agencies and community groups");
  });
});

describe("administration in the browser", () => {
  it("every admin page passes axe", async () => {
    const page = await newPage(browser);
    await signInByKeyboard(page, "admin@example.org", "pact-demo-2026");
    await page.waitForURL(/\/admin$/);
    for (const address of [
      "/admin",
      "/admin/assemblies",
      "/admin/assemblies/new",
      "/admin/neighbourhoods",
      "/admin/neighbourhoods/1",
      "/admin/agencies",
      "/admin/agencies/1",
      "/admin/categories",
      "/admin/categories/new",
      "/admin/bank-holidays",
      "/admin/users",
      "/admin/users/1",
      "/admin/users/invite",
      "/admin/audit",
      "/admin/outbox",
      "/account",
      "/agencies/1/members",
    ]) {
      await page.goto(`${app.url}${address}`);
      expect(await page.locator("h1").count(), address).toBe(1);
      await expectNoAxeViolations(page);
    }
  });

  it("invites someone, who accepts by the e-mailed link and is signed in", async () => {
    const admin = await newPage(browser);
    await signInByKeyboard(admin, "admin@example.org", "pact-demo-2026");
    await admin.waitForURL(/\/admin$/);
    await admin.goto(`${app.url}/admin/users/invite`);
    await admin.fill("#email", "invited.person@example.org");
    await admin.fill("#name", "Ivy Invited");
    await admin.selectOption("#agencyId", { index: 1 });
    await admin.getByRole("button", { name: "Send the invitation" }).click();
    await admin.getByText("Invitation sent to invited.person@example.org.").waitFor();

    // The outbox worker in the server writes the message to the capture folder.
    const mailDir = path.join(app.dataDir, "mail");
    let link = "";
    for (let i = 0; i < 100 && !link; i++) {
      const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir) : [];
      for (const file of files) {
        const message = JSON.parse(fs.readFileSync(path.join(mailDir, file), "utf8"));
        if (message.to === "invited.person@example.org")
          link = message.text.match(/http[^\s>]+\/invitations\/[^\s>]+/)?.[0] ?? "";
      }
      if (!link) await new Promise((r) => setTimeout(r, 200));
    }
    expect(link).toMatch(/\/invitations\//);

    const invited = await newPage(browser);
    await invited.goto(link);
    await invited.getByRole("heading", { level: 1, name: /Welcome to One Dialogue, Ivy Invited/ }).waitFor();
    await expectNoAxeViolations(invited);
    await invited.fill("#password", "ivy's long password");
    await invited.fill("#confirm", "ivy's long password");
    await invited.getByRole("button", { name: "Set my password and sign in" }).click();
    await invited.waitForURL((url) => url.pathname !== new URL(link).pathname);
    // The new page renders just after the URL changes (a client-side navigation).
    await invited.getByRole("link", { name: /Ivy Invited/ }).waitFor();
    expect(await invited.getByRole("link", { name: /Ivy Invited/ }).count()).toBe(1);

    // The link is single-use.
    const again = await newPage(browser);
    await again.goto(link);
    expect(await again.locator("h1").textContent()).toBe("This link cannot be used");
    await expectNoAxeViolations(again);
  });
});

describe("request safety on the real server", () => {
  it("sends a CSP whose nonce matches every inline script, and the other security headers", async () => {
    const response = await fetch(`${app.url}/login`);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBeTruthy();
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A new nonce for every response.
    const second = (await fetch(`${app.url}/login`)).headers.get("content-security-policy");
    expect(second).not.toBe(csp);
  });

  it("refuses a sign-in form posted from another site", async () => {
    const response = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: "email=admin%40example.org&password=pact-demo-2026",
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
    const same = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: "email=admin%40example.org&password=pact-demo-2026",
      redirect: "manual",
    });
    expect(same.status).toBe(302);
    expect(same.headers.get("set-cookie")).toMatch(/od_session=.*HttpOnly/i);
  });

  it("keeps a signed-in person's pages out of shared caches", async () => {
    const signIn = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: "email=chair%40example.org&password=pact-demo-2026",
      redirect: "manual",
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    const page = await fetch(`${app.url}/neighbourhoods/sitwell`, { headers: { Cookie: cookie } });
    expect(page.headers.get("cache-control")).toMatch(/private/);
    expect(await page.text()).toContain("Chris Chair");
    const anonymous = await fetch(`${app.url}/neighbourhoods/sitwell`);
    expect(await anonymous.text()).not.toContain("Chris Chair");
  });
});
