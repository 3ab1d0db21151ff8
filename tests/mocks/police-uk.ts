import { HttpResponse, http } from "msw";

// data.police.uk stand-in: locate-neighbourhood by "lat,lng", with failure modes.
export const POLICE_UK = "https://data.police.uk/api";

/** "lat,lng" (six decimals, as the client sends) → the police.uk answer. */
export const LOCATED: Record<string, { force: string; neighbourhood: string } | "error"> = {
  "53.440000,-1.380000": { force: "south-yorkshire", neighbourhood: "demo-keppel" },
  "53.380000,-1.470000": { force: "south-yorkshire", neighbourhood: "sheffield-city-centre" },
  "53.500000,-1.350000": "error",
};

export const policeUkHandlers = [
  http.get(`${POLICE_UK}/locate-neighbourhood`, ({ request }) => {
    const q = new URL(request.url).searchParams.get("q") ?? "";
    const answer = LOCATED[q];
    if (answer === "error") return new HttpResponse("Internal Server Error", { status: 500 });
    if (!answer) return new HttpResponse(null, { status: 404 });
    return HttpResponse.json(answer);
  }),
];
