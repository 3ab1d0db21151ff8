// Feeds and downloads that other programs read: Atom 1.0, iCalendar and CSV
// must be valid for them, not just look right.
import { DOMParser, type Element } from "@xmldom/xmldom";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnv } from "~/config/env.server";
import { cancelMeeting, editMeeting } from "~/domain/meetings/meetings";
import { installation, meetingNeighbourhoods, meetings, tasks } from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildViewer,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { getPublic } from "../support/public-surface";

const test = useTestDatabase();
useFixedClock();
const ATOM = "http://www.w3.org/2005/Atom";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const AWKWARD = `Fights & "shouting" <after> closing, at the Bell; 'every' night`;
const HOSTILE_YOU_SAID = `Kids & adults shout <script>alert("you said")</script> at night`;

const ids = { southAssembly: 0, sitwell: 0, asb: 0 };

// Rotherham South: Sitwell, with the Maynard Road priority the council's ASB
// team has reported on (with figures), and Herringthorpe, with the resolved
// playing fields priority whose police patrols had three public updates with
// figures. A PACT meeting for both is three weeks away. Then Sitwell gets
// priorities with awkward, hostile and formula-like text, and a cancelled
// meeting with a long name.
beforeAll(async () => {
  const db = test.db;
  await buildBankHolidays(db);
  const south = await buildAssembly(db, { slug: "rotherham-south", name: "Rotherham South" });
  const sitwell = await buildNeighbourhood(db, { assemblyId: south.id, slug: "sitwell", name: "Sitwell" });
  const herringthorpe = await buildNeighbourhood(db, {
    assemblyId: south.id,
    slug: "herringthorpe",
    name: "Herringthorpe",
  });
  Object.assign(ids, { southAssembly: south.id, sitwell: sitwell.id });
  const police = await buildAgency(db, { name: "South Yorkshire Police neighbourhood team", kind: "police" });
  ids.asb = (await buildAgency(db, { name: "Council anti-social behaviour team", kind: "council" })).id;
  const greenSpaces = await buildAgency(db, { name: "Green Spaces (parks and play areas)", kind: "council" });
  const tradingStandards = await buildAgency(db, { name: "Trading Standards", kind: "trading_standards" });
  const youthOffending = await buildAgency(db, {
    name: "Youth Offending Team",
    kind: "youth_offending",
    defaultConfidentiality: "partners_only",
  });
  await buildMeeting(db, {
    assemblyId: south.id,
    neighbourhoods: [sitwell.id, herringthorpe.id],
    title: "Rotherham South PACT meeting",
    venue: "Rotherham South Community Centre",
    startsInDays: 21,
  });
  await buildPriority(db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    agreedDaysAgo: 150,
    tasks: [
      {
        agency: police.id,
        updates: [{ daysAgo: 25, body: "Joint evening operation with the youth offending team." }],
      },
      {
        agency: ids.asb,
        updates: [
          {
            daysAgo: 20,
            body: "Warning letters sent and contracts agreed with families.",
            figures: [
              { label: "warning letters", value: 7 },
              { label: "acceptable behaviour contracts", value: 7 },
            ],
          },
        ],
      },
    ],
  });
  const patrolsDone = "Eight weeks of weekend patrols are finished.";
  const fields = await buildPriority(db, {
    neighbourhood: herringthorpe.id,
    title: "Underage drinking on Herringthorpe Playing Fields",
    status: "resolved",
    agreedDaysAgo: 150,
    closedAt: new Date(Date.now() - 40 * 86_400_000),
    tasks: [
      {
        agency: police.id,
        status: "done",
        outcome: patrolsDone,
        updates: [
          {
            daysAgo: 120,
            body: "Weekend patrols started.",
            figures: [
              { label: "patrols", value: 12 },
              { label: "alcohol seized", value: 31, unit: "litres" },
            ],
          },
          { daysAgo: 118, body: "Names passed to the youth offending team.", visibility: "partners_only" },
          {
            daysAgo: 90,
            body: "Patrols continued.",
            figures: [
              { label: "patrols", value: 16 },
              { label: "alcohol seized", value: 6, unit: "litres" },
            ],
          },
          { daysAgo: 45, body: patrolsDone, isOutcome: true },
        ],
      },
      // Partners-only youth offending work: no row in the public CSV.
      { agency: youthOffending.id, status: "done", confidentiality: "partners_only" },
      {
        agency: tradingStandards.id,
        status: "done",
        updates: [{ daysAgo: 100, body: "Test purchases made." }],
      },
      { agency: greenSpaces.id, status: "done", updates: [{ daysAgo: 60, body: "Fencing replaced." }] },
    ],
  });
  await db.update(tasks).set({ residentsAsked: true }).where(eq(tasks.id, fields.taskIds[0]));

  await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: AWKWARD,
    agreedDaysAgo: 1,
    tasks: [
      {
        agency: ids.asb,
        updates: [{ daysAgo: 0, body: "Licensing visit <script>alert(1)</script> & warning." }],
      },
    ],
  });
  await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Shouting outside the shops",
    youSaid: HOSTILE_YOU_SAID,
    agreedDaysAgo: 1,
  });
  await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: '=HYPERLINK("http://evil.example","click")',
    agreedDaysAgo: 2,
  });
  await buildMeeting(test.db, {
    neighbourhoods: [sitwell.id],
    startsInDays: 5,
    title:
      "Extra meeting, with a long name; about parking, litter, and the play area on Maynard Road — all welcome",
    status: "cancelled",
    cancellationReason: "The hall flooded; we will rearrange, and tell you here.",
  });
});

