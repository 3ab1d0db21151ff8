// The names the page cache tags pages with, and drops pages by when the
// database reports a change (app/domain/core/public-changes.ts turns what changed
// into these; routes declare theirs through cachedPage({ tags })). One place
// for the spelling, so a route and the invalidation cannot drift apart.

/** Dropped on every change: pages built from the whole borough, or whose dependencies cannot be named. */
export const BOROUGH = "borough";

export const pageTag = {
  neighbourhood: (slug: string) => `neighbourhood/${slug}`,
  assembly: (slug: string) => `assembly/${slug}`,
  meeting: (id: number | string) => `meeting/${id}`,
  priority: (id: number | string) => `priority/${id}`,
  /** A neighbourhood as data.police.uk names it (force, neighbourhood id). */
  police: (force: string, neighbourhood: string) => `police/${force}/${neighbourhood}`,
};
