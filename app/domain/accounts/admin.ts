// Administration of the borough's structure: assemblies, neighbourhoods,
// agencies, categories, bank holidays, and people's roles. Admin only; every
// change is audited with its before and after values, in one transaction.
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor, rowsOf } from "~db/client.server";
import {
  agencies,
  agencyKinds,
  agencyMemberships,
  assemblies,
  assemblyChairs,
  bankHolidays,
  categories,
  confidentialities,
  membershipRoles,
  neighbourhoods,
  users,
} from "~db/schema";
import { ensure, isAdmin, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import { hasControlCharacters } from "../core/control-characters";
import { invalid, notFound } from "../core/errors";
import { idField } from "../core/ids";
import { policeUkId } from "../reports/open-data-schemas";
import { putInTeam, tellOfRolesGiven } from "./roles-given";

export { AGENCY_KIND_NAME } from "../core/agency-kinds";

// ---------------------------------------------------------------- input shapes

const trimmed = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0].toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)
    .refine((v) => !hasControlCharacters(v), "Remove control characters");

const optionalTrimmed = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(
      z.string().max(max, `${label[0].toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`),
    );

const slug = z
  .string({ error: "Enter a web address name" })
  .trim()
  .toLowerCase()
  .min(2, "Enter a web address name of at least 2 characters")
  .max(60, "Web address names are 60 characters or fewer")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, numbers and single hyphens, like maltby-east");