function parseXml(text: string) {
  const problems: string[] = [];
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") problems.push(message);
    },
  }).parseFromString(text, "application/xml");
  expect(problems, "XML parse errors").toEqual([]);
  return document;
}

const children = (element: Element, name: string) =>
  Array.from(element.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1 && (node as Element).namespaceURI === ATOM && (node as Element).localName === name,
  );

describe("the Atom feed", () => {
  it("is well-formed Atom 1.0 with the required elements on the feed and every entry", async () => {
    const response = await getPublic("/neighbourhoods/sitwell/feed.atom");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const feed = parseXml(response.body).documentElement as unknown as Element;
    expect(feed.localName).toBe("feed");
    expect(feed.namespaceURI).toBe(ATOM);
    for (const name of ["id", "title", "updated", "author"])
      expect(children(feed, name), name).toHaveLength(1);
    expect(children(feed, "updated")[0].textContent).toMatch(RFC3339);
    const self = children(feed, "link").find((l) => l.getAttribute("rel") === "self");
    expect(self?.getAttribute("href")).toMatch(/\/neighbourhoods\/sitwell\/feed\.atom$/);

    const entries = children(feed, "entry");
    expect(entries.length).toBeGreaterThan(2);
    const ids = new Set<string>();
    let previous = Number.POSITIVE_INFINITY;
    for (const entry of entries) {
      for (const name of ["id", "title", "updated", "content", "author"]) {
        expect(children(entry, name), `entry ${name}`).toHaveLength(1);
      }
      const id = children(entry, "id")[0].textContent ?? "";
      expect(id).toMatch(/^tag:[^,]+,2026:/);
      expect(ids.has(id)).toBe(false);
      ids.add(id);
      const updated = children(entry, "updated")[0].textContent ?? "";
      expect(updated).toMatch(RFC3339);
      expect(Date.parse(updated)).toBeLessThanOrEqual(previous);
      previous = Date.parse(updated);
      const alternate = children(entry, "link").find((l) => l.getAttribute("rel") === "alternate");
      expect(alternate?.getAttribute("href")).toMatch(
        /^http:\/\/localhost:\d+\/neighbourhoods\/sitwell\/priorities\/\d+/,
      );
    }
  });

  it("carries public updates with their figures and new priorities, text escaped rather than run", async () => {
    const response = await getPublic("/neighbourhoods/sitwell/feed.atom");
    const feed = parseXml(response.body).documentElement as unknown as Element;
    const entries = children(feed, "entry").map((entry) => ({
      title: children(entry, "title")[0].textContent,
      content: children(entry, "content")[0].textContent ?? "",
    }));
    expect(entries.map((e) => e.title)).toContain(`New priority: ${AWKWARD}`);
    const letters = entries.find((e) => e.content.includes("Warning letters sent"));
    expect(letters?.title).toBe(
      `Council anti-social behaviour team: Youths causing damage at Maynard Road play area`,
    );
    expect(letters?.content).toContain("<li>warning letters: 7</li>");
    // The content is HTML (type="html"); the update's own markup arrives as text, not as a tag.
    const licensing = entries.find((e) => e.content.includes("Licensing visit"));
    expect(licensing?.content).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; warning.");
    expect(licensing?.content).not.toContain("<script>");
  });

  it("escapes what residents said inside a new priority's entry, so a feed reader shows it as text", async () => {
    const feed = parseXml((await getPublic("/neighbourhoods/sitwell/feed.atom")).body)
      .documentElement as unknown as Element;
    const entry = children(feed, "entry").find(
      (e) => children(e, "title")[0].textContent === "New priority: Shouting outside the shops",
    ) as Element;
    // The XML text is the entry's HTML; in that HTML the resident's words are escaped once more.
    const html = children(entry, "content")[0].textContent ?? "";
    expect(html).toContain(
      "Kids &amp; adults shout &lt;script&gt;alert(&quot;you said&quot;)&lt;/script&gt; at night",
    );
    expect(html).not.toMatch(/<script/i);
  });

  it("keeps every entry id when the site moves to another domain, and says when it last changed", async () => {
    const before = await getPublic("/neighbourhoods/sitwell/feed.atom");
    const idsOf = (body: string) =>
      children(parseXml(body).documentElement as unknown as Element, "entry").map(
        (entry) => children(entry, "id")[0].textContent,
      );
    const [stored] = await test.db.select().from(installation);
    expect(
      idsOf(before.body).every((id) => id?.startsWith(`tag:${stored.tagAuthority},${stored.tagYear}:`)),
    ).toBe(true);
    const updated = /<updated>([^<]+)<\/updated>/.exec(before.body)?.[1] as string;
    expect(before.headers.get("Last-Modified")).toBe(new Date(updated).toUTCString());

    process.env.PUBLIC_URL = "https://priorities.rotherham.example";
    resetEnv();
    const after = await getPublic("/neighbourhoods/sitwell/feed.atom");
    expect(after.body).toContain('href="https://priorities.rotherham.example/neighbourhoods/sitwell');
    expect(idsOf(after.body)).toEqual(idsOf(before.body));
  });

  it("answers 404 for a neighbourhood that does not exist", async () => {
    expect((await getPublic("/neighbourhoods/atlantis/feed.atom")).status).toBe(404);
  });
});

