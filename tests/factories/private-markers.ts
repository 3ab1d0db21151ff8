// Data that WOULD leak if a publication rule broke, each piece carrying a
// distinctive marker, made through the domain functions the app itself calls
// (a resident raising a concern online, a chair recording one at a meeting,
// partners posting updates, declining, withdrawing, a chair publishing the
// monthly report). The served-privacy test scans what the app serves for the
// PRIVATE markers, and checks the PUBLIC ones do appear (so the scan is real).
import { and, eq } from "drizzle-orm";
import { addMeetingConcern, moderateConcern } from "~/domain/concerns/concerns";
import { raiseOnlineConcern } from "~/domain/concerns/online-concerns";
import { publishMonthlyReport } from "~/domain/reports/reports";
import { acceptTask, declineTask, postTaskUpdate } from "~/domain/tasks";
import { offerTask, withdrawTask } from "~/domain/tasks/chair-tasks";
import type { Database } from "~db/client.server";
import * as t from "~db/schema";
import { DEMO, viewer } from "./demo";
import { addMeeting, neighbourhoodBySlug } from "./public";
import { addMember, agencyId, MAYNARD, priorityId } from "./tasks";

/** What must never be served to the public, nor mailed to another resident. */
export const PRIVATE = {
  onlineName: "Ottoline Quarrington-Private",
  onlineEmail: "ottoline.private@example.net",
  onlinePhone: "07700 900321",
  onlinePostcode: "S99 7QX",
  originalWords: "ORIGINAL-WORDS-BEFORE-MODERATION-MARKER",
  meetingName: "Barnaby Winterbottom-Private",
  meetingEmail: "barnaby.private@example.net",
  meetingPhone: "07700 900654",
  subscriber: "follower.private@example.net",
  partnersOnlyUpdate: "PARTNERS-ONLY-UPDATE-MARKER",
  youthOffendingTask: "YOUTH-OFFENDING-TASK-MARKER",
  youthOffendingUpdate: "YOUTH-OFFENDING-UPDATE-MARKER",
  safeguarding: "SAFEGUARDING-REFERRAL-MARKER",
  partnersOnlyTask: "PARTNERS-ONLY-TASK-MARKER",
  updateOnPartnersOnlyTask: "UPDATE-ON-PARTNERS-ONLY-TASK-MARKER",
  declinedTask: "DECLINED-TASK-MARKER",
  declineReason: "DECLINE-REASON-MARKER",
  withdrawnTask: "WITHDRAWN-TASK-MARKER",
  withdrawReason: "WITHDRAW-REASON-MARKER",
  staffEmail: "perpetua.staffmarker@council.example.org",
} as const;

/** What the public is meant to see: the scan must find these. */
export const PUBLIC = {
  update: "PUBLIC-UPDATE-VISIBLE-MARKER",
  onlineWording: "PUBLIC-WORDING-OF-ONLINE-CONCERN",
  answer: "PUBLIC-ANSWER-TO-ONLINE-CONCERN",
  meetingWording: "PUBLIC-WORDING-OF-MEETING-CONCERN",
} as const;

async function taskOn(db: Database, agencySlug: string) {
  const [row] = await db
    .select()
    .from(t.tasks)
    .where(
      and(
        eq(t.tasks.priorityId, await priorityId(db, MAYNARD)),
        eq(t.tasks.agencyId, await agencyId(db, agencySlug)),
      ),
    );
  if (!row) throw new Error(`no ${agencySlug} task on ${MAYNARD}`);
  return row;
}

const versionOf = async (db: Database, id: number) =>
  (await db.select({ version: t.tasks.version }).from(t.tasks).where(eq(t.tasks.id, id)))[0].version;

