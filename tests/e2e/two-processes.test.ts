// Two app processes share one PostgreSQL server and both run the background
// jobs: every queued e-mail reaches the SMTP server exactly once, and a change
// made anywhere reaches both processes' page caches and inbox figures.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtp } from "../support/smtp";
import { postgresServerReachable, type RunningApp, serverDatabase, startApp } from "./support";

const database = serverDatabase(`od_two_processes_${process.pid}`);

const reachable = await postgresServerReachable();

describe.runIf(reachable)("two app processes on one database", () => {
  let apps: RunningApp[] = [];
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let sql: postgres.Sql;
  const url = database.url;

  beforeAll(async () => {
    await database.create();
    smtp = await startSmtp();
    const env = {
      DATABASE_URL: url,
      SEED_DEMO: "1",
      SESSION_SECRET: "t".repeat(40),
      SMTP_URL: smtp.url,
      JOBS: "on",
    };
    // The first process migrates and seeds; the second starts on the ready database.
    apps = [await startApp({ env })];
    apps.push(await startApp({ env }));
    sql = postgres(url, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await sql?.end();
    await smtp?.close();
    await database.drop();
  });

  it("delivers 200 queued messages once each while both processes drain the outbox", async () => {
    await sql`
      insert into outbox_messages (template, to_address, subject, html, text)
      select 'test', 'person' || i || '@example.org', 'Message ' || i, '<p>' || i || '</p>', 'Text ' || i
      from generate_series(1, 200) i`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [{ waiting }] =
        await sql`select count(*)::int as waiting from outbox_messages where status <> 'sent'`;
      if (waiting === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const ours = smtp.received.filter((m) => m.to[0]?.startsWith("person"));
    expect(ours).toHaveLength(200);
    expect(new Set(ours.map((m) => m.to[0])).size).toBe(200);
    const [{ attempts }] =
      await sql`select max(attempts)::int as attempts from outbox_messages where template = 'test'`;
    expect(attempts).toBe(1);
  });

  it("empties both processes' page caches after a change made elsewhere, within about a second", async () => {
    const page = (app: RunningApp) =>
      fetch(`${app.url}/neighbourhoods/sitwell`).then(async (r) => ({
        cache: r.headers.get("x-page-cache"),
        body: await r.text(),
      }));
    for (const app of apps) {
      await page(app);
      expect((await page(app)).cache).toBe("hit");
    }
    const marker = `Changed elsewhere ${Date.now()}`;
    await sql`update neighbourhoods set description = ${marker} where slug = 'sitwell'`;
    // Each process reads the change counter once a second. Counted in requests 100 ms
    // apart: both show the change within 25 of them (about the 2.5 s the cache trusts
    // itself), while a cache that missed it would serve the old page for its 60 s lifetime.
    let polls = 0;
    for (const app of apps) {
      let seen = await page(app);
      while (!seen.body.includes(marker) && polls < 25) {
        await new Promise((r) => setTimeout(r, 100));
        polls++;
        seen = await page(app);
      }
      expect(seen.body).toContain(marker);
    }
  });

  it("drops only the pages a change in one neighbourhood reaches, in both processes", async () => {
    const page = (app: RunningApp, path: string) =>
      fetch(`${app.url}${path}`).then(async (r) => ({
        cache: r.headers.get("x-page-cache"),
        body: await r.text(),
      }));
    const [priority] = await sql`
      select p.id from priorities p join neighbourhoods n on n.id = p.neighbourhood_id
      where n.slug = 'sitwell' order by p.id limit 1`;
    const changed = `/neighbourhoods/sitwell/priorities/${priority.id}`;
    const elsewhere = "/neighbourhoods/keppel";
    for (const app of apps) {
      for (const path of [changed, elsewhere]) {
        await page(app, path);
        expect((await page(app, path)).cache, path).toBe("hit");
      }
    }
    const marker = `Renamed elsewhere ${Date.now()}`;
    await sql`update priorities set title = ${marker} where id = ${priority.id}`;
    for (const app of apps) {
      // Polled once a second: seen within a few polls (counted, not timed).
      let seen = await page(app, changed);
      for (let poll = 0; poll < 50 && !seen.body.includes(marker); poll++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await page(app, changed);
      }
      expect(seen.body).toContain(marker);
      // Answered with the previous copy while rebuilt once in the background, then kept again;
      // the other neighbourhood's page was never dropped.
      expect(seen.cache).toBe("hit");
      expect((await page(app, changed)).cache).toBe("hit");
      expect((await page(app, elsewhere)).cache).toBe("hit");
    }
  });

  it("shows someone who has just sent a form the change at once, from either process", async () => {
    const page = (app: RunningApp, cookie?: string) =>
      fetch(`${app.url}/neighbourhoods/sitwell`, { headers: cookie ? { Cookie: cookie } : {} }).then(
        async (r) => ({ cache: r.headers.get("x-page-cache"), body: await r.text() }),
      );
    // Kept in both (an earlier test changed this page: it may be rebuilding in the background).
    for (const app of apps) {
      let kept = (await page(app)).cache;
      for (let tries = 0; tries < 50 && kept !== "hit"; tries++) {
        await new Promise((r) => setTimeout(r, 100));
        kept = (await page(app)).cache;
      }
      expect(kept).toBe("hit");
    }
    const marker = `Changed by a form ${Date.now()}`;
    await sql`update neighbourhoods set description = ${marker} where slug = 'sitwell'`;
    // Any form sent to the first process marks the browser that sent it.
    const post = await fetch(`${apps[0].url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: apps[0].url },
      body: new URLSearchParams({ email: "nobody@example.org", password: "wrong" }),
    });
    await post.text();
    const wrote = post.headers
      .getSetCookie()
      .find((c) => c.startsWith("od_wrote="))
      ?.split(";")[0];
    expect(wrote).toBe("od_wrote=1");
    // Neither process answers that browser from its cache, though neither may have read the log yet.
    for (const app of apps) {
      const seen = await page(app, wrote);
      expect(seen.cache).toBeNull();
      expect(seen.body).toContain(marker);
    }
  });

  it("shows a partner's inbox counts from either process as soon as a task changes", async () => {
    const cookies = await Promise.all(
      apps.map(async (app) => {
        const response = await fetch(`${app.url}/login`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
          body: new URLSearchParams({ email: "police@example.org", password: "pact-demo-2026" }),
        });
        return response.headers.get("set-cookie")?.split(";")[0] ?? "";
      }),
    );
    const offered = async (app: RunningApp, cookie: string) => {
      const html = await (await fetch(`${app.url}/partner`, { headers: { Cookie: cookie } })).text();
      const count = />(\d+)<\/span>Offered</.exec(html)?.[1];
      if (count === undefined) throw new Error("no Offered count on the inbox page");
      return Number(count);
    };
    const before = await Promise.all(apps.map((app, i) => offered(app, cookies[i])));
    expect(before[0]).toBe(before[1]);
    await sql`
      insert into tasks (priority_id, agency_id, title, ask, status, acknowledge_by, action_plan_due_by, due_date)
      select p.id, a.id, 'Offered from elsewhere', 'Please look.', 'offered', current_date, current_date, current_date
      from agencies a, (select id from priorities order by id limit 1) p
      where a.slug = 'syp-neighbourhood-team'`;
    // No wait: each request reads the change counter.
    const after = await Promise.all(apps.map((app, i) => offered(app, cookies[i])));
    expect(after).toEqual([before[0] + 1, before[0] + 1]);
  });
});
