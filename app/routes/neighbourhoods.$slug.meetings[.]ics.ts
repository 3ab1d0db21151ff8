import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { env } from "~/config/env.server";
import { installationIdentity } from "~/domain/core/installation";
import { neighbourhoodCalendar } from "~/domain/reports/public-pages";
import { conditionalResponse } from "~/http/conditional.server";
import { icalendar } from "~/http/feeds.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, slug } from "~/http/public-params.server";
import { feedLoader } from "~/http/unavailable.server";

export const handle = cachedPage({ tags: tagsOf.neighbourhood });

const params = z.object({ slug });

export const loader = feedLoader(async ({ request, params: raw }: LoaderFunctionArgs) => {
  const { slug } = pathParams(params, raw);
  const calendar = await neighbourhoodCalendar(slug);
  if (!calendar) throw notFound("Neighbourhood not found");
  const identity = await installationIdentity(new URL(env().PUBLIC_URL).hostname);
  return conditionalResponse(
    request,
    "text/calendar; charset=utf-8",
    icalendar(calendar, env().PUBLIC_URL, identity),
    { "Content-Disposition": `inline; filename="${slug}-meetings.ics"` },
  );
});