const publicUrl = process.env.PUBLIC_URL;
afterEach(() => {
  if (publicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = publicUrl;
  resetEnv();
});

function unfold(ics: string) {
  return ics
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter(Boolean);
}

describe("the iCalendar feed", () => {
  it("uses CRLF line endings and folds every line at 75 octets", async () => {
    const response = await getPublic("/neighbourhoods/sitwell/meetings.ics");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.body.endsWith("\r\n")).toBe(true);
    expect(response.body.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of response.body.split("\r\n")) {
      expect(Buffer.byteLength(line, "utf8"), line).toBeLessThanOrEqual(75);
    }
    expect(response.body).toMatch(/\r\n [^\r\n]/); // the long meeting name really was folded
  });

  it("has the required calendar and event properties, and marks a cancelled meeting CANCELLED", async () => {
    const lines = unfold((await getPublic("/neighbourhoods/sitwell/meetings.ics")).body);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines).toContain("VERSION:2.0");
    expect(lines.some((l) => l.startsWith("PRODID:"))).toBe(true);
    const events: string[][] = [];
    let current: string[] | null = null;
    for (const line of lines) {
      if (line === "BEGIN:VEVENT") current = [];
      else if (line === "END:VEVENT") {
        events.push(current ?? []);
        current = null;
      } else current?.push(line);
    }
    expect(events.length).toBeGreaterThanOrEqual(2);
    const uids = new Set<string>();
    for (const event of events) {
      for (const property of [
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "LOCATION",
        "STATUS",
        "SEQUENCE",
      ]) {
        expect(
          event.some((l) => l.startsWith(`${property}:`)),
          property,
        ).toBe(true);
      }
      const uid = event.find((l) => l.startsWith("UID:")) as string;
      expect(uids.has(uid)).toBe(false);
      uids.add(uid);
      expect(event.find((l) => l.startsWith("DTSTART:"))).toMatch(/^DTSTART:\d{8}T\d{6}Z$/);
    }
    const cancelled = events.find((e) => e.some((l) => l.includes("Extra meeting")));
    expect(cancelled).toContain("STATUS:CANCELLED");
    // TEXT values escape commas and semicolons.
    expect(cancelled?.find((l) => l.startsWith("DESCRIPTION:"))).toContain(
      "Cancelled: The hall flooded\\; we will rearrange\\, and tell you here.",
    );
    const scheduled = events.filter((e) => e.includes("STATUS:CONFIRMED"));
    expect(scheduled.length).toBeGreaterThan(0);
  });

  it("tells calendar programs how often to refresh it", async () => {
    const lines = unfold((await getPublic("/neighbourhoods/sitwell/meetings.ics")).body);
    expect(lines).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    expect(lines).toContain("X-PUBLISHED-TTL:PT1H");
  });

  it("raises a meeting's SEQUENCE with every change, even several in the same second", async () => {
    const chair = await buildViewer(test.db, { chairs: [ids.southAssembly] });
    const at = new Date(); // both changes at the very same instant
    const { meeting } = await buildMeeting(test.db, {
      neighbourhoods: [ids.sitwell],
      startsInDays: 9,
      title: "Moved twice",
      venue: "Sitwell Library",
    });
    const sequenceOf = async () => {
      const lines = unfold((await getPublic("/neighbourhoods/sitwell/meetings.ics")).body);
      const uid = lines.find((l) => l.startsWith(`UID:meeting-${meeting.id}@`)) as string;
      const event = lines.slice(lines.indexOf(uid));
      return Number(event.find((l) => l.startsWith("SEQUENCE:"))?.slice("SEQUENCE:".length));
    };
    const created = await sequenceOf();
    const covered = await test.db
      .select({ id: meetingNeighbourhoods.neighbourhoodId })
      .from(meetingNeighbourhoods)
      .where(eq(meetingNeighbourhoods.meetingId, meeting.id));
    const [row] = await test.db.select().from(meetings).where(eq(meetings.id, meeting.id));
    await editMeeting(
      chair,
      {
        meetingId: meeting.id,
        kind: row.kind,
        title: "Moved twice",
        day: row.startsAt.toISOString().slice(0, 10),
        startTime: "19:00",
        endTime: "20:30",
        venue: "Sitwell Library, upstairs room",
        neighbourhoodIds: covered.map((c) => c.id),
      },
      { now: at },
    );
    const edited = await sequenceOf();
    await cancelMeeting(chair, { meetingId: meeting.id, reason: "The room is double-booked." }, { now: at });
    const cancelled = await sequenceOf();
    expect(edited).toBeGreaterThan(created);
    expect(cancelled).toBeGreaterThan(edited);
  });
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && body[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("the CSV of priorities and outcomes", () => {
  it("has one row per public task, with outcomes and figures, as a download", async () => {
    const response = await getPublic("/neighbourhoods/herringthorpe/priorities.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      'attachment; filename="herringthorpe-priorities-and-outcomes.csv"',
    );
    const [header, ...rows] = parseCsv(response.body);
    expect(header.slice(0, 5)).toEqual(["priority_id", "priority", "category", "status", "status_in_words"]);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    const col = (name: string) => header.indexOf(name);
    expect(rows.map((r) => r[col("agency")]).sort()).toEqual([
      "Green Spaces (parks and play areas)",
      "South Yorkshire Police neighbourhood team",
      "Trading Standards",
    ]);
    const police = rows.find((r) => r[col("agency")].startsWith("South Yorkshire Police")) as string[];
    expect(police[col("status_in_words")]).toBe("Resolved");
    // The task's status as the API's code, and in words.
    expect(police[col("task_status")]).toBe("done");
    expect(police[col("task_status_label")]).toBe("Done");
    expect(police[col("figures")]).toBe(
      "patrols: 12; alcohol seized: 31 litres; patrols: 16; alcohol seized: 6 litres",
    );
    expect(police[col("residents_asked")]).toBe("yes");
    expect(police[col("public_updates")]).toBe("3");
  });

  it("defuses cells a spreadsheet would run as a formula", async () => {
    const [, ...rows] = parseCsv((await getPublic("/neighbourhoods/sitwell/priorities.csv")).body);
    const titles = rows.map((r) => r[1]);
    expect(titles).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(titles).toContain(AWKWARD);
  });
});
