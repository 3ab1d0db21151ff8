// Every e-mail template is one React Email tree rendered twice (emails/layout.tsx):
// these check, for each template, that the two parts say the same thing — every
// link a reader acts on is in both — that people's text is escaped in the HTML
// and left as written in the plain text, and that the shell is the one layout.
import { describe, expect, it } from "vitest";
import {
  agencyInvitationEmail,
  invitationEmail,
  passwordResetEmail,
  rolesGivenEmail,
} from "~emails/accounts";
import { agencyWeeklyDigestEmail } from "~emails/agency-weekly-digest";
import { concernAcknowledgementEmail, concernDecisionEmail } from "~emails/concern-replies";
import { SIGN_OFF } from "~emails/layout";
import { meetingUnrecordedEmail } from "~emails/meeting-unrecorded";
import { subscriptionConfirmationEmail, subscriptionDigestEmail } from "~emails/public-subscription";
import { taskAssignedEmail } from "~emails/task-assigned";
import { taskDeclinedEmail } from "~emails/task-declined";
import { taskDueSoonEmail } from "~emails/task-due-soon";
import { taskNotAcceptedEmail } from "~emails/task-not-accepted";
import { taskOfferedEmail } from "~emails/task-offered";
import { taskOverdueEmail } from "~emails/task-overdue";
import { taskWithdrawnEmail } from "~emails/task-withdrawn";

// Text a person typed, with everything HTML would misread.
const TYPED = `Pat <b>"O'Neil"</b> & Co`;
const url = (path: string) => `https://one-dialogue.example${path}?a=1&b=2`;

const priority = {
  id: 7,
  title: TYPED,
  youSaid: TYPED,
  closedAt: new Date("2026-03-01T12:00:00Z"),
  updatedAt: new Date("2026-03-01T12:00:00Z"),
  status: "closed",
  closeReason: "resolved",
} as unknown as Parameters<typeof subscriptionDigestEmail>[0]["newPriorities"][number];

