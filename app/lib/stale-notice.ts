// While the database is down the page cache may answer public pages from
// copies up to PAGE_CACHE_STALE_SECONDS old (app/http/page-cache.server.ts).
// The layout renders an empty placeholder in every page (React leaves the
// inside of an element it set with dangerouslySetInnerHTML alone when it
// hydrates), and the cache writes the notice into it in the copies it sends then.

export const STALE_NOTICE_ID = "stale-notice";
export const STALE_NOTICE_TEXT = "These pages may be a few minutes out of date";

/** The placeholder exactly as React renders it. */
export const STALE_NOTICE_PLACEHOLDER = `<div id="${STALE_NOTICE_ID}"></div>`;

export const STALE_NOTICE_HTML = `<div id="${STALE_NOTICE_ID}"><p class="notice" role="status">${STALE_NOTICE_TEXT}. We cannot reach our records just now; please try again later to see the latest.</p></div>`;
