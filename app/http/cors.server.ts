// Open CORS for the open data (the API, feeds, calendars and CSVs are public):
// any web page may read them, send If-None-Match and read the validators.
// Set in the server layer, before the page cache and Remix, so every answer
// carries it — cached, 304, 404 or 503 — and a preflight never runs a loader.
import type { IncomingMessage, ServerResponse } from "node:http";

const OPEN_DATA_PATH =
  /^\/(api\/.*|how-were-doing\.csv|neighbourhoods\/[^/]+\/(feed\.atom|meetings\.ics|priorities\.csv))$/;

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, Content-Disposition, Link",
};

export const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since, Accept",
  "Access-Control-Max-Age": "86400",
};

export function isOpenDataPath(url: string | undefined): boolean {
  return OPEN_DATA_PATH.test((url ?? "").split("?")[0]);
}

/** Adds CORS to open-data responses; answers their OPTIONS (preflight) itself: true when it did. */
export function openDataCors(req: IncomingMessage, res: ServerResponse): boolean {
  if (!isOpenDataPath(req.url)) return false;
  if (req.method === "OPTIONS") {
    res.writeHead(204, { ...PREFLIGHT_HEADERS, Allow: "GET, HEAD, OPTIONS", "Content-Length": "0" });
    res.end();
    return true;
  }
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
  return false;
}
