// postcodes.io: a postcode → its ward, district and location. A real HTTP
// client with a hard timeout; any failure is an answer ("unavailable"), never
// an exception, so the page can fall back to the list of neighbourhoods.
import { z } from "zod";
import { env } from "~/config/env.server";

export const LOOKUP_TIMEOUT_MS = 3000;

export type PostcodeLookup =
  | {
      kind: "found";
      postcode: string;
      outcode: string;
      ward: string | null;
      district: string | null;
      latitude: number | null;
      longitude: number | null;
    }
  | { kind: "not_found" }
  | { kind: "unavailable"; reason: "timeout" | "rate_limited" | "server_error" | "bad_response" | "network" };

const found = z.object({
  status: z.literal(200),
  result: z.object({
    postcode: z.string(),
    outcode: z.string(),
    admin_ward: z.string().nullable().optional(),
    admin_district: z.string().nullable().optional(),
    latitude: z.number().nullable().optional(),
    longitude: z.number().nullable().optional(),
  }),
});

/** Looks a full UK postcode up. `signal` lets a caller share one deadline across several lookups. */
export async function lookupPostcode(
  postcode: string,
  options: { signal?: AbortSignal; timeoutMs?: number; baseUrl?: string } = {},
): Promise<PostcodeLookup> {
  const base = (options.baseUrl ?? env().POSTCODES_IO_URL).replace(/\/+$/, "");
  const timeout = AbortSignal.timeout(options.timeoutMs ?? LOOKUP_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(`${base}/postcodes/${encodeURIComponent(postcode)}`, {
      signal,
      headers: { Accept: "application/json" },
    });
  } catch (error) {
    return { kind: "unavailable", reason: isAbort(error) ? "timeout" : "network" };
  }
  try {
    if (response.status === 404) return { kind: "not_found" };
    if (response.status === 429) return { kind: "unavailable", reason: "rate_limited" };
    if (!response.ok) return { kind: "unavailable", reason: "server_error" };
    const parsed = found.safeParse(await response.json());
    if (!parsed.success) return { kind: "unavailable", reason: "bad_response" };
    const r = parsed.data.result;
    return {
      kind: "found",
      postcode: r.postcode,
      outcode: r.outcode.toUpperCase(),
      ward: r.admin_ward ?? null,
      district: r.admin_district ?? null,
      latitude: r.latitude ?? null,
      longitude: r.longitude ?? null,
    };
  } catch (error) {
    return { kind: "unavailable", reason: isAbort(error) ? "timeout" : "bad_response" };
  } finally {
    // Free the socket if we stopped reading early.
    if (!response.bodyUsed) void response.body?.cancel().catch(() => {});
  }
}

function isAbort(error: unknown) {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
