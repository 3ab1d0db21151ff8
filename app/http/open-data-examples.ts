// Example responses for the OpenAPI document and docs/api.md, typed by the
// response schemas (so they cannot fall behind a renamed field) and checked
// against the generated document by tests/integration/openapi.test.ts.
import type * as Shapes from "~/domain/reports/open-data-schemas";

const SITE = "https://one-dialogue.example";

function neighbourhood(
  slug: string,
  name: string,
  assembly: { slug: string; name: string },
): Shapes.NeighbourhoodJson {
  return {
    slug,
    name,
    description: "",
    assembly,
    police_uk: { force: "south-yorkshire", neighbourhood: `demo-${slug}` },
    links: {
      self: `${SITE}/api/v1/neighbourhoods/${slug}`,
      html: `${SITE}/neighbourhoods/${slug}`,
      priorities: `${SITE}/api/v1/neighbourhoods/${slug}/priorities`,
      meetings: `${SITE}/api/v1/neighbourhoods/${slug}/meetings`,
      feed: `${SITE}/neighbourhoods/${slug}/feed.atom`,
      calendar: `${SITE}/neighbourhoods/${slug}/meetings.ics`,
      csv: `${SITE}/neighbourhoods/${slug}/priorities.csv`,
    },
  };
}

const rotherValleySouth = { slug: "rother-valley-south", name: "Rother Valley South" };
const list = (path: string, query: string, page: number, pages: number) => {
  const at = (n: number) => `${SITE}${path}?${query}page=${n}&per_page=2`;
  return {
    self: at(page),
    first: at(1),
    last: at(pages),
    prev: page > 1 ? at(page - 1) : null,
    next: page < pages ? at(page + 1) : null,
  };
};

export const neighbourhoodsExample: Shapes.NeighbourhoodListJson = {
  data: [
    neighbourhood("anston-and-woodsetts", "Anston and Woodsetts", rotherValleySouth),
    neighbourhood("aughton-and-swallownest", "Aughton and Swallownest", rotherValleySouth),
  ],
  meta: { page: 1, per_page: 2, total: 19, pages: 10 },
  links: list("/api/v1/neighbourhoods", "", 1, 10),
};

export const neighbourhoodExample: Shapes.NeighbourhoodOneJson = {
  data: neighbourhood("sitwell", "Sitwell", { slug: "rotherham-south", name: "Rotherham South" }),
};

const queensway: Shapes.PriorityJson = {
  id: 2,
  neighbourhood: "boston-castle",
  title: "Obstructive parking on Queensway",
  you_said:
    "Cars parked on both kerbs of Queensway near the hospital block driveways and stop buses and bin lorries getting through.",
  category: { slug: "parking-and-traffic", name: "Parking and traffic" },
  status: "monitoring",
  status_label: "Monitoring",
  status_meaning: "The meeting agreed things have improved and is checking that the improvement lasts.",
  public_status: {
    phase: "monitoring",
    summary:
      "The meeting agreed things have improved and is checking that the improvement lasts. Being worked on by Streetpride (streets, parking and highways).",
    ending: null,
    working_agencies: ["Streetpride (streets, parking and highways)"],
    waiting_agencies: [],
    finished_agencies: [],
    overdue_agencies: [],
    review: null,
  },
  current: true,
  overdue: false,
  stale: false,
  agreed_on: "2026-06-25",
  agreed_at_meeting: { id: 10, title: "Rotherham South PACT meeting", starts_at: "2026-06-25T18:00:00.000Z" },
  review_date: "2026-12-13",
  closed_at: null,
  outcome: { summary: null, closed_reason: null, referred_to: null },
  tasks: [
    {
      id: 6,
      agency: { name: "Streetpride (streets, parking and highways)", kind: "council" },
      title: "Enforcement and a residents-only parking scheme",
      ask: "Enforce parking restrictions, then design a residents-only scheme with the hospital.",
      status: "in_progress",
      status_label: "In progress",
      due_date: "2027-01-06",
      overdue: false,
      outcome: null,
      residents_asked: null,
      completed_at: null,
    },
  ],
  updates: [
    {
      id: 14,
      task_id: 6,
      agency: "Streetpride (streets, parking and highways)",
      body: "The hospital has agreed to a residents-only parking scheme. Consultation letters go to every household next month.",
      created_at: "2026-10-23T14:00:00.000Z",
      is_outcome: false,
      residents_asked: null,
      figures: [{ label: "households to be consulted", value: 86, unit: "" }],
    },
  ],
  links: {
    self: `${SITE}/api/v1/priorities/2`,
    html: `${SITE}/neighbourhoods/boston-castle/priorities/2`,
  },
};

