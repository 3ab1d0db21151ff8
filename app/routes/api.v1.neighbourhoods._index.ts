import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { openDataNeighbourhoods } from "~/domain/open-data";
import { env } from "~/env.server";
import { apiJson, apiQuery, pagination } from "~/http/open-data.server";

const query = z.object(pagination(100, 50));

export async function loader({ request }: LoaderFunctionArgs) {
  const { page, per_page } = apiQuery(request, query);
  return apiJson(request, await openDataNeighbourhoods({ page, perPage: per_page }, env().PUBLIC_URL));
}
