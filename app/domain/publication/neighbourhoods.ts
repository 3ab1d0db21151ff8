// Public reads of assemblies and neighbourhoods live in the publication filter
// (./publication); this module keeps the older import path working.
export { findPublicNeighbourhood, listAssembliesWithNeighbourhoods } from ".";
