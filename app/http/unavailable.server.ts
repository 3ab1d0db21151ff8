// The page shown when the database cannot be reached: a plain 503 that needs
// nothing from the database, and tells the user what to do.
import { isDatabaseUnavailable } from "~db/client.server";

export function serviceUnavailableResponse(): Response {
  const html = `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sorry, the service is unavailable — One Dialogue</title></head>
<body>
<main>
<h1>Sorry, the service is unavailable</h1>
<p>We cannot reach our records just now. Please try again in a few minutes.</p>
<p>Nothing you were working on has been saved in part: if you were sending a form, send it again when the service is back.</p>
<p>In an emergency call 999. To report a crime that is not an emergency call 101.</p>
</main>
</body>
</html>`;
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Retry-After": String(RETRY_AFTER_SECONDS),
    },
  });
}

/** Seconds a client should wait before asking again while the database is down. */
export const RETRY_AFTER_SECONDS = 30;

type Loader<A> = (args: A) => Promise<Response>;

/** A resource route's loader whose "database down" becomes `answer()` instead of a 500. */
export function whenDatabaseDown<A>(loader: Loader<A>, answer: () => Response): Loader<A> {
  return async (args) => {
    try {
      return await loader(args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      console.error("Database unavailable while serving a feed or download");
      return answer();
    }
  };
}

/** Feeds, calendars and CSV downloads: a plain 503 their readers retry. */
export function feedLoader<A>(loader: Loader<A>): Loader<A> {
  return whenDatabaseDown(
    loader,
    () =>
      new Response("The service is unavailable just now. Please try again in a few minutes.\n", {
        status: 503,
        headers: {
          "Content-Type": "text/plain; charset=utf-8",
          "Cache-Control": "no-store",
          "Retry-After": String(RETRY_AFTER_SECONDS),
        },
      }),
  );
}