/** A comma- or line-separated list, trimmed, without blanks or repeats. */
const list = (label: string, pattern?: RegExp, message?: string) =>
  z
    .string()
    .optional()
    .transform((v) => [
      ...new Set(
        (v ?? "")
          .split(/[,\n]/)
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(
          z
            .string()
            .max(80, `Each ${label} is 80 characters or fewer`)
            .regex(pattern ?? /.*/, message ?? `Check the ${label}s`),
        )
        .max(50, `List at most 50 ${label}s`),
    );

const policeId = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim())
  .pipe(
    z
      .string()
      .max(80, "Use the id as police.uk shows it: 80 characters or fewer")
      .refine(
        (id) => id === "" || policeUkId.safeParse(id).success,
        "Use the id as police.uk shows it (letters, numbers, spaces, dots, hyphens)",
      ),
  )
  .transform((v) => v || null);

export const assemblySchema = z.object({
  name: trimmed("a name", 120),
  slug,
  description: optionalTrimmed("the description", 2000),
});

export const neighbourhoodSchema = z.object({
  assemblyId: idField("Choose an area assembly"),
  name: trimmed("a name", 120),
  slug,
  description: optionalTrimmed("the description", 2000),
  policeForceId: policeId,
  policeNeighbourhoodId: policeId,
  wards: list("ward"),
  postcodeDistricts: z.preprocess(
    (v) => (typeof v === "string" ? v.toUpperCase() : v),
    list(
      "postcode district",
      /^[A-Z]{1,2}[0-9][0-9A-Z]?$/,
      "Enter postcode districts like S60 or S66, separated by commas",
    ),
  ),
  maxActivePriorities: z.coerce
    .number({ error: "Enter the most active priorities allowed, a number from 1 to 20" })
    .int("Enter a whole number from 1 to 20")
    .min(1, "Enter a whole number from 1 to 20")
    .max(20, "Enter a whole number from 1 to 20"),
});

export const agencySchema = z.object({
  name: trimmed("the name everyone sees", 160),
  slug,
  kind: z.enum(agencyKinds, { error: "Choose what kind of organisation this is" }),
  inboxEmail: z
    .string({ error: "Enter the team's inbox e-mail address" })
    .trim()
    .max(254)
    .pipe(z.email("Enter the inbox as an e-mail address, like team@example.org")),
  publicContact: optionalTrimmed("how the public contact them", 500),
  defaultConfidentiality: z.enum(confidentialities, { error: "Choose who may see their tasks by default" }),
  acknowledgeWithinWorkingDays: z.coerce
    .number({ error: "Enter a number of working days from 1 to 60" })
    .int("Enter a whole number of working days from 1 to 60")
    .min(1, "Enter a whole number of working days from 1 to 60")
    .max(60, "Enter a whole number of working days from 1 to 60"),
});

export const categorySchema = z.object({ name: trimmed("a name", 80), slug });

export const bankHolidaySchema = z.object({
  day: z
    .string({ error: "Enter the date" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as a real date")
    .refine((v) => {
      const ms = Date.parse(`${v}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
    }, "Enter the date as a real date"),
  name: trimmed("the holiday's name", 80),
});

export const userEditSchema = z.object({
  name: trimmed("a name", 120),
  isAdmin: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
});

export const membershipSchema = z.object({
  agencyId: idField("Choose an agency"),
  role: z.enum(membershipRoles, { error: "Choose a role" }),
});

// ---------------------------------------------------------------- saving

/** Turns a unique-constraint violation into a message on the field. */
function uniqueProblem(error: unknown, field: string, message: string): never {
  const code =
    (error as { code?: string; cause?: { code?: string } }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  if (code === "23505") throw invalid(message, { [field]: [message] });
  throw error;
}

type Saved = { id: number };

async function saveRow<Row extends Record<string, unknown>>(
  viewer: Viewer,
  spec: {
    entityType: string;
    id: number | null;
    load: (tx: Executor, id: number) => Promise<Row | undefined>;
    insert: (tx: Executor) => Promise<Saved>;
    update: (tx: Executor, id: number) => Promise<unknown>;
    after: Record<string, unknown>;
    unique?: { field: string; message: string };
  },
): Promise<Saved> {
  ensure(isAdmin(viewer));
  try {
    return await db().transaction(async (tx) => {
      let before: Row | undefined;
      let saved: Saved;
      if (spec.id == null) {
        saved = await spec.insert(tx);
      } else {
        before = await spec.load(tx, spec.id);
        if (!before) throw notFound();
        await spec.update(tx, spec.id);
        saved = { id: spec.id };
      }
      await recordAudit(tx, {
        actorUserId: viewer.userId,
        action: `${spec.entityType}.${spec.id == null ? "created" : "updated"}`,
        entityType: spec.entityType,
        entityId: saved.id,
        before: before ?? null,
        after: spec.after,
      });
      return saved;
    });
  } catch (error) {
    if (spec.unique) uniqueProblem(error, spec.unique.field, spec.unique.message);
    throw error;
  }
}

const SLUG_TAKEN = "That web address name is already used: choose another";

export function saveAssembly(viewer: Viewer, id: number | null, input: z.infer<typeof assemblySchema>) {
  return saveRow(viewer, {
    entityType: "assembly",
    id,
    load: async (tx, key) =>
      (
        await tx
          .select({ name: assemblies.name, slug: assemblies.slug, description: assemblies.description })
          .from(assemblies)
          .where(eq(assemblies.id, key))
      )[0],
    insert: async (tx) => (await tx.insert(assemblies).values(input).returning({ id: assemblies.id }))[0],
    update: (tx, key) =>
      tx
        .update(assemblies)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(assemblies.id, key)),
    after: input,
    unique: { field: "slug", message: SLUG_TAKEN },
  });
}

export async function saveNeighbourhood(
  viewer: Viewer,
  id: number | null,
  input: z.infer<typeof neighbourhoodSchema>,
) {
  const [assembly] = await db()
    .select({ id: assemblies.id })
    .from(assemblies)
    .where(eq(assemblies.id, input.assemblyId));
  if (!assembly) throw invalid("Choose an area assembly", { assemblyId: ["Choose an area assembly"] });
  if (Boolean(input.policeForceId) !== Boolean(input.policeNeighbourhoodId)) {
    throw invalid("Enter both police.uk ids, or neither", {
      policeNeighbourhoodId: ["Enter both the police.uk force and neighbourhood ids, or neither"],
    });
  }
  const columns = {
    assemblyId: neighbourhoods.assemblyId,
    name: neighbourhoods.name,
    slug: neighbourhoods.slug,
    description: neighbourhoods.description,
    policeForceId: neighbourhoods.policeForceId,
    policeNeighbourhoodId: neighbourhoods.policeNeighbourhoodId,
    wards: neighbourhoods.wards,
    postcodeDistricts: neighbourhoods.postcodeDistricts,
    maxActivePriorities: neighbourhoods.maxActivePriorities,
  };
  try {
    return await saveRow(viewer, {
      entityType: "neighbourhood",
      id,
      load: async (tx, key) =>
        (await tx.select(columns).from(neighbourhoods).where(eq(neighbourhoods.id, key)))[0],
      insert: async (tx) =>
        (await tx.insert(neighbourhoods).values(input).returning({ id: neighbourhoods.id }))[0],
      update: (tx, key) =>
        tx
          .update(neighbourhoods)
          .set({ ...input, updatedAt: new Date() })
          .where(eq(neighbourhoods.id, key)),
      after: input,
    });
  } catch (error) {
    const constraint =
      (
        error as {
          constraint_name?: string;
          constraint?: string;
          cause?: { constraint_name?: string; constraint?: string };
        }
      ).cause ?? (error as { constraint_name?: string; constraint?: string });
    const name = constraint.constraint_name ?? constraint.constraint ?? "";
    if (name.includes("police_uk")) {
      throw invalid("Another neighbourhood has these police.uk ids", {
        policeNeighbourhoodId: ["Another neighbourhood already has these police.uk ids"],
      });
    }
    uniqueProblem(error, "slug", SLUG_TAKEN);
  }
}

export function saveAgency(viewer: Viewer, id: number | null, input: z.infer<typeof agencySchema>) {
  return saveRow(viewer, {
    entityType: "agency",
    id,
    load: async (tx, key) =>
      (
        await tx
          .select({
            name: agencies.name,
            slug: agencies.slug,
            kind: agencies.kind,
            inboxEmail: agencies.inboxEmail,
            publicContact: agencies.publicContact,
            defaultConfidentiality: agencies.defaultConfidentiality,
            acknowledgeWithinWorkingDays: agencies.acknowledgeWithinWorkingDays,
          })
          .from(agencies)
          .where(eq(agencies.id, key))
      )[0],
    insert: async (tx) => (await tx.insert(agencies).values(input).returning({ id: agencies.id }))[0],
    update: (tx, key) =>
      tx
        .update(agencies)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(agencies.id, key)),
    after: input,
    unique: { field: "slug", message: SLUG_TAKEN },
  });
}

export function saveCategory(viewer: Viewer, id: number | null, input: z.infer<typeof categorySchema>) {
  return saveRow(viewer, {
    entityType: "category",
    id,
    load: async (tx, key) =>
      (
        await tx
          .select({ name: categories.name, slug: categories.slug })
          .from(categories)
          .where(eq(categories.id, key))
      )[0],
    insert: async (tx) => (await tx.insert(categories).values(input).returning({ id: categories.id }))[0],
    update: (tx, key) => tx.update(categories).set(input).where(eq(categories.id, key)),
    after: input,
    unique: { field: "slug", message: SLUG_TAKEN },
  });
}

export async function addBankHoliday(viewer: Viewer, input: z.infer<typeof bankHolidaySchema>) {
  ensure(isAdmin(viewer));
  await db().transaction(async (tx) => {
    const added = await tx.insert(bankHolidays).values(input).onConflictDoNothing().returning();
    if (!added.length)
      throw invalid("That date is already a bank holiday", { day: ["That date is already listed"] });
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "bank_holiday.added",
      entityType: "bank_holiday",
      entityId: input.day,
      after: input,
    });
  });
}

export async function removeBankHoliday(viewer: Viewer, day: string) {
  ensure(isAdmin(viewer));
  await db().transaction(async (tx) => {
    const removed = await tx.delete(bankHolidays).where(eq(bankHolidays.day, day)).returning();
    if (!removed.length) throw notFound("That date is not in the list.");
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "bank_holiday.removed",
      entityType: "bank_holiday",
      entityId: day,
      before: removed[0],
    });
  });
}

export async function updateUser(viewer: Viewer, userId: number, input: z.infer<typeof userEditSchema>) {
  ensure(isAdmin(viewer));
  if (userId === viewer.userId && !input.isAdmin) {
    throw invalid("You cannot remove your own administrator role", {
      isAdmin: ["You cannot remove your own administrator role: ask another administrator"],
    });
  }
  await db().transaction(async (tx) => {
    const [before] = await tx
      .select({ name: users.name, isAdmin: users.isAdmin })
      .from(users)
      .where(eq(users.id, userId));
    if (!before) throw notFound("No such user.");
    await tx
      .update(users)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(users.id, userId));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "user.updated",
      entityType: "user",
      entityId: userId,
      before,
      after: input,
    });
  });
}

/** Makes someone a chair of an assembly, or no longer; returns whether they were told by e-mail. */
export async function setChairRole(viewer: Viewer, userId: number, assemblyId: number, chair: boolean) {
  ensure(isAdmin(viewer));
  return db().transaction(async (tx) => {
    const [assembly] = await tx
      .select({ id: assemblies.id })
      .from(assemblies)
      .where(eq(assemblies.id, assemblyId));
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!assembly || !user) throw notFound();
    const changed = chair
      ? await tx.insert(assemblyChairs).values({ userId, assemblyId }).onConflictDoNothing().returning()
      : await tx
          .delete(assemblyChairs)
          .where(and(eq(assemblyChairs.userId, userId), eq(assemblyChairs.assemblyId, assemblyId)))
          .returning();
    if (!changed.length) return false;
    const told = chair && (await tellOfRolesGiven(tx, viewer, userId, [{ kind: "chair", assemblyId }]));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: chair ? "chair.added" : "chair.removed",
      entityType: "user",
      entityId: userId,
      assemblyId,
      before: chair ? null : { chairOf: assemblyId },
      after: chair ? { chairOf: assemblyId } : null,
    });
    return told;
  });
}

/** Adds someone to an agency's team, or changes their role in it; returns whether they were told by e-mail. */
export async function addMembership(viewer: Viewer, userId: number, input: z.infer<typeof membershipSchema>) {
  ensure(isAdmin(viewer));
  return db().transaction(async (tx) => {
    const [agency] = await tx
      .select({ id: agencies.id })
      .from(agencies)
      .where(eq(agencies.id, input.agencyId));
    if (!agency) throw invalid("Choose an agency", { agencyId: ["Choose an agency"] });
    const { before, given } = await putInTeam(tx, userId, input.agencyId, input.role);
    const told = given !== null && (await tellOfRolesGiven(tx, viewer, userId, [given]));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: before ? "membership.role_changed" : "membership.added",
      entityType: "user",
      entityId: userId,
      agencyId: input.agencyId,
      before: before ?? null,
      after: input,
    });
    return told;
  });
}

// ---------------------------------------------------------------- reading

export async function listAssembliesForAdmin() {
  return db()
    .select({
      id: assemblies.id,
      name: assemblies.name,
      slug: assemblies.slug,
      neighbourhoods: sql<number>`(select count(*)::int from ${neighbourhoods} n where n.assembly_id = ${assemblies}.id)`,
    })
    .from(assemblies)
    .orderBy(asc(assemblies.name));
}

export async function listNeighbourhoodsForAdmin() {
  return db()
    .select({
      id: neighbourhoods.id,
      name: neighbourhoods.name,
      slug: neighbourhoods.slug,
      assembly: assemblies.name,
      maxActivePriorities: neighbourhoods.maxActivePriorities,
      policeForceId: neighbourhoods.policeForceId,
      policeNeighbourhoodId: neighbourhoods.policeNeighbourhoodId,
    })
    .from(neighbourhoods)
    .innerJoin(assemblies, eq(assemblies.id, neighbourhoods.assemblyId))
    .orderBy(asc(assemblies.name), asc(neighbourhoods.name));
}

export async function listAgenciesForAdmin() {
  return db().select().from(agencies).orderBy(asc(agencies.name));
}

export async function listCategoriesForAdmin() {
  return db().select().from(categories).orderBy(asc(categories.name));
}

export async function listBankHolidays() {
  return db().select().from(bankHolidays).orderBy(asc(bankHolidays.day));
}

export async function listUsersForAdmin() {
  return db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      isAdmin: users.isAdmin,
      active: users.active,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      agencies: sql<string>`coalesce((select string_agg(a.name || case when m.role = 'coordinator' then ' (coordinator)' else '' end, ', ' order by a.name) from ${agencyMemberships} m join ${agencies} a on a.id = m.agency_id where m.user_id = ${users}.id), '')`,
      chairs: sql<string>`coalesce((select string_agg(s.name, ', ' order by s.name) from ${assemblyChairs} c join ${assemblies} s on s.id = c.assembly_id where c.user_id = ${users}.id), '')`,
    })
    .from(users)
    .orderBy(asc(users.name));
}

export async function getUserForAdmin(userId: number) {
  const [user] = await db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      isAdmin: users.isAdmin,
      active: users.active,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      deactivatedAt: users.deactivatedAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return null;
  const [memberships, chairs, sessionCount] = await Promise.all([
    db()
      .select({ agencyId: agencies.id, name: agencies.name, role: agencyMemberships.role })
      .from(agencyMemberships)
      .innerJoin(agencies, eq(agencies.id, agencyMemberships.agencyId))
      .where(eq(agencyMemberships.userId, userId))
      .orderBy(asc(agencies.name)),
    db()
      .select({ assemblyId: assemblies.id, name: assemblies.name })
      .from(assemblyChairs)
      .innerJoin(assemblies, eq(assemblies.id, assemblyChairs.assemblyId))
      .where(eq(assemblyChairs.userId, userId))
      .orderBy(asc(assemblies.name)),
    db().execute<{ n: number }>(
      sql`select count(*)::int as n from sessions where user_id = ${userId} and expires_at > now()`,
    ),
  ]);
  const rows = rowsOf<{ n: number }>(sessionCount);
  return { ...user, memberships, chairs, sessions: Number(rows[0]?.n ?? 0) };
}

export async function findAssembly(id: number) {
  return (await db().select().from(assemblies).where(eq(assemblies.id, id)))[0];
}

export async function findNeighbourhood(id: number) {
  return (await db().select().from(neighbourhoods).where(eq(neighbourhoods.id, id)))[0];
}

export async function findAgency(id: number) {
  return (await db().select().from(agencies).where(eq(agencies.id, id)))[0];
}

export async function findCategory(id: number) {
  return (await db().select().from(categories).where(eq(categories.id, id)))[0];
}
