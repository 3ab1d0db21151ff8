// The world the permission matrix (and the hostile-input test) runs in, built:
// the roles' people, the assemblies, agencies, priorities, tasks, meetings and
// concerns named in MatrixIds (tests/permissions/types.ts). Areas that need more
// ids add a field to MatrixIds and a row here.
import type { Database } from "~db/client.server";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildCategory,
  buildConcern,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildUser,
  linkConcerns,
} from "../factories/build";
import type { MatrixIds, Role } from "./types";

export const ROLE_EMAILS: Record<Exclude<Role, "anonymous">, string> = {
  memberA: "police@example.org",
  coordinatorA: "matrix.coordinator@example.org",
  memberB: "tradingstandards@example.org",
  chairX: "chair@example.org",
  chairY: "matrix.chair@example.org",
  admin: "admin@example.org",
};

/**
 * The matrix's world (tests/permissions/types.ts), built: assembly X (Herringthorpe,
 * Sitwell, Boston Castle) and Y (Maltby), each with meetings held and to come;
 * agency A (police), B (trading standards) and a council team; an active priority
 * in Sitwell with a task of each (A's under way with public and partners-only
 * updates and figures, B's offered); a resolved priority in Herringthorpe with A's
 * done task and residents' concerns; a new online concern in Herringthorpe; the
 * matrix's six people. Enough of every kind of record for the routes to reach
 * their code.
 */
