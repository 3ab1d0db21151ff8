// /api/v1/openapi.json: an OpenAPI 3.1 document a civic developer can generate
// a client from. Every example it and docs/api.md show, and what the running
// API really answers, must validate against it.
import fs from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDemo } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { getPublic } from "../support/public-surface";

const test = useTestDatabase();
useFixedClock();

type Operation = {
  parameters: Array<{ name: string; in: string }>;
  responses: Record<
    string,
    { content?: { "application/json": { schema: { $ref: string }; example: unknown } } }
  >;
};
type Document = { openapi: string; paths: Record<string, { get: Operation }>; components: object };

let document: Document;
let ajv: Ajv2020;

beforeAll(async () => {
  await loadDemo(test.db);
  const response = await getPublic("/api/v1/openapi.json");
  expect(response.status).toBe(200);
  document = JSON.parse(response.body);
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...document, $id: "openapi.json" });
});

/** The OpenAPI path template a concrete path belongs to. */
function templateOf(path: string): string {
  const found = Object.keys(document.paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path),
  );
  if (!found) throw new Error(`no documented endpoint for ${path}`);
  return found;
}

/** Validation errors of `body` against the schema of `template`'s answer with `status`. */
function problems(template: string, status: number, body: unknown) {
  const content = document.paths[template].get.responses[String(status)]?.content;
  if (!content) return [`${template} documents no ${status} body`];
  const validate = ajv.getSchema(`openapi.json${content["application/json"].schema.$ref}`);
  if (!validate) return [`no schema ${content["application/json"].schema.$ref}`];
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, describes /api/v1 and the police.uk-shaped API, and names every path parameter", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual([
      "/api/police-uk/{force}/{neighbourhood}/priorities",
      "/api/v1/meetings/{id}",
      "/api/v1/neighbourhoods",
      "/api/v1/neighbourhoods/{slug}",
      "/api/v1/neighbourhoods/{slug}/meetings",
      "/api/v1/neighbourhoods/{slug}/priorities",
      "/api/v1/priorities/{id}",
    ]);
    for (const [template, { get }] of Object.entries(document.paths)) {
      const inPath = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      expect(
        get.parameters
          .filter((p) => p.in === "path")
          .map((p) => p.name)
          .sort(),
        template,
      ).toEqual(inPath);
    }
    const priorities = document.paths["/api/v1/neighbourhoods/{slug}/priorities"].get.parameters;
    expect(priorities.filter((p) => p.in === "query").map((p) => p.name)).toEqual([
      "page",
      "per_page",
      "status",
    ]);
  });

  it("has examples that validate against their own schemas", () => {
    let checked = 0;
    for (const [template, { get }] of Object.entries(document.paths)) {
      for (const [status, response] of Object.entries(get.responses)) {
        const example = response.content?.["application/json"].example;
        if (example === undefined) continue;
        expect(problems(template, Number(status), example), `${template} ${status}`).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7 * 2);
  });

  it("validates every example response in docs/api.md", () => {
    const markdown = fs.readFileSync("docs/api.md", "utf8");
    const examples = [...markdown.matchAll(/curl '([^']+)'\n```\n\n```json\n([\s\S]*?)\n```/g)];
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const [, url, body] of examples) {
      const path = new URL(url).pathname;
      const parsed = JSON.parse(body);
      expect(problems(templateOf(path), parsed.error ? parsed.error.status : 200, parsed), url).toEqual([]);
    }
    const errors = [...markdown.matchAll(/```json\n\s*(\{ "error"[\s\S]*?)\n\s*```/g)];
    expect(errors.length).toBeGreaterThan(0);
    for (const [, body] of errors)
      expect(problems("/api/v1/neighbourhoods", 400, JSON.parse(body))).toEqual([]);
  });

  it("describes what the API really answers, for every endpoint and its errors", async () => {
    const meetings = JSON.parse((await getPublic("/api/v1/neighbourhoods/sitwell/meetings?when=past")).body);
    const answers: Array<[string, number]> = [
      ["/api/v1/neighbourhoods?per_page=3", 200],
      ["/api/v1/neighbourhoods/sitwell", 200],
      ["/api/v1/neighbourhoods/herringthorpe/priorities", 200],
      ["/api/v1/neighbourhoods/boston-castle/priorities?status=current", 200],
      ["/api/v1/priorities/1", 200],
      ["/api/v1/neighbourhoods/sitwell/meetings", 200],
      [`/api/v1/meetings/${meetings.data[0].id}`, 200],
      ["/api/police-uk/south-yorkshire/demo-herringthorpe/priorities", 200],
      ["/api/v1/neighbourhoods?per_page=500", 400],
      ["/api/v1/neighbourhoods/atlantis/priorities", 404],
      ["/api/v1/priorities/3.0", 404],
      ["/api/police-uk/leicestershire/NC04/priorities", 404],
    ];
    for (const [path, status] of answers) {
      const response = await getPublic(path);
      expect(response.status, path).toBe(status);
      const template = templateOf(new URL(path, "http://x").pathname);
      expect(problems(template, status, JSON.parse(response.body)), path).toEqual([]);
    }
  });
});