const samples = {
  invitation: invitationEmail({ name: TYPED, inviterName: TYPED, url: url("/invitations/t1"), days: 7 }),
  agencyInvitation: agencyInvitationEmail({
    name: TYPED,
    inviterName: TYPED,
    agencyName: TYPED,
    role: "member",
    url: url("/agency-invitations/t2"),
    days: 14,
  }),
  passwordReset: passwordResetEmail({ name: TYPED, url: url("/reset-password/t3"), hours: 2 }),
  rolesGiven: rolesGivenEmail({
    name: TYPED,
    byName: TYPED,
    roles: [
      { kind: "joined", agencyName: TYPED, role: "member", url: url("/partner") },
      { kind: "role", agencyName: TYPED, role: "coordinator", url: url("/agencies/2/members") },
      { kind: "chair", assemblyName: TYPED, url: url("/chair/3") },
    ],
  }),
  weeklyDigest: agencyWeeklyDigestEmail({
    agencyName: TYPED,
    weekOf: "2026-03-30",
    fresh: [{ title: TYPED, priorityTitle: TYPED, dueDate: "2026-04-10", url: url("/tasks/1") }],
    overdue: [],
    dueThisWeek: [{ title: TYPED, priorityTitle: TYPED, dueDate: "2026-04-01", url: url("/tasks/2") }],
    inboxUrl: url("/tasks"),
  }),
  acknowledgement: concernAcknowledgementEmail({
    neighbourhoodName: TYPED,
    reference: "RC-ABCD-EFGH",
    concernUrl: url("/concerns/RC-ABCD-EFGH"),
  }),
  decision: concernDecisionEmail({
    neighbourhoodName: TYPED,
    reference: "RC-ABCD-EFGH",
    publicWording: TYPED,
    concernUrl: url("/concerns/RC-ABCD-EFGH"),
    decision: {
      status: "adopted",
      priorityTitle: TYPED,
      priorityUrl: url("/neighbourhoods/x/priorities/7"),
      followUrl: url("/subscriptions/new"),
    },
  }),
  unrecorded: meetingUnrecordedEmail({
    chairName: TYPED,
    assemblyName: TYPED,
    meetingTitle: TYPED,
    startsAt: new Date("2026-03-30T17:30:00Z"),
    endsAt: new Date("2026-03-30T19:00:00Z"),
    venue: TYPED,
    recordUrl: url("/chair/meetings/3/record"),
  }),
  confirmation: subscriptionConfirmationEmail({
    targetName: TYPED,
    confirmUrl: url("/subscriptions/confirm/t4"),
    expiresInDays: 7,
  }),
  residentsDigest: subscriptionDigestEmail({
    targetName: TYPED,
    updates: [],
    newPriorities: [priority],
    closedPriorities: [],
    priorityUrl: (id) => url(`/neighbourhoods/x/priorities/${id}`),
    pageUrl: url("/neighbourhoods/x"),
    unsubscribeUrl: url("/subscriptions/unsubscribe/t5"),
  }),
  assigned: taskAssignedEmail({
    name: TYPED,
    assignedBy: TYPED,
    taskTitle: TYPED,
    priorityTitle: TYPED,
    dueDate: "2026-04-10",
    taskUrl: url("/tasks/3"),
  }),
  declined: taskDeclinedEmail({
    chairName: TYPED,
    agencyName: TYPED,
    taskTitle: TYPED,
    priorityTitle: TYPED,
    reason: `${TYPED}\nsecond line`,
    suggestedAgencyName: TYPED,
    taskUrl: url("/chair/tasks/3"),
  }),
  dueSoon: taskDueSoonEmail({
    name: TYPED,
    taskTitle: TYPED,
    priorityTitle: TYPED,
    dueDate: "2026-04-10",
    taskUrl: url("/tasks/3"),
  }),
  notAccepted: taskNotAcceptedEmail({
    agencyName: TYPED,
    taskTitle: TYPED,
    priorityTitle: TYPED,
    neighbourhoodName: TYPED,
    acknowledgeBy: "2026-04-10",
    taskUrl: url("/tasks/3"),
  }),
  offered: taskOfferedEmail({
    agencyName: TYPED,
    assemblyName: TYPED,
    neighbourhoodName: TYPED,
    priorityTitle: TYPED,
    taskTitle: TYPED,
    ask: TYPED,
    acknowledgeBy: "2026-04-10",
    actionPlanDueBy: "2026-04-20",
    dueDate: "2026-05-01",
    partnersOnly: false,
    chairName: TYPED,
    taskUrl: url("/tasks/3"),
    askForAccess: ["admin@example.org"],
  }),
  overdue: taskOverdueEmail({
    name: TYPED,
    taskTitle: TYPED,
    priorityTitle: TYPED,
    dueDate: "2026-04-10",
    taskUrl: url("/tasks/3"),
  }),
  withdrawn: taskWithdrawnEmail({
    agencyName: TYPED,
    assemblyName: TYPED,
    priorityTitle: TYPED,
    taskTitle: TYPED,
    reason: TYPED,
    taskUrl: url("/tasks/3"),
  }),
};

const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));

describe.each(Object.entries(samples))("the %s e-mail", (_name, mail) => {
  it("is written in the one layout, with the sign-off in both parts", () => {
    expect(mail.html).toMatch(/^<!doctype html><html dir="ltr" lang="en-GB">/);
    expect(mail.html).toContain(SIGN_OFF);
    expect(mail.text.trim().endsWith(SIGN_OFF)).toBe(true);
  });

  it("puts every web link of the HTML part in the plain-text part", () => {
    const links = hrefs(mail.html).filter((href) => href.startsWith("https://"));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(mail.text).toContain(`<${link}>`);
  });

  it("escapes what people typed in the HTML part and keeps it as written in the text part", () => {
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("&lt;b&gt;");
    expect(mail.text).toContain(TYPED);
    expect(mail.text).not.toMatch(/<(p|a|table|td|strong|br)\b/);
  });
});

it("keeps the mailto link for an invitation out of the text part, where the address is already written out", () => {
  expect(hrefs(samples.offered.html).some((href) => href.startsWith("mailto:admin@example.org"))).toBe(true);
  expect(samples.offered.text).toContain("Ask the administrator for an invitation: admin@example.org.");
  expect(samples.offered.text).not.toContain("subject=");
});

it("keeps a quoted reason's line breaks in both parts", () => {
  expect(samples.declined.html).toMatch(/second line/);
  expect(samples.declined.html).toContain("<br/>");
  expect(samples.declined.text).toContain(`> ${TYPED}\n> second line`);
});
