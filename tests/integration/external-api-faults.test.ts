// External API faults (issue 9 part 3), beside postcode-lookup.test.ts and
// police-import.test.ts: postcodes.io and data.police.uk each slow, answering
// 5xx, malformed JSON and 429. A resident always gets a page with the list to
// choose from, within the lookup deadline; the import job retries passing
// failures with growing waits, reports what it could not fetch, stores nothing
// half-done, picks the rest up on its next run — and never holds a page up.

import { eq, sql } from "drizzle-orm";
import { delay, HttpResponse, http } from "msw";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { importCrimeFigures } from "~/domain/measures/crime-figures";
import { findNeighbourhoodByPostcode } from "~/domain/publication/neighbourhood-finder";
import { importPolicePriorities } from "~/domain/reports/police-priorities";
import { locateNeighbourhood } from "~/integrations/police-uk.server";
import { PoliceUkCrimeClient } from "~/integrations/police-uk-crime.server";
import { LOOKUP_TIMEOUT_MS } from "~/integrations/postcodes-io.server";
import { crimeFigures, priorities } from "~db/schema";
import { buildAssembly, buildNeighbourhood } from "../factories/build";
import { POLICE_UK } from "../mocks/police-uk";
import { type CrimeApiState, policeUkCrimeHandlers, SQUARE } from "../mocks/police-uk-crime";
import { FAILING_POSTCODES, POSTCODES_IO } from "../mocks/postcodes-io";
import { server } from "../mocks/server";
import { useTestDatabase } from "../setup/database";
import { send } from "../support/app-client";
import { useFixedClock } from "../support/clock";
import { controlDeadlines, hangingService } from "../support/deadlines";

const test = useTestDatabase();
useFixedClock();
const HERRINGTHORPE = "south-yorkshire/demo-herringthorpe";
const FALLBACK = "we cannot look up postcodes at the moment";
const ALL_ASSEMBLIES = ["Rother Valley South", "Rotherham North", "Rotherham South", "Wentworth Valley"];

/** The four ways a service misbehaves, as msw answers. */
const FAULTS = {
  slow: async () => {
    await delay(8000);
    return HttpResponse.json({}, { status: 200 });
  },
  "5xx": () => new HttpResponse("Bad Gateway", { status: 502 }),
  "malformed JSON": () =>
    new HttpResponse('{"status":200,"result":[{"oops"', {
      status: 200,
      headers: { "Content-Type": "application/json" },
    }),
  "429": () => new HttpResponse("Too Many Requests", { status: 429 }),
} as const;
type Fault = keyof typeof FAULTS;
const FAULT_NAMES = Object.keys(FAULTS) as Fault[];

let herringthorpeId = 0;

// The borough the resident picks from: four assemblies (so "every assembly" is
// these four). Herringthorpe (S65) is known to police.uk and has crime figures
// imported; S61 is shared by Rotherham North's three neighbourhoods, none of
// whose wards postcodes.io names for S61 3AB (police.uk would place it in Keppel).
beforeAll(async () => {
  const place = async (
    assemblyName: string,
    places: Array<{ slug: string; name: string; wards: string[]; districts: string[] }>,
  ) => {
    const assembly = await buildAssembly(test.db, { name: assemblyName });
    const made: Record<string, number> = {};
    for (const { districts, ...n } of places) {
      made[n.slug] = (
        await buildNeighbourhood(test.db, {
          ...n,
          assemblyId: assembly.id,
          postcodeDistricts: districts,
          policeForceId: "south-yorkshire",
          policeNeighbourhoodId: `demo-${n.slug}`,
        })
      ).id;
    }
    return made;
  };
  await place("Rother Valley South", [
    { slug: "dinnington", name: "Dinnington", wards: ["Dinnington"], districts: ["S25"] },
  ]);
  await place("Rotherham North", [
    { slug: "keppel", name: "Keppel", wards: ["Keppel"], districts: ["S61"] },
    { slug: "rotherham-west", name: "Rotherham West", wards: ["Rotherham West"], districts: ["S61"] },
    { slug: "greasbrough", name: "Greasbrough", wards: ["Greasbrough"], districts: ["S61"] },
  ]);
  const south = await place("Rotherham South", [
    { slug: "herringthorpe", name: "Herringthorpe", wards: ["Rotherham East"], districts: ["S65"] },
  ]);
  herringthorpeId = south.herringthorpe;
  await place("Wentworth Valley", [
    { slug: "maltby", name: "Maltby", wards: ["Maltby East"], districts: ["S66"] },
  ]);
});

