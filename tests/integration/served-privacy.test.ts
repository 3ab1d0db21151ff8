// Privacy of what is SERVED (issue 16): the bytes the real Express app sends
// over HTTP to someone with no cookie, and the raw e-mails the outbox worker
// hands to a real SMTP server, are scanned for data that would leak if a
// publication rule broke. The public surface is not listed here: a crawl
// follows every same-origin link from the home page (and the links inside
// feeds, calendars, CSVs and open-data JSON), so a new public page is
// scanned without editing this test.
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/config/env.server";
import { requestSubscription, sendDailyDigests } from "~/domain/concerns/subscriptions";
import { drainOutbox, smtpTransport } from "~/integrations/mailer.server";
import * as t from "~db/schema";
import { loadDemo } from "../factories/demo";
import {
  addPrivateConcerns,
  addPrivateWork,
  PRIVATE,
  PUBLIC,
  publishThisMonthsReport,
} from "../factories/private-markers";
import { useTestDatabase } from "../setup/database";
import { type Harness, startHarness } from "../support/http-harness";
import { startSmtp } from "../support/smtp";

const test = useTestDatabase();
let app: Harness;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

const NOW = new Date();
const MARKERS = Object.values(PRIVATE);
/** The crawl stops here: a runaway (say, endless pagination) fails the test rather than hanging. */
const MAX_URLS = 3000;

type Served = { url: string; status: number; type: string; body: string };
const served: Served[] = [];
let references: { online: string; meeting: string };

/** Same-origin links in a served body: href/src/action attributes, and absolute URLs on the site's addresses. */
function linksIn(body: string, origins: string[]): string[] {
  const found: string[] = [];
  const decode = (value: string) =>
    value
      .replaceAll("&amp;", "&")
      .replaceAll("&#x2F;", "/")
      .replaceAll("\\u0026", "&")
      .replaceAll("\\/", "/");
  // A form's action too: a GET of it is the page that shows the form (a GET never changes anything).
  for (const [, value] of body.matchAll(/\b(?:href|src|action)\s*=\s*"([^"]*)"/g)) found.push(decode(value));
  for (const origin of origins) {
    const escaped = origin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const [value] of body.matchAll(new RegExp(`${escaped}/[^\\s"'<>\\\\,;)]*`, "g"))) {
      found.push(decode(value));
    }
  }
  const paths: string[] = [];
  for (const link of found) {
    let url: URL;
    try {
      url = new URL(link, "http://same.origin");
    } catch {
      continue;
    }
    const own = url.origin === "http://same.origin" || origins.includes(url.origin);
    if (!own || link.startsWith("//") || link.includes("{")) continue;
    if (url.pathname.startsWith("/assets/") || /^\/favicon\./.test(url.pathname)) continue;
    paths.push(url.pathname + url.search);
  }
  return paths;
}

/** Fetches every page reachable from `seeds` with no cookie, breadth first. */
async function crawl(seeds: string[]) {
  const origins = [app.url, new URL(env().PUBLIC_URL).origin];
  const queue = [...new Set(seeds)];
  const seen = new Set(queue);
  while (queue.length) {
    const path = queue.shift() as string;
    const response = await app.fetch(path);
    const text = await response.text();
    // iCalendar folds long lines (a URL can be split over two): unfold before looking for links.
    const body = (response.headers.get("content-type") ?? "").startsWith("text/calendar")
      ? text.replace(/\r?\n[ \t]/g, "")
      : text;
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
    served.push({
      url: path,
      status: response.status,
      type: response.headers.get("content-type") ?? "",
      body: `${headers}\n\n${body}`,
    });
    const location = response.headers.get("location");
    for (const next of [
      ...linksIn(body, origins),
      ...(location ? linksIn(`href="${location}"`, origins) : []),
    ]) {
      if (seen.has(next)) continue;
      seen.add(next);
      if (seen.size > MAX_URLS) throw new Error(`the crawl found more than ${MAX_URLS} URLs`);
      queue.push(next);
    }
  }
}

/** Every raw message the SMTP server received, with its text decoded (quoted-printable, base64, headers). */
async function decodedMail() {
  return Promise.all(
    smtp.received.map(async (message) => {
      const parsed = await simpleParser(message.raw);
      const headers = [...parsed.headerLines].map((line) => line.line).join("\n");
      const text = [
        parsed.subject ?? "",
        parsed.text ?? "",
        typeof parsed.html === "string" ? parsed.html : "",
      ];
      return {
        to: message.to,
        subject: parsed.subject ?? "",
        raw: message.raw,
        decoded: [headers, ...text].join("\n"),
      };
    }),
  );
}

