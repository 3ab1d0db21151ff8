import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CSV_HEADER, prioritiesCsvRows } from "~/domain/reports/open-data";
import { conditionalResponse } from "~/http/conditional.server";
import { csv } from "~/http/feeds.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, slug } from "~/http/public-params.server";
import { feedLoader } from "~/http/unavailable.server";

export const handle = cachedPage({ tags: tagsOf.neighbourhood });

const params = z.object({ slug });

export const loader = feedLoader(async ({ request, params: raw }: LoaderFunctionArgs) => {
  const { slug } = pathParams(params, raw);
  const download = await prioritiesCsvRows(slug);
  if (!download) throw notFound("Neighbourhood not found");
  return conditionalResponse(request, "text/csv; charset=utf-8", csv(CSV_HEADER, download.rows), {
    "Content-Disposition": `attachment; filename="${slug}-priorities-and-outcomes.csv"`,
  });
});
