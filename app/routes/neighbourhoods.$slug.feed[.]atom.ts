import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { neighbourhoodFeed } from "~/domain/public-pages";
import { env } from "~/env.server";
import { conditionalResponse } from "~/http/conditional.server";
import { atomFeed } from "~/http/feeds.server";
import { notFound, pathParams, slug } from "~/http/public-params.server";

const params = z.object({ slug });

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { slug } = pathParams(params, raw);
  const feed = await neighbourhoodFeed(slug);
  if (!feed) throw notFound("Neighbourhood not found");
  return conditionalResponse(request, feed, "application/atom+xml; charset=utf-8", () =>
    atomFeed(feed, env().PUBLIC_URL),
  );
}
