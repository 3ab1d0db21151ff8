// Follow by e-mail: double opt-in, a daily digest of public updates only to
// confirmed addresses, one-click unsubscribe (with List-Unsubscribe headers),
// and nothing that lets anyone learn or abuse someone else's address.
import { eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { requestSubscription, sendDailyDigests, ukMidnight } from "~/domain/concerns/subscriptions";
import * as subscribeRoute from "~/routes/subscribe";
import * as confirmRoute from "~/routes/subscriptions.confirm.$token";
import * as unsubscribePage from "~/routes/subscriptions.unsubscribe.$token._index";
import * as oneClick from "~/routes/subscriptions.unsubscribe.$token.one-click";
import { outboxMessages, subscriptions, taskUpdates } from "~db/schema";
import { buildAssembly, buildNeighbourhood, buildPriority } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = "http://localhost:3000";

/** 10am UTC (11am or 10am UK time) `days` days after today. */
function morning(days: number) {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(10, 0, 0, 0);
  return d;
}

async function call<T>(fn: () => T | Promise<T>) {
  try {
    return await fn();
  } catch (thrown) {
    return thrown;
  }
}

function form(fields: Record<string, string>) {
  return new URLSearchParams(fields);
}

async function subscribe(fields: Record<string, string>, address = "192.0.2.10", search = "") {
  const request = new Request(`${BASE}/subscribe${search}`, {
    method: "POST",
    body: form(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  return call(() =>
    subscribeRoute.action({ request, params: {}, context: { clientAddress: address } } as never),
  );
}

async function mailTo(address: string, template?: string) {
  const rows = await test.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, address));
  return rows.filter((m) => !template || m.template === template).sort((a, b) => a.id - b.id);
}

const confirmTokenFrom = (text: string) =>
  text.match(/\/subscriptions\/confirm\/([A-Za-z0-9_-]+)/)?.[1] as string;
const unsubscribeTokenFrom = (text: string) =>
  text.match(/\/subscriptions\/unsubscribe\/([A-Za-z0-9_-]+)/)?.[1] as string;

/** An update on the police's public task on the Maynard Road priority. */
async function publicUpdate(
  body: string,
  createdAt: Date,
  visibility: "public" | "partners_only" = "public",
) {
  await test.db.insert(taskUpdates).values({ taskId: ids.maynardTask, body, visibility, createdAt });
}

const MAYNARD = "Youths causing damage at Maynard Road play area";
const ADDRESS = "follower@example.net";

/** Neighbourhoods people sign up to follow, by slug. */
const NEIGHBOURHOODS = {
  sitwell: "Sitwell",
  keppel: "Keppel",
  wath: "Wath",
  swinton: "Swinton",
  hoober: "Hoober",
  maltby: "Maltby",
  wickersley: "Wickersley",
  rawmarsh: "Rawmarsh",
  dinnington: "Dinnington",
  herringthorpe: "Herringthorpe",
};
const neighbourhood: Record<string, number> = {};
const ids = { maynard: 0, maynardTask: 0, playingFields: 0 };

beforeAll(async () => {
  const assembly = await buildAssembly(test.db, { slug: "rotherham", name: "Rotherham" });
  for (const [slug, name] of Object.entries(NEIGHBOURHOODS)) {
    neighbourhood[slug] = (await buildNeighbourhood(test.db, { assemblyId: assembly.id, slug, name })).id;
  }
  // Sitwell's active priority: the police's public task, with no news yet.
  const maynard = await buildPriority(test.db, {
    neighbourhood: neighbourhood.sitwell,
    title: MAYNARD,
    tasks: [{ agency: { name: "South Yorkshire Police", kind: "police" }, status: "in_progress" }],
  });
  ids.maynard = maynard.priority.id;
  ids.maynardTask = maynard.taskIds[0];
  // Herringthorpe's priority, resolved two months ago.
  ids.playingFields = (
    await buildPriority(test.db, {
      neighbourhood: neighbourhood.herringthorpe,
      title: "Underage drinking on Herringthorpe Playing Fields",
      status: "resolved",
      agreedDaysAgo: 150,
      closedAt: new Date(Date.now() - 60 * DAY),
    })
  ).priority.id;
});

describe("subscribing, confirming, the digest and unsubscribing", () => {
  let confirmToken = "";

  it("signing up queues a confirmation e-mail and nothing else; the page does not repeat the address", async () => {
    const result = (await subscribe({ email: ADDRESS, neighbourhood: "sitwell" })) as Response;
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/subscribe?neighbourhood=sitwell&sent=1");
    const [confirmation, ...others] = await mailTo(ADDRESS);
    expect(others).toEqual([]);
    expect(confirmation.template).toBe("subscription-confirmation");
    expect(confirmation.subject).toBe("Confirm: updates about Sitwell");
    confirmToken = confirmTokenFrom(confirmation.text);
    expect(confirmation.html).toContain(`${BASE}/subscriptions/confirm/${confirmToken}`);
    const [row] = await test.db.select().from(subscriptions).where(eq(subscriptions.email, ADDRESS));
    expect(row.confirmedAt).toBeNull();
    // Only hashes of the links are stored.
    expect(JSON.stringify(row)).not.toContain(confirmToken);
    const page = await subscribeRoute.loader({
      request: new Request(`${BASE}/subscribe?neighbourhood=sitwell&sent=1`),
      params: {},
      context: {},
    } as never);
    expect(JSON.stringify(page)).not.toContain(ADDRESS);
  });

  it("an unconfirmed address gets no digest, however much news there is", async () => {
    await publicUpdate("Evening patrols doubled.", new Date(Date.now() + HOUR));
    const result = await sendDailyDigests({ baseUrl: BASE, now: morning(1) });
    expect(result.queued).toBe(0);
    expect(await mailTo(ADDRESS, "subscription-digest")).toEqual([]);
  });

  it("opening the link does not confirm by itself; pressing Confirm does", async () => {
    const shown = (await confirmRoute.loader({ params: { token: confirmToken } } as never)) as {
      data: { kind: string };
    };
    expect(shown.data.kind).toBe("confirmable");
    const [before] = await test.db.select().from(subscriptions).where(eq(subscriptions.email, ADDRESS));
    expect(before.confirmedAt).toBeNull();
    const done = (await confirmRoute.action({ params: { token: confirmToken } } as never)) as {
      data: { kind: string; name: string };
    };
    expect(done.data).toMatchObject({ kind: "confirmed", name: "Sitwell" });
    const [after] = await test.db.select().from(subscriptions).where(eq(subscriptions.email, ADDRESS));
    expect(after.confirmedAt).not.toBeNull();
    // Backdate the confirmation so the update written above counts as news.
    await test.db
      .update(subscriptions)
      .set({ confirmedAt: new Date(Date.now() - HOUR) })
      .where(eq(subscriptions.id, after.id));
  });

  it("a confirmed address gets one digest a day, of public updates only, with one-click unsubscribe headers", async () => {
    await publicUpdate("Names passed to the YOT.", new Date(Date.now() + 2 * HOUR), "partners_only");
    const first = await sendDailyDigests({ baseUrl: BASE, now: morning(1) });
    expect(first.queued).toBe(1);
    const again = await sendDailyDigests({ baseUrl: BASE, now: new Date(morning(1).getTime() + 3 * HOUR) });
    expect(again.queued).toBe(0);
    const [digest] = await mailTo(ADDRESS, "subscription-digest");
    expect(digest.subject).toBe("Sitwell: 1 new update");
    expect(digest.text).toContain("Evening patrols doubled.");
    expect(digest.text).not.toContain("Names passed to the YOT.");
    const unsubscribeToken = unsubscribeTokenFrom(digest.text);
    expect(digest.headers).toEqual({
      "List-Unsubscribe": `<${BASE}/subscriptions/unsubscribe/${unsubscribeToken}/one-click>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-Id": "<neighbourhood-sitwell.updates.localhost>",
    });
    expect(digest.dedupeKey).toMatch(/^digest:\d+:\d{4}-\d{2}-\d{2}$/);
  });

  it("no digest goes out before 7am, and none on a day without news", async () => {
    const early = new Date(ukMidnight(morning(2)).getTime() + 3 * HOUR);
    expect(await sendDailyDigests({ baseUrl: BASE, now: early })).toEqual({ checked: 0, queued: 0 });
    expect((await sendDailyDigests({ baseUrl: BASE, now: morning(2) })).queued).toBe(0);
  });

  it("the next digest holds only what is new since the last", async () => {
    await publicUpdate("Swings repaired.", new Date(morning(2).getTime() + HOUR));
    expect((await sendDailyDigests({ baseUrl: BASE, now: morning(3) })).queued).toBe(1);
    const digests = await mailTo(ADDRESS, "subscription-digest");
    expect(digests).toHaveLength(2);
    expect(digests[1].text).toContain("Swings repaired.");
    expect(digests[1].text).not.toContain("Evening patrols doubled.");
  });

  it("opening the link in the e-mail (a GET, as mail scanners do) changes nothing: it shows a button", async () => {
    const [digest] = await mailTo(ADDRESS, "subscription-digest");
    const token = unsubscribeTokenFrom(digest.text);
    const page = (await unsubscribePage.loader({ params: { token } } as never)) as {
      data: { name: string; unsubscribed: boolean };
    };
    expect(page.data).toMatchObject({ name: "Sitwell", unsubscribed: false });
    const redirected = (await call(() =>
      oneClick.loader({ params: { token }, request: new Request(`${BASE}/x`) } as never),
    )) as Response;
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("Location")).toBe(`/subscriptions/unsubscribe/${token}`);
    const [row] = await test.db.select().from(subscriptions).where(eq(subscriptions.email, ADDRESS));
    expect(row.unsubscribedAt).toBeNull();
  });

  it("the page's Unsubscribe button ends the subscription, and nothing more is sent", async () => {
    const [digest] = await mailTo(ADDRESS, "subscription-digest");
    const token = unsubscribeTokenFrom(digest.text);
    const done = (await unsubscribePage.action({ params: { token } } as never)) as {
      data: { name: string; unsubscribed: boolean };
    };
    expect(done.data).toMatchObject({ name: "Sitwell", unsubscribed: true });
    const [row] = await test.db.select().from(subscriptions).where(eq(subscriptions.email, ADDRESS));
    expect(row.unsubscribedAt).not.toBeNull();
    await publicUpdate("Contractor booked.", new Date(morning(3).getTime() + HOUR));
    expect((await sendDailyDigests({ baseUrl: BASE, now: morning(4) })).queued).toBe(0);
    // Opening the link again says so.
    const again = (await unsubscribePage.loader({ params: { token } } as never)) as {
      data: { unsubscribed: boolean };
    };
    expect(again.data.unsubscribed).toBe(true);
  });
});

describe("one-click unsubscribe (RFC 8058) and bad links", () => {
  it("a mail program's POST to the List-Unsubscribe address ends the subscription", async () => {
    const email = "oneclick@example.net";
    await requestSubscription({ email, neighbourhood: "keppel", address: "192.0.2.20", baseUrl: BASE });
    const [confirmation] = await mailTo(email);
    await confirmRoute.action({ params: { token: confirmTokenFrom(confirmation.text) } } as never);
    await test.db
      .update(subscriptions)
      .set({ confirmedAt: new Date(Date.now() - DAY) })
      .where(eq(subscriptions.email, email));
    await buildPriority(test.db, {
      neighbourhood: neighbourhood.keppel,
      title: "Keppel parking",
      agreedDaysAgo: 0,
    });
    await sendDailyDigests({ baseUrl: BASE, now: morning(1) });
    const [digest] = await mailTo(email, "subscription-digest");
    expect(digest.text).toContain("NEW PRIORITIES");
    const url = new URL(digest.headers["List-Unsubscribe"].slice(1, -1));
    const token = url.pathname.split("/")[3];
    const response = (await oneClick.action({
      request: new Request(url, { method: "POST", body: "List-Unsubscribe=One-Click" }),
      params: { token },
    } as never)) as Response;
    expect(response.status).toBe(200);
    const [row] = await test.db.select().from(subscriptions).where(eq(subscriptions.email, email));
    expect(row.unsubscribedAt).not.toBeNull();
  });

  it("made-up or mangled tokens are 404s", async () => {
    for (const token of ["nope", "A".repeat(43), "../../etc/passwd"]) {
      const confirm = (await call(() => confirmRoute.loader({ params: { token } } as never))) as Response;
      expect(confirm.status).toBe(404);
      const leave = (await call(() => unsubscribePage.loader({ params: { token } } as never))) as Response;
      expect(leave.status).toBe(404);
    }
  });

  it("a confirmation link stops working after 7 days", async () => {
    const email = "late@example.net";
    await requestSubscription(
      { email, neighbourhood: "wath", address: "192.0.2.30", baseUrl: BASE },
      { now: new Date(Date.now() - 8 * DAY) },
    );
    const [confirmation] = await mailTo(email);
    const done = (await confirmRoute.action({
      params: { token: confirmTokenFrom(confirmation.text) },
    } as never)) as {
      data: { kind: string };
    };
    expect(done.data.kind).toBe("expired");
    const [row] = await test.db.select().from(subscriptions).where(eq(subscriptions.email, email));
    expect(row.confirmedAt).toBeNull();
  });
});

describe("following one priority", () => {
  it("sends only that priority's updates", async () => {
    const email = "priority-follower@example.net";
    await requestSubscription({ email, priority: ids.maynard, address: "192.0.2.40", baseUrl: BASE });
    const [confirmation] = await mailTo(email);
    expect(confirmation.subject).toBe(
      "Confirm: updates about “Youths causing damage at Maynard Road play area” in Sitwell",
    );
    await confirmRoute.action({ params: { token: confirmTokenFrom(confirmation.text) } } as never);
    await test.db
      .update(subscriptions)
      .set({ confirmedAt: new Date(Date.now() - HOUR) })
      .where(eq(subscriptions.email, email));
    await buildPriority(test.db, {
      neighbourhood: neighbourhood.sitwell,
      title: "Another Sitwell priority",
      agreedDaysAgo: 0,
      tasks: [
        { agency: { name: "Streetpride" }, updates: [{ daysAgo: 0, body: "Not about Maynard Road." }] },
      ],
    });
    await publicUpdate("Maynard Road news.", new Date(Date.now() + HOUR));
    await sendDailyDigests({ baseUrl: BASE, now: morning(5) });
    const [digest] = await mailTo(email, "subscription-digest");
    expect(digest.text).toContain("Maynard Road news.");
    expect(digest.text).not.toContain("Not about Maynard Road.");
    expect(digest.text).not.toContain("Another Sitwell priority");
  });

  it("refuses to follow a closed priority, with a 400 and a message", async () => {
    const result = (await subscribe({ email: "x@example.net", priority: String(ids.playingFields) })) as {
      init: { status: number };
      data: { fieldErrors: { form: string[] } };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors.form[0]).toContain("closed");
  });
});

describe("keeping addresses no longer than needed", () => {
  it("forgets unconfirmed sign-ups once their link has expired, and ended ones after 30 days", async () => {
    const { purgeEndedSubscriptions } = await import("~/domain/concerns/subscriptions");
    const later = new Date(Date.now() + 40 * DAY);
    const kept = await test.db.select().from(subscriptions).where(isNull(subscriptions.unsubscribedAt));
    await purgeEndedSubscriptions(later);
    const left = await test.db.select().from(subscriptions);
    // What is left: confirmed and still following.
    expect(left.every((s) => s.confirmedAt && !s.unsubscribedAt)).toBe(true);
    expect(left.map((s) => s.id).sort()).toEqual(
      kept
        .filter((s) => s.confirmedAt)
        .map((s) => s.id)
        .sort(),
    );
    expect(left.some((s) => s.email === ADDRESS)).toBe(false);
  });
});

describe("abuse and mistakes", () => {
  it("a bad e-mail address gets the form back with a message, and nothing is saved", async () => {
    const before = await test.db.select().from(subscriptions);
    const result = (await subscribe({ email: "not an address", neighbourhood: "sitwell" })) as {
      init: { status: number };
      data: { fieldErrors: { email: string[] } };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors.email).toEqual(["Enter an e-mail address like name@example.com"]);
    expect(await test.db.select().from(subscriptions)).toHaveLength(before.length);
  });

  it("an address already subscribed gets the same answer and no second e-mail", async () => {
    const email = "twice@example.net";
    await requestSubscription({ email, neighbourhood: "rawmarsh", address: "192.0.2.50", baseUrl: BASE });
    const [confirmation] = await mailTo(email);
    await confirmRoute.action({ params: { token: confirmTokenFrom(confirmation.text) } } as never);
    const again = (await subscribe(
      { email: "TWICE@example.net", neighbourhood: "rawmarsh" },
      "192.0.2.51",
    )) as Response;
    expect(again.status).toBe(302);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it("nobody can flood someone's inbox: three confirmation e-mails a day to one address at most", async () => {
    const victim = "victim@example.net";
    for (const [i, slug] of ["wath", "swinton", "hoober", "maltby", "wickersley"].entries()) {
      const result = (await subscribe({ email: victim, neighbourhood: slug }, `198.51.100.${i}`)) as Response;
      expect(result.status).toBe(302);
    }
    expect(await mailTo(victim)).toHaveLength(3);
  });

  it("one address cannot sign up over and over: the eleventh in an hour gets a 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const result = (await subscribe(
        { email: `bulk${i}@example.net`, neighbourhood: "dinnington" },
        "203.0.113.77",
      )) as Response | { init: { status: number } };
      statuses.push(result instanceof Response ? result.status : result.init.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 302)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
