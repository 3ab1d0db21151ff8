import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { policeUkPriorities } from "~/domain/open-data";
import { apiError, apiJson } from "~/http/open-data.server";

// police.uk force and neighbourhood ids: letters, digits, hyphens and underscores.
const params = z.object({
  force: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  neighbourhood: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
});

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const parsed = params.safeParse(raw);
  const body = parsed.success ? await policeUkPriorities(parsed.data.force, parsed.data.neighbourhood) : null;
  if (!body) throw apiError(404, "There is no neighbourhood with that force and neighbourhood id.");
  return apiJson(request, body);
}
