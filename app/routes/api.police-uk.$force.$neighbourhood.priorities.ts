import type { LoaderFunctionArgs } from "@remix-run/node";
import { policeUkPriorities } from "~/domain/reports/open-data";
import { apiError, apiJson, apiPath, openDataLoader, policeUkPath } from "~/http/open-data.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";

export const handle = cachedPage({ tags: tagsOf.police });

const NOT_FOUND = "There is no neighbourhood with that force and neighbourhood id.";

// Remix hands the loader the path's segments already URL-decoded: `55.CR3001`, `Rotherham Central`.
export const loader = openDataLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const { force, neighbourhood } = apiPath(params, policeUkPath, NOT_FOUND);
  const body = await policeUkPriorities(force, neighbourhood);
  if (!body) throw apiError(404, NOT_FOUND);
  return apiJson(request, body);
});