export async function buildMatrixWorld(db: Database): Promise<MatrixIds> {
  await buildBankHolidays(db);
  const category = await buildCategory(db, {
    slug: "anti-social-behaviour",
    name: "Anti-social behaviour",
  });
  await buildCategory(db, { slug: "parking", name: "Parking" });
  const x = await buildAssembly(db, { slug: "rotherham-south", name: "Rotherham South" });
  const y = await buildAssembly(db, { slug: "wentworth-valley", name: "Wentworth Valley" });
  const herringthorpe = await buildNeighbourhood(db, {
    assemblyId: x.id,
    slug: "herringthorpe",
    name: "Herringthorpe",
    wards: ["Rotherham East"],
    postcodeDistricts: ["S65"],
    policeForceId: "south-yorkshire",
    policeNeighbourhoodId: "demo-herringthorpe",
  });
  const sitwell = await buildNeighbourhood(db, { assemblyId: x.id, slug: "sitwell", name: "Sitwell" });
  const boston = await buildNeighbourhood(db, { assemblyId: x.id, name: "Boston Castle and Moorgate" });
  const maltby = await buildNeighbourhood(db, { assemblyId: y.id, slug: "maltby", name: "Maltby" });
  const a = await buildAgency(db, {
    slug: "syp-neighbourhood-team",
    kind: "police",
    name: "South Yorkshire Police neighbourhood team",
  });
  const b = await buildAgency(db, {
    slug: "trading-standards",
    kind: "trading_standards",
    name: "Trading standards",
    defaultConfidentiality: "partners_only",
  });
  const council = await buildAgency(db, {
    slug: "council-asb-team",
    kind: "council",
    name: "Council anti-social behaviour team",
  });
  // Agencies the chair's forms offer tasks to (tests/permissions/chair.ts).
  await buildAgency(db, { slug: "green-spaces", kind: "council", name: "Green spaces" });
  await buildAgency(db, { slug: "housing", kind: "housing", name: "Housing" });

  const held = {
    status: "held" as const,
    attendance: 27,
    publicSummary: "Partners reported back on each priority.",
    whatsWorking: "Volunteers now run a monthly litter pick.",
    publishedAt: new Date(Date.now() - 38 * 86_400_000),
  };
  const xCovers = [herringthorpe.id, sitwell.id, boston.id];
  const { meeting: xOlder } = await buildMeeting(db, {
    ...held,
    assemblyId: x.id,
    neighbourhoods: xCovers,
    startsInDays: -150,
  });
  await buildMeeting(db, { ...held, assemblyId: x.id, neighbourhoods: xCovers, startsInDays: -40 });
  const { meeting: meetingX } = await buildMeeting(db, {
    assemblyId: x.id,
    neighbourhoods: xCovers,
    title: "Rotherham South PACT meeting",
    startsInDays: 21,
  });
  await buildMeeting(db, { ...held, assemblyId: y.id, neighbourhoods: [maltby.id], startsInDays: -40 });
  const { meeting: meetingY } = await buildMeeting(db, {
    assemblyId: y.id,
    neighbourhoods: [maltby.id],
    startsInDays: 21,
  });

  const {
    priority: priorityX,
    taskIds: [taskOfA, taskOfB],
  } = await buildPriority(db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    categoryId: category.id,
    agreedAtMeetingId: xOlder.id,
    tasks: [
      {
        agency: a.id,
        status: "in_progress",
        updates: [
          {
            body: "Joint evening operation.",
            daysAgo: 25,
            figures: [{ label: "stop and checks", value: 16 }],
          },
          { body: "Named by neighbours.", daysAgo: 18, visibility: "partners_only" },
          { body: "Referred to children's services.", daysAgo: 17, safeguardingReferral: true },
        ],
      },
      { agency: b.id, status: "offered", confidentiality: "partners_only" },
      { agency: council.id, status: "accepted" },
    ],
  });
  const {
    priority: resolved,
    taskIds: [doneTaskOfA],
  } = await buildPriority(db, {
    neighbourhood: herringthorpe.id,
    title: "Underage drinking on Herringthorpe Playing Fields",
    categoryId: category.id,
    status: "resolved",
    agreedAtMeetingId: xOlder.id,
    agreedDaysAgo: 150,
    tasks: [
      {
        agency: a.id,
        title: "Evening patrols on the playing fields",
        status: "done",
        outcome: "No groups found drinking on the last six visits.",
        updates: [{ body: "No groups found drinking on the last six visits.", daysAgo: 45, isOutcome: true }],
      },
    ],
  });
  await linkConcerns(db, resolved.id, [
    await buildConcern(db, {
      neighbourhoodId: herringthorpe.id,
      raisedAtMeetingId: xOlder.id,
      status: "adopted",
      contactName: "Margaret Hollis",
      contactEmail: "margaret.hollis@example.net",
    }),
  ]);
  await buildPriority(db, {
    neighbourhood: boston.id,
    status: "monitoring",
    tasks: [{ agency: council.id }],
  });
  const concernX = await buildConcern(db, {
    neighbourhoodId: herringthorpe.id,
    categoryId: category.id,
    source: "online",
    status: "new",
    location: "Herringthorpe Avenue",
    contactName: "Online Resident",
    contactEmail: "resident.online@example.net",
  });

  const memberA = await buildUser(db, { email: ROLE_EMAILS.memberA, agencies: [a.id] });
  await buildUser(db, {
    email: ROLE_EMAILS.coordinatorA,
    agencies: [{ agencyId: a.id, role: "coordinator" }],
    password: "matrix-password-2026", // the login form's valid sign-in (tests/permissions/auth.ts)
  });
  await buildUser(db, { email: ROLE_EMAILS.memberB, agencies: [b.id] });
  await buildUser(db, { email: ROLE_EMAILS.chairX, chairs: [x.id] });
  await buildUser(db, { email: ROLE_EMAILS.chairY, chairs: [y.id] });
  await buildUser(db, { email: ROLE_EMAILS.admin, isAdmin: true });

  return {
    assemblyX: x.id,
    assemblyY: y.id,
    agencyA: a.id,
    agencyB: b.id,
    neighbourhoodSlug: herringthorpe.slug,
    neighbourhoodId: herringthorpe.id,
    otherNeighbourhoodSlug: maltby.slug,
    priorityX: priorityX.id,
    taskOfA,
    taskOfB,
    doneTaskOfA,
    meetingX: meetingX.id,
    meetingY: meetingY.id,
    concernX: concernX.id,
    userMemberA: memberA.id,
    force: "south-yorkshire",
    policeNeighbourhood: "demo-herringthorpe",
  };
}
