// An update's figures are read in the same query as the update (figuresOf):
// in the order they were given (position, then id), as numbers, none as [],
// and each update with its own, on every list that shows them.
import { describe, expect, it } from "vitest";
import { latestPublicUpdates, listPublicUpdates } from "~/domain/publication";
import { partnersUpdatesOn } from "~/domain/tasks/updates";
import { updateFigures } from "~db/schema";
import { buildPriority } from "../factories/build";
import { useTestDatabase } from "../setup/database";

const test = useTestDatabase();

describe("an update's figures", () => {
  it("come in the order given, two at one position in the order written, as numbers; none is []", async () => {
    const db = test.db;
    const now = new Date("2026-11-20T12:00:00Z");
    const { priority, tasks } = await buildPriority(db, {
      now,
      tasks: [
        {
          updates: [
            { body: "Quiet week.", daysAgo: 3 },
            {
              body: "Patrols and seizures.",
              daysAgo: 2,
              figures: [
                { label: "patrols", value: 12 },
                { label: "alcohol seized", value: 2.5, unit: "litres" },
              ],
            },
          ],
        },
        {
          updates: [{ body: "Letters sent.", daysAgo: 1, figures: [{ label: "warning letters", value: 0 }] }],
        },
      ],
    });
    const [quiet, patrols] = tasks[0].updateIds;
    // Written after the first two but placed first; then one more at position 1, after "alcohol seized".
    await db.insert(updateFigures).values([
      { updateId: patrols, label: "stop and checks", value: 7, position: -1 },
      { updateId: patrols, label: "arrests", value: 1, position: 1 },
    ]);
    const expected = [
      { label: "stop and checks", value: 7, unit: "" },
      { label: "patrols", value: 12, unit: "" },
      { label: "alcohol seized", value: 2.5, unit: "litres" },
      { label: "arrests", value: 1, unit: "" },
    ];

    const listed = await listPublicUpdates({ priorityIds: [priority.id], limit: 10 }, db);
    expect(listed.map((u) => [u.body, u.figures])).toEqual([
      ["Letters sent.", [{ label: "warning letters", value: 0, unit: "" }]],
      ["Patrols and seizures.", expected],
      ["Quiet week.", []],
    ]);

    const latest = await latestPublicUpdates([priority.id], db);
    expect(latest.get(priority.id)?.figures).toEqual([{ label: "warning letters", value: 0, unit: "" }]);
    const before = await latestPublicUpdates([priority.id], db, new Date("2026-11-18T13:00:00Z"));
    expect(before.get(priority.id)?.figures).toEqual(expected);

    const partners = await partnersUpdatesOn(db, [priority.id], { since: new Date("2026-11-01T00:00:00Z") });
    expect(partners.find((u) => u.id === patrols)?.figures).toEqual(expected);
    expect(partners.find((u) => u.id === quiet)?.figures).toEqual([]);
  });

  it("are never given for a safeguarding referral, even to partners", async () => {
    const db = test.db;
    const { priority, tasks } = await buildPriority(db, {
      tasks: [
        {
          updates: [
            { body: "Referred.", safeguardingReferral: true, figures: [{ label: "referrals", value: 1 }] },
          ],
        },
      ],
    });
    const [referral] = tasks[0].updateIds;
    const partners = await partnersUpdatesOn(db, [priority.id], { since: new Date(0) });
    expect(partners.map((u) => [u.id, u.safeguardingReferral, u.figures])).toEqual([[referral, true, []]]);
    expect(await listPublicUpdates({ priorityIds: [priority.id], limit: 10 }, db)).toEqual([]);
  });
});
