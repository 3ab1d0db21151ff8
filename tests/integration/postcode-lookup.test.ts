// Find your neighbourhood by postcode, with postcodes.io and data.police.uk
// mocked by msw — including every way they can fail. Whatever happens, the
// resident gets a clear message and the list to choose from, within 3 seconds.
import { HttpResponse, http } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { findNeighbourhoodByPostcode, normalisePostcode } from "~/domain/publication/neighbourhood-finder";
import { locateNeighbourhood } from "~/integrations/police-uk.server";
import { LOOKUP_TIMEOUT_MS, lookupPostcode } from "~/integrations/postcodes-io.server";
import { buildAssembly, buildNeighbourhood } from "../factories/build";
import { POLICE_UK } from "../mocks/police-uk";
import { FAILING_POSTCODES, UNKNOWN_POSTCODE } from "../mocks/postcodes-io";
import { server } from "../mocks/server";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { controlDeadlines, hangingService } from "../support/deadlines";
import { getPublic } from "../support/public-surface";

const test = useTestDatabase();
useFixedClock();

// The places the lookups can land on: each neighbourhood with the wards and
// postcode districts it covers (what postcodes.io answers is matched to them),
// and Keppel with the id data.police.uk gives its neighbourhood.
beforeAll(async () => {
  const place = async (
    assemblyId: number,
    slug: string,
    name: string,
    wards: string[],
    postcodeDistricts: string[],
    police?: string,
  ) =>
    buildNeighbourhood(test.db, {
      assemblyId,
      slug,
      name,
      wards,
      postcodeDistricts,
      ...(police ? { policeForceId: "south-yorkshire", policeNeighbourhoodId: police } : {}),
    });
  const south = await buildAssembly(test.db, { name: "Rotherham South" });
  await place(south.id, "herringthorpe", "Herringthorpe", ["Rotherham East"], ["S65"]);
  await place(south.id, "boston-castle", "Boston Castle and Moorgate", ["Boston Castle"], ["S60"]);
  await place(south.id, "sitwell", "Sitwell", ["Sitwell"], ["S60", "S66"]);
  // S61 is shared by two neighbourhoods, so only police.uk can tell Keppel apart.
  const north = await buildAssembly(test.db, { name: "Rotherham North" });
  await place(north.id, "keppel", "Keppel", ["Keppel"], ["S61"], "demo-keppel");
  await place(north.id, "rotherham-west", "Rotherham West", ["Rotherham West"], ["S61"]);
  // S63 is Wath's alone.
  const wentworthNorth = await buildAssembly(test.db, { name: "Wentworth North" });
  await place(wentworthNorth.id, "wath", "Wath upon Dearne", ["Wath"], ["S63"]);
  const valley = await buildAssembly(test.db, { name: "Wentworth Valley" });
  await place(valley.id, "maltby", "Maltby", ["Maltby East"], ["S66"]);
  await place(valley.id, "wickersley", "Wickersley", ["Wickersley North"], ["S66"]);
  const rotherValley = await buildAssembly(test.db, { name: "Rother Valley South" });
  await place(rotherValley.id, "dinnington", "Dinnington", ["Dinnington"], ["S25"]);
});

describe("postcode → neighbourhood", () => {
  it("a postcode in a ward we cover goes straight to that neighbourhood's page", async () => {
    expect(await findNeighbourhoodByPostcode("S65 2PW")).toMatchObject({
      kind: "found",
      neighbourhood: { slug: "herringthorpe", name: "Herringthorpe" },
    });
    const response = await getPublic("/?postcode=s652pw");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/neighbourhoods/herringthorpe");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("without a ward match, data.police.uk's neighbourhood for the location decides", async () => {
    expect(await findNeighbourhoodByPostcode("S61 3AB")).toMatchObject({
      kind: "found",
      neighbourhood: { slug: "keppel" },
    });
  });

  it("a postcode district shared by several neighbourhoods offers a choice of those", async () => {
    const result = await findNeighbourhoodByPostcode("S66 8AA");
    expect(result.kind).toBe("choose");
    expect(result.kind === "choose" && result.neighbourhoods.map((n) => n.slug)).toEqual([
      "maltby",
      "sitwell",
      "wickersley",
    ]);
  });

  it("when police.uk fails, the postcode district still finds a neighbourhood it alone covers", async () => {
    expect(await findNeighbourhoodByPostcode("S63 7AB")).toMatchObject({
      kind: "found",
      neighbourhood: { slug: "wath" },
    });
  });

  it("an out-of-area postcode says so, naming where it is, and shows the list", async () => {
    const result = await findNeighbourhoodByPostcode("S1 2HE");
    expect(result).toMatchObject({ kind: "out_of_area" });
    expect(result.kind === "out_of_area" && result.message).toBe(
      "S1 2HE is in Sheffield, which this site does not cover. If you live in one of the neighbourhoods below, choose it from the list.",
    );
    const page = await getPublic("/?postcode=S1+2HE");
    expect(page.status).toBe(200);
    expect(page.body).toContain("which this site does not cover");
    expect(page.body).toContain("Rotherham South"); // the list is there too
  });

  it("a well-formed postcode that does not exist is 'not found', with the list", async () => {
    expect(await findNeighbourhoodByPostcode(UNKNOWN_POSTCODE)).toMatchObject({
      kind: "unknown",
      message:
        "We could not find the postcode SW1A 9ZZ. Check it, or choose your neighbourhood from the list.",
    });
  });

  it("something that is not a postcode is refused with a 400 and a message on the field, without asking anyone", async () => {
    server.use(
      http.get("https://api.postcodes.io/*", () => {
        throw new Error("postcodes.io must not be asked about an invalid postcode");
      }),
    );
    expect(await findNeighbourhoodByPostcode("   ")).toEqual({
      kind: "invalid",
      message: "Enter your postcode",
    });
    expect(await findNeighbourhoodByPostcode("hello")).toEqual({
      kind: "invalid",
      message: "Enter a real postcode, like S65 2PW",
    });
    const page = await getPublic("/?postcode=<script>");
    expect(page.status).toBe(400);
    expect(page.body).toContain("Enter a real postcode, like S65 2PW");
    expect(page.body).toContain("Rotherham South");
  });

  it("normalises how people type postcodes", () => {
    expect(normalisePostcode(" s65   2pw ")).toBe("S65 2PW");
    expect(normalisePostcode("sw1a1aa")).toBe("SW1A 1AA");
    expect(normalisePostcode("S65")).toBeNull();
    expect(normalisePostcode("123 456")).toBeNull();
  });
});

