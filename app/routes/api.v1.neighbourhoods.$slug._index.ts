import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataNeighbourhood } from "~/domain/open-data";
import { env } from "~/env.server";
import { apiError, apiJson } from "~/http/open-data.server";
import { slug } from "~/http/public-params.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = slug.safeParse(params.slug);
  const body = parsed.success ? await openDataNeighbourhood(parsed.data, env().PUBLIC_URL) : null;
  if (!body) throw apiError(404, "There is no neighbourhood with that slug.");
  return apiJson(request, body);
}
