// Express middleware in front of every request: security headers with a
// per-request CSP nonce, and a refusal of cross-site non-GET requests.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { env } from "~/env.server";

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
  if (
    !isCrossSiteAllowed(req.method, req.path) &&
    !isSameOriginRequest(
      req.method,
      { origin: req.get("origin"), referer: req.get("referer"), host: req.get("host") },
      publicUrl,
    )
  ) {
    res.status(403).type("text/plain").send("This form was sent from another site, so it was refused.");
    return;
  }
  next();
}
