import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataNeighbourhoods } from "~/domain/open-data";
import { env } from "~/env.server";
import { apiJson, apiQuery, neighbourhoodsQuery, openDataLoader } from "~/http/open-data.server";

export const loader = openDataLoader(async ({ request }: LoaderFunctionArgs) => {
  const { page, per_page } = apiQuery(request, neighbourhoodsQuery);
  return apiJson(request, await openDataNeighbourhoods({ page, perPage: per_page }, env().PUBLIC_URL));
});
