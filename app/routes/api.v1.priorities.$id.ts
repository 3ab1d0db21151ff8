import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/config/env.server";
import { openDataPriority } from "~/domain/reports/open-data";
import { apiError, apiJson, apiPath, idPath, openDataLoader } from "~/http/open-data.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";

export const handle = cachedPage({ tags: tagsOf.priority });

const NOT_FOUND = "There is no priority with that id.";

export const loader = openDataLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const { id } = apiPath(params, idPath, NOT_FOUND);
  const body = await openDataPriority(id, env().PUBLIC_URL);
  if (!body) throw apiError(404, NOT_FOUND);
  return apiJson(request, body);
});
