// Calls the public routes' loaders the way Remix would, by path, and hands
// back status, headers and the body as text (a page's loader data as JSON:
// everything its HTML is rendered from). For integration tests; the browser
// tests fetch the real rendered HTML.

import * as home from "~/routes/_index";
import * as policeUk from "~/routes/api.police-uk.$force.$neighbourhood.priorities";
import * as apiMeeting from "~/routes/api.v1.meetings.$id";
import * as apiNeighbourhoods from "~/routes/api.v1.neighbourhoods._index";
import * as apiNeighbourhood from "~/routes/api.v1.neighbourhoods.$slug._index";
import * as apiMeetings from "~/routes/api.v1.neighbourhoods.$slug.meetings";
import * as apiPriorities from "~/routes/api.v1.neighbourhoods.$slug.priorities";
import * as openApi from "~/routes/api.v1.openapi[.]json";
import * as apiPriority from "~/routes/api.v1.priorities.$id";
import * as concernLookup from "~/routes/concerns.$reference._index";
import * as meeting from "~/routes/meetings.$id._index";
import * as neighbourhood from "~/routes/neighbourhoods.$slug._index";
import * as archive from "~/routes/neighbourhoods.$slug.archive";
import * as concernsHere from "~/routes/neighbourhoods.$slug.concerns._index";
import * as concernForm from "~/routes/neighbourhoods.$slug.concerns.new";
import * as feed from "~/routes/neighbourhoods.$slug.feed[.]atom";
import * as calendar from "~/routes/neighbourhoods.$slug.meetings[.]ics";
import * as priority from "~/routes/neighbourhoods.$slug.priorities.$id._index";
import * as csv from "~/routes/neighbourhoods.$slug.priorities[.]csv";
import * as subscribe from "~/routes/subscribe";

type Loader = (args: { request: Request; params: Record<string, string>; context: unknown }) => unknown;

const ROUTES: Array<{ pattern: RegExp; names: string[]; loader: Loader }> = [
  { pattern: /^\/$/, names: [], loader: home.loader as Loader },
  { pattern: /^\/neighbourhoods\/([^/]+)$/, names: ["slug"], loader: neighbourhood.loader as Loader },
  {
    pattern: /^\/neighbourhoods\/([^/]+)\/priorities\/([^/]+)$/,
    names: ["slug", "id"],
    loader: priority.loader as Loader,
  },
  { pattern: /^\/neighbourhoods\/([^/]+)\/archive$/, names: ["slug"], loader: archive.loader as Loader },
  { pattern: /^\/neighbourhoods\/([^/]+)\/feed\.atom$/, names: ["slug"], loader: feed.loader as Loader },
  {
    pattern: /^\/neighbourhoods\/([^/]+)\/meetings\.ics$/,
    names: ["slug"],
    loader: calendar.loader as Loader,
  },
  { pattern: /^\/neighbourhoods\/([^/]+)\/priorities\.csv$/, names: ["slug"], loader: csv.loader as Loader },
  {
    pattern: /^\/neighbourhoods\/([^/]+)\/concerns\/new$/,
    names: ["slug"],
    loader: concernForm.loader as Loader,
  },
  {
    pattern: /^\/neighbourhoods\/([^/]+)\/concerns$/,
    names: ["slug"],
    loader: concernsHere.loader as Loader,
  },
  { pattern: /^\/concerns\/([^/]+)$/, names: ["reference"], loader: concernLookup.loader as Loader },
  { pattern: /^\/meetings\/([^/]+)$/, names: ["id"], loader: meeting.loader as Loader },
  { pattern: /^\/subscribe$/, names: [], loader: subscribe.loader as Loader },
  { pattern: /^\/api\/v1\/neighbourhoods$/, names: [], loader: apiNeighbourhoods.loader as Loader },
  { pattern: /^\/api\/v1\/openapi\.json$/, names: [], loader: openApi.loader as Loader },
  {
    pattern: /^\/api\/v1\/neighbourhoods\/([^/]+)$/,
    names: ["slug"],
    loader: apiNeighbourhood.loader as Loader,
  },
  {
    pattern: /^\/api\/v1\/neighbourhoods\/([^/]+)\/priorities$/,
    names: ["slug"],
    loader: apiPriorities.loader as Loader,
  },
  {
    pattern: /^\/api\/v1\/neighbourhoods\/([^/]+)\/meetings$/,
    names: ["slug"],
    loader: apiMeetings.loader as Loader,
  },
  { pattern: /^\/api\/v1\/priorities\/([^/]+)$/, names: ["id"], loader: apiPriority.loader as Loader },
  { pattern: /^\/api\/v1\/meetings\/([^/]+)$/, names: ["id"], loader: apiMeeting.loader as Loader },
  {
    pattern: /^\/api\/police-uk\/([^/]+)\/([^/]+)\/priorities$/,
    names: ["force", "neighbourhood"],
    loader: policeUk.loader as Loader,
  },
];

export type PublicResponse = { status: number; headers: Headers; body: string; data?: unknown };

/** GET a public path through its route's loader. */
export async function getPublic(path: string, headers: Record<string, string> = {}): Promise<PublicResponse> {
  const url = new URL(path, "http://localhost");
  const route = ROUTES.find((r) => r.pattern.test(url.pathname));
  if (!route) throw new Error(`no public route for ${path}`);
  const match = url.pathname.match(route.pattern) as RegExpMatchArray;
  const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
  const request = new Request(url, { headers });
  let result: unknown;
  try {
    result = await route.loader({ request, params, context: { clientAddress: "203.0.113.9" } });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    return {
      status: result.status,
      headers: result.headers,
      body: result.status === 304 ? "" : await result.text(),
    };
  }
  const wrapped = result as {
    type?: string;
    data?: unknown;
    init?: { status?: number; headers?: HeadersInit };
  };
  if (wrapped?.type === "DataWithResponseInit") {
    const status = wrapped.init?.status ?? 200;
    // A 304 is sent without a body (Remix does not render it).
    return {
      status,
      headers: new Headers(wrapped.init?.headers),
      body: status === 304 ? "" : JSON.stringify(wrapped.data),
      data: status === 304 ? undefined : wrapped.data,
    };
  }
  return { status: 200, headers: new Headers(), body: JSON.stringify(result), data: result };
}
