import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/config/env.server";
import { openDataNeighbourhoods } from "~/domain/reports/open-data";
import { apiJson, apiQuery, neighbourhoodsQuery, openDataLoader } from "~/http/open-data.server";
import { cachedPage } from "~/http/page-cache-rule";

export const handle = cachedPage();

export const loader = openDataLoader(async ({ request }: LoaderFunctionArgs) => {
  const { page, per_page } = apiQuery(request, neighbourhoodsQuery);
  return apiJson(request, await openDataNeighbourhoods({ page, perPage: per_page }, env().PUBLIC_URL));
});
