// Find your neighbourhood by postcode: postcodes.io gives the ward, postcode
// district and location; the neighbourhood whose wards match wins, then
// data.police.uk's neighbourhood for the location, then the postcode district.
// The whole search has one deadline (3 s); whatever goes wrong, the answer
// says so plainly and the page shows the list to pick from.

import { locateNeighbourhood } from "~/integrations/police-uk.server";
import { LOOKUP_TIMEOUT_MS, lookupPostcode } from "~/integrations/postcodes-io.server";
import { db, type Executor } from "~db/client.server";
import { findNeighbourhoodsByPlace, findPublicNeighbourhoodByPoliceId } from ".";

export type NeighbourhoodLink = { slug: string; name: string };

export type FinderResult =
  | { kind: "found"; postcode: string; neighbourhood: NeighbourhoodLink }
  | { kind: "choose"; postcode: string; neighbourhoods: NeighbourhoodLink[] }
  | { kind: "invalid"; message: string }
  | { kind: "unknown"; postcode: string; message: string }
  | { kind: "out_of_area"; postcode: string; message: string }
  | { kind: "unavailable"; postcode: string; message: string };

// The shapes of UK postcodes (including GIR 0AA), spaces optional.
const POSTCODE = /^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$/;

/** "s65 2pw" → "S65 2PW"; null when it is not shaped like a UK postcode. */
export function normalisePostcode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (compact.length < 5 || compact.length > 7) return null;
  const spaced = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  return POSTCODE.test(spaced) ? spaced : null;
}

const link = (n: { slug: string; name: string }): NeighbourhoodLink => ({ slug: n.slug, name: n.name });

export async function findNeighbourhoodByPostcode(
  input: string,
  options: { timeoutMs?: number; database?: Executor } = {},
): Promise<FinderResult> {
  const database = options.database ?? db();
  if (!input.trim()) return { kind: "invalid", message: "Enter your postcode" };
  const postcode = normalisePostcode(input);
  if (!postcode) return { kind: "invalid", message: "Enter a real postcode, like S65 2PW" };

  const deadline = AbortSignal.timeout(options.timeoutMs ?? LOOKUP_TIMEOUT_MS);
  const place = await lookupPostcode(postcode, { signal: deadline });
  if (place.kind === "not_found") {
    return {
      kind: "unknown",
      postcode,
      message: `We could not find the postcode ${postcode}. Check it, or choose your neighbourhood from the list.`,
    };
  }
  if (place.kind === "unavailable") {
    return {
      kind: "unavailable",
      postcode,
      message:
        "Sorry, we cannot look up postcodes at the moment. Choose your neighbourhood from the list below.",
    };
  }

  const candidates = await findNeighbourhoodsByPlace({ ward: place.ward, outcode: place.outcode }, database);
  const byWard = candidates.filter((c) => c.wardMatch);
  if (byWard.length === 1) return { kind: "found", postcode, neighbourhood: link(byWard[0].neighbourhood) };
  if (byWard.length > 1) {
    return { kind: "choose", postcode, neighbourhoods: byWard.map((c) => link(c.neighbourhood)) };
  }

  if (place.latitude != null && place.longitude != null && !deadline.aborted) {
    const located = await locateNeighbourhood(place.latitude, place.longitude, { signal: deadline });
    if (located.kind === "found") {
      const match = await findPublicNeighbourhoodByPoliceId(
        located.value.force,
        located.value.neighbourhood,
        database,
      );
      if (match) return { kind: "found", postcode, neighbourhood: link(match) };
    }
  }

  const byDistrict = candidates.filter((c) => c.districtMatch);
  if (byDistrict.length === 1) {
    return { kind: "found", postcode, neighbourhood: link(byDistrict[0].neighbourhood) };
  }
  if (byDistrict.length > 1) {
    return { kind: "choose", postcode, neighbourhoods: byDistrict.map((c) => link(c.neighbourhood)) };
  }
  const where = place.district ? ` is in ${place.district}, which` : "";
  return {
    kind: "out_of_area",
    postcode,
    message: `${postcode}${where || " is in an area that"} this site does not cover. If you live in one of the neighbourhoods below, choose it from the list.`,
  };
}
