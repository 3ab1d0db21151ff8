// The browser's token for "Has this got better?": a random value in a cookie
// scoped to one neighbourhood's priority pages (and their `.data` requests), so
// a browser gives one answer per priority and only those pages leave the shared
// page cache for it (the cache skips requests with cookies).
import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { env } from "~/config/env.server";

const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;
/** Long enough to span a priority's life; the token says nothing about the person. */
const TWO_YEARS_S = 2 * 365 * 24 * 60 * 60;

export const ANSWER_COOKIE = "od_answer";

function answerCookie() {
  return createCookie(ANSWER_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().PUBLIC_URL.startsWith("https://") || env().NODE_ENV === "production",
    maxAge: TWO_YEARS_S,
  });
}

/** The token this browser already holds for the request's path, or null. */
export async function answerTokenFrom(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  try {
    const value = await answerCookie().parse(header);
    return typeof value === "string" && TOKEN.test(value) ? value : null;
  } catch {
    return null;
  }
}

export function newAnswerToken(): string {
  return randomBytes(24).toString("base64url");
}

/** The Set-Cookie header keeping `token` for the pages under `path` only. */
export function answerCookieHeader(token: string, path: string): Promise<string> {
  return answerCookie().serialize(token, { path });
}
