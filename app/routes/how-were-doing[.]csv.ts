import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { boroughMeasuresCsvLines, MEASURES_CSV_HEADER, measuresCsv } from "~/domain/measures/how-were-doing";
import { conditionalResponse } from "~/http/conditional.server";
import { csvLine, csvOfLines } from "~/http/feeds.server";
import { cachedPage } from "~/http/page-cache-rule";
import { notFound, queryOf, slug } from "~/http/public-params.server";
import { feedLoader } from "~/http/unavailable.server";

export const handle = cachedPage();

const query = z.object({ assembly: slug.optional() });

export const loader = feedLoader(async ({ request }: LoaderFunctionArgs) => {
  const parsed = query.safeParse(queryOf(request));
  if (!parsed.success) throw notFound("Area assembly not found");
  const assemblySlug = parsed.data.assembly;
  // The whole borough's lines are kept between changes (./how-were-doing); an assembly's are quick to make.
  const borough = assemblySlug ? null : await boroughMeasuresCsvLines(csvLine);
  const download = borough ?? (await measuresCsv({ assemblySlug }, new Date(), undefined, csvLine));
  if (!download) throw notFound("Area assembly not found");
  const name = parsed.data.assembly ? `${parsed.data.assembly}-how-were-doing` : "how-were-doing";
  return conditionalResponse(
    request,
    download,
    "text/csv; charset=utf-8",
    () => csvOfLines(MEASURES_CSV_HEADER, download.rows),
    { "Content-Disposition": `attachment; filename="${name}.csv"` },
    { keep: !borough?.recounting },
  );
});
