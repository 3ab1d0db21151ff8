// A task offered to an agency where nobody can sign in yet: the e-mail to its
// inbox cannot end at a sign-in page nobody can pass, so it says whom to ask
// for an invitation (the active administrators) with a mailto link; the chair
// is told on the offer form. An agency with an active member gets no such line.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/domain/core/access";
import { listAgencyOptions, offerTask } from "~/domain/tasks/chair-tasks";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildNeighbourhood,
  buildPriority,
  buildUser,
  buildViewer,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const BASE = "https://portal.example.org";
// A Tuesday with no bank holiday near it, so every deadline is a plain working day.
const NOW = new Date("2026-03-10T10:00:00Z");
// The one active administrator, whom an agency without accounts is told to ask.
const ADMIN = "admin@borough.example.org";

let chair: Viewer;
let priorityId: number;
let tradingStandardsMember: number;
const agencyIds: Record<string, number> = {};

beforeAll(async () => {
  await buildBankHolidays(test.db);
  const assembly = await buildAssembly(test.db, { name: "Rotherham South" });
  const neighbourhood = await buildNeighbourhood(test.db, { assemblyId: assembly.id, name: "Boston Castle" });
  ({
    priority: { id: priorityId },
  } = await buildPriority(test.db, {
    neighbourhood: neighbourhood.id,
    title: "Youths causing damage at Maynard Road play area",
    now: NOW,
  }));
  chair = await buildViewer(test.db, { chairs: [assembly.id] });
  await buildUser(test.db, { email: ADMIN, name: "Borough Admin", isAdmin: true });
  // Nobody has an account at Green Spaces; Trading Standards has one member.
  const greenSpaces = await buildAgency(test.db, {
    slug: "green-spaces",
    name: "Green Spaces (parks and play areas)",
    inboxEmail: "greenspaces@council.example.org",
  });
  const tradingStandards = await buildAgency(test.db, {
    slug: "trading-standards",
    name: "Trading Standards",
    kind: "trading_standards",
    inboxEmail: "tradingstandards@council.example.org",
  });
  agencyIds["green-spaces"] = greenSpaces.id;
  agencyIds["trading-standards"] = tradingStandards.id;
  tradingStandardsMember = (await buildUser(test.db, { agencies: [tradingStandards.id] })).id;
});

async function offer(slug: string, title: string) {
  const task = await offerTask(
    chair,
    {
      priorityId,
      agencyId: agencyIds[slug],
      title,
      ask: "Please check the play area weekly.",
      dueInWorkingDays: 20,
    },
    { database: test.db, now: NOW, publicUrl: BASE },
  );
  const queued = await test.db
    .select()
    .from(t.outboxMessages)
    .where(eq(t.outboxMessages.template, "task-offered"));
  return queued.filter((m) => m.dedupeKey?.startsWith(`task-offered:${task.id}:`));
}

describe("offering a task to an agency where nobody has an account", () => {
  it("tells the agency's inbox whom to ask for an invitation, with a working mailto link", async () => {
    const [mail, ...others] = await offer("green-spaces", "Check the play area fence");
    expect(others).toEqual([]); // no coordinators: the inbox alone
    expect(mail.toAddress).toBe("greenspaces@council.example.org");
    expect(mail.text).toContain("Nobody at Green Spaces (parks and play areas) has an account");
    expect(mail.text).toContain(ADMIN);
    const link = mail.html.match(/href="(mailto:[^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
    expect(link).toBeDefined();
    const mailto = new URL(link as string);
    expect(mailto.pathname).toBe(ADMIN);
    expect(mailto.searchParams.get("subject")).toBe(
      "An account on One Dialogue for Green Spaces (parks and play areas)",
    );
    // The task's own link is still there for once someone has an account.
    expect(mail.html).toContain(`${BASE}/tasks/`);
  });

  it("leaves the line out once the agency has an active member, and the offer form says who has none", async () => {
    const [mail] = await offer("trading-standards", "Test purchases near the play area");
    expect(mail.text).not.toContain("has an account");
    expect(mail.html).not.toContain("mailto:");

    const options = await listAgencyOptions(test.db);
    const has = (slug: string) => options.find((o) => o.id === agencyIds[slug])?.hasAccounts;
    expect(has("trading-standards")).toBe(true);
    expect(has("green-spaces")).toBe(false);

    // A deactivated member does not count: nobody can sign in for the agency then.
    await test.db.update(t.users).set({ active: false }).where(eq(t.users.id, tradingStandardsMember));
    const [after] = await offer("trading-standards", "Licence check at the corner shop");
    expect(after.text).toContain("Nobody at Trading Standards has an account");
    expect(
      (await listAgencyOptions(test.db)).find((o) => o.id === agencyIds["trading-standards"])?.hasAccounts,
    ).toBe(false);
  });
});
