// Public reads of places: assemblies, neighbourhoods and categories.
import { and, asc, count, eq, or, type SQL, sql } from "drizzle-orm";
import { db, type Executor, prepared } from "~db/client.server";
import { assemblies, categories, neighbourhoods } from "~db/schema";

export type PublicNeighbourhood = {
  id: number;
  slug: string;
  name: string;
  description: string;
  assemblyId: number;
  assemblySlug: string;
  assemblyName: string;
  policeForceId: string | null;
  policeNeighbourhoodId: string | null;
  updatedAt: Date;
};

export const neighbourhoodColumns = {
  id: neighbourhoods.id,
  slug: neighbourhoods.slug,
  name: neighbourhoods.name,
  description: neighbourhoods.description,
  assemblyId: assemblies.id,
  assemblySlug: assemblies.slug,
  assemblyName: assemblies.name,
  policeForceId: neighbourhoods.policeForceId,
  policeNeighbourhoodId: neighbourhoods.policeNeighbourhoodId,
  updatedAt: neighbourhoods.updatedAt,
};

/** The one neighbourhood that matches, with its assembly, as the public reads it. */
async function findNeighbourhoodWhere(where: SQL | undefined, database: Executor) {
  const [row] = await database
    .select(neighbourhoodColumns)
    .from(neighbourhoods)
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(where)
    .limit(1);
  return row ?? null;
}

export async function findPublicNeighbourhood(
  slug: string,
  database: Executor = db(),
): Promise<PublicNeighbourhood | null> {
  // Every public page of a neighbourhood starts here: prepared once.
  const query = prepared(database, "public neighbourhood by slug", (d) =>
    d
      .select(neighbourhoodColumns)
      .from(neighbourhoods)
      .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
      .where(eq(neighbourhoods.slug, sql.placeholder("slug")))
      .limit(1)
      .prepare("public_neighbourhood_by_slug"),
  );
  const [row] = await query.execute({ slug });
  return row ?? null;
}

export function findPublicNeighbourhoodById(
  id: number,
  database: Executor = db(),
): Promise<PublicNeighbourhood | null> {
  return findNeighbourhoodWhere(eq(neighbourhoods.id, id), database);
}

export function findPublicNeighbourhoodByPoliceId(
  force: string,
  neighbourhood: string,
  database: Executor = db(),
): Promise<PublicNeighbourhood | null> {
  return findNeighbourhoodWhere(
    and(eq(neighbourhoods.policeForceId, force), eq(neighbourhoods.policeNeighbourhoodId, neighbourhood)),
    database,
  );
}

/** Neighbourhoods whose wards include `ward`, or whose postcode districts include `outcode`. */
export async function findNeighbourhoodsByPlace(
  place: { ward?: string | null; outcode?: string | null },
  database: Executor = db(),
) {
  const conditions: SQL[] = [];
  if (place.ward) conditions.push(sql`${neighbourhoods.wards} @> array[${place.ward}]::text[]`);
  if (place.outcode) {
    conditions.push(sql`${neighbourhoods.postcodeDistricts} @> array[${place.outcode}]::text[]`);
  }
  if (!conditions.length) return [];
  const rows = await database
    .select({
      ...neighbourhoodColumns,
      wards: neighbourhoods.wards,
      districts: neighbourhoods.postcodeDistricts,
    })
    .from(neighbourhoods)
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .where(or(...conditions))
    .orderBy(asc(neighbourhoods.name))
    .limit(50);
  return rows.map(({ wards, districts, ...neighbourhood }) => ({
    neighbourhood: neighbourhood as PublicNeighbourhood,
    wardMatch: place.ward ? wards.includes(place.ward) : false,
    districtMatch: place.outcode ? districts.includes(place.outcode) : false,
  }));
}

export async function listPublicNeighbourhoods(
  page: { limit: number; offset: number },
  database: Executor = db(),
): Promise<{ total: number; neighbourhoods: PublicNeighbourhood[] }> {
  const [rows, [{ total }]] = await Promise.all([
    database
      .select(neighbourhoodColumns)
      .from(neighbourhoods)
      .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
      .orderBy(asc(neighbourhoods.slug))
      .limit(page.limit)
      .offset(page.offset),
    database.select({ total: count() }).from(neighbourhoods),
  ]);
  return { total, neighbourhoods: rows };
}

export async function listAssembliesWithNeighbourhoods(database: Executor = db()) {
  const rows = await database
    .select({
      assemblyId: assemblies.id,
      assemblySlug: assemblies.slug,
      assemblyName: assemblies.name,
      neighbourhoodSlug: neighbourhoods.slug,
      neighbourhoodName: neighbourhoods.name,
    })
    .from(assemblies)
    .leftJoin(neighbourhoods, eq(neighbourhoods.assemblyId, assemblies.id))
    .orderBy(asc(assemblies.name), asc(neighbourhoods.name));
  const byAssembly = new Map<
    number,
    { slug: string; name: string; neighbourhoods: Array<{ slug: string; name: string }> }
  >();
  for (const row of rows) {
    let entry = byAssembly.get(row.assemblyId);
    if (!entry) {
      entry = { slug: row.assemblySlug, name: row.assemblyName, neighbourhoods: [] };
      byAssembly.set(row.assemblyId, entry);
    }
    if (row.neighbourhoodSlug && row.neighbourhoodName) {
      entry.neighbourhoods.push({ slug: row.neighbourhoodSlug, name: row.neighbourhoodName });
    }
  }
  return [...byAssembly.values()];
}

export async function listCategories(database: Executor = db()) {
  return database
    .select({ id: categories.id, slug: categories.slug, name: categories.name })
    .from(categories)
    .orderBy(asc(categories.name));
}