/**
 * A fault as an outside service that counts what it is asked: "slow" never answers
 * until the caller gives up (`onHang` runs once it is waiting); the others answer at once.
 */
function faultyService(fault: Fault, onHang: () => void = () => {}) {
  const hanging = hangingService(onHang);
  let answered = 0;
  const handler = (info: { request: Request }) => {
    if (fault === "slow") return hanging.handler(info);
    answered += 1;
    return FAULTS[fault]();
  };
  return {
    handler,
    get received() {
      return answered + hanging.received;
    },
    get abandoned() {
      return hanging.abandoned;
    },
  };
}

/** A promise and the function that settles it, for "once the service is waiting". */
function signal() {
  let done!: () => void;
  const promise = new Promise<void>((resolve) => {
    done = resolve;
  });
  return { promise, done };
}

describe("postcodes.io misbehaving: the resident gets the list, in time", () => {
  it.each(FAULT_NAMES)("%s: the home page answers 200 with the message and every assembly", async (fault) => {
    const deadlines = controlDeadlines();
    const postcodes = faultyService(fault, () => deadlines.expireAll());
    server.use(http.get(`${POSTCODES_IO}/postcodes/:postcode`, postcodes.handler));
    const page = await send("GET", "/?postcode=S65%202PW");
    expect(page.status).toBe(200);
    const body = JSON.stringify(page.data);
    expect(body).toContain(FALLBACK);
    for (const assembly of ALL_ASSEMBLIES) expect(body).toContain(assembly);
    // Asked once, under the search's deadline; a service that hangs is given up on when it passes.
    expect(deadlines.armed[0]).toBe(LOOKUP_TIMEOUT_MS);
    expect(postcodes.received).toBe(1);
    expect(postcodes.abandoned).toBe(fault === "slow" ? 1 : 0);
  });

  it("ten residents at once while postcodes.io hangs: each gets the list by the deadline, not one after another", async () => {
    const deadlines = controlDeadlines();
    // The deadlines pass only once all ten lookups are waiting at the same moment.
    const postcodes = hangingService((service) => {
      if (service.inFlight === 10) deadlines.expireAll();
    });
    server.use(http.get(`${POSTCODES_IO}/postcodes/:postcode`, postcodes.handler));
    const pages = await Promise.all(Array.from({ length: 10 }, () => send("GET", "/?postcode=S65%202PW")));
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(JSON.stringify(page.data)).toContain(FALLBACK);
    }
    expect(postcodes).toMatchObject({ received: 10, mostAtOnce: 10, abandoned: 10 });
  });

  it("a page that needs no lookup is not held up by lookups hanging at the same time", async () => {
    const deadlines = controlDeadlines();
    const allWaiting = signal();
    const postcodes = hangingService((service) => {
      if (service.inFlight === 5) allWaiting.done();
    });
    server.use(http.get(`${POSTCODES_IO}/postcodes/:postcode`, postcodes.handler));
    const hanging = Promise.all(
      Array.from({ length: 5 }, () => findNeighbourhoodByPostcode(FAILING_POSTCODES.slow)),
    );
    await allWaiting.promise;
    const page = await send("GET", "/neighbourhoods/herringthorpe");
    expect(page.status).toBe(200);
    // The page answered while all five lookups were still waiting on postcodes.io.
    expect(postcodes.inFlight).toBe(5);
    deadlines.expireAll();
    for (const result of await hanging) expect(result.kind).toBe("unavailable");
    expect(postcodes.abandoned).toBe(5);
  });
});

