// The publication rule read two ways must agree: for EVERY combination of the
// fields that could matter — the task's confidentiality and status, its
// agency's kind and default, its priority's status, the update's visibility,
// safeguarding flag and whether it is the outcome — the label staff are shown
// (the TypeScript predicate) says "public" exactly when the public read models
// (the SQL filter) return the row. The combinations are enumerated from the
// schema's own enums, so a new status or kind is covered the day it is added.
import { inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  isPublicTask,
  isPublicUpdate,
  listPublicTasks,
  listPublicUpdates,
  neighbourhoodLists,
  PUBLIC_TASK_STATUSES,
  type TaskPublicity,
  type UpdatePublicity,
} from "~/domain/publication";
import * as t from "~db/schema";
import { useTestDatabase } from "../setup/database";
import { FIXED_NOW, FIXED_TODAY, useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

type TaskCase = TaskPublicity & { id: number; priorityStatus: (typeof t.priorityStatuses)[number] };
type UpdateCase = UpdatePublicity & { id: number; isOutcome: boolean; task: TaskCase };

const tasksStored: TaskCase[] = [];
const updatesStored: UpdateCase[] = [];
let priorityIds: number[] = [];

/** Every (visibility, safeguarding) pair the database accepts: a safeguarding referral is always partners-only. */
const UPDATE_KINDS = t.visibilities.flatMap((visibility) =>
  [false, true]
    .filter((safeguardingReferral) => !safeguardingReferral || visibility === "partners_only")
    .map((safeguardingReferral) => ({ visibility, safeguardingReferral })),
);

async function insertInChunks<Row>(rows: Row[], insert: (chunk: Row[]) => Promise<Array<{ id: number }>>) {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 400)
    ids.push(...(await insert(rows.slice(i, i + 400))).map((r) => r.id));
  return ids;
}

beforeAll(async () => {
  const db = test.db;
  const [assembly] = await db.insert(t.assemblies).values({ slug: "rule-a", name: "Rule A" }).returning();
  const [place] = await db
    .insert(t.neighbourhoods)
    .values({ assemblyId: assembly.id, slug: "rule-n", name: "Rule N" })
    .returning();
  const priorityRows = await db
    .insert(t.priorities)
    .values(
      t.priorityStatuses.map((status) => ({
        neighbourhoodId: place.id,
        title: `Priority ${status}`,
        youSaid: "Something",
        status,
        agreedOn: "2026-01-10",
        reviewDate: "2026-05-10",
        outcomeSummary: "Outcome",
        closedReason: "Reason",
        referredTo: "Elsewhere",
        closedAt: status === "active" || status === "monitoring" ? null : FIXED_NOW,
      })),
    )
    .returning({ id: t.priorities.id, status: t.priorities.status });
  priorityIds = priorityRows.map((p) => p.id);
  const agencyRows = await db
    .insert(t.agencies)
    .values(
      t.agencyKinds.flatMap((kind) =>
        t.confidentialities.map((defaultConfidentiality) => ({
          slug: `${kind.replaceAll("_", "-")}-${defaultConfidentiality.replaceAll("_", "-")}`,
          name: `${kind} ${defaultConfidentiality}`,
          kind,
          defaultConfidentiality,
          inboxEmail: `${kind}@example.org`,
        })),
      ),
    )
    .returning();

  const taskCases: Array<Omit<TaskCase, "id"> & { priorityId: number; agencyId: number }> = [];
  for (const priority of priorityRows) {
    for (const agency of agencyRows) {
      for (const confidentiality of t.confidentialities) {
        for (const status of t.taskStatuses) {
          taskCases.push({
            priorityId: priority.id,
            priorityStatus: priority.status,
            agencyId: agency.id,
            agencyKind: agency.kind,
            agencyDefaultConfidentiality: agency.defaultConfidentiality,
            confidentiality,
            status,
          });
        }
      }
    }
  }
  const taskIds = await insertInChunks(taskCases, (chunk) =>
    db
      .insert(t.tasks)
      .values(
        chunk.map((c) => ({
          priorityId: c.priorityId,
          agencyId: c.agencyId,
          title: "A task",
          ask: "An ask",
          confidentiality: c.confidentiality,
          status: c.status,
          offeredAt: FIXED_NOW,
          acknowledgeBy: "2026-04-09",
          actionPlanDueBy: "2026-04-12",
          dueDate: "2026-05-01",
          declineReason: c.status === "declined" ? "Not ours" : null,
          outcomeSummary: c.status === "done" ? "Done it" : null,
        })),
      )
      .returning({ id: t.tasks.id }),
  );
  taskCases.forEach(({ priorityId: _p, agencyId: _a, ...c }, i) => {
    tasksStored.push({ ...c, id: taskIds[i] });
  });

  const updateCases = tasksStored.flatMap((task) =>
    UPDATE_KINDS.flatMap((kind) => [false, true].map((isOutcome) => ({ ...task, ...kind, isOutcome, task }))),
  );
  const updateIds = await insertInChunks(updateCases, (chunk) =>
    db
      .insert(t.taskUpdates)
      .values(
        chunk.map((c) => ({
          taskId: c.task.id,
          body: "An update",
          visibility: c.visibility,
          safeguardingReferral: c.safeguardingReferral,
          isOutcome: c.isOutcome,
          createdAt: FIXED_NOW,
        })),
      )
      .returning({ id: t.taskUpdates.id }),
  );
  updateCases.forEach((c, i) => {
    updatesStored.push({ ...c, id: updateIds[i] });
  });
});