beforeAll(async () => {
  await loadDemo(test.db, NOW);
  smtp = await startSmtp();
  app = await startHarness();
  const transport = smtpTransport(smtp.url);

  // A resident subscribes to Sitwell, and confirms through the link in the e-mail, as a person would.
  await requestSubscription(
    { email: PRIVATE.subscriber, neighbourhood: "sitwell", address: "192.0.2.44", baseUrl: app.url },
    { now: NOW },
  );
  await drainOutbox({ transport });
  const [confirmation] = await decodedMail();
  const confirmPath = new RegExp(`${app.url}(/subscriptions/confirm/[A-Za-z0-9_-]+)`).exec(
    confirmation.decoded,
  )?.[1];
  expect(confirmPath).toBeTruthy();
  expect((await app.post(confirmPath as string, {})).status).toBe(200);

  // Then the work and the concerns that would leak, and this month's report on them.
  // (After the confirmation, which the route stamped with the real clock: the digest sends what is newer.)
  const later = new Date();
  await addPrivateWork(test.db, later);
  references = await addPrivateConcerns(test.db, later);
  await publishThisMonthsReport(test.db, later);

  // Tomorrow morning's digest to the subscriber, and every e-mail the actions queued, to the SMTP server.
  const digestAt = new Date(NOW.getTime() + 86_400_000);
  digestAt.setUTCHours(11, 0, 0, 0);
  expect((await sendDailyDigests({ baseUrl: app.url, now: digestAt })).queued).toBe(1);
  await drainOutbox({ transport, now: digestAt });
  transport.close?.();

  const neighbourhoods = await test.db.select().from(t.neighbourhoods);
  await crawl([
    "/",
    // Where the crawl might not reach by links alone: the open data and a resident's own look-up.
    "/open-data",
    "/api/v1/openapi.json",
    "/api/v1/neighbourhoods?per_page=100",
    ...neighbourhoods.map((n) => `/neighbourhoods/${n.slug}/concerns`),
    // The police.uk-shaped API is for machines that know the ids; nothing links to it.
    ...neighbourhoods
      .filter((n) => n.policeForceId && n.policeNeighbourhoodId)
      .map(
        (n) =>
          `/api/police-uk/${n.policeForceId}/${encodeURIComponent(n.policeNeighbourhoodId ?? "")}/priorities`,
      ),
    // Every concern's look-up by its reference (the resident has it; the lists need not link it).
    ...(await test.db.select({ reference: t.concerns.reference }).from(t.concerns)).map(
      (c) => `/concerns/${c.reference}`,
    ),
  ]);
}, 600_000);

afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

