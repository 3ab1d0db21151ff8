// Helpers for the open-data routes (/api/...): the schemas their parameters are
// parsed with (the OpenAPI document is generated from these same schemas), JSON
// with cache validators, JSON errors with plain messages, and a JSON 503 while
// the database is down. CORS is added in the server layer (cors.server.ts).
import { z } from "zod";
import { idSchema } from "~/domain/core/ids";
import { policeUkId } from "~/domain/reports/open-data-schemas";
import { conditionalResponse, PUBLIC_CACHE_CONTROL } from "./conditional.server";
import { slug } from "./public-params.server";
import { RETRY_AFTER_SECONDS, whenDatabaseDown } from "./unavailable.server";

const JSON_TYPE = "application/json; charset=utf-8";

/** The human page about the open data; errors point to it. */
export const OPEN_DATA_PAGE = "/open-data";

export function apiJson(request: Request, body: unknown): Response {
  return conditionalResponse(request, JSON_TYPE, JSON.stringify(body, null, 2));
}

export function apiError(
  status: 400 | 404 | 503,
  message: string,
  fields?: Record<string, string[] | undefined>,
): Response {
  return new Response(
    JSON.stringify({ error: { status, message, ...(fields ? { fields } : {}) } }, null, 2),
    {
      status,
      headers: {
        "Content-Type": JSON_TYPE,
        ...(status === 503
          ? { "Cache-Control": "no-store", "Retry-After": String(RETRY_AFTER_SECONDS) }
          : { "Cache-Control": PUBLIC_CACHE_CONTROL }),
      },
    },
  );
}

/** An open-data loader whose "database down" is a JSON 503 with Retry-After, not a 500. */
export function openDataLoader<A>(loader: (args: A) => Promise<Response>) {
  return whenDatabaseDown(loader, () =>
    apiError(503, "The open data is unavailable just now. Please try again in a few minutes."),
  );
}

/** The query string parsed with `schema`; a 400 JSON error is thrown for bad values. */
export function apiQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams.entries()));
  if (parsed.success) return parsed.data;
  throw apiError(
    400,
    "Some query parameters are not valid.",
    z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
  );
}

/** Path parameters parsed with `schema`; anything that cannot be what the route expects is a JSON 404. */
export function apiPath<S extends z.ZodType>(params: unknown, schema: S, message: string): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw apiError(404, message);
  return parsed.data;
}

/** `page` (from 1) and `per_page` (1 to `max`). */
const pagination = (max: number, fallback = Math.min(20, max)) => ({
  page: z.coerce
    .number({ error: "page must be a whole number from 1" })
    .int("page must be a whole number from 1")
    .min(1, "page must be a whole number from 1")
    .max(100_000, "page is too large")
    .default(1)
    .describe("The page, from 1."),
  per_page: z.coerce
    .number({ error: `per_page must be a whole number from 1 to ${max}` })
    .int(`per_page must be a whole number from 1 to ${max}`)
    .min(1, `per_page must be a whole number from 1 to ${max}`)
    .max(max, `per_page must be a whole number from 1 to ${max}`)
    .default(fallback)
    .describe(`How many on a page, 1 to ${max}.`),
});

// ---------------------------------------------------------------- each endpoint's parameters

export const slugPath = z.object({
  slug: slug.describe("The neighbourhood's slug, as in its page's address."),
});
export const idPath = z.object({ id: idSchema.describe("A whole number.") });
export const policeUkPath = z.object({
  force: policeUkId.describe("The police.uk force id, URL-encoded (for example south-yorkshire)."),
  neighbourhood: policeUkId.describe("The police.uk neighbourhood id, URL-encoded (for example 55.CR3001)."),
});

export const neighbourhoodsQuery = z.object(pagination(100, 50));
export const prioritiesQuery = z.object({
  ...pagination(50),
  status: z
    .enum(["current", "past", "all"], { error: "status must be current, past or all" })
    .default("all")
    .describe("current (active or monitoring), past (resolved, closed or referred) or all."),
});
export const meetingsQuery = z.object({
  ...pagination(50),
  when: z
    .enum(["upcoming", "past"], { error: "when must be upcoming or past" })
    .default("upcoming")
    .describe("upcoming (soonest first) or past (latest first)."),
});

/** The loader of any path under /api that is not an endpoint: a JSON 404 that points to the description. */
export function unknownEndpoint(): never {
  throw apiError(
    404,
    `There is no such endpoint. The open data is described at ${OPEN_DATA_PAGE} and in /api/v1/openapi.json.`,
  );
}
