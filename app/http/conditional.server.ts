// Conditional GET for public responses: a strong ETag computed from what the
// response is built from (a page's loader data, a feed's or file's bytes; this
// build; the representation), Cache-Control that lets browsers and shared
// caches keep it briefly, and a 304 (a page's without rendering) when the
// client already has this version.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { data, type HeadersFunction } from "@remix-run/node";

/**
 * Public pages change when partners post, and an item withdrawn must go soon.
 * Browsers: max-age=0, so they ask each time, and the ETag turns that into a
 * bodiless 304. Shared caches (a CDN in front): s-maxage=60, which also means
 * they may not serve it stale without asking (RFC 9111 §5.2.2.10), so a
 * withdrawn item stays at most a minute — less when the CDN is purged. This
 * process's own page cache keeps a page as long (page-cache.server.ts), but
 * forgets it at once when the database changes.
 */
export const PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=60";
/** With a cookie the page may be personal (a signed-in header): only the browser keeps it, and asks each time. */
export const PRIVATE_CACHE_CONTROL = "private, no-cache";
/** Responses to one person's input (a postcode, a token): never stored. */
export const NO_STORE = "private, no-store";

let buildIdentity: string | undefined;

// The built server bundle (this module's own file) identifies the build: a new
// release gives new ETags, so nobody keeps HTML that points at old assets.
function build(): string {
  if (buildIdentity) return buildIdentity;
  try {
    buildIdentity = createHash("sha256")
      .update(fs.readFileSync(fileURLToPath(import.meta.url)))
      .digest("base64url")
      .slice(0, 16);
  } catch {
    buildIdentity = randomBytes(8).toString("base64url");
  }
  return buildIdentity;
}

/** A strong entity tag for `content` (data, or a file's bytes) as `representation` (html, atom, ics, json, csv…). */
export function entityTag(request: Request, representation: string, content: unknown): string {
  const hash = createHash("sha256");
  hash.update(build());
  hash.update("\0");
  hash.update(representation);
  hash.update("\0");
  // A page may differ for a visitor with cookies (signed in), so they get their own tag.
  hash.update(request.headers.get("Cookie") ?? "");
  hash.update("\0");
  hash.update(
    content instanceof Uint8Array
      ? digestOf(content)
      : typeof content === "string"
        ? content
        : (JSON.stringify(content) ?? ""),
  );
  return `"${hash.digest("base64url").slice(0, 32)}"`;
}

// A large file kept between requests (the borough's CSV) is hashed once, not on every request.
const digests = new WeakMap<Uint8Array, string>();
function digestOf(bytes: Uint8Array): string {
  let digest = digests.get(bytes);
  if (digest === undefined) {
    digest = createHash("sha256").update(bytes).digest("base64url");
    digests.set(bytes, digest);
  }
  return digest;
}

/** If-None-Match against `etag` (weak comparison, as RFC 9110 §13.1.2 asks). */
export function clientHasVersion(request: Request, etag: string): boolean {
  return matchesIfNoneMatch(request.headers.get("If-None-Match"), etag);
}

/** The weak comparison itself, for a raw If-None-Match header. */
export function matchesIfNoneMatch(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare);
}

export function cacheHeaders(request: Request, etag: string): Headers {
  return new Headers({
    ETag: etag,
    "Cache-Control": request.headers.get("Cookie") ? PRIVATE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL,
    Vary: "Cookie",
  });
}

/**
 * A page's loader result: its data with the cache headers, or — when the client
 * already has this version — a bodiless 304 (Remix sends it without rendering).
 */
export function publicPage<T>(
  request: Request,
  content: T,
  representation = "html",
  options: { keep?: boolean } = {},
) {
  const etag = entityTag(request, representation, content);
  const headers = cacheHeaders(request, etag);
  if (options.keep === false) forbidKeeping(headers);
  return data(content, { status: clientHasVersion(request, etag) ? 304 : 200, headers });
}

/** The `headers` export of a page whose loader uses publicPage (or sets Cache-Control itself). */
export const publicPageHeaders: HeadersFunction = ({ loaderHeaders }) =>
  loaderHeaders.get("Cache-Control") ? loaderHeaders : new Headers();

/** Content known to be out of date already (figures being recounted): no cache may keep it. */
function forbidKeeping(headers: Headers) {
  headers.set("Cache-Control", "no-store");
}

/**
 * For a resource route (feed, calendar, API, CSV): `body` with the given content type, or a 304
 * when the client has this version. Its tag is the hash of the bytes it sends (cheap to make
 * beside its data, and a feed made from the same data is the same bytes). `keep: false` as for
 * publicPage.
 */
export function conditionalResponse(
  request: Request,
  contentType: string,
  body: string | Uint8Array<ArrayBuffer>,
  extraHeaders: Record<string, string> = {},
  options: { keep?: boolean } = {},
): Response {
  const etag = entityTag(request, contentType, body);
  const headers = cacheHeaders(request, etag);
  for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
  if (options.keep === false) forbidKeeping(headers);
  if (clientHasVersion(request, etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", contentType);
  return new Response(body, { status: 200, headers });
}
