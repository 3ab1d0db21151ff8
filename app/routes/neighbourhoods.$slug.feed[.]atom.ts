import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { env } from "~/config/env.server";
import { installationIdentity } from "~/domain/core/installation";
import { neighbourhoodFeed } from "~/domain/reports/public-pages";
import { conditionalResponse } from "~/http/conditional.server";
import { atomFeed, feedUpdatedAt } from "~/http/feeds.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, slug } from "~/http/public-params.server";
import { feedLoader } from "~/http/unavailable.server";

export const handle = cachedPage({ tags: tagsOf.neighbourhood });

const params = z.object({ slug });

export const loader = feedLoader(async ({ request, params: raw }: LoaderFunctionArgs) => {
  const { slug } = pathParams(params, raw);
  const feed = await neighbourhoodFeed(slug);
  if (!feed) throw notFound("Neighbourhood not found");
  const identity = await installationIdentity(new URL(env().PUBLIC_URL).hostname);
  return conditionalResponse(
    request,
    "application/atom+xml; charset=utf-8",
    atomFeed(feed, env().PUBLIC_URL, identity),
    { "Last-Modified": feedUpdatedAt(feed).toUTCString() },
  );
});