describe("data.police.uk misbehaving during a postcode search: the postcode district decides, or the list", () => {
  it.each(FAULT_NAMES)("%s from locate-neighbourhood is an answer, never an exception", async (fault) => {
    const deadlines = controlDeadlines();
    const police = faultyService(fault, () => deadlines.expireAll());
    server.use(http.get(`${POLICE_UK}/locate-neighbourhood`, police.handler));
    const result = await locateNeighbourhood(53.44, -1.38, { timeoutMs: 500 });
    expect(result).toEqual({
      kind: "unavailable",
      reason: {
        slow: "timeout",
        "5xx": "server_error",
        "malformed JSON": "bad_response",
        "429": "rate_limited",
      }[fault],
    });
    // One request under the caller's deadline: no retries, no waits.
    expect(deadlines.armed).toEqual([500]);
    expect(police.received).toBe(1);
  });

  it.each(FAULT_NAMES)(
    "%s: a postcode without a ward match falls back to its district's neighbourhoods",
    async (fault) => {
      const deadlines = controlDeadlines();
      // S61 3AB: no ward match, so police.uk would decide (Keppel); without it, S61 offers its three.
      const police = faultyService(fault, () => deadlines.expireAll());
      server.use(http.get(`${POLICE_UK}/locate-neighbourhood`, police.handler));
      const result = await findNeighbourhoodByPostcode("S61 3AB");
      expect(result.kind).toBe("choose");
      expect(result.kind === "choose" && result.neighbourhoods.map((n) => n.slug).sort()).toEqual([
        "greasbrough",
        "keppel",
        "rotherham-west",
      ]);
      expect(deadlines.armed[0]).toBe(LOOKUP_TIMEOUT_MS);
      expect(police.received).toBe(1);
      expect(police.abandoned).toBe(fault === "slow" ? 1 : 0);
      const page = await send("GET", "/?postcode=S61%203AB");
      expect(page.status).toBe(200);
      expect(JSON.stringify(page.data)).toContain("Keppel");
    },
  );
});

