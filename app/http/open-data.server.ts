// Helpers for the open-data routes (/api/...): JSON with cache validators and
// open CORS (the data is public), and JSON errors with plain messages.
import { z } from "zod";
import { conditionalResponse } from "./conditional.server";

const JSON_TYPE = "application/json; charset=utf-8";
const OPEN = { "Access-Control-Allow-Origin": "*" };

export function apiJson(request: Request, body: unknown): Response {
  return conditionalResponse(request, body, JSON_TYPE, () => JSON.stringify(body, null, 2), OPEN);
}

export function apiError(status: 400 | 404, message: string, fields?: Record<string, string[] | undefined>) {
  return new Response(
    JSON.stringify({ error: { status, message, ...(fields ? { fields } : {}) } }, null, 2),
    {
      status,
      headers: { "Content-Type": JSON_TYPE, "Cache-Control": "public, max-age=60", ...OPEN },
    },
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

/** `page` (from 1) and `per_page` (1 to `max`). */
export const pagination = (max: number, fallback = Math.min(20, max)) => ({
  page: z.coerce
    .number({ error: "page must be a whole number from 1" })
    .int("page must be a whole number from 1")
    .min(1, "page must be a whole number from 1")
    .max(100_000, "page is too large")
    .default(1),
  per_page: z.coerce
    .number({ error: `per_page must be a whole number from 1 to ${max}` })
    .int(`per_page must be a whole number from 1 to ${max}`)
    .min(1, `per_page must be a whole number from 1 to ${max}`)
    .max(max, `per_page must be a whole number from 1 to ${max}`)
    .default(fallback),
});
