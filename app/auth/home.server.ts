import type { Viewer } from "~/domain/core/access";

/** Where someone lands after signing in when no page asked for them. */
export function homeFor(viewer: Pick<Viewer, "isAdmin" | "agencies" | "chairOf">): string {
  // A chair of one assembly has nothing to choose: straight to its workspace.
  if (viewer.chairOf.size === 1) return `/chair/${[...viewer.chairOf][0]}`;
  if (viewer.chairOf.size > 0) return "/chair";
  if (viewer.agencies.size > 0) return "/partner";
  if (viewer.isAdmin) return "/admin";
  return "/account";
}
