import { describe, expect, it, vi } from "vitest";
import { loader as indexLoader } from "~/routes/_index";
import { loader as healthz } from "~/routes/healthz";
import { loader as neighbourhoodLoader } from "~/routes/neighbourhoods.$slug._index";
import { type Database, openDatabase, setDatabase } from "~db/client.server";
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

  it("answers 404 for a neighbourhood that does not exist, and for a malformed slug", async () => {
    for (const slug of ["nowhere", "../etc/passwd", "A".repeat(200)]) {
      const thrown = await Promise.resolve(
        neighbourhoodLoader(args(`/neighbourhoods/${slug}`, { slug }) as never),
      ).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
  });

  // The one story-level test: it is about the demo itself, so it loads the demo, last in the file's
  // data tests so none of the others runs on the demo's rows.
  it("lists the demo borough's seven assemblies (the story the demo tells)", async () => {
    const home = async () =>
      (await payload(await (indexLoader as (a: unknown) => Promise<unknown>)(args("/")))) as {
        assemblies?: Array<{ name: string; neighbourhoods: Array<{ slug: string }> }>;
      };
    // Whatever earlier tests built, the demo adds its seven.
    const before = (await home()).assemblies?.length ?? 0;
    await loadDemo(test.db);
    const data = await home();
    const south = data.assemblies?.find((a) => a.name === "Rotherham South");
    expect(south?.neighbourhoods.map((n) => n.slug)).toEqual(
      expect.arrayContaining(["herringthorpe", "boston-castle", "sitwell"]),
    );
    expect(data.assemblies).toHaveLength(before + 7);
  });
});

describe("/healthz", () => {
  it("answers 200 after a real query", async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("answers 503 when the database cannot be reached", async () => {
    // A PostgreSQL URL where nothing listens.
    const unreachable = openDatabase({ url: "postgres://postgres@127.0.0.1:9/none" });
    setDatabase(unreachable);
    try {
      const response = await healthz();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", database: "unreachable" });
    } finally {
      await unreachable.close();
      setDatabase(test.handle);
    }
  });

  it("answers 503 at the ping's 3-second deadline when the database takes the query and never answers", async () => {
    const hanging = { execute: () => new Promise(() => {}) } as unknown as Database;
    // The deadline passes at once instead of after 3 s: the timers the ping arms are recorded.
    const armed: number[] = [];
    const timers = vi.spyOn(globalThis, "setTimeout").mockImplementation(((run: () => void, ms: number) => {
      armed.push(ms);
      queueMicrotask(run);
      return 0;
    }) as unknown as typeof setTimeout);
    setDatabase({ ...test.handle, db: hanging });
    try {
      const response = await healthz();
      expect(response.status).toBe(503);
      expect(armed).toEqual([3000]);
    } finally {
      timers.mockRestore();
      setDatabase(test.handle);
    }
  });
});
