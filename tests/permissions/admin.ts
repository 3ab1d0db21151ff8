import { eq } from "drizzle-orm";
import { db } from "~db/client.server";
import * as t from "~db/schema";
import { type Fresh, type MatrixIds, type RouteExpectation, staffOnly } from "./types";

// Administration: admins only. Each POST is a valid form (a new record with a
// name no other has, or a record saved with its own values), so the admin's
// change really happens (a redirect) and everyone else is refused.
const admin = staffOnly(["admin"]);

let count = 0;
/** A number no other POST of the matrix has used, for unique names, slugs and dates. */
const unique = async (): Promise<Fresh> => {
  count += 1;
  return { n: count };
};

const page = (
  routeId: string,
  path: RouteExpectation["path"],
  post?: Omit<NonNullable<RouteExpectation["post"]>, "expect">,
): RouteExpectation => ({
  routeId,
  path,
  get: admin,
  ...(post ? { post: { ...post, expect: admin } } : {}),
});

async function assemblyForm(ids: MatrixIds): Promise<Fresh> {
  const [row] = await db().select().from(t.assemblies).where(eq(t.assemblies.id, ids.assemblyX));
  return { name: row.name, slug: row.slug, description: row.description ?? "" };
}

async function agencyForm(ids: MatrixIds): Promise<Fresh> {
  const [row] = await db().select().from(t.agencies).where(eq(t.agencies.id, ids.agencyA));
  return {
    name: row.name,
    slug: row.slug,
    kind: row.kind,
    inboxEmail: row.inboxEmail,
    publicContact: row.publicContact ?? "",
    defaultConfidentiality: row.defaultConfidentiality,
    acknowledgeWithinWorkingDays: row.acknowledgeWithinWorkingDays,
  };
}

/** An e-mail that could not be delivered, waiting for an admin to try again. */
async function failedMessage(): Promise<Fresh> {
  count += 1;
  const [row] = await db()
    .insert(t.outboxMessages)
    .values({
      toAddress: `matrix.bounce.${count}@example.org`,
      template: "matrix",
      subject: "Matrix",
      text: "Matrix",
      html: "<p>Matrix</p>",
      status: "failed",
      lastError: "550 No such mailbox",
    })
    .returning({ id: t.outboxMessages.id });
  return { id: row.id };
}

const asStrings = (fresh: Fresh) => Object.fromEntries(Object.entries(fresh).map(([k, v]) => [k, String(v)]));

export const expectations: RouteExpectation[] = [
  page("routes/admin._index", () => "/admin"),
  page("routes/admin.assemblies._index", () => "/admin/assemblies"),
  page("routes/admin.assemblies.$id", (ids) => `/admin/assemblies/${ids.assemblyX}`, {
    prepare: assemblyForm,
    body: (_ids, fresh) => asStrings(fresh),
  }),
  page("routes/admin.neighbourhoods._index", () => "/admin/neighbourhoods"),
  page("routes/admin.neighbourhoods.$id", () => "/admin/neighbourhoods/new", {
    prepare: unique,
    body: (ids, fresh) => ({
      assemblyId: String(ids.assemblyX),
      name: `Matrix Vale ${fresh.n}`,
      slug: `matrix-vale-${fresh.n}`,
      description: "",
      policeForceId: "",
      policeNeighbourhoodId: "",
      wards: "Matrix Ward",
      postcodeDistricts: "S60",
      maxActivePriorities: "5",
    }),
  }),
  page("routes/admin.agencies._index", () => "/admin/agencies"),
  page("routes/admin.agencies.$id", (ids) => `/admin/agencies/${ids.agencyA}`, {
    prepare: agencyForm,
    body: (_ids, fresh) => asStrings(fresh),
  }),
  page("routes/admin.categories._index", () => "/admin/categories"),
  page("routes/admin.categories.$id", () => "/admin/categories/new", {
    prepare: unique,
    body: (_ids, fresh) => ({ name: `Matrix category ${fresh.n}`, slug: `matrix-category-${fresh.n}` }),
  }),
  page("routes/admin.bank-holidays", () => "/admin/bank-holidays", {
    prepare: unique,
    body: (_ids, fresh) => ({ day: `${2040 + Number(fresh.n)}-03-03`, name: "Matrix holiday" }),
  }),
  page("routes/admin.users._index", () => "/admin/users"),
  page("routes/admin.users.invite", () => "/admin/users/invite", {
    prepare: unique,
    body: (_ids, fresh) => ({ email: `matrix.invited.${fresh.n}@example.org`, name: "Matrix Invitee" }),
  }),
  page("routes/admin.users.$id", (ids) => `/admin/users/${ids.userMemberA}`, {
    prepare: async (ids) => {
      const [user] = await db().select().from(t.users).where(eq(t.users.id, ids.userMemberA));
      return { name: user.name };
    },
    body: (_ids, fresh) => ({ intent: "details", name: String(fresh.name) }),
  }),
  page("routes/admin.audit", () => "/admin/audit"),
  page("routes/admin.outbox", () => "/admin/outbox", {
    prepare: failedMessage,
    body: (_ids, fresh) => ({ id: String(fresh.id) }),
  }),
];
