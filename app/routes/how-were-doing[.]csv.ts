import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { boroughMeasuresCsv, MEASURES_CSV_HEADER, measuresCsv } from "~/domain/measures/how-were-doing";
import { conditionalResponse } from "~/http/conditional.server";
import { csvFile } from "~/http/feeds.server";
import { cachedPage } from "~/http/page-cache-rule";
import { notFound, queryOf, slug } from "~/http/public-params.server";
import { feedLoader } from "~/http/unavailable.server";

export const handle = cachedPage();

const query = z.object({ assembly: slug.optional() });

export const loader = feedLoader(async ({ request }: LoaderFunctionArgs) => {
  const parsed = query.safeParse(queryOf(request));
  if (!parsed.success) throw notFound("Area assembly not found");
  const assemblySlug = parsed.data.assembly;
  // The whole borough's file is kept between changes (./how-were-doing); an assembly's is quick to make.
  const file = (rows: Iterable<string[]>) => csvFile(MEASURES_CSV_HEADER, rows);
  const borough = assemblySlug ? null : await boroughMeasuresCsv(file);
  const assembly = assemblySlug ? await measuresCsv({ assemblySlug }) : null;
  const body = borough?.body ?? (assembly && file(assembly.rows));
  if (!body) throw notFound("Area assembly not found");
  const name = parsed.data.assembly ? `${parsed.data.assembly}-how-were-doing` : "how-were-doing";
  return conditionalResponse(
    request,
    "text/csv; charset=utf-8",
    body,
    { "Content-Disposition": `attachment; filename="${name}.csv"` },
    { keep: !borough?.recounting },
  );
});
