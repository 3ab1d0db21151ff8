// Raising a concern online without signing in: it reaches the chair's queue as
// `new`, is not public until moderated, and spam is kept out by a honeypot
// and a limit per address.
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CONCERN_RATE_LIMIT } from "~/domain/concerns/online-concerns";
import * as route from "~/routes/neighbourhoods.$slug.concerns.new";
import { auditEvents, concerns } from "~db/schema";
import { buildCategory, buildNeighbourhood } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { getPublic } from "../support/public-surface";

const test = useTestDatabase();
useFixedClock();
let category = "";

// One neighbourhood residents can raise a concern in, and one category to file it under.
beforeAll(async () => {
  await buildNeighbourhood(test.db, { slug: "sitwell", name: "Sitwell" });
  const row = await buildCategory(test.db, { slug: "anti-social-behaviour", name: "Anti-social behaviour" });
  category = String(row.id);
});

async function send(fields: Record<string, string>, address = "192.0.2.1", slug = "sitwell") {
  const request = new Request(`http://localhost/neighbourhoods/${slug}/concerns/new`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  try {
    return await route.action({ request, params: { slug }, context: { clientAddress: address } } as never);
  } catch (thrown) {
    return thrown;
  }
}

const valid = (wording: string) => ({
  category,
  location: "Maynard Road play area",
  wording,
  contactName: "Priya Resident",
  contactEmail: "priya@example.net",
  contactPhone: "07700 900321",
  website: "",
});

const newest = async () => (await test.db.select().from(concerns).orderBy(desc(concerns.id)).limit(1))[0];

describe("raising a concern online", () => {
  it("lands as a new online concern, with the contact details kept private and an audit entry without them", async () => {
    const result = (await send(valid("Broken glass by the swings every Monday morning."))) as Response;
    expect(result.status).toBe(302);
    const concern = await newest();
    expect(result.headers.get("Location")).toBe(
      `/neighbourhoods/sitwell/concerns/new?sent=${concern.reference}`,
    );
    expect(concern).toMatchObject({
      source: "online",
      status: "new",
      publicWording: "Broken glass by the swings every Monday morning.",
      location: "Maynard Road play area",
      contactEmail: "priya@example.net",
      moderatedAt: null,
    });
    const [audit] = await test.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, String(concern.id)));
    expect(audit.action).toBe("concern.raised_online");
    expect(JSON.stringify(audit)).not.toMatch(/priya|07700|192\.0\.2\.1/i);
  });

  it("is not public until moderated — and its contact details never are", async () => {
    await send(valid("UNMODERATED-MARKER: cars racing at night."), "192.0.2.2");
    for (const path of [
      "/neighbourhoods/sitwell",
      "/neighbourhoods/sitwell/feed.atom",
      "/neighbourhoods/sitwell/priorities.csv",
      "/api/v1/neighbourhoods/sitwell/priorities",
    ]) {
      const response = await getPublic(path);
      expect(response.status, path).toBe(200);
      const body = response.body;
      expect(body, path).not.toContain("UNMODERATED-MARKER");
      expect(body, path).not.toContain("priya@example.net");
    }
  });

  it("a bot that fills the hidden field sees the same thanks, and nothing is kept", async () => {
    const before = (await newest()).id;
    const result = (await send({
      ...valid("Buy cheap watches now!!!"),
      website: "http://spam.example",
    })) as Response;
    expect(result.status).toBe(302);
    // A reference that looks real, and belongs to nothing.
    const location = result.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/neighbourhoods\/sitwell\/concerns\/new\?sent=RC-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(
      await test.db
        .select()
        .from(concerns)
        .where(eq(concerns.reference, location.split("=")[1])),
    ).toEqual([]);
    expect((await newest()).id).toBe(before);
  });

  it(`allows ${CONCERN_RATE_LIMIT.limit} an hour from one address, then refuses with a 429 and keeps nothing`, async () => {
    const address = "203.0.113.50";
    for (let i = 0; i < CONCERN_RATE_LIMIT.limit; i++) {
      expect(
        ((await send(valid(`Concern number ${i} about the play area.`), address)) as Response).status,
      ).toBe(302);
    }
    const before = (await newest()).id;
    const refused = (await send(valid("One too many concerns from here."), address)) as {
      init: { status: number };
      data: { fieldErrors: { form: string[] } };
    };
    expect(refused.init.status).toBe(429);
    expect(refused.data.fieldErrors.form[0]).toMatch(/try again later/);
    expect((await newest()).id).toBe(before);
    // Someone else is not affected.
    expect(((await send(valid("A different person's concern."), "203.0.113.51")) as Response).status).toBe(
      302,
    );
  });

  it("asks for what is missing or wrong, field by field, with a 400, and keeps nothing", async () => {
    const before = (await newest()).id;
    const result = (await send({
      category: "",
      location: "12 Cranworth Road",
      wording: "bad",
      contactEmail: "nope",
    })) as {
      init: { status: number };
      data: { fieldErrors: Record<string, string[]>; values: Record<string, string> };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors).toMatchObject({
      category: ["Choose what the concern is about"],
      location: ["Give the street or a landmark, not a house number"],
      wording: ["Describe the problem in a sentence or two"],
      contactEmail: ["Enter an e-mail address like name@example.com"],
    });
    expect(result.data.values.location).toBe("12 Cranworth Road");
    expect((await newest()).id).toBe(before);
  });

  it("refuses control characters in what a resident types, as the staff forms do, and keeps nothing", async () => {
    const before = (await newest()).id;
    const result = (await send(
      {
        ...valid("Bins left out\u0000 on the pavement all week\u001b[2J"),
        location: "Behind the shops\u0007",
        contactName: "Ann\u000bOther",
      },
      "192.0.2.77",
    )) as { init: { status: number }; data: { fieldErrors: Record<string, string[]> } };
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors).toMatchObject({
      wording: ["Remove control characters from the description"],
      location: ["Remove control characters from where it happens"],
      contactName: ["Remove control characters from your name"],
    });
    expect((await newest()).id).toBe(before);
  });

  it("a category that does not exist is a field error, and an unknown neighbourhood a 404", async () => {
    const bad = (await send(
      { ...valid("Something happening on the corner."), category: "99999" },
      "192.0.2.90",
    )) as {
      init: { status: number };
      data: { fieldErrors: Record<string, string[]> };
    };
    expect(bad.init.status).toBe(400);
    expect(bad.data.fieldErrors.category).toEqual(["Choose what the concern is about"]);
    const missing = (await send(
      valid("Something happening on the corner."),
      "192.0.2.91",
      "atlantis",
    )) as Response;
    expect(missing.status).toBe(404);
  });
});