const describeCase = (c: Record<string, unknown>) =>
  Object.entries(c)
    .filter(([key]) => key !== "id" && key !== "task")
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");

async function publicTaskIds() {
  return new Set((await listPublicTasks(priorityIds, FIXED_TODAY, test.db)).map((task) => task.id));
}

async function publicUpdateIds() {
  const updates = await listPublicUpdates({ priorityIds, limit: updatesStored.length + 1 }, test.db);
  return new Set(updates.map((u) => u.id));
}

describe("the publication rule: label (TypeScript predicate) == filter (SQL), for every combination", () => {
  it("stores every combination", () => {
    const combinations =
      t.priorityStatuses.length *
      t.agencyKinds.length *
      t.confidentialities.length *
      t.confidentialities.length *
      t.taskStatuses.length;
    expect(tasksStored).toHaveLength(combinations);
    expect(updatesStored).toHaveLength(combinations * UPDATE_KINDS.length * 2);
  });

  it("tasks: the predicate says public exactly when listPublicTasks returns the task", async () => {
    const shown = await publicTaskIds();
    const disagreements = tasksStored
      .filter((c) => isPublicTask(c) !== shown.has(c.id))
      .map((c) => `${describeCase(c)}: label ${isPublicTask(c)}, filter ${shown.has(c.id)}`);
    expect(disagreements).toEqual([]);
    // Not vacuous: both answers occur.
    expect(shown.size).toBeGreaterThan(0);
    expect(shown.size).toBeLessThan(tasksStored.length);
  });

  it("updates and outcomes: the predicate says public exactly when listPublicUpdates returns the update", async () => {
    const shown = await publicUpdateIds();
    const disagreements = updatesStored
      .filter((c) => isPublicUpdate(c) !== shown.has(c.id))
      .map((c) => `${describeCase(c)}: label ${isPublicUpdate(c)}, filter ${shown.has(c.id)}`);
    expect(disagreements).toEqual([]);
    expect(shown.size).toBeGreaterThan(0);
    expect(shown.size).toBeLessThan(updatesStored.length);
  });

  it("the one-statement lists (the feed's and the API's) show exactly the same tasks and updates", async () => {
    const lists = await neighbourhoodLists(
      "rule-n",
      { priorities: { which: "all", limit: 20 }, updatesOfPriorities: updatesStored.length + 1 },
      FIXED_NOW,
      test.db,
    );
    expect(lists?.priorities.map((p) => p.id).sort()).toEqual([...priorityIds].sort());
    expect(new Set(lists?.tasks.map((task) => task.id))).toEqual(await publicTaskIds());
    expect(new Set(lists?.updates.map((u) => u.id))).toEqual(await publicUpdateIds());
  });

  it("would catch the old copies: 'public when the task's confidentiality is public' disagrees with the filter", async () => {
    // What the inbox, the meeting pack and can.publicUpdates used to compute.
    const shown = await publicTaskIds();
    const oldCopy = (c: TaskCase) => c.confidentiality === "public";
    const wrong = tasksStored.filter((c) => oldCopy(c) !== shown.has(c.id));
    expect(wrong.some((c) => c.agencyKind === "youth_offending")).toBe(true);
    expect(wrong.some((c) => !(PUBLIC_TASK_STATUSES as readonly string[]).includes(c.status))).toBe(true);
  });

  it("a safeguarding referral marked public cannot be stored, and the predicate would keep it private anyway", async () => {
    const task = tasksStored.find((c) => isPublicTask(c));
    if (!task) throw new Error("no public task");
    await expect(
      test.db.insert(t.taskUpdates).values({
        taskId: task.id,
        body: "Marked public",
        visibility: "public",
        safeguardingReferral: true,
      }),
    ).rejects.toThrow();
    expect(isPublicUpdate({ ...task, visibility: "public", safeguardingReferral: true })).toBe(false);
    const stored = await test.db
      .select({ id: t.taskUpdates.id })
      .from(t.taskUpdates)
      .where(inArray(t.taskUpdates.body, ["Marked public"]));
    expect(stored).toEqual([]);
  });
});