describe("the crime figures import job when data.police.uk misbehaves", () => {
  let state: CrimeApiState;
  const waits: number[] = [];
  const client = (options: { timeoutMs?: number; maxRetries?: number } = {}) =>
    new PoliceUkCrimeClient({
      baseUrl: POLICE_UK,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...options,
    });
  const runImport = (c = client()) =>
    importCrimeFigures({ client: c, months: 2, neighbourhoodSlug: "herringthorpe" });

  function crimes(month: string, count: number, firstId: number) {
    return Array.from({ length: count }, (_, i) => ({
      id: firstId + i,
      lat: 53.405 + (i % 5) * 0.006,
      lng: -1.355 + Math.floor(i / 5) * 0.006,
      category: i % 2 ? "burglary" : "anti-social-behaviour",
      outcome: null,
      month,
    }));
  }

  beforeEach(async () => {
    waits.length = 0;
    await test.db.delete(crimeFigures);
    state = {
      lastUpdated: "2026-09-01",
      boundaries: { [HERRINGTHORPE]: SQUARE },
      crimes: [...crimes("2026-09", 12, 1), ...crimes("2026-08", 9, 100)],
      seen: [],
    };
    server.use(...policeUkCrimeHandlers(state));
  });

  async function storedMonths() {
    const rows = await test.db
      .selectDistinct({ month: crimeFigures.month })
      .from(crimeFigures)
      .where(eq(crimeFigures.neighbourhoodId, herringthorpeId));
    return rows.map((r) => r.month).sort();
  }

  /** Answers crime requests for `month` with a fault `times` times, then lets them through. */
  function faultFor(
    month: string,
    answer: (info: { request: Request }) => Response | Promise<Response>,
    times = Number.POSITIVE_INFINITY,
  ) {
    let left = times;
    const handler = async ({ request }: { request: Request }) => {
      const params =
        request.method === "POST"
          ? new URLSearchParams(await request.clone().text())
          : new URL(request.url).searchParams;
      if (params.get("date") !== month || left <= 0) return undefined;
      left -= 1;
      return answer({ request });
    };
    server.use(
      http.get(`${POLICE_UK}/crimes-street/all-crime`, handler),
      http.post(`${POLICE_UK}/crimes-street/all-crime`, handler),
    );
  }

  it("5xx that passes: retried with growing waits, then stored", async () => {
    faultFor("2026-09", () => new HttpResponse(null, { status: 500 }), 1);
    faultFor("2026-09", () => new HttpResponse(null, { status: 502 }), 1);
    const summary = await runImport();
    expect(summary.failed).toEqual([]);
    expect(summary.retries).toBe(2);
    expect(waits).toEqual([500, 1000]);
    expect(await storedMonths()).toEqual(["2026-08", "2026-09"]);
  });

  it("5xx that lasts: gives up after the retries, reports it, stores the other month, and the next run fetches it", async () => {
    faultFor("2026-09", () => new HttpResponse(null, { status: 500 }));
    const summary = await runImport();
    expect(summary.failed).toEqual([
      { neighbourhood: "herringthorpe", month: "2026-09", reason: "HTTP 500" },
    ]);
    expect(waits).toEqual([500, 1000, 2000, 4000]);
    expect(await storedMonths()).toEqual(["2026-08"]);
    // The service recovers; the next run of the job takes only what is missing.
    server.resetHandlers();
    server.use(...policeUkCrimeHandlers(state));
    const next = await runImport();
    expect(next.stored.map((s) => s.month)).toEqual(["2026-09"]);
    expect(next.skipped).toEqual([
      { neighbourhood: "herringthorpe", month: "2026-08", reason: "already stored" },
    ]);
    expect(await storedMonths()).toEqual(["2026-08", "2026-09"]);
  });

  it("429 without Retry-After: the waits grow; with it, the server's wait is kept", async () => {
    faultFor("2026-09", () => new HttpResponse(null, { status: 429 }), 2);
    const summary = await runImport();
    expect(summary.failed).toEqual([]);
    expect(waits).toEqual([500, 1000]);
    expect(await storedMonths()).toEqual(["2026-08", "2026-09"]);
    waits.length = 0;
    await test.db.delete(crimeFigures);
    faultFor("2026-08", () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "3" } }), 1);
    await runImport();
    expect(waits).toEqual([3000]);
  });

  it("slow: each request is given up at the timeout and retried; a lasting hang is reported, not waited on forever", async () => {
    const deadlines = controlDeadlines();
    const once = hangingService(() => deadlines.expireAll());
    faultFor("2026-09", once.handler, 1);
    const summary = await runImport(client({ timeoutMs: 300 }));
    expect(summary.failed).toEqual([]);
    expect(summary.retries).toBe(1);
    expect(waits).toEqual([500]);
    expect(await storedMonths()).toEqual(["2026-08", "2026-09"]);
    // The hanging request was given up at the client's 300 ms deadline, then asked again.
    expect(once).toMatchObject({ received: 1, abandoned: 1 });
    expect(new Set(deadlines.armed)).toEqual(new Set([300]));

    await test.db.delete(crimeFigures);
    waits.length = 0;
    const always = hangingService(() => deadlines.expireAll());
    faultFor("2026-09", always.handler);
    const stuck = await runImport(client({ timeoutMs: 300, maxRetries: 2 }));
    expect(stuck.failed).toHaveLength(1);
    expect(stuck.failed[0]).toMatchObject({ neighbourhood: "herringthorpe", month: "2026-09" });
    expect(waits).toEqual([500, 1000]);
    // Three tries, each abandoned at its deadline: the run ends instead of waiting on the hang.
    expect(always).toMatchObject({ received: 3, abandoned: 3, inFlight: 0 });
    expect(await storedMonths()).toEqual(["2026-08"]);
  });

  it("malformed JSON: that month is reported and nothing half-read is stored; the next run stores it", async () => {
    faultFor("2026-09", FAULTS["malformed JSON"], 1);
    const summary = await runImport();
    expect(summary.failed).toEqual([
      { neighbourhood: "herringthorpe", month: "2026-09", reason: "the answer was not JSON" },
    ]);
    expect(await storedMonths()).toEqual(["2026-08"]);
    const next = await runImport();
    expect(next.stored.map((s) => s.month)).toEqual(["2026-09"]);
    const [{ total }] = await test.db
      .select({ total: crimeFigures.count })
      .from(crimeFigures)
      .where(sql`${crimeFigures.neighbourhoodId} = ${herringthorpeId} and ${crimeFigures.month} = '2026-09'
        and ${crimeFigures.kind} = 'total'`);
    expect(total).toBe(12);
  });

  it.each(FAULT_NAMES)(
    "%s on the first request (the latest month): the run reports it and throws nothing",
    async (fault) => {
      server.use(http.get(`${POLICE_UK}/crime-last-updated`, FAULTS[fault]));
      const summary = await runImport(client({ timeoutMs: 300, maxRetries: 1 }));
      expect(summary.stored).toEqual([]);
      expect(summary.failed).toHaveLength(1);
      expect(summary.failed[0].neighbourhood).toBe("all");
      expect(await storedMonths()).toEqual([]);
    },
  );

  it("never holds a page up: the neighbourhood page answers at once from stored figures while an import hangs", async () => {
    await runImport();
    const deadlines = controlDeadlines();
    // police.uk now hangs on everything; an import starts and waits on it.
    const importWaiting = signal();
    const police = hangingService(() => importWaiting.done());
    server.use(http.get(`${POLICE_UK}/*`, police.handler), http.post(`${POLICE_UK}/*`, police.handler));
    await test.db.delete(crimeFigures).where(eq(crimeFigures.month, "2026-09"));
    const importing = importCrimeFigures({
      client: new PoliceUkCrimeClient({ baseUrl: POLICE_UK, timeoutMs: 1000, maxRetries: 0 }),
      months: 2,
      neighbourhoodSlug: "herringthorpe",
    });
    await importWaiting.promise;
    const page = await send("GET", "/neighbourhoods/herringthorpe");
    expect(page.status).toBe(200);
    // The page answered while the import was still waiting on data.police.uk.
    expect(police.inFlight).toBe(1);
    expect((page.data as { crime: { month: string } | null }).crime?.month).toBe("2026-08");
    deadlines.expireAll();
    const summary = await importing;
    expect(summary.failed).toHaveLength(1);
  });

  it("the neighbourhood page never asks data.police.uk or postcodes.io itself", async () => {
    await runImport();
    const asked: string[] = [];
    const refuse = ({ request }: { request: Request }) => {
      asked.push(request.url);
      return HttpResponse.error();
    };
    server.use(http.all(`${POLICE_UK}/*`, refuse), http.all(`${POSTCODES_IO}/*`, refuse));
    for (const path of ["/neighbourhoods/herringthorpe", "/neighbourhoods/herringthorpe/archive", "/"]) {
      expect((await send("GET", path)).status).toBe(200);
    }
    expect(asked).toEqual([]);
  });
});

