// Remix gives each loader of a page its own Request; the viewer behind one
// session cookie is looked up once for lookups under way together, and afresh
// once they have finished.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getViewer } from "~/auth/guards.server";
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
