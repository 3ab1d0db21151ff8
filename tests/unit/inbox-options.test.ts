// The inbox's filter choices: narrowed by the filter above, and never a list
// too long to use (an agency working across the country).
import { describe, expect, it } from "vitest";
import { filterOptions, MAX_FILTER_OPTIONS, placeCatalog } from "~/domain/tasks/inbox";

// 3 assemblies; 150 neighbourhoods (50 in each); 2 priorities in each neighbourhood.
const catalog = placeCatalog(
  Array.from({ length: 150 }, (_, n) =>
    [0, 1].map((k) => ({
      priorityId: n * 2 + k + 1,
      priorityTitle: `Priority ${String(n * 2 + k + 1).padStart(3, "0")}`,
      neighbourhoodId: n + 1,
      neighbourhoodName: `Neighbourhood ${String(n + 1).padStart(3, "0")}`,
      assemblyId: (n % 3) + 1,
      assemblyName: `Assembly ${(n % 3) + 1}`,
    })),
  ).flat(),
);

describe("inbox filter choices", () => {
  it("offers short lists in full, sorted by name", () => {
    const options = filterOptions(catalog, {});
    expect(options.assemblies.map((a) => a.name)).toEqual(["Assembly 1", "Assembly 2", "Assembly 3"]);
    expect(options.tooMany.assemblies).toBe(0);
  });

  it("offers only the current choice of a list too long to use, and says how many there are", () => {
    const options = filterOptions(catalog, { neighbourhoodId: 7 });
    expect(options.neighbourhoods).toEqual([{ id: 7, name: "Neighbourhood 007" }]);
    expect(options.tooMany.neighbourhoods).toBe(150);
    // The priorities of the chosen neighbourhood are few enough to offer.
    expect(options.priorities.map((p) => p.id)).toEqual([13, 14]);
    expect(options.tooMany.priorities).toBe(0);
    expect(filterOptions(catalog, {}).neighbourhoods).toEqual([]);
  });

  it("narrows neighbourhoods and priorities to the chosen assembly", () => {
    const options = filterOptions(catalog, { assemblyId: 2 });
    expect(options.neighbourhoods).toHaveLength(50);
    expect(options.neighbourhoods.every((n) => (n.id - 1) % 3 === 1)).toBe(true);
    expect(options.tooMany.neighbourhoods).toBe(0);
    // 100 priorities in that assembly: exactly the limit, so all are offered.
    expect(options.priorities).toHaveLength(MAX_FILTER_OPTIONS);
    expect(options.tooMany.priorities).toBe(0);
    const wider = filterOptions(catalog, {});
    expect(wider.priorities).toEqual([]);
    expect(wider.tooMany.priorities).toBe(300);
  });
});
