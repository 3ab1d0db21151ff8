import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/config/env.server";
import { openDataPriorities } from "~/domain/reports/open-data";
import {
  apiError,
  apiJson,
  apiPath,
  apiQuery,
  openDataLoader,
  prioritiesQuery,
  slugPath,
} from "~/http/open-data.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";

export const handle = cachedPage({ tags: tagsOf.neighbourhood });

const NOT_FOUND = "There is no neighbourhood with that slug.";

export const loader = openDataLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const { page, per_page, status } = apiQuery(request, prioritiesQuery);
  const { slug } = apiPath(params, slugPath, NOT_FOUND);
  const body = await openDataPriorities(slug, { page, perPage: per_page, status }, env().PUBLIC_URL);
  if (!body) throw apiError(404, NOT_FOUND);
  return apiJson(request, body);
});
