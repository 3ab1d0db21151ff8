import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CapturedMail,
  DEMO_PASSWORD,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  type RunningApp,
  startApp,
  waitForMail,
} from "./support";

// Whole journeys, with axe on every page, on a shared two-core machine.
const JOURNEY_MS = 240_000;
const PRIORITY = "Youths causing damage at Maynard Road play area";
// The agency's shared inbox, read by its members (tradingstandards@example.org in the demo).
const INBOX = "tradingstandards@council.example.org";
const KEPT = "E-mail journey: test purchases near the play area";
const REFUSED = "E-mail journey: licence check at the corner shop";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp({ timeoutMs: 180_000 });
  browser = await launchBrowser();
}, 200_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

type Mail = CapturedMail;

/** Waits for the outbox worker to write a message to `to` whose subject matches. */
const mailTo = (to: string, subject: RegExp): Promise<Mail> =>
  waitForMail(
    app,
    (mail) => mail.to === to && subject.test(mail.subject),
    `to ${to} matching ${subject}`,
    30_000,
  );

/** The first link in the e-mail's HTML part (its call to action). */
function firstLink(mail: Mail) {
  const href = mail.html.match(/href="([^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
  if (!href) throw new Error(`No link in “${mail.subject}”`);
  expect(mail.text).toContain(href);
  return href;
}

/** Fits a 360 px screen with nothing scrolling sideways, and passes axe. */
async function checkPage(page: Page) {
  await page.waitForLoadState("networkidle");
  const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
  expect(width, `${page.url()} is ${width} px wide`).toBeLessThanOrEqual(360);
  await expectNoAxeViolations(page);
}

/** Fills in the sign-in form the page is showing (the app sent this person there). */
async function fillSignIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Chooses the option whose words match (agency names may gain a suffix). */
async function choose(page: Page, select: string, words: RegExp) {
  const options = await page.locator(`${select} option`).allTextContents();
  const label = options.find((o) => words.test(o));
  if (!label) throw new Error(`No option matching ${words} in ${select}: ${options.join(", ")}`);
  await page.selectOption(select, { label });
}

async function phone() {
  return newPage(browser, { width: 360 });
}

describe("the chair offers two tasks to Trading Standards", () => {
  it(
    "offers them from the priority's page",
    async () => {
      const chair = await phone();
      await chair.goto(`${app.url}/login`);
      await fillSignIn(chair, "chair@example.org");
      await chair.waitForURL(/\/chair\/\d+$/);
      await checkPage(chair);
      await chair.getByRole("link", { name: PRIORITY }).first().click();
      await chair.waitForURL(/\/chair\/priorities\/\d+$/);
      const priorityUrl = chair.url();
      for (const title of [KEPT, REFUSED]) {
        await chair.goto(priorityUrl);
        await chair.getByRole("link", { name: "Offer a task" }).click();
        await chair.waitForURL(/\/tasks\/new$/);
        await checkPage(chair);
        await choose(chair, "#agencyId", /^Trading Standards/);
        await chair.fill("#title", title);
        await chair.fill("#ask", "Please look into this before the next meeting.");
        await chair.locator('main button[type="submit"]').click();
        await chair.waitForURL(/saved=offered$/);
      }
      await chair.context().close();
    },
    JOURNEY_MS,
  );
});

describe("a partner works a task from the e-mail that offered it", () => {
  let partner: Page;

  it("opens the offered task from the e-mail, signs in and lands on the task with its accept-by date", async () => {
    const mail = await mailTo(INBOX, new RegExp(KEPT));
    partner = await phone();
    await partner.goto(firstLink(mail));
    await partner.waitForURL(/\/login/);
    await checkPage(partner);
    await fillSignIn(partner, "tradingstandards@example.org");
    await partner.waitForURL(/\/tasks\/\d+$/);
    await partner.getByRole("heading", { level: 1, name: KEPT }).waitFor();
    expect(await partner.textContent("main")).toContain("Accept or decline by:");
    await checkPage(partner);
  });

  it(
    "accepts, posts an update with a figure, and records the outcome",
    async () => {
      await partner.getByRole("link", { name: "Accept the task" }).click();
      await partner.locator("#actionPlan").waitFor();
      await checkPage(partner);
      await partner.fill("#actionPlan", "Two test purchases in the next fortnight.");
      await partner.locator('main button[type="submit"]').click();
      await partner.getByText("You accepted the task.").waitFor();
      await checkPage(partner);

      await partner.getByRole("link", { name: "Post an update" }).click();
      await partner.locator("#body").waitFor();
      await checkPage(partner);
      await partner.fill("#body", "Both test purchases were refused at the till.");
      await partner.check('input[name="visibility"][value="partners_only"]');
      await partner.fill("#figure-0-label", "test purchases");
      await partner.fill("#figure-0-value", "2");
      await partner.locator('main button[value="preview"]').click();
      await partner.getByText("Your update is posted.").waitFor();
      await checkPage(partner);

      await partner.getByRole("link", { name: "Record the outcome" }).click();
      await partner.locator("#outcomeSummary").waitFor();
      await checkPage(partner);
      await partner.fill("#outcomeSummary", "No sales to under-18s found in two test purchases.");
      await partner.check("#residentsAsked");
      await partner.fill("#residentsSaid", "Shopkeepers said the checks reassured them.");
      await partner.locator('main button[value="preview"]').click();
      await partner
        .getByText(/Check the public outcome|The task is done/)
        .first()
        .waitFor();
      if (await partner.locator('main button[value="publish"]').count()) {
        await checkPage(partner);
        await partner.locator('main button[value="publish"]').click();
      }
      await partner.getByText("The task is done and its outcome recorded.").waitFor();
      await checkPage(partner);
    },
    JOURNEY_MS,
  );

  it("declines the other task from its e-mail, suggesting another agency", async () => {
    const mail = await mailTo(INBOX, new RegExp(REFUSED));
    await partner.goto(firstLink(mail));
    await partner.getByRole("heading", { level: 1, name: REFUSED }).waitFor();
    await partner.getByRole("link", { name: "Decline the task" }).click();
    await partner.locator("#reason").waitFor();
    await checkPage(partner);
    await partner.fill("#reason", "Licensing is the council's licensing team, not us.");
    await choose(partner, "#suggestedAgencyId", /anti-social behaviour/);
    await partner.locator('main button[type="submit"]').click();
    await partner.getByText("You declined the task. The chair has been told.").waitFor();
    await checkPage(partner);
    await partner.context().close();
  });
});

describe("the chair decides on a declined task from the e-mail", () => {
  it("opens the decision page (not the partner's view), decides, and is back on the priority", async () => {
    const mail = await mailTo("chair@example.org", new RegExp(`Task declined.*${REFUSED}`));
    const link = firstLink(mail);
    expect(new URL(link).pathname).toMatch(/^\/chair\/tasks\/\d+$/);
    const chair = await phone();
    await chair.goto(link);
    await chair.waitForURL(/\/login/);
    await fillSignIn(chair, "chair@example.org");
    await chair.waitForURL(/\/chair\/tasks\/\d+$/);
    const crumbs = (await chair.locator('nav[aria-label="Breadcrumb"]').textContent()) ?? "";
    expect(crumbs).toContain("Rotherham South");
    expect(crumbs).toContain(PRIORITY);
    await checkPage(chair);
    await chair.getByRole("radio", { name: /as suggested/ }).check();
    await chair.getByRole("button", { name: "Save the decision" }).click();
    await chair.waitForURL(/\/chair\/priorities\/\d+\?saved=decided$/);
    await chair.getByText("Your decision on the declined task is saved.").waitFor();
    await checkPage(chair);
    await chair.context().close();
  });
});

describe("an administrator invites someone, who joins from the e-mail", () => {
  it(
    "invites, the invitee sets a password, and the people list shows their role",
    async () => {
      const admin = await phone();
      await admin.goto(`${app.url}/login`);
      await fillSignIn(admin, "admin@example.org");
      await admin.waitForURL(/\/admin$/);
      await checkPage(admin);
      await admin.goto(`${app.url}/admin/users/invite`);
      await checkPage(admin);
      await admin.fill("#email", "new.officer@example.org");
      await admin.fill("#name", "Nia Newcomer");
      await choose(admin, "#agencyId", /anti-social behaviour/);
      await admin.getByRole("button", { name: "Send the invitation" }).click();
      await admin.getByText("Invitation sent to new.officer@example.org.").waitFor();

      const invitee = await phone();
      await invitee.goto(firstLink(await mailTo("new.officer@example.org", /./)));
      await invitee
        .getByRole("heading", { level: 1, name: /Welcome to One Dialogue, Nia Newcomer/ })
        .waitFor();
      await checkPage(invitee);
      await invitee.fill("#password", "nia's long password");
      await invitee.fill("#confirm", "nia's long password");
      await invitee.getByRole("button", { name: "Set my password and sign in" }).click();
      // Signed in: the header (folded into "Menu" on a phone) names her.
      await invitee
        .locator('header a[href="/account"]', { hasText: "Nia Newcomer" })
        .first()
        .waitFor({ state: "attached" });
      await checkPage(invitee);
      await invitee.context().close();

      await admin.goto(`${app.url}/admin/users`);
      const row = admin.locator("tr", { hasText: "new.officer@example.org" });
      expect(await row.textContent()).toMatch(/anti-social behaviour/);
      expect(await row.textContent()).toContain("Active");
      expect(await row.textContent()).not.toContain("Trading Standards");
      await checkPage(admin);
      await admin.context().close();
    },
    JOURNEY_MS,
  );
});

describe("a coordinator invites someone who already has an account, who joins only by accepting", () => {
  it(
    "the invitation waits on the team page; the invitee signs in from the e-mail and accepts",
    async () => {
      const coordinator = await phone();
      await coordinator.goto(`${app.url}/login`);
      await fillSignIn(coordinator, "asb@example.org");
      await coordinator.waitForURL((url) => !url.pathname.startsWith("/login"));
      const team = await coordinator.locator('header a[href$="/members"]').first().getAttribute("href");
      await coordinator.goto(`${app.url}${team}`);
      await checkPage(coordinator);
      await coordinator.fill("#email", "police@example.org");
      await coordinator.fill("#name", "Pat Morgan");
      await coordinator.getByRole("button", { name: "Send the invitation" }).click();
      await coordinator.getByText("Invitation sent. They join the team when they accept it.").waitFor();
      const waiting = coordinator.locator("tr", { hasText: "police@example.org" });
      expect(await waiting.textContent()).toMatch(/Member.*Withdraw/);
      await checkPage(coordinator);

      const invitee = await phone();
      await invitee.goto(firstLink(await mailTo("police@example.org", /^Join .*anti-social behaviour/)));
      // Not signed in: the link asks for a sign-in, then comes back to the invitation.
      await invitee.waitForURL(/\/login\?returnTo=/);
      await fillSignIn(invitee, "police@example.org");
      await invitee
        .getByRole("heading", { level: 1, name: /^Join .*anti-social behaviour.* as a member\?$/ })
        .waitFor();
      await checkPage(invitee);
      await invitee.getByRole("button", { name: /^Accept and join/ }).click();
      await invitee.getByText(/^You have joined .*anti-social behaviour.* as a member\.$/).waitFor();
      await checkPage(invitee);
      await invitee.context().close();

      await coordinator.reload();
      await coordinator
        .getByRole("heading", { level: 2, name: "Invitations waiting for an answer" })
        .waitFor();
      const member = coordinator.locator("tr", { hasText: "police@example.org" });
      expect(await member.count()).toBe(1);
      expect(await member.textContent()).toContain("Sergeant Pat Morgan");
      expect(await member.textContent()).not.toContain("Withdraw");
      await checkPage(coordinator);
      await coordinator.context().close();
    },
    JOURNEY_MS,
  );
});
