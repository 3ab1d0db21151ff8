// Remix gives each loader of a page its own Request; the viewer behind one
// session cookie is looked up once for lookups under way together, and afresh
// once they have finished.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getViewer } from "~/auth/guards.server";
import { sessions, users } from "~db/schema";
import { DEMO, loadDemo } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { cookieFor } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

beforeAll(async () => {
  await loadDemo(test.db);
});

const requestWith = (cookie: string) =>
  new Request("http://localhost/partner", { headers: { Cookie: cookie } });

describe("looking up who is signed in", () => {
  it("shares one lookup between the loaders of a page, with memberships and chairs in it", async () => {
    const cookie = await cookieFor(DEMO.chair);
    const root = getViewer(requestWith(cookie));
    const route = getViewer(requestWith(cookie));
    expect(route).toBe(root);
    const viewer = await root;
    expect(viewer?.email).toBe(DEMO.chair);
    expect(viewer?.chairOf.size).toBeGreaterThan(0);

    const police = await getViewer(requestWith(await cookieFor(DEMO.police)));
    expect(police?.email).toBe(DEMO.police);
    expect([...(police?.agencies.values() ?? [])]).toContain("member");
    expect(police?.chairOf.size).toBe(0);
  });

  it("looks again once the earlier lookup has finished: a session ended in between is seen", async () => {
    const cookie = await cookieFor(DEMO.police);
    const first = await getViewer(requestWith(cookie));
    expect(first).not.toBeNull();
    await test.db.delete(sessions).where(eq(sessions.id, first!.sessionId));
    expect(await getViewer(requestWith(cookie))).toBeNull();
  });

  it("does not mix up different people's sessions or anonymous requests", async () => {
    const [a, b] = await Promise.all([cookieFor(DEMO.admin), cookieFor(DEMO.tradingStandards)]);
    const [admin, ts, nobody] = await Promise.all([
      getViewer(requestWith(a)),
      getViewer(requestWith(b)),
      getViewer(new Request("http://localhost/")),
    ]);
    expect(admin?.email).toBe(DEMO.admin);
    expect(admin?.isAdmin).toBe(true);
    expect(ts?.email).toBe(DEMO.tradingStandards);
    expect(nobody).toBeNull();
    // A deactivated person is nobody, even with a live session.
    await test.db.update(users).set({ active: false }).where(eq(users.email, DEMO.tradingStandards));
    expect(await getViewer(requestWith(b))).toBeNull();
  });
});
