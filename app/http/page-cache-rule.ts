// A route opts in to the page cache (page-cache.server.ts) through its `handle`:
//
//   export const handle = cachedPage();                           // the same for every visitor
//   export const handle = cachedPage({ vary: ["Accept-Language"] }); // one copy per value of these headers
//   export const handle = cachedPage({ tags: tagsOf.neighbourhood });  // dropped when that neighbourhood changes
//
// Only routes that declare it are ever kept, and only their 200 answers marked
// `Cache-Control: public` to requests with no cookie and no Authorization. The
// page is then kept under its URL plus the values of the headers it varies on,
// and those names are added to its Vary header for caches further down.
//
// `tags` name, from the URL's parameters, what the page is built from
// (app/lib/page-tags.ts); a change to one of them drops the page. A page that
// names nothing is tagged BOROUGH: dropped on any change at all, which is
// always correct. Name the tags precisely or not at all.
// (Not a .server module: `handle` is part of the route's browser code too.)
import { BOROUGH, pageTag } from "~/lib/page-tags";

export type PageParams = Readonly<Record<string, string | undefined>>;
export type PageCacheRule = { vary: readonly string[]; tags: (params: PageParams) => readonly string[] };
export type PageCacheHandle = { pageCache: PageCacheRule };

const boroughWide = () => [BOROUGH];

export function cachedPage(
  rule: { vary?: readonly string[]; tags?: (params: PageParams) => readonly string[] } = {},
): PageCacheHandle {
  return {
    pageCache: { vary: (rule.vary ?? []).map((name) => name.toLowerCase()), tags: rule.tags ?? boroughWide },
  };
}

/** The rule a route module's `handle` declares, if any. */
export function pageCacheRuleOf(handle: unknown): PageCacheRule | undefined {
  const rule = (handle as Partial<PageCacheHandle> | null | undefined)?.pageCache;
  return rule && Array.isArray(rule.vary) && typeof rule.tags === "function" ? rule : undefined;
}

/** The tags of the routes whose URL names what they are built from, by the parameter that names it. */
export const tagsOf = {
  neighbourhood: (p: PageParams) => [pageTag.neighbourhood(p.slug ?? "")],
  assembly: (p: PageParams) => [pageTag.assembly(p.assemblySlug ?? "")],
  meeting: (p: PageParams) => [pageTag.meeting(p.id ?? "")],
  priority: (p: PageParams) => [pageTag.priority(p.id ?? "")],
  police: (p: PageParams) => [pageTag.police(p.force ?? "", p.neighbourhood ?? "")],
  /** Built from the code alone, never from the database: no change drops it. */
  nothing: () => [],
};
