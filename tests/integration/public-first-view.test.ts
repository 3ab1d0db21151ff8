import { describe, expect, it } from "vitest";
import { loader as indexLoader } from "~/routes/_index";
import { loader as healthz } from "~/routes/healthz";
import { loader as neighbourhoodLoader } from "~/routes/neighbourhoods.$slug._index";
import { openDatabase, setDatabase } from "~db/client.server";
import { buildAssembly, buildNeighbourhood } from "../factories/build";
import { loadDemo } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const args = (path: string, params: Record<string, string> = {}) => ({
  request: new Request(`http://localhost${path}`),
  params,
  context: {},
});

async function payload(result: unknown): Promise<Record<string, unknown>> {
  if (result instanceof Response) return result.json();
  const wrapped = result as { type?: string; data?: unknown };
  return (wrapped?.type === "DataWithResponseInit" ? wrapped.data : result) as Record<string, unknown>;
}

describe("the first public view", () => {
  it("lists every assembly with its neighbourhoods on the home page, by name", async () => {
    const west = await buildAssembly(test.db, { name: "Westgate" });
    const east = await buildAssembly(test.db, { name: "Eastwood and Brinsworth" });
    await buildNeighbourhood(test.db, { assemblyId: west.id, slug: "templeborough", name: "Templeborough" });
    await buildNeighbourhood(test.db, { assemblyId: west.id, slug: "canklow", name: "Canklow" });
    await buildNeighbourhood(test.db, { assemblyId: east.id, slug: "brinsworth", name: "Brinsworth" });
    const data = (await payload(await (indexLoader as (a: unknown) => Promise<unknown>)(args("/")))) as {
      assemblies?: Array<{ name: string; neighbourhoods: Array<{ slug: string }> }>;
    };
    expect(
      data.assemblies?.map((assembly) => ({
        name: assembly.name,
        neighbourhoods: assembly.neighbourhoods.map((n) => n.slug),
      })),
    ).toEqual([
      { name: "Eastwood and Brinsworth", neighbourhoods: ["brinsworth"] },
      { name: "Westgate", neighbourhoods: ["canklow", "templeborough"] },
    ]);
  });

  it("lists the demo borough's seven assemblies (the story the demo tells)", async () => {
    await loadDemo(test.db);
    const data = (await payload(await (indexLoader as (a: unknown) => Promise<unknown>)(args("/")))) as {
      assemblies?: Array<{ name: string; neighbourhoods: Array<{ slug: string }> }>;
    };
    const south = data.assemblies?.find((a) => a.name === "Rotherham South");
    expect(south?.neighbourhoods.map((n) => n.slug)).toEqual(
      expect.arrayContaining(["herringthorpe", "boston-castle", "sitwell"]),
    );
    // The two built by the test above, and the demo's seven.
    expect(data.assemblies).toHaveLength(9);
  });

  it("answers 404 for a neighbourhood that does not exist, and for a malformed slug", async () => {
    for (const slug of ["nowhere", "../etc/passwd", "A".repeat(200)]) {
      const thrown = await Promise.resolve(
        neighbourhoodLoader(args(`/neighbourhoods/${slug}`, { slug }) as never),
      ).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
  });
});

describe("/healthz", () => {
  it("answers 200 after a real query", async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("answers 503 when the database cannot be reached, within the timeout", async () => {
    // A PostgreSQL URL where nothing listens.
    const unreachable = openDatabase({ url: "postgres://postgres@127.0.0.1:9/none" });
    setDatabase(unreachable);
    const started = Date.now();
    try {
      const response = await healthz();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", database: "unreachable" });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await unreachable.close();
      setDatabase(test.handle);
    }
  });
});
