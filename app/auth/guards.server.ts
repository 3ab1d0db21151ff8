// The guards every staff route calls first (DESIGN.md §6). Anonymous people
// are sent to /login (and back afterwards); signed-in people without the
// right get 403. The domain checks again on every write; these make pages
// and hand-crafted requests fail early and the same way.
import { redirect } from "@remix-run/node";
import { isAdmin, isChairOf, isCoordinatorOf, isMemberOf, type Viewer } from "~/domain/core/access";
import { cookieValue } from "~/lib/cookies";
import { resolveSession, SESSION_COOKIE_NAME, sessionIdFrom } from "./session.server";

export type SignedIn = Viewer & { sessionId: string };

const resolved = new WeakMap<Request, Promise<SignedIn | null>>();

async function lookUp(request: Request): Promise<SignedIn | null> {
  const sessionId = await sessionIdFrom(request);
  if (!sessionId) return null;
  const viewer = await resolveSession(sessionId);
  return viewer ? { ...viewer, sessionId } : null;
}

// Remix hands each loader of a page its own copy of the Request, and runs them
// together: lookups for the same session cookie that are under way at the same
// moment share one answer (each is as current as the requests that asked).
const underWay = new Map<string, Promise<SignedIn | null>>();

/** The signed-in person, or null for the public. Looked up once per request. */
export function getViewer(request: Request): Promise<SignedIn | null> {
  let found = resolved.get(request);
  if (found) return found;
  const token = cookieValue(request.headers.get("Cookie"), SESSION_COOKIE_NAME);
  if (!token) {
    found = Promise.resolve(null);
  } else {
    found = underWay.get(token);
    if (!found) {
      const lookup = lookUp(request);
      found = lookup;
      underWay.set(token, lookup);
      const forget = () => {
        if (underWay.get(token) === lookup) underWay.delete(token);
      };
      lookup.then(forget, forget);
    }
  }
  resolved.set(request, found);
  return found;
}

/**
 * Where /login should send someone back to: a path on this site, never elsewhere.
 * The NORMALISED path is checked, since "/.//evil.example" or "/%2e//evil.example"
 * resolve to "//evil.example", which a browser reads as another host.
 */
export function safeRedirect(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  if (!value.startsWith("/") || /[\u0000-\u001F\u007F\\]/.test(value)) return fallback;
  try {
    const base = "http://same.invalid";
    const url = new URL(value, base);
    const path = url.pathname;
    if (url.origin !== base || path.startsWith("//") || path.startsWith("/\\")) return fallback;
    if (path === "/login" || path === "/logout") return fallback;
    const target = `${path}${url.search}${url.hash}`;
    // The answer must itself resolve here when a browser reads it as a Location.
    return new URL(target, base).origin === base ? target : fallback;
  } catch {
    return fallback;
  }
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = request.method === "GET" ? `${url.pathname}${url.search}` : url.pathname;
  throw redirect(`/login?returnTo=${encodeURIComponent(safeRedirect(back))}`);
}

export function forbiddenResponse(message = "You do not have permission to see or do this."): never {
  throw new Response(message, { status: 403, statusText: "Forbidden" });
}

export async function requireUser(request: Request): Promise<SignedIn> {
  const viewer = await getViewer(request);
  if (!viewer) loginRedirect(request);
  return viewer;
}

export async function requireAdmin(request: Request): Promise<SignedIn> {
  const viewer = await requireUser(request);
  if (!isAdmin(viewer)) forbiddenResponse();
  return viewer;
}

export async function requireChairOf(request: Request, assemblyId: number): Promise<SignedIn> {
  const viewer = await requireUser(request);
  if (!isChairOf(viewer, assemblyId)) forbiddenResponse();
  return viewer;
}

export async function requireMemberOf(request: Request, agencyId: number): Promise<SignedIn> {
  const viewer = await requireUser(request);
  if (!isMemberOf(viewer, agencyId)) forbiddenResponse();
  return viewer;
}

export async function requireCoordinatorOf(request: Request, agencyId: number): Promise<SignedIn> {
  const viewer = await requireUser(request);
  if (!isCoordinatorOf(viewer, agencyId)) forbiddenResponse();
  return viewer;
}

/** Someone who chairs at least one assembly (or an admin): the chair workspace. */
export async function requireAnyChair(request: Request): Promise<SignedIn> {
  const viewer = await requireUser(request);
  if (!isAdmin(viewer) && viewer.chairOf.size === 0) forbiddenResponse();
  return viewer;
}

/** Someone in at least one agency (or an admin): the partner inbox. */
export async function requireAnyAgency(request: Request): Promise<SignedIn> {
  const viewer = await requireUser(request);
  if (!isAdmin(viewer) && viewer.agencies.size === 0) forbiddenResponse();
  return viewer;
}
