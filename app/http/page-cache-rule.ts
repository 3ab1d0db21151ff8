// A route opts in to the page cache (page-cache.server.ts) through its `handle`:
//
//   export const handle = cachedPage();                           // the same for every visitor
//   export const handle = cachedPage({ vary: ["Accept-Language"] }); // one copy per value of these headers
//
// Only routes that declare it are ever kept, and only their 200 answers marked
// `Cache-Control: public` to requests with no cookie and no Authorization. The
// page is then kept under its URL plus the values of the headers it varies on,
// and those names are added to its Vary header for caches further down.
// (Not a .server module: `handle` is part of the route's browser code too.)

export type PageCacheRule = { vary: readonly string[] };
export type PageCacheHandle = { pageCache: PageCacheRule };

export function cachedPage(rule: { vary?: readonly string[] } = {}): PageCacheHandle {
  return { pageCache: { vary: (rule.vary ?? []).map((name) => name.toLowerCase()) } };
}

/** The rule a route module's `handle` declares, if any. */
export function pageCacheRuleOf(handle: unknown): PageCacheRule | undefined {
  const rule = (handle as Partial<PageCacheHandle> | null | undefined)?.pageCache;
  return rule && Array.isArray(rule.vary) ? rule : undefined;
}
