// Sessions live in the database; the cookie carries only a signed, random
// session id. Expiry slides: every use within the idle limit extends it.
import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { and, eq, gt, sql } from "drizzle-orm";
import { appSecret, env } from "~/config/env.server";
import { toViewer, viewerFields } from "~/domain/accounts/viewers";
import type { Viewer } from "~/domain/core/access";
import { carriesCookie } from "~/lib/cookies";
import { db, type Executor, prepared } from "~db/client.server";
import { sessions, users } from "~db/schema";

/** A session ends after this long without use. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** Extending the expiry is a write; do it at most this often per session. */
const TOUCH_AFTER_MS = 5 * 60 * 1000;

/** The session cookie's name: a request carrying it is never answered from a shared cache. */
export const SESSION_COOKIE_NAME = "od_session";
/** Whether a Cookie header carries a session cookie (signed or not: guards check it). */
export const carriesSession = (cookieHeader: string | null | undefined) =>
  carriesCookie(cookieHeader, SESSION_COOKIE_NAME);

let cookie: ReturnType<typeof createCookie> | undefined;
let cookieMadeFor: string | undefined;

export function sessionCookie() {
  const secret = appSecret();
  const madeFor = `${env().PUBLIC_URL}\0${secret}`;
  if (!cookie || cookieMadeFor !== madeFor) {
    cookieMadeFor = madeFor;
    cookie = createCookie(SESSION_COOKIE_NAME, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      // Secure exactly when the public address is https: over http a browser would never send it back.
      secure: env().PUBLIC_URL.startsWith("https://"),
      secrets: [secret],
    });
  }
  return cookie;
}

/** Creates a session row and returns the Set-Cookie header value for it. */
export async function startSession(
  userId: number,
  userAgent: string,
  executor: Executor = db(),
): Promise<{ id: string; setCookie: string }> {
  const id = randomBytes(32).toString("base64url");
  await executor.insert(sessions).values({
    id,
    userId,
    userAgent: userAgent.slice(0, 300),
    expiresAt: new Date(Date.now() + SESSION_IDLE_MS),
  });
  return { id, setCookie: await sessionCookie().serialize(id) };
}

/** The session id the request's cookie names (its signature checked), or null. */
export async function sessionIdFrom(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  try {
    const value = await sessionCookie().parse(header);
    return typeof value === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * The live session's viewer (who is signed in), sliding the session's expiry; null when the session
 * is unknown or expired, or its person is no longer active. Every signed-in request asks, so it is
 * one statement, prepared once: the session with its person, memberships and chairs.
 */
export async function resolveSession(sessionId: string): Promise<Viewer | null> {
  const now = new Date();
  const query = prepared(db(), "live session", (d) =>
    d
      .select({ lastSeenAt: sessions.lastSeenAt, ...viewerFields })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(eq(sessions.id, sql.placeholder("sessionId")), gt(sessions.expiresAt, sql.placeholder("now"))),
      )
      .limit(1)
      .prepare("live_session"),
  );
  const [row] = await query.execute({ sessionId, now: now.toISOString() });
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db()
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) })
      .where(eq(sessions.id, sessionId));
  }
  return toViewer(row);
}

export async function endSession(sessionId: string, executor: Executor = db()) {
  await executor.delete(sessions).where(eq(sessions.id, sessionId));
}

/** A Set-Cookie value that removes the session cookie. */
export async function clearSessionCookie() {
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}
