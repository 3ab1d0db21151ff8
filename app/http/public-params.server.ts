// Parsing the path and query parameters of public pages, feeds and the API.
// Anything malformed is simply "not found" (pages) or a 400 with a message (API).
import { z } from "zod";
import { PUBLIC_CACHE_CONTROL } from "./conditional.server";

export const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(80);

export function notFound(message = "Page not found"): Response {
  return new Response(message, { status: 404, headers: { "Cache-Control": PUBLIC_CACHE_CONTROL } });
}

/** Path parameters, or a 404 thrown when they cannot be what the route expects. */
export function pathParams<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** Query parameters as a plain object (first value of each). */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams.entries());
}
