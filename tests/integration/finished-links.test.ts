// Links finished with go a month after they were used, answered, withdrawn or
// expired (the retention job): a password link's row, and a team invitation with
// the address and name its coordinator typed. Tested at the edge, a minute
// either side of 30 days, with the fixed clock.
import { inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applyRetention, FINISHED_LINKS_KEPT_DAYS } from "~/domain/accounts/retention";
import * as t from "~db/schema";
import { buildAgency, buildUser } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const MINUTE = 60_000;
const DAY = 86_400_000;
const now = new Date();
/** A moment the given number of days (and minutes) before now. */
const ago = (days: number, minutes = 0) => new Date(now.getTime() - days * DAY - minutes * MINUTE);
const KEPT = FINISHED_LINKS_KEPT_DAYS;

let tokens: Record<string, number>;
let invitations: Record<string, number>;

beforeAll(async () => {
  expect(KEPT).toBe(30);
  const person = await buildUser(test.db, { email: "pat@police.example.org", name: "Pat Police" });
  const agency = await buildAgency(test.db, { name: "Council Housing", kind: "housing" });
  const token = async (name: string, values: { expiresAt: Date; usedAt?: Date }) => {
    const [row] = await test.db
      .insert(t.userTokens)
      .values({ kind: "password_reset", tokenHash: `hash-${name}`, userId: person.id, ...values })
      .returning({ id: t.userTokens.id });
    return [name, row.id] as const;
  };
  tokens = Object.fromEntries([
    await token("waiting", { expiresAt: new Date(now.getTime() + 2 * 3_600_000) }),
    await token("expired a minute short of a month", { expiresAt: ago(KEPT, -1) }),
    await token("expired a minute past a month", { expiresAt: ago(KEPT, 1) }),
    await token("used a minute short of a month", { usedAt: ago(KEPT, -1), expiresAt: ago(KEPT - 1) }),
    await token("used a minute past a month", { usedAt: ago(KEPT, 1), expiresAt: ago(KEPT - 5) }),
  ]);
  const invitation = async (
    name: string,
    values: { expiresAt: Date; acceptedAt?: Date; declinedAt?: Date; withdrawnAt?: Date },
  ) => {
    const [row] = await test.db
      .insert(t.agencyInvitations)
      .values({
        agencyId: agency.id,
        userId: person.id,
        email: "pat@police.example.org",
        name: "Pat",
        tokenHash: `invitation-${name}`,
        // Each points at a link that goes: a kept invitation loses the pointer, not its row.
        accountTokenId: tokens["expired a minute past a month"],
        ...values,
      })
      .returning({ id: t.agencyInvitations.id });
    return [name, row.id] as const;
  };
  invitations = Object.fromEntries([
    await invitation("waiting", { expiresAt: new Date(now.getTime() + 5 * DAY) }),
    await invitation("expired a minute short of a month", { expiresAt: ago(KEPT, -1) }),
    await invitation("expired a minute past a month", { expiresAt: ago(KEPT, 1) }),
    await invitation("declined a minute past a month", {
      declinedAt: ago(KEPT, 1),
      expiresAt: ago(KEPT - 10),
    }),
    await invitation("withdrawn a minute short of a month", {
      withdrawnAt: ago(KEPT, -1),
      expiresAt: ago(1),
    }),
    await invitation("withdrawn a minute past a month", {
      withdrawnAt: ago(KEPT, 1),
      expiresAt: ago(KEPT - 10),
    }),
    await invitation("accepted a minute past a month", {
      acceptedAt: ago(KEPT, 1),
      expiresAt: ago(KEPT - 10),
    }),
  ]);
});

const left = async <T extends typeof t.userTokens | typeof t.agencyInvitations>(
  table: T,
  ids: Record<string, number>,
) => {
  const rows = await test.db
    .select({ id: table.id })
    .from(table as typeof t.userTokens)
    .where(inArray(table.id, Object.values(ids)));
  const kept = new Set(rows.map((r) => r.id));
  return Object.keys(ids).filter((name) => kept.has(ids[name]));
};

describe("links finished with", () => {
  it("go a month after their end, and not a minute before", async () => {
    const result = await applyRetention({ years: 3, now });
    expect(result).toMatchObject({ linksRemoved: 2, teamInvitationsRemoved: 4 });
    expect(await left(t.userTokens, tokens)).toEqual([
      "waiting",
      "expired a minute short of a month",
      "used a minute short of a month",
    ]);
    expect(await left(t.agencyInvitations, invitations)).toEqual([
      "waiting",
      "expired a minute short of a month",
      "withdrawn a minute short of a month",
    ]);
  });

  it("a second run removes nothing more", async () => {
    expect(await applyRetention({ years: 3, now })).toMatchObject({
      linksRemoved: 0,
      teamInvitationsRemoved: 0,
    });
  });
});
