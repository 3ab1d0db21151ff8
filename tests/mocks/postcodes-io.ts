import { delay, HttpResponse, http } from "msw";

// postcodes.io stand-in. Each postcode below exercises one path of the
// neighbourhood finder, including the service's failure modes.
export const POSTCODES_IO = "https://api.postcodes.io";

type Place = {
  postcode: string;
  ward: string;
  district: string;
  latitude: number;
  longitude: number;
};

const place = (postcode: string, ward: string, district: string, latitude: number, longitude: number) => ({
  postcode,
  ward,
  district,
  latitude,
  longitude,
});

/** Postcodes that postcodes.io "knows". */
export const KNOWN_POSTCODES: Record<string, Place> = {
  // Ward matches Herringthorpe (ward "Rotherham East").
  S652PW: place("S65 2PW", "Rotherham East", "Rotherham", 53.4301, -1.3302),
  // Ward matches Boston Castle and Moorgate.
  S602BX: place("S60 2BX", "Boston Castle", "Rotherham", 53.4205, -1.3561),
  // No ward match; police.uk places it in Keppel's neighbourhood.
  S613AB: place("S61 3AB", "Unmapped Ward", "Rotherham", 53.44, -1.38),
  // No ward match; police.uk has no neighbourhood; S66 is shared by three neighbourhoods.
  S668AA: place("S66 8AA", "Unmapped Ward", "Rotherham", 53.4, -1.2),
  // No ward match; police.uk fails; S63 is Wath's alone.
  S637AB: place("S63 7AB", "Unmapped Ward", "Rotherham", 53.5, -1.35),
  // Sheffield: out of the area this site covers.
  S12HE: place("S1 2HE", "City", "Sheffield", 53.38, -1.47),
};

/** Postcodes that make the service misbehave. */
export const FAILING_POSTCODES = {
  slow: "S99 1SL",
  serverError: "S98 1ER",
  malformedJson: "S97 1BJ",
  rateLimited: "S96 1RL",
  wrongShape: "S95 1BS",
} as const;

/** A well-formed postcode that does not exist. */
export const UNKNOWN_POSTCODE = "SW1A 9ZZ";

const compact = (value: string) => decodeURIComponent(value).replace(/\s+/g, "").toUpperCase();

export const postcodesIoHandlers = [
  http.get(`${POSTCODES_IO}/postcodes/:postcode`, async ({ params }) => {
    const key = compact(String(params.postcode));
    if (key === compact(FAILING_POSTCODES.slow)) {
      await delay(8000);
      return HttpResponse.json({ status: 500, error: "too late" }, { status: 500 });
    }
    if (key === compact(FAILING_POSTCODES.serverError)) {
      return HttpResponse.json({ status: 503, error: "Service unavailable" }, { status: 503 });
    }
    if (key === compact(FAILING_POSTCODES.malformedJson)) {
      return new HttpResponse('{"status":200,"result":{"postcode":', {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    }
    if (key === compact(FAILING_POSTCODES.rateLimited)) {
      return HttpResponse.json({ status: 429, error: "Too many requests" }, { status: 429 });
    }
    if (key === compact(FAILING_POSTCODES.wrongShape)) {
      return HttpResponse.json({ status: 200, result: null });
    }
    const found = KNOWN_POSTCODES[key];
    if (!found) return HttpResponse.json({ status: 404, error: "Postcode not found" }, { status: 404 });
    return HttpResponse.json({
      status: 200,
      result: {
        postcode: found.postcode,
        outcode: found.postcode.split(" ")[0],
        incode: found.postcode.split(" ")[1],
        country: "England",
        admin_district: found.district,
        admin_ward: found.ward,
        latitude: found.latitude,
        longitude: found.longitude,
        codes: { admin_ward: "E05000000" },
      },
    });
  }),
];
