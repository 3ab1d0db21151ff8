import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { openDataMeetings } from "~/domain/open-data";
import { env } from "~/env.server";
import { apiError, apiJson, apiQuery, pagination } from "~/http/open-data.server";
import { slug } from "~/http/public-params.server";

const query = z.object({
  ...pagination(50),
  when: z.enum(["upcoming", "past"], { error: "when must be upcoming or past" }).default("upcoming"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page, per_page, when } = apiQuery(request, query);
  const parsed = slug.safeParse(params.slug);
  const body = parsed.success
    ? await openDataMeetings(parsed.data, { page, perPage: per_page, when }, env().PUBLIC_URL)
    : null;
  if (!body) throw apiError(404, "There is no neighbourhood with that slug.");
  return apiJson(request, body);
}