describe("the police.uk priorities import when the service misbehaves", () => {
  const waits: number[] = [];
  const client = () =>
    new PoliceUkCrimeClient({
      baseUrl: POLICE_UK,
      timeoutMs: 300,
      maxRetries: 2,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  const items = [
    {
      issue: "<p>Parking on verges near the school</p>",
      "issue-date": "2026-05-01T00:00:00",
      action: null,
      "action-date": null,
    },
  ];

  beforeEach(() => {
    waits.length = 0;
  });

  async function importedCount() {
    const rows = await test.db
      .select({ id: priorities.id })
      .from(priorities)
      .where(eq(priorities.title, "Parking on verges near the school"));
    return rows.length;
  }

  it.each(FAULT_NAMES)(
    "%s that lasts: refused with an error, after retrying passing faults, nothing imported",
    async (fault) => {
      server.use(http.get(`${POLICE_UK}/:force/:neighbourhood/priorities`, FAULTS[fault]));
      await expect(
        importPolicePriorities({
          client: client(),
          force: "south-yorkshire",
          neighbourhood: "herringthorpe",
        }),
      ).rejects.toThrow(/police\.uk/);
      expect(await importedCount()).toBe(0);
      // Passing faults (slow, 5xx, 429) are retried with growing waits; a malformed answer is not retried.
      expect(waits).toEqual(fault === "malformed JSON" ? [] : [500, 1000]);
    },
  );

  it("a 5xx that passes: retried, then imported once", async () => {
    let failures = 1;
    server.use(
      http.get(`${POLICE_UK}/:force/:neighbourhood/priorities`, () => {
        if (failures-- > 0) return new HttpResponse(null, { status: 500 });
        return HttpResponse.json(items);
      }),
    );
    const summary = await importPolicePriorities({
      client: client(),
      force: "south-yorkshire",
      neighbourhood: "herringthorpe",
    });
    expect(summary.imported).toHaveLength(1);
    expect(waits).toEqual([500]);
    expect(await importedCount()).toBe(1);
  });
});
