import { PassThrough } from "node:stream";
import { buffer } from "node:stream/consumers";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { isDatabaseUnavailable, useDatabaseOptions } from "~db/client.server";
import { carriesSession } from "./auth/session.server";
import { NonceContext } from "./components/nonce";
import { databaseOptions } from "./config/env.server";
import { WROTE_COOKIE } from "./http/page-cache.server";
import { serviceUnavailableResponse } from "./http/unavailable.server";
import { carriesCookie } from "./lib/cookies";

export const streamTimeout = 5_000;

// Without boot() (Vite's dev server), db() opens the database the environment names.
useDatabaseOptions(() => databaseOptions());

// Exported for server.js: one bundle holds the app, its start-up and its jobs.
export { boot, closeDatabase } from "./boot.server";
export { openDataCors } from "./http/cors.server";
export { requestGuards } from "./http/guards.server";
export { pageCache, serveFromPageCache, startPageCache, stopPageCache } from "./http/page-cache.server";
export { startJobs } from "./jobs.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A loader that failed because the database is down gets a clear 503, not a 500.
  // (Remix hands us sanitised errors, so handleError marks the request first.)
  if (databaseDownFor.has(request)) {
    return serviceUnavailableResponse();
  }
  keepPrivateWhenSignedIn(request, responseHeaders);
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : undefined;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        // No page defers any of its data, so a page is whole as soon as React has rendered it (the
        // loader data's script included). It is gathered and sent in one write with its length:
        // streamed, React's 2 KB chunks each became a write to the socket, about 0.8 ms of a
        // 37 KB inbox page's CPU.
        onAllReady() {
          shellRendered = true;
          const page = new PassThrough();
          pipe(page);
          buffer(page).then((body) => {
            clearTimeout(timer);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            responseHeaders.set("Content-Length", String(body.byteLength));
            resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
          }, reject);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}

const databaseDownFor = new WeakSet<Request>();

// A signed-in person's pages carry their name and links: never let a shared
// cache keep them, even when the same page is public and cacheable for others.
// Nor the pages of someone who has just sent a form (WROTE_COOKIE): they must
// show that person's change, and one such copy must not stand for the next writer's.

function keepPrivateWhenSignedIn(request: Request, headers: Headers) {
  headers.append("Vary", "Cookie");
  const cookies = request.headers.get("Cookie");
  if (carriesSession(cookies) || carriesCookie(cookies, WROTE_COOKIE)) {
    headers.set("Cache-Control", "private, no-store");
    headers.delete("ETag");
  }
}

export function handleDataRequest(response: Response, { request }: { request: Request }) {
  keepPrivateWhenSignedIn(request, response.headers);
  return response;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isDatabaseUnavailable(error)) {
    databaseDownFor.add(request);
    console.error(`Database unavailable while serving ${new URL(request.url).pathname}`);
    return;
  }
  console.error(error);
}
