// data.police.uk: a real HTTP client with a hard timeout. Failures come back
// as an answer ("unavailable"), never an exception, so callers can fall back.
import { z } from "zod";
import { env } from "~/config/env.server";

export const POLICE_UK_TIMEOUT_MS = 3000;

export type PoliceUkFailure = {
  kind: "unavailable";
  reason: "timeout" | "rate_limited" | "server_error" | "bad_response" | "network";
};
export type PoliceUkResult<T> = { kind: "found"; value: T } | { kind: "not_found" } | PoliceUkFailure;

export type PoliceUkOptions = { signal?: AbortSignal; timeoutMs?: number; baseUrl?: string };

/** GET a data.police.uk API path and parse the JSON with `schema`. Shared by every police.uk call. */
export async function policeUkGet<S extends z.ZodType>(
  pathAndQuery: string,
  schema: S,
  options: PoliceUkOptions = {},
): Promise<PoliceUkResult<z.infer<S>>> {
  const base = (options.baseUrl ?? env().POLICE_UK_URL).replace(/\/+$/, "");
  const timeout = AbortSignal.timeout(options.timeoutMs ?? POLICE_UK_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(`${base}/${pathAndQuery.replace(/^\/+/, "")}`, {
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
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) return { kind: "unavailable", reason: "bad_response" };
    return { kind: "found", value: parsed.data };
  } catch (error) {
    return { kind: "unavailable", reason: isAbort(error) ? "timeout" : "bad_response" };
  } finally {
    if (!response.bodyUsed) void response.body?.cancel().catch(() => {});
  }
}

const locatedNeighbourhood = z.object({ force: z.string().min(1), neighbourhood: z.string().min(1) });

/** The police force and neighbourhood policing team covering a point. */
export function locateNeighbourhood(latitude: number, longitude: number, options: PoliceUkOptions = {}) {
  return policeUkGet(
    `locate-neighbourhood?q=${latitude.toFixed(6)},${longitude.toFixed(6)}`,
    locatedNeighbourhood,
    options,
  );
}

function isAbort(error: unknown) {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
