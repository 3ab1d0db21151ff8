// Calls the app's routes the way Remix would, by method and path, using the
// real route manifest (app/routes.ts) and the real loaders and actions, with
// a signed-in role's cookie. Integration tests and the permission matrix use
// it; the browser tests drive the built server instead.
import path from "node:path";
import { matchRoutes, type AgnosticRouteObject as RouteObject } from "@remix-run/router";
import { startSession } from "~/auth/session.server";
import { loadViewerByEmail } from "~/domain/accounts/viewers";

export type ManifestRoute = { id: string; file: string; path?: string; index?: boolean };
type ConfigEntry = ManifestRoute & { children?: ConfigEntry[] };

let manifest: Promise<ConfigEntry[]> | undefined;

/** The route config exactly as the Remix Vite plugin sees it. */
export function routeConfig(): Promise<ConfigEntry[]> {
  manifest ??= (async () => {
    (globalThis as { __remixAppDirectory?: string }).__remixAppDirectory = path.resolve("app");
    const config = (await import("~/routes")).default;
    return (await config) as ConfigEntry[];
  })();
  return manifest;
}

/** Every route (flattened), with its file. */
export async function allRoutes(): Promise<ManifestRoute[]> {
  const out: ManifestRoute[] = [];
  const walk = (entries: ConfigEntry[]) => {
    for (const entry of entries) {
      out.push({ id: entry.id, file: entry.file, path: entry.path, index: entry.index });
      if (entry.children) walk(entry.children);
    }
  };
  walk(await routeConfig());
  return out;
}

const modules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}");
export type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: unknown }) => unknown;
  action?: (args: { request: Request; params: Record<string, string>; context: unknown }) => unknown;
  default?: unknown;
};

export async function routeModule(file: string): Promise<RouteModule> {
  const load = modules[`../../app/${file}`];
  if (!load) throw new Error(`No route module for ${file}`);
  return load();
}

/** The app's routes as router objects (handle: the route's file). */
export async function appRouteObjects(): Promise<RouteObject[]> {
  return toRouteObjects(await routeConfig());
}

function toRouteObjects(entries: ConfigEntry[]): RouteObject[] {
  return entries.map((entry) =>
    entry.index
      ? { id: entry.id, path: entry.path, index: true, handle: entry.file }
      : {
          id: entry.id,
          path: entry.path,
          handle: entry.file,
          children: entry.children ? toRouteObjects(entry.children) : undefined,
        },
  ) as RouteObject[];
}

export type Reply = {
  status: number;
  headers: Headers;
  /** Where a redirect points. */
  location: string | null;
  /** Loader/action data, or the body text of a Response. */
  data: unknown;
  routeId: string;
};

/** Signs in as the user with this e-mail (a real session row) and returns the Cookie header. */
export async function cookieFor(email: string): Promise<string> {
  const viewer = await loadViewerByEmail(email);
  if (!viewer) throw new Error(`No active user ${email}`);
  const { setCookie } = await startSession(viewer.userId, "test client");
  return setCookie.split(";")[0];
}

function isDataWithInit(
  value: unknown,
): value is { type: "DataWithResponseInit"; data: unknown; init?: ResponseInit } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: string }).type === "DataWithResponseInit"
  );
}

async function fromResponse(response: Response, routeId: string): Promise<Reply> {
  const type = response.headers.get("Content-Type") ?? "";
  const body = response.status === 204 || response.status === 304 ? "" : await response.text();
  return {
    status: response.status,
    headers: response.headers,
    location: response.headers.get("Location"),
    data: type.includes("json") && body ? JSON.parse(body) : body,
    routeId,
  };
}

/**
 * Sends a request to the route that matches `url`: GET/HEAD run its loader,
 * other methods its action (405 when it has none, as Remix answers).
 */
export async function send(
  method: string,
  url: string,
  options: {
    cookie?: string;
    form?: Record<string, string | string[]> | URLSearchParams;
    headers?: Record<string, string>;
    clientAddress?: string;
  } = {},
): Promise<Reply> {
  const full = new URL(url, "http://localhost");
  const matches = matchRoutes(toRouteObjects(await routeConfig()), full.pathname);
  const leaf = matches?.at(-1);
  if (!leaf) return { status: 404, headers: new Headers(), location: null, data: "", routeId: "" };
  const file = leaf.route.handle as string;
  const routeId = leaf.route.id as string;
  const module = await routeModule(file);
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = options.form instanceof URLSearchParams ? options.form : new URLSearchParams();
    if (!(options.form instanceof URLSearchParams)) {
      for (const [key, value] of Object.entries(options.form)) {
        for (const one of Array.isArray(value) ? value : [value]) body.append(key, one);
      }
    }
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  const upper = method.toUpperCase();
  const request = new Request(full, { method: upper, headers, body: upper === "GET" ? undefined : body });
  const handler = upper === "GET" || upper === "HEAD" ? module.loader : module.action;
  if (!handler) {
    // A page without a loader renders from nothing; a route without an action refuses the method.
    if ((upper === "GET" || upper === "HEAD") && module.default) {
      return { status: 200, headers: new Headers(), location: null, data: null, routeId };
    }
    return { status: 405, headers: new Headers(), location: null, data: "", routeId };
  }
  const params = Object.fromEntries(Object.entries(leaf.params).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  try {
    const result = await handler({
      request,
      params,
      context: { cspNonce: "test-nonce", clientAddress: options.clientAddress ?? "192.0.2.10" },
    });
    if (result instanceof Response) return fromResponse(result, routeId);
    if (isDataWithInit(result)) {
      const init = result.init ?? {};
      const status = init.status ?? 200;
      const h = new Headers(init.headers);
      return { status, headers: h, location: h.get("Location"), data: result.data, routeId };
    }
    return { status: 200, headers: new Headers(), location: null, data: result, routeId };
  } catch (thrown) {
    if (thrown instanceof Response) return fromResponse(thrown, routeId);
    if (isDataWithInit(thrown)) {
      const init = thrown.init ?? {};
      return {
        status: init.status ?? 500,
        headers: new Headers(init.headers),
        location: null,
        data: thrown.data,
        routeId,
      };
    }
    throw thrown;
  }
}
