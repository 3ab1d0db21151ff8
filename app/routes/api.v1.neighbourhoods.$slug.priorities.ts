import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { openDataPriorities } from "~/domain/open-data";
import { env } from "~/env.server";
import { apiError, apiJson, apiQuery, pagination } from "~/http/open-data.server";
import { slug } from "~/http/public-params.server";

const query = z.object({
  ...pagination(50),
  status: z.enum(["current", "past", "all"], { error: "status must be current, past or all" }).default("all"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page, per_page, status } = apiQuery(request, query);
  const parsed = slug.safeParse(params.slug);
  const body = parsed.success
    ? await openDataPriorities(parsed.data, { page, perPage: per_page, status }, env().PUBLIC_URL)
    : null;
  if (!body) throw apiError(404, "There is no neighbourhood with that slug.");
  return apiJson(request, body);
}
