import { HttpResponse, http } from "msw";
import { POLICE_UK } from "./police-uk";

// data.police.uk stand-in for crime figures and priorities: a square
// neighbourhood, crimes at known points, and switches for the failure answers.
// Tests install it with server.use(...policeUkCrimeHandlers(state)).

export type MockCrime = {
  id: number;
  lat: number;
  lng: number;
  category: string;
  outcome: string | null;
  month: string;
};

export type CrimeApiState = {
  lastUpdated: string;
  /** "force/neighbourhood" → boundary; missing → 404. */
  boundaries: Record<string, Array<{ lat: number; lng: number }>>;
  crimes: MockCrime[];
  /** Months police.uk has no data for (404). */
  missingMonths?: string[];
  /** Answer this many crime requests with 429 first. */
  rateLimitFirst?: number;
  /** An area wider than this (degrees of latitude or longitude) gets 503. */
  maxSpan?: number;
  /** "force/neighbourhood" → priorities. */
  priorities?: Record<string, Array<Record<string, string | null>>>;
  /** Everything the handlers saw. */
  seen: Array<{ at: number; path: string; span?: number }>;
};

export const SQUARE = [
  { lat: 53.4, lng: -1.36 },
  { lat: 53.4, lng: -1.32 },
  { lat: 53.44, lng: -1.32 },
  { lat: 53.44, lng: -1.36 },
];

function inside(point: { lat: number; lng: number }, polygon: Array<{ lat: number; lng: number }>) {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (a.lat > point.lat !== b.lat > point.lat) {
      const lngAt = ((b.lng - a.lng) * (point.lat - a.lat)) / (b.lat - a.lat) + a.lng;
      if (point.lng < lngAt) result = !result;
    }
  }
  return result;
}

async function crimeParams(request: Request) {
  if (request.method === "POST") return new URLSearchParams(await request.text());
  return new URL(request.url).searchParams;
}

export function policeUkCrimeHandlers(state: CrimeApiState) {
  const crimes = async ({ request }: { request: Request }) => {
    const params = await crimeParams(request);
    const poly = (params.get("poly") ?? "").split(":").map((pair) => {
      const [lat, lng] = pair.split(",").map(Number);
      return { lat, lng };
    });
    const month = params.get("date") ?? "";
    const lats = poly.map((p) => p.lat);
    const lngs = poly.map((p) => p.lng);
    const span = Math.max(Math.max(...lats) - Math.min(...lats), Math.max(...lngs) - Math.min(...lngs));
    state.seen.push({ at: Date.now(), path: "crimes-street", span });
    if (state.rateLimitFirst && state.rateLimitFirst > 0) {
      state.rateLimitFirst -= 1;
      return new HttpResponse("Too Many Requests", { status: 429, headers: { "Retry-After": "1" } });
    }
    if (state.missingMonths?.includes(month)) return new HttpResponse(null, { status: 404 });
    if (state.maxSpan != null && span > state.maxSpan) return new HttpResponse(null, { status: 503 });
    return HttpResponse.json(
      state.crimes
        .filter((c) => c.month === month && inside(c, poly))
        .map((c) => ({
          category: c.category,
          location_type: "Force",
          location: {
            latitude: String(c.lat),
            longitude: String(c.lng),
            street: { id: 1000 + c.id, name: "On or near Private Street" },
          },
          context: "",
          outcome_status: c.outcome ? { category: c.outcome, date: month } : null,
          persistent_id: `persistent-${c.id}`,
          id: c.id,
          location_subtype: "",
          month,
        })),
    );
  };
  return [
    http.get(`${POLICE_UK}/crime-last-updated`, () => {
      state.seen.push({ at: Date.now(), path: "crime-last-updated" });
      return HttpResponse.json({ date: state.lastUpdated });
    }),
    http.get(`${POLICE_UK}/crimes-street/all-crime`, crimes),
    http.post(`${POLICE_UK}/crimes-street/all-crime`, crimes),
    http.get(`${POLICE_UK}/:force/:neighbourhood/boundary`, ({ params }) => {
      state.seen.push({ at: Date.now(), path: "boundary" });
      const boundary = state.boundaries[`${params.force}/${params.neighbourhood}`];
      if (!boundary) return new HttpResponse(null, { status: 404 });
      return HttpResponse.json(boundary.map((p) => ({ latitude: String(p.lat), longitude: String(p.lng) })));
    }),
    http.get(`${POLICE_UK}/:force/:neighbourhood/priorities`, ({ params }) => {
      state.seen.push({ at: Date.now(), path: "priorities" });
      const list = state.priorities?.[`${params.force}/${params.neighbourhood}`];
      if (!list) return new HttpResponse(null, { status: 404 });
      return HttpResponse.json(list);
    }),
  ];
}