describe("when the lookup services misbehave, the list is the fallback", () => {
  it("a postcode service that never answers is given up on at the lookup deadline", async () => {
    const deadlines = controlDeadlines();
    const postcodes = hangingService(() => deadlines.expireAll());
    server.use(http.get("https://api.postcodes.io/postcodes/:postcode", postcodes.handler));
    const result = await findNeighbourhoodByPostcode(FAILING_POSTCODES.slow);
    expect(result).toMatchObject({ kind: "unavailable" });
    // The search arms the 3-second deadline first, and the waiting request is abandoned when it passes.
    expect(deadlines.armed[0]).toBe(LOOKUP_TIMEOUT_MS);
    expect(postcodes).toMatchObject({ received: 1, abandoned: 1, inFlight: 0 });
  });

  it.each([
    ["a 5xx answer", FAILING_POSTCODES.serverError, "server_error"],
    ["malformed JSON", FAILING_POSTCODES.malformedJson, "bad_response"],
    ["429 too many requests", FAILING_POSTCODES.rateLimited, "rate_limited"],
    ["JSON of the wrong shape", FAILING_POSTCODES.wrongShape, "bad_response"],
  ])("%s from postcodes.io is 'unavailable', with a plain message", async (_name, postcode, reason) => {
    expect(await lookupPostcode(postcode)).toEqual({ kind: "unavailable", reason });
    const result = await findNeighbourhoodByPostcode(postcode);
    expect(result).toMatchObject({
      kind: "unavailable",
      message:
        "Sorry, we cannot look up postcodes at the moment. Choose your neighbourhood from the list below.",
    });
  });

  it("the page still shows the whole list when the service is down", async () => {
    server.use(http.get("https://api.postcodes.io/postcodes/:postcode", () => HttpResponse.error()));
    const page = await getPublic("/?postcode=S65%202PW");
    expect(page.status).toBe(200);
    expect(page.body).toContain("we cannot look up postcodes at the moment");
    for (const assembly of ["Rother Valley South", "Rotherham North", "Wentworth Valley"]) {
      expect(page.body).toContain(assembly);
    }
  });

  it("police.uk slow after postcodes.io answered: the one 3-second deadline still holds", async () => {
    const deadlines = controlDeadlines();
    // Only the search's own deadline (the first armed) runs out: police.uk must be given up on by it.
    const police = hangingService(() => deadlines.expire(0));
    server.use(http.get(`${POLICE_UK}/locate-neighbourhood`, police.handler));
    // S66 8AA has no ward match, so police.uk is asked; the district then offers a choice.
    const result = await findNeighbourhoodByPostcode("S66 8AA");
    expect(deadlines.armed[0]).toBe(LOOKUP_TIMEOUT_MS);
    expect(police).toMatchObject({ received: 1, abandoned: 1 });
    expect(result.kind).toBe("choose");
  });

  it("police.uk's own failures come back as answers, not exceptions", async () => {
    expect(await locateNeighbourhood(53.5, -1.35)).toEqual({ kind: "unavailable", reason: "server_error" });
    expect(await locateNeighbourhood(10, 10)).toEqual({ kind: "not_found" });
    server.use(http.get(`${POLICE_UK}/locate-neighbourhood`, () => HttpResponse.text("<html>oops</html>")));
    expect(await locateNeighbourhood(53.44, -1.38)).toEqual({ kind: "unavailable", reason: "bad_response" });
    server.use(http.get(`${POLICE_UK}/locate-neighbourhood`, () => new HttpResponse(null, { status: 429 })));
    expect(await locateNeighbourhood(53.44, -1.38)).toEqual({ kind: "unavailable", reason: "rate_limited" });
  });
});
