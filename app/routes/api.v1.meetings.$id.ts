import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataMeeting } from "~/domain/open-data";
import { env } from "~/env.server";
import { apiError, apiJson } from "~/http/open-data.server";
import { recordId } from "~/http/public-params.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = recordId.safeParse(params.id);
  const body = parsed.success ? await openDataMeeting(parsed.data, env().PUBLIC_URL) : null;
  if (!body) throw apiError(404, "There is no meeting with that id.");
  return apiJson(request, body);
}
