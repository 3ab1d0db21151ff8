// Express middleware in front of every request: security headers with a
// per-request CSP nonce, and a refusal of cross-site non-GET requests.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { env } from "~/config/env.server";

/**
 * The security headers of a response. Inline scripts are allowed by a fresh
 * nonce, or — for a page served again from the page cache, whose bytes are
 * fixed — by the hashes of exactly the inline scripts it holds.
 */
export function securityHeaders(
  scripts: { nonce: string } | { hashes: string[] },
  publicUrl: string,
): Record<string, string> {
  const allowed =
    "nonce" in scripts ? `'nonce-${scripts.nonce}'` : scripts.hashes.map((h) => `'${h}'`).join(" ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self'${allowed ? ` ${allowed}` : ""}`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  if (publicUrl.startsWith("https://")) {
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  }
  return headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A non-GET request is allowed only when its Origin (or Referer) is this site. */
export function isSameOriginRequest(
  method: string,
  headers: { origin?: string | null; referer?: string | null; host?: string | null },
  publicUrl: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const claimed = headers.origin ?? headers.referer;
  if (!claimed || claimed === "null") return false;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return false;
  }
  const allowed = new Set([new URL(publicUrl).origin]);
  if (headers.host) {
    allowed.add(`http://${headers.host}`);
    allowed.add(`https://${headers.host}`);
  }
  return allowed.has(origin);
}

// RFC 8058 one-click unsubscribe: mail providers POST from their own servers.
// The secret token in the path is the authority, so no Origin is needed.
const ONE_CLICK_UNSUBSCRIBE = /^\/subscriptions\/unsubscribe\/[A-Za-z0-9_-]{20,100}\/one-click$/;

export function isCrossSiteAllowed(method: string, path: string): boolean {
  return method.toUpperCase() === "POST" && ONE_CLICK_UNSUBSCRIBE.test(path);
}

/**
 * The host Remix compares a form's Origin with before it runs an action (the
 * first X-Forwarded-Host, else Host); a mismatch there would be a 500.
 */
function hostRemixSees(headers: { forwardedHost?: string | null; host?: string | null }): string | undefined {
  return headers.forwardedHost?.split(",")[0]?.trim() || headers.host || undefined;
}

/** Why a non-GET request whose Origin is this site still cannot be answered, or null when it can. */
export function originHostMismatch(
  method: string,
  headers: { origin?: string | null; forwardedHost?: string | null; host?: string | null },
): string | null {
  if (SAFE_METHODS.has(method.toUpperCase()) || !headers.origin || headers.origin === "null") return null;
  let originHost: string;
  try {
    originHost = new URL(headers.origin).host;
  } catch {
    return `Origin ${JSON.stringify(headers.origin)} is not an address`;
  }
  const host = hostRemixSees(headers);
  if (originHost === host) return null;
  return `Origin ${headers.origin} but the request reached host ${host ?? "(none)"}; a proxy in front must pass the original Host (or X-Forwarded-Host)`;
}

const CROSS_SITE_REFUSAL = "This form was sent from another site, so it was refused.";

export function requestGuards(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  const publicUrl = env().PUBLIC_URL;
  for (const [name, value] of Object.entries(securityHeaders({ nonce }, publicUrl))) {
    res.setHeader(name, value);
  }
  // A 304 tells the browser to reuse its copy, whose scripts carry the nonce of
  // the CSP it came with; a new CSP on the 304 would replace that one and block them.
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    if (args[0] === 304 || res.statusCode === 304) res.removeHeader("Content-Security-Policy");
    return writeHead.apply(this, args);
  } as Response["writeHead"];
  if (isCrossSiteAllowed(req.method, req.path)) {
    // The token is the authority here; a mail provider's own Origin must not trip Remix's check.
    delete req.headers.origin;
    return next();
  }
  const headers = {
    origin: req.get("origin"),
    referer: req.get("referer"),
    host: req.get("host"),
    forwardedHost: req.get("x-forwarded-host"),
  };
  if (!isSameOriginRequest(req.method, headers, publicUrl)) {
    res.status(403).type("text/plain").send(CROSS_SITE_REFUSAL);
    return;
  }
  const mismatch = originHostMismatch(req.method, headers);
  if (mismatch) {
    console.warn(`Refused ${req.method} ${req.path}: ${mismatch} (PUBLIC_URL is ${publicUrl}).`);
    res
      .status(403)
      .type("text/plain")
      .send(
        "This form reached the site under another address than it was sent to, so it was refused. Tell the site's administrator.",
      );
    return;
  }
  next();
}
