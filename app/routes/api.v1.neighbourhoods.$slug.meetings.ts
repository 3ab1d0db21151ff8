import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/config/env.server";
import { openDataMeetings } from "~/domain/reports/open-data";
import {
  apiError,
  apiJson,
  apiPath,
  apiQuery,
  meetingsQuery,
  openDataLoader,
  slugPath,
} from "~/http/open-data.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";

export const handle = cachedPage({ tags: tagsOf.neighbourhood });

const NOT_FOUND = "There is no neighbourhood with that slug.";

export const loader = openDataLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const { page, per_page, when } = apiQuery(request, meetingsQuery);
  const { slug } = apiPath(params, slugPath, NOT_FOUND);
  const body = await openDataMeetings(slug, { page, perPage: per_page, when }, env().PUBLIC_URL);
  if (!body) throw apiError(404, NOT_FOUND);
  return apiJson(request, body);
});