describe("what the app serves to the public, over HTTP", () => {
  it("the crawl reached every kind of public surface", () => {
    const ok = served.filter((s) => s.status === 200);
    const reached = (pattern: RegExp) => ok.filter((s) => pattern.test(s.url)).length;
    expect(ok.length).toBeGreaterThan(150);
    expect(reached(/^\/$/)).toBe(1);
    expect(reached(/^\/neighbourhoods\/[^/]+$/)).toBeGreaterThanOrEqual(4);
    expect(reached(/^\/neighbourhoods\/[^/]+\/priorities\/\d+$/)).toBeGreaterThanOrEqual(3);
    expect(reached(/^\/neighbourhoods\/[^/]+\/archive/)).toBeGreaterThanOrEqual(4);
    expect(reached(/^\/neighbourhoods\/[^/]+\/concerns(\?|$)/)).toBeGreaterThanOrEqual(4);
    expect(reached(/^\/concerns\/[^/?]+$/)).toBeGreaterThanOrEqual(5);
    expect(reached(/^\/meetings\/\d+$/)).toBeGreaterThanOrEqual(2);
    expect(reached(/^\/reports\/[^/]+\/\d{4}-\d{2}$/)).toBeGreaterThanOrEqual(1);
    expect(reached(/^\/how-were-doing/)).toBeGreaterThanOrEqual(2);
    expect(reached(/^\/how-were-doing\.csv/)).toBeGreaterThanOrEqual(1);
    expect(reached(/^\/open-data$/)).toBe(1);
    expect(reached(/^\/subscribe\?/)).toBeGreaterThanOrEqual(4);
    expect(reached(/\/feed\.atom$/)).toBeGreaterThanOrEqual(4);
    expect(reached(/\/meetings\.ics$/)).toBeGreaterThanOrEqual(4);
    expect(reached(/\/priorities\.csv$/)).toBeGreaterThanOrEqual(4);
    expect(reached(/^\/api\/v1\/openapi\.json$/)).toBe(1);
    expect(reached(/^\/api\/v1\/neighbourhoods\/[^/]+\/priorities/)).toBeGreaterThanOrEqual(4);
    expect(reached(/^\/api\/v1\/priorities\/\d+$/)).toBeGreaterThanOrEqual(3);
    expect(reached(/^\/api\/v1\/meetings\/\d+$/)).toBeGreaterThanOrEqual(2);
    expect(reached(/^\/api\/police-uk\//)).toBeGreaterThanOrEqual(1);
    console.info(`served-privacy: the crawl fetched ${served.length} URLs (${ok.length} answered 200)`);
  });

  it("nothing served carries a resident's details, partners-only or youth offending work, safeguarding text, a concern's original words, a declined or withdrawn task, or a staff e-mail", () => {
    const leaks = served.flatMap((s) =>
      MARKERS.filter((marker) => s.body.includes(marker)).map((marker) => `"${marker}" in ${s.url}`),
    );
    expect(leaks).toEqual([]);
    // Nothing failed or was missing either: an error page would hide what the page would have shown.
    expect(served.filter((s) => s.status >= 400).map((s) => `${s.status} ${s.url}`)).toEqual([]);
  });

  it("the scan is real: the public text of the same work is served, in pages, feeds and open data", () => {
    const carrying = (marker: string) => served.filter((s) => s.body.includes(marker)).map((s) => s.url);
    const update = carrying(PUBLIC.update);
    expect(update.some((url) => /^\/neighbourhoods\/sitwell\/priorities\/\d+$/.test(url))).toBe(true);
    expect(update).toContain("/neighbourhoods/sitwell/feed.atom");
    expect(update.some((url) => /^\/api\/v1\/priorities\/\d+$/.test(url))).toBe(true);
    expect(carrying(PUBLIC.onlineWording)).toContain("/neighbourhoods/sitwell/concerns");
    expect(carrying(PUBLIC.answer)).toContain(`/concerns/${references.online}`);
    expect(carrying(PUBLIC.meetingWording)).toContain(`/concerns/${references.meeting}`);
  });
});

describe("what the app mails to the public, as received by the SMTP server", () => {
  it("e-mails to residents carry only their own address, never another's details or private work", async () => {
    // Staff: people with accounts, and the agencies' team inboxes.
    const staff = new Set(
      [
        ...(await test.db.select({ email: t.users.email }).from(t.users)),
        ...(await test.db.select({ email: t.agencies.inboxEmail }).from(t.agencies)),
      ].map((row) => row.email.toLowerCase()),
    );
    const toPublic = (await decodedMail()).filter((m) => m.to.every((to) => !staff.has(to.toLowerCase())));
    const recipients = new Set(toPublic.flatMap((m) => m.to));
    expect([...recipients].sort()).toEqual(
      [PRIVATE.meetingEmail, PRIVATE.onlineEmail, PRIVATE.subscriber].sort(),
    );
    // The acknowledgements, the decision reply, the confirmation and the digest all arrived.
    expect(toPublic.length).toBeGreaterThanOrEqual(5);
    const leaks = toPublic.flatMap((message) =>
      MARKERS.filter((marker) => !message.to.includes(marker))
        .filter((marker) => message.decoded.includes(marker) || message.raw.includes(marker))
        .map((marker) => `"${marker}" in "${message.subject}" to ${message.to.join(", ")}`),
    );
    expect(leaks).toEqual([]);
    // The scan is real: the digest decoded carries the public update, the reply its public answer.
    const digest = toPublic.filter(
      (m) => m.to.includes(PRIVATE.subscriber) && m.decoded.includes(PUBLIC.update),
    );
    expect(digest).toHaveLength(1);
    expect(
      toPublic.some((m) => m.to.includes(PRIVATE.onlineEmail) && m.decoded.includes(PUBLIC.answer)),
    ).toBe(true);
  });
});
