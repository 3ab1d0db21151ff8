// Remix gives each loader of a page its own Request; the viewer behind one
// session cookie is looked up once for lookups under way together, and afresh
// once they have finished.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getViewer } from "~/auth/guards.server";
import { SESSION_IDLE_MS } from "~/auth/session.server";
import { sessions, users } from "~db/schema";
import { buildAgency, buildAssembly, buildUser } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

// Four people: a chair of one assembly, a police officer (member of the
// police agency, chairs nothing), an administrator, and a trading standards officer.
const people = { chair: "", police: "", admin: "", tradingStandards: "" };
let chairedAssemblyId = 0;
let policeAgencyId = 0;

beforeAll(async () => {
  const assembly = await buildAssembly(test.db, { name: "Rotherham South" });
  chairedAssemblyId = assembly.id;
  const police = await buildAgency(test.db, { kind: "police", name: "Neighbourhood police" });
  policeAgencyId = police.id;
  const tradingStandards = await buildAgency(test.db, { kind: "council", name: "Trading standards" });
  people.chair = (await buildUser(test.db, { name: "Chair", chairs: [assembly.id] })).email;
  people.police = (await buildUser(test.db, { name: "Officer", agencies: [police.id] })).email;
  people.admin = (await buildUser(test.db, { name: "Admin", isAdmin: true })).email;
  people.tradingStandards = (
    await buildUser(test.db, { name: "Trading standards officer", agencies: [tradingStandards.id] })
  ).email;
});

const requestWith = (cookie: string) =>
  new Request("http://localhost/partner", { headers: { Cookie: cookie } });

describe("looking up who is signed in", () => {
  it("shares one lookup between the loaders of a page, with memberships and chairs in it", async () => {
    const cookie = await cookieFor(people.chair);
    const root = getViewer(requestWith(cookie));
    const route = getViewer(requestWith(cookie));
    expect(route).toBe(root);
    const viewer = await root;
    expect(viewer?.email).toBe(people.chair);
    expect([...(viewer?.chairOf ?? [])]).toEqual([chairedAssemblyId]);

    const police = await getViewer(requestWith(await cookieFor(people.police)));
    expect(police?.email).toBe(people.police);
    expect([...(police?.agencies.values() ?? [])]).toContain("member");
    expect(police?.agencies.get(policeAgencyId)).toBe("member");
    expect(police?.chairOf.size).toBe(0);
  });

  it("looks again once the earlier lookup has finished: a session ended in between is seen", async () => {
    const cookie = await cookieFor(people.police);
    const first = await getViewer(requestWith(cookie));
    expect(first).not.toBeNull();
    await test.db.delete(sessions).where(eq(sessions.id, first!.sessionId));
    expect(await getViewer(requestWith(cookie))).toBeNull();
  });

  it("does not mix up different people's sessions or anonymous requests", async () => {
    const [a, b] = await Promise.all([cookieFor(people.admin), cookieFor(people.tradingStandards)]);
    const [admin, ts, nobody] = await Promise.all([
      getViewer(requestWith(a)),
      getViewer(requestWith(b)),
      getViewer(new Request("http://localhost/")),
    ]);
    expect(admin?.email).toBe(people.admin);
    expect(admin?.isAdmin).toBe(true);
    expect(ts?.email).toBe(people.tradingStandards);
    expect(nobody).toBeNull();
    // A deactivated person is nobody, even with a live session.
    await test.db.update(users).set({ active: false }).where(eq(users.email, people.tradingStandards));
    expect(await getViewer(requestWith(b))).toBeNull();
  });
});

describe("a session's life, read with its viewer in one statement", () => {
  const SECOND = 1000;
  const MINUTE = 60 * SECOND;
  async function sessionOf(email: string, set: { expiresAt: Date; lastSeenAt: Date }) {
    const cookie = await cookieFor(email);
    const viewer = await getViewer(requestWith(cookie));
    if (!viewer) throw new Error(`no session for ${email}`);
    await test.db.update(sessions).set(set).where(eq(sessions.id, viewer.sessionId));
    const row = async () =>
      (await test.db.select().from(sessions).where(eq(sessions.id, viewer.sessionId)))[0];
    return { cookie, row };
  }

  it("ends at its idle limit: 5 s before it the person is signed in, 5 s after it nobody", async () => {
    const now = Date.now();
    const live = await sessionOf(people.police, {
      expiresAt: new Date(now + 5 * SECOND),
      lastSeenAt: new Date(now - MINUTE),
    });
    const viewer = await getViewer(requestWith(live.cookie));
    expect(viewer?.email).toBe(people.police);
    expect(viewer?.agencies.get(policeAgencyId)).toBe("member");
    const ended = await sessionOf(people.police, {
      expiresAt: new Date(now - 5 * SECOND),
      lastSeenAt: new Date(now - SESSION_IDLE_MS),
    });
    expect(await getViewer(requestWith(ended.cookie))).toBeNull();
  });

  it("slides its end on use, writing at most every five minutes", async () => {
    const now = Date.now();
    const soon = new Date(now + MINUTE);
    const recent = await sessionOf(people.chair, { expiresAt: soon, lastSeenAt: new Date(now - 4 * MINUTE) });
    expect((await getViewer(requestWith(recent.cookie)))?.email).toBe(people.chair);
    expect((await recent.row()).expiresAt).toEqual(soon);

    const earlier = await sessionOf(people.chair, {
      expiresAt: soon,
      lastSeenAt: new Date(now - 6 * MINUTE),
    });
    expect((await getViewer(requestWith(earlier.cookie)))?.email).toBe(people.chair);
    const slid = await earlier.row();
    expect(slid.lastSeenAt.getTime()).toBeGreaterThanOrEqual(now);
    expect(slid.expiresAt.getTime()).toBeGreaterThanOrEqual(now + SESSION_IDLE_MS);
  });
});
