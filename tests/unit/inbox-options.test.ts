// The inbox's filter choices: narrowed by the filter above, counted exactly, and
// never a list too long to use (an agency working across the country).
import { describe, expect, it } from "vitest";
import { filterOptions, MAX_FILTER_OPTIONS, placeCatalog, priorityScope } from "~/domain/tasks/inbox";

// 3 assemblies; 150 neighbourhoods (50 in each); 2 priorities in each neighbourhood.
const neighbourhoods = Array.from({ length: 150 }, (_, n) => ({
  neighbourhoodId: n + 1,
  neighbourhoodName: `Neighbourhood ${String(n + 1).padStart(3, "0")}`,
  assemblyId: (n % 3) + 1,
  assemblyName: `Assembly ${(n % 3) + 1}`,
  priorities: 2,
}));
const everyPriority = neighbourhoods.flatMap((n) =>
  [0, 1].map((k) => ({
    id: (n.neighbourhoodId - 1) * 2 + k + 1,
    name: `Priority ${String((n.neighbourhoodId - 1) * 2 + k + 1).padStart(3, "0")}`,
    neighbourhoodId: n.neighbourhoodId,
    assemblyId: n.assemblyId,
  })),
);
// The overview reads one priority more than can be offered: 101 of the 300.
const catalog = placeCatalog(neighbourhoods, everyPriority.slice(0, MAX_FILTER_OPTIONS + 1));
/** What the inbox reads when the filters narrow the priorities to few enough. */
const readIn = (ids: number[]) => everyPriority.filter((p) => ids.includes(p.neighbourhoodId));

describe("inbox filter choices", () => {
  it("offers short lists in full, sorted by name, each place with its open priorities counted", () => {
    const options = filterOptions(catalog, {});
    expect(options.assemblies.map((a) => a.name)).toEqual(["Assembly 1", "Assembly 2", "Assembly 3"]);
    expect(catalog.assemblies.map((a) => a.priorities)).toEqual([100, 100, 100]);
    expect(options.tooMany.assemblies).toBe(0);
  });

  it("keeps no priorities in the catalog when there are more than can be offered", () => {
    expect(catalog.priorities).toBeNull();
    const few = placeCatalog(neighbourhoods.slice(0, 2), everyPriority.slice(0, 4).reverse());
    expect(few.priorities?.map((p) => p.id)).toEqual([1, 2, 3, 4]);
    expect(filterOptions(few, {}).priorities.map((p) => p.id)).toEqual([1, 2, 3, 4]);
  });

  it("offers only the current choice of a list too long to use, and says how many there are", () => {
    const filters = { neighbourhoodId: 7 };
    const scope = priorityScope(catalog, filters);
    expect(scope).toEqual({ neighbourhoodIds: [7], count: 2 });
    const options = filterOptions(catalog, filters, readIn(scope.neighbourhoodIds));
    expect(options.neighbourhoods).toEqual([{ id: 7, name: "Neighbourhood 007" }]);
    expect(options.tooMany.neighbourhoods).toBe(150);
    // The priorities of the chosen neighbourhood are few enough to offer.
    expect(options.priorities.map((p) => p.id)).toEqual([13, 14]);
    expect(options.tooMany.priorities).toBe(0);
    expect(filterOptions(catalog, {}).neighbourhoods).toEqual([]);
  });

  it("narrows neighbourhoods and priorities to the chosen assembly", () => {
    const filters = { assemblyId: 2 };
    const scope = priorityScope(catalog, filters);
    expect(scope.neighbourhoodIds).toHaveLength(50);
    const options = filterOptions(catalog, filters, readIn(scope.neighbourhoodIds));
    expect(options.neighbourhoods).toHaveLength(50);
    expect(options.neighbourhoods.every((n) => (n.id - 1) % 3 === 1)).toBe(true);
    expect(options.tooMany.neighbourhoods).toBe(0);
    // 100 priorities in that assembly: exactly the limit, so all are offered.
    expect(options.priorities).toHaveLength(MAX_FILTER_OPTIONS);
    expect(options.tooMany.priorities).toBe(0);
    // Across the three assemblies: counted from the neighbourhoods, none offered.
    const wider = filterOptions(catalog, {});
    expect(wider.priorities).toEqual([]);
    expect(wider.tooMany.priorities).toBe(300);
    // One chosen among too many is still shown as chosen.
    const chosen = filterOptions(
      catalog,
      { priorityId: 9 },
      everyPriority.filter((p) => p.id === 9),
    );
    expect(chosen.priorities).toEqual([{ id: 9, name: "Priority 009" }]);
    expect(chosen.tooMany.priorities).toBe(300);
  });
});