const prioritiesLinks = (() => {
  const at = `${SITE}/api/v1/neighbourhoods/boston-castle/priorities?status=current&page=1&per_page=20`;
  return { self: at, first: at, last: at, prev: null, next: null };
})();

export const prioritiesExample: Shapes.PriorityListJson = {
  data: [queensway],
  meta: { page: 1, per_page: 20, total: 1, pages: 1 },
  links: prioritiesLinks,
};

export const priorityExample: Shapes.PriorityOneJson = { data: queensway };

const assemblyMeeting: Shapes.MeetingJson = {
  id: 11,
  title: "Rotherham South Area Assembly",
  kind: "area_assembly",
  status: "held",
  starts_at: "2026-10-13T18:00:00.000Z",
  ends_at: "2026-10-13T20:00:00.000Z",
  venue: "Rotherham South Community Centre",
  address: "Main Street",
  accessibility: "Step-free access, hearing loop and accessible toilet.",
  cancellation_reason: null,
  attendance: 27,
  public_summary:
    "Partners reported back on each priority. The playing fields priority was agreed as resolved; parking moved to monitoring while the residents-only scheme is set up.",
  whats_working: "Young people from the youth club helped design the new play area signs.",
  minutes_reference: "Minutes published on the council website.",
  links: { self: `${SITE}/api/v1/meetings/11`, html: `${SITE}/meetings/11` },
};

export const meetingsExample: Shapes.MeetingListJson = {
  data: [assemblyMeeting],
  meta: { page: 1, per_page: 1, when: "past" },
  links: {
    self: `${SITE}/api/v1/neighbourhoods/sitwell/meetings?when=past&page=1&per_page=1`,
    first: `${SITE}/api/v1/neighbourhoods/sitwell/meetings?when=past&page=1&per_page=1`,
    prev: null,
    next: `${SITE}/api/v1/neighbourhoods/sitwell/meetings?when=past&page=2&per_page=1`,
  },
};

export const meetingExample: Shapes.MeetingOneJson = {
  data: { ...assemblyMeeting, neighbourhoods: ["boston-castle", "herringthorpe", "sitwell"] },
};

export const policeUkExample: Shapes.PoliceUkPriority[] = [
  {
    issue:
      "<p>Obstructive parking on Queensway</p><p>Cars parked on both kerbs of Queensway near the hospital block driveways and stop buses and bin lorries getting through.</p>",
    "issue-date": "2026-06-25T00:00:00",
    action:
      "<p>The hospital has agreed to a residents-only parking scheme. Consultation letters go to every household next month. — households to be consulted: 86</p>",
    "action-date": "2026-10-23T15:00:00",
  },
];

export const badRequestExample: Shapes.ApiErrorJson = {
  error: {
    status: 400,
    message: "Some query parameters are not valid.",
    fields: { per_page: ["per_page must be a whole number from 1 to 100"] },
  },
};

export const notFoundExample: Shapes.ApiErrorJson = {
  error: { status: 404, message: "There is no neighbourhood with that slug." },
};

export const unavailableExample: Shapes.ApiErrorJson = {
  error: {
    status: 503,
    message: "The open data is unavailable just now. Please try again in a few minutes.",
  },
};
