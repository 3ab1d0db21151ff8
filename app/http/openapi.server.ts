// The OpenAPI 3.1 document of the open data API, generated from the same zod
// schemas the routes parse parameters with (open-data.server.ts) and the domain
// builds responses from (~/domain/open-data-schemas), so it cannot drift.
import { z } from "zod";
// Loading the schemas' module registers every response schema with its id.
import "~/domain/reports/open-data-schemas";
import { PUBLIC_CACHE_CONTROL } from "./conditional.server";
import {
  idPath,
  meetingsQuery,
  neighbourhoodsQuery,
  OPEN_DATA_PAGE,
  policeUkPath,
  prioritiesQuery,
  slugPath,
} from "./open-data.server";
import * as examples from "./open-data-examples";

type JsonSchema = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Every schema with an id, as OpenAPI components (without the JSON Schema document keywords). */
function components(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
      return [id, rest];
    }),
  );
}

/** Parameters of one place (`path` or `query`) from the object schema the route parses them with. */
function parameters(where: "path" | "query", schema: z.ZodObject) {
  const json = z.toJSONSchema(schema, { io: "input" }) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const json = (schema: object, example: unknown) => ({
  "application/json": { schema, example },
});

const CACHE_HEADERS = {
  ETag: {
    description: "Send it back in If-None-Match to get a 304 while nothing has changed.",
    schema: { type: "string" },
  },
  "Cache-Control": { schema: { type: "string", example: PUBLIC_CACHE_CONTROL } },
  "Access-Control-Allow-Origin": { schema: { type: "string", const: "*" } },
};

function operation(options: {
  id: string;
  summary: string;
  description?: string;
  path?: z.ZodObject;
  query?: z.ZodObject;
  schema: string;
  example: unknown;
  notFound?: boolean;
}) {
  return {
    get: {
      operationId: options.id,
      summary: options.summary,
      ...(options.description ? { description: options.description } : {}),
      parameters: [
        ...(options.path ? parameters("path", options.path) : []),
        ...(options.query ? parameters("query", options.query) : []),
      ],
      responses: {
        "200": {
          description: "OK",
          headers: CACHE_HEADERS,
          content: json(ref(options.schema), options.example),
        },
        "304": { description: "Not modified: your copy (If-None-Match) is current.", headers: CACHE_HEADERS },
        ...(options.query
          ? {
              "400": {
                description: "A query parameter is not valid; `fields` names it.",
                content: json(ref("Error"), examples.badRequestExample),
              },
            }
          : {}),
        ...(options.notFound
          ? { "404": { description: "Not found.", content: json(ref("Error"), examples.notFoundExample) } }
          : {}),
        "503": {
          description: "The service cannot reach its records just now; try again after Retry-After seconds.",
          headers: { "Retry-After": { schema: { type: "integer" } } },
          content: json(ref("Error"), examples.unavailableExample),
        },
      },
    },
  };
}

/** The whole document; `baseUrl` is this site's PUBLIC_URL. */
export function openApiDocument(baseUrl: string) {
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: {
      title: "One Dialogue open data",
      version: "1",
      summary: "Neighbourhood priorities, what partners did about them, and meetings: you said, we did.",
      description: `Public data only, with no key or sign-in. Every response carries a strong ETag and may be read from any web page (CORS). Feeds (Atom, iCalendar) and CSV downloads are described at ${OPEN_DATA_PAGE}.`,
      license: {
        name: "Open Government Licence v3.0",
        url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
      },
    },
    servers: [{ url: baseUrl.replace(/\/+$/, "") }],
    externalDocs: {
      description: "About the open data",
      url: `${baseUrl.replace(/\/+$/, "")}${OPEN_DATA_PAGE}`,
    },
    paths: {
      "/api/v1/neighbourhoods": operation({
        id: "listNeighbourhoods",
        summary: "Every neighbourhood, with its assembly and links, ordered by slug",
        query: neighbourhoodsQuery,
        schema: "NeighbourhoodList",
        example: examples.neighbourhoodsExample,
      }),
      "/api/v1/neighbourhoods/{slug}": operation({
        id: "getNeighbourhood",
        summary: "One neighbourhood",
        path: slugPath,
        schema: "NeighbourhoodOne",
        example: examples.neighbourhoodExample,
        notFound: true,
      }),
      "/api/v1/neighbourhoods/{slug}/priorities": operation({
        id: "listPriorities",
        summary: "A neighbourhood's priorities with their public tasks, updates and figures",
        description:
          "Current and all are ordered newest agreed first; past by when they closed, latest first. At most 1,000 updates come with one page; /api/v1/priorities/{id} has them all.",
        path: slugPath,
        query: prioritiesQuery,
        schema: "PriorityList",
        example: examples.prioritiesExample,
        notFound: true,
      }),
      "/api/v1/priorities/{id}": operation({
        id: "getPriority",
        summary: "One priority with every public update",
        path: idPath,
        schema: "PriorityOne",
        example: examples.priorityExample,
        notFound: true,
      }),
      "/api/v1/neighbourhoods/{slug}/meetings": operation({
        id: "listMeetings",
        summary: "A neighbourhood's upcoming or past meetings (not counted: no total, no last link)",
        path: slugPath,
        query: meetingsQuery,
        schema: "MeetingList",
        example: examples.meetingsExample,
        notFound: true,
      }),
      "/api/v1/meetings/{id}": operation({
        id: "getMeeting",
        summary: "One meeting, with the neighbourhoods it covers",
        path: idPath,
        schema: "MeetingOne",
        example: examples.meetingExample,
        notFound: true,
      }),
      "/api/police-uk/{force}/{neighbourhood}/priorities": operation({
        id: "policeUkPriorities",
        summary: "A neighbourhood's priorities in the shape of data.police.uk's neighbourhood priorities",
        description:
          "Current priorities first (newest first), then past ones. issue and action are HTML built from escaped text; line breaks become paragraphs.",
        path: policeUkPath,
        schema: "PoliceUkPriorities",
        example: examples.policeUkExample,
        notFound: true,
      }),
    },
    components: { schemas: components() },
  };
}
