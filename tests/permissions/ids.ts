// Finds the demo-data ids the permission matrix needs, and creates the two
// roles the demo seed does not have (a coordinator of agency A, a chair of
// assembly Y). Areas that need more ids add a field to MatrixIds and a line here.
import { and, asc, eq, gt } from "drizzle-orm";
import { hashPassword } from "~/lib/password.server";
import type { Database } from "~db/client.server";
import * as t from "~db/schema";
import type { MatrixIds, Role } from "./types";

export const ROLE_EMAILS: Record<Exclude<Role, "anonymous">, string> = {
  memberA: "police@example.org",
  coordinatorA: "matrix.coordinator@example.org",
  memberB: "tradingstandards@example.org",
  chairX: "chair@example.org",
  chairY: "matrix.chair@example.org",
  admin: "admin@example.org",
};

async function one<T>(rows: Promise<T[]>, what: string): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error(`Matrix: no ${what} in the demo data`);
  return row;
}

export async function findMatrixIds(db: Database): Promise<MatrixIds> {
  const assembly = (slug: string) =>
    one(db.select().from(t.assemblies).where(eq(t.assemblies.slug, slug)), `assembly ${slug}`);
  const agency = (slug: string) => one(db.select().from(t.agencies).where(eq(t.agencies.slug, slug)), slug);
  const neighbourhood = (slug: string) =>
    one(db.select().from(t.neighbourhoods).where(eq(t.neighbourhoods.slug, slug)), slug);

  const [x, y, a, b, herringthorpe, sitwell] = await Promise.all([
    assembly("rotherham-south"),
    assembly("wentworth-valley"),
    agency("syp-neighbourhood-team"),
    agency("trading-standards"),
    neighbourhood("herringthorpe"),
    neighbourhood("sitwell"),
  ]);
  const priority = await one(
    db
      .select()
      .from(t.priorities)
      .where(and(eq(t.priorities.neighbourhoodId, sitwell.id), eq(t.priorities.status, "active"))),
    "active priority in Sitwell",
  );
  const taskOf = (agencyId: number) =>
    one(
      db
        .select()
        .from(t.tasks)
        .where(and(eq(t.tasks.priorityId, priority.id), eq(t.tasks.agencyId, agencyId))),
      `task of agency ${agencyId}`,
    );
  const upcomingMeeting = (assemblyId: number) =>
    one(
      db
        .select()
        .from(t.meetings)
        .where(and(eq(t.meetings.assemblyId, assemblyId), gt(t.meetings.startsAt, new Date())))
        .orderBy(asc(t.meetings.startsAt))
        .limit(1),
      `upcoming meeting of assembly ${assemblyId}`,
    );
  const [taskOfA, taskOfB, meetingX, meetingY, concern, memberA] = await Promise.all([
    taskOf(a.id),
    taskOf(b.id),
    upcomingMeeting(x.id),
    upcomingMeeting(y.id),
    one(
      db
        .select()
        .from(t.concerns)
        .where(and(eq(t.concerns.neighbourhoodId, herringthorpe.id), eq(t.concerns.status, "new"))),
      "new online concern in Herringthorpe",
    ),
    one(db.select().from(t.users).where(eq(t.users.email, ROLE_EMAILS.memberA)), "police user"),
  ]);
  const doneTaskOfA = await one(
    db
      .select()
      .from(t.tasks)
      .where(
        and(
          eq(t.tasks.agencyId, a.id),
          eq(t.tasks.status, "done"),
          eq(t.tasks.title, "Evening patrols on the playing fields"),
        ),
      ),
    "done task of agency A",
  );
  if (!herringthorpe.policeForceId || !herringthorpe.policeNeighbourhoodId) {
    throw new Error("Matrix: Herringthorpe has no police.uk ids in the demo data");
  }
  return {
    assemblyX: x.id,
    assemblyY: y.id,
    agencyA: a.id,
    agencyB: b.id,
    neighbourhoodSlug: herringthorpe.slug,
    neighbourhoodId: herringthorpe.id,
    otherNeighbourhoodSlug: "maltby",
    priorityX: priority.id,
    taskOfA: taskOfA.id,
    taskOfB: taskOfB.id,
    doneTaskOfA: doneTaskOfA.id,
    meetingX: meetingX.id,
    meetingY: meetingY.id,
    concernX: concern.id,
    userMemberA: memberA.id,
    force: herringthorpe.policeForceId,
    policeNeighbourhood: herringthorpe.policeNeighbourhoodId,
  };
}

/** Adds the coordinator of A and the chair of Y (idempotent). */
export async function createMatrixRoles(db: Database, ids: MatrixIds) {
  const passwordHash = await hashPassword("matrix-password-2026");
  const [coordinator] = await db
    .insert(t.users)
    .values({ email: ROLE_EMAILS.coordinatorA, name: "Matrix Coordinator", passwordHash })
    .onConflictDoNothing()
    .returning({ id: t.users.id });
  if (coordinator) {
    await db
      .insert(t.agencyMemberships)
      .values({ userId: coordinator.id, agencyId: ids.agencyA, role: "coordinator" });
  }
  const [chair] = await db
    .insert(t.users)
    .values({ email: ROLE_EMAILS.chairY, name: "Matrix Chair", passwordHash })
    .onConflictDoNothing()
    .returning({ id: t.users.id });
  if (chair) await db.insert(t.assemblyChairs).values({ userId: chair.id, assemblyId: ids.assemblyY });
}