/** Partners' work on the Maynard Road priority (Sitwell, Rotherham South), public and private. */
export async function addPrivateWork(db: Database, now: Date) {
  const chair = await viewer(DEMO.chair, db);
  const admin = await viewer(DEMO.admin, db);
  const maynard = await priorityId(db, MAYNARD);
  const options = { now, publicUrl: "http://localhost:3000" };

  // A staff member of the ASB team posts a public update (to be seen), a
  // partners-only one and a safeguarding referral (never to be seen).
  await addMember(db, "council-asb-team", PRIVATE.staffEmail);
  const staff = await viewer(PRIVATE.staffEmail, db);
  const asbTask = await taskOn(db, "council-asb-team");
  const post = async (body: string, extra: Partial<Parameters<typeof postTaskUpdate>[1]>) =>
    postTaskUpdate(
      staff,
      {
        taskId: asbTask.id,
        version: await versionOf(db, asbTask.id),
        body,
        visibility: "partners_only",
        figures: [],
        publicTextConfirmed: true,
        ...extra,
      },
      options,
    );
  await post(`${PUBLIC.update}: the play area gate now locks at dusk.`, { visibility: "public" });
  await post(`${PRIVATE.partnersOnlyUpdate}: the family at number 4 was visited.`, {});
  await post(`${PRIVATE.safeguarding}: referral made for a child seen at the play area.`, {
    safeguardingReferral: true,
  });
  // (A referral can never be marked public: the form refuses it and so does the database's
  // task_updates_safeguarding_check constraint.)

  // A partners-only task (the chair's choice), accepted, with an update that is marked public in
  // the same way: the task's confidentiality is then all that keeps it from the public.
  const confidential = await offerTask(
    chair,
    {
      priorityId: maynard,
      agencyId: await agencyId(db, "green-spaces"),
      title: PRIVATE.partnersOnlyTask,
      ask: "Check the CCTV footage of the play area.",
      confidentiality: "partners_only",
    },
    options,
  );
  await acceptTask(
    admin,
    { taskId: confidential.id, version: await versionOf(db, confidential.id) },
    options,
  );
  await postTaskUpdate(
    admin,
    {
      taskId: confidential.id,
      version: await versionOf(db, confidential.id),
      body: `${PRIVATE.updateOnPartnersOnlyTask}: footage passed to the police.`,
      visibility: "partners_only",
      figures: [],
    },
    options,
  );
  await db
    .update(t.taskUpdates)
    .set({ visibility: "public" })
    .where(eq(t.taskUpdates.taskId, confidential.id));

  // Youth offending work: offered with the agency's partners-only default, as the chair's form
  // must, then accepted and updated by the team.
  const yot = await offerTask(
    chair,
    {
      priorityId: maynard,
      agencyId: await agencyId(db, "youth-offending-team"),
      title: PRIVATE.youthOffendingTask,
      ask: "Work with the young people named by residents.",
    },
    options,
  );
  await acceptTask(admin, { taskId: yot.id, version: await versionOf(db, yot.id) }, options);
  const [{ id: yotUpdate }] = await postTaskUpdate(
    admin,
    {
      taskId: yot.id,
      version: await versionOf(db, yot.id),
      body: `${PRIVATE.youthOffendingUpdate}: two young people on orders attended.`,
      visibility: "partners_only",
      figures: [],
    },
    options,
  ).then(async () =>
    db.select({ id: t.taskUpdates.id }).from(t.taskUpdates).where(eq(t.taskUpdates.taskId, yot.id)),
  );
  // Then marked public, task and update, as data from before the forms refused it could be: the
  // publication filter's youth offending rule is then all that keeps it from the public.
  await db.update(t.tasks).set({ confidentiality: "public" }).where(eq(t.tasks.id, yot.id));
  await db.update(t.taskUpdates).set({ visibility: "public" }).where(eq(t.taskUpdates.id, yotUpdate));

  // A task declined with a reason, and one withdrawn with a reason.
  const declined = await offerTask(
    chair,
    {
      priorityId: maynard,
      agencyId: await agencyId(db, "housing"),
      title: PRIVATE.declinedTask,
      ask: "Check the tenancies near the play area.",
      confidentiality: "public",
    },
    options,
  );
  await declineTask(
    admin,
    { taskId: declined.id, version: await versionOf(db, declined.id), reason: PRIVATE.declineReason },
    options,
  );
  const withdrawn = await offerTask(
    chair,
    {
      priorityId: maynard,
      agencyId: await agencyId(db, "fire-and-rescue"),
      title: PRIVATE.withdrawnTask,
      ask: "Fit a new gate.",
      confidentiality: "public",
    },
    options,
  );
  await withdrawTask(
    chair,
    { taskId: withdrawn.id, version: await versionOf(db, withdrawn.id), reason: PRIVATE.withdrawReason },
    options,
  );
}

/**
 * Residents' concerns with contact details: one raised online (then moderated,
 * so its original words differ from the public wording, and answered), one
 * recorded at a meeting. Both mail the resident. Returns their references.
 */
export async function addPrivateConcerns(db: Database, now: Date) {
  const chair = await viewer(DEMO.chair, db);
  const options = { now, publicUrl: "http://localhost:3000" };
  const [category] = await db.select({ id: t.categories.id }).from(t.categories).limit(1);
  const online = await raiseOnlineConcern(
    {
      neighbourhoodSlug: "sitwell",
      address: "198.51.100.77",
      category: category.id,
      location: "Maynard Road play area",
      wording: `${PRIVATE.originalWords}: I live at ${PRIVATE.onlinePostcode} and the boys next door wreck the swings.`,
      contactName: PRIVATE.onlineName,
      contactEmail: PRIVATE.onlineEmail,
      contactPhone: PRIVATE.onlinePhone,
    },
    options,
  );
  if (online.kind !== "raised") throw new Error(`the online concern was ${online.kind}`);
  await moderateConcern(
    chair,
    {
      concernId: online.concernId,
      publicWording: `${PUBLIC.onlineWording}: damage to the swings in the evenings.`,
      location: "Maynard Road play area",
      decision: { status: "answered", answer: `${PUBLIC.answer}: patrols will call in the evenings.` },
    },
    options,
  );

  const sitwell = await neighbourhoodBySlug(db, "sitwell");
  const meeting = await addMeeting(db, {
    neighbourhoods: ["sitwell"],
    daysFromNow: -1,
    title: "Sitwell PACT meeting (privacy scan)",
    now,
  });
  const recorded = await addMeetingConcern(
    chair,
    {
      meetingId: meeting.id,
      neighbourhoodId: sitwell.id,
      categoryId: category.id,
      location: "Broom Road shops",
      publicWording: `${PUBLIC.meetingWording}: cars parked on the pavement outside the shops.`,
      contactName: PRIVATE.meetingName,
      contactEmail: PRIVATE.meetingEmail,
      contactPhone: PRIVATE.meetingPhone,
    },
    options,
  );
  const [{ reference: onlineReference }] = await db
    .select({ reference: t.concerns.reference })
    .from(t.concerns)
    .where(eq(t.concerns.id, online.concernId));
  return { online: onlineReference, meeting: recorded.reference, meetingId: meeting.id };
}

/** The chair publishes this month's report for Rotherham South (it now holds the work above). */
export async function publishThisMonthsReport(db: Database, now: Date) {
  const chair = await viewer(DEMO.chair, db);
  const month = now.toISOString().slice(0, 7);
  await publishMonthlyReport(chair, { assemblySlug: "rotherham-south", month }, now, db);
  return month;
}
