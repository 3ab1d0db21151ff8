// THE publication rule: which tasks and task updates (outcomes included) the
// public may see. It is written once, as a list of conditions on named fields,
// and read two ways:
// - as SQL (`publicTask`, `publicUpdate`), the filter of every public read;
// - as a TypeScript predicate (`isPublicTask`, `isPublicUpdate`), behind every
//   "partners only" / "will be public" label shown to staff.
// A property test (tests/integration/publication-rule.test.ts) stores every
// combination of the fields below and checks that both readings agree.
//
// Rules (DESIGN.md §2.5):
// - a task is public when its confidentiality is public, it is live or done
//   (not declined or withdrawn), and it is not youth offending work while the
//   youth offending agency keeps its partners-only default;
// - an update is public when it is marked public, is not a safeguarding
//   referral, and belongs to a public task.
import { and, type Column, eq, inArray, ne, or, type SQL } from "drizzle-orm";
import { agencies, type agencyKinds, type confidentialities, tasks, taskUpdates } from "~db/schema";
import { INVOLVED_TASK_STATUSES, type TaskStatus } from "../lifecycle/statuses";

/** Task statuses the public sees: offered (waiting to be accepted), accepted, in progress, done. */
export const PUBLIC_TASK_STATUSES = INVOLVED_TASK_STATUSES;

type Confidentiality = (typeof confidentialities)[number];

/** What decides whether a task is public: the task and its agency. */
export type TaskPublicity = {
  confidentiality: Confidentiality;
  status: TaskStatus;
  agencyKind: (typeof agencyKinds)[number];
  agencyDefaultConfidentiality: Confidentiality;
};

/** What decides whether an update (or outcome) is public: the update, its task and the task's agency. */
export type UpdatePublicity = TaskPublicity & {
  visibility: Confidentiality;
  safeguardingReferral: boolean;
};

/** Where each field lives; select these (`...taskPublicityColumns`) to call the predicate on a row. */
export const taskPublicityColumns = {
  confidentiality: tasks.confidentiality,
  status: tasks.status,
  agencyKind: agencies.kind,
  agencyDefaultConfidentiality: agencies.defaultConfidentiality,
} satisfies Record<keyof TaskPublicity, Column>;

export const updatePublicityColumns = {
  ...taskPublicityColumns,
  visibility: taskUpdates.visibility,
  safeguardingReferral: taskUpdates.safeguardingReferral,
} satisfies Record<keyof UpdatePublicity, Column>;

// ---------------------------------------------------------------- the conditions, once

type Field = keyof UpdatePublicity;
type Condition =
  | { is: Field; value: UpdatePublicity[Field] }
  | { isNot: Field; value: UpdatePublicity[Field] }
  | { oneOf: Field; values: readonly UpdatePublicity[Field][] }
  | { anyOf: Condition[] };

const is = <F extends Field>(field: F, value: UpdatePublicity[F]): Condition => ({ is: field, value });
const isNot = <F extends Field>(field: F, value: UpdatePublicity[F]): Condition => ({ isNot: field, value });
const oneOf = <F extends Field>(field: F, values: readonly UpdatePublicity[F][]): Condition => ({
  oneOf: field,
  values,
});
const anyOf = (...conditions: Condition[]): Condition => ({ anyOf: conditions });

/** Every one must hold for a task to be public. */
const TASK_CONDITIONS: Condition[] = [
  is("confidentiality", "public"),
  oneOf("status", PUBLIC_TASK_STATUSES),
  // Youth offending work stays partners-only while the agency keeps that default.
  anyOf(isNot("agencyKind", "youth_offending"), is("agencyDefaultConfidentiality", "public")),
];

/** Every one must hold, besides the task's, for an update to be public. Safeguarding referrals never are. */
const UPDATE_CONDITIONS: Condition[] = [is("visibility", "public"), is("safeguardingReferral", false)];

// ---------------------------------------------------------------- read as SQL

function toSql(condition: Condition): SQL {
  if ("anyOf" in condition) return or(...condition.anyOf.map(toSql)) as SQL;
  if ("oneOf" in condition) return inArray(updatePublicityColumns[condition.oneOf], [...condition.values]);
  if ("isNot" in condition) return ne(updatePublicityColumns[condition.isNot], condition.value);
  return eq(updatePublicityColumns[condition.is], condition.value);
}

// The rule's values are written into the SQL as literals, not sent as parameters: they never change,
// and with them as parameters PostgreSQL could not tell how few rows a prepared public read finds
// (its plan for any value looked dearer than one made for the values), so it planned those reads
// afresh on every call — about half the database's time on an uncached public feed.

/** A task (joined with its agency) that the public may see. */
export const publicTask: SQL = (and(...TASK_CONDITIONS.map(toSql)) as SQL).inlineParams();

/** An update that the public may see (joined with its task and the task's agency): it includes `publicTask`. */
export const publicUpdate: SQL = (
  and(...[...TASK_CONDITIONS, ...UPDATE_CONDITIONS].map(toSql)) as SQL
).inlineParams();

// ---------------------------------------------------------------- read as TypeScript

function holds(condition: Condition, row: Partial<UpdatePublicity>): boolean {
  if ("anyOf" in condition) return condition.anyOf.some((c) => holds(c, row));
  if ("oneOf" in condition) return (condition.values as readonly unknown[]).includes(row[condition.oneOf]);
  if ("isNot" in condition) return row[condition.isNot] !== condition.value;
  return row[condition.is] === condition.value;
}

/** Whether the public sees this task (and so may see its public updates and its outcome). */
export const isPublicTask = (task: TaskPublicity): boolean => TASK_CONDITIONS.every((c) => holds(c, task));

/** Whether the public sees this update or outcome. */
export const isPublicUpdate = (update: UpdatePublicity): boolean =>
  [...TASK_CONDITIONS, ...UPDATE_CONDITIONS].every((c) => holds(c, update));

/** Whether what is posted publicly on this task now would reach the public ("will be public"). */
export const postsOnTaskArePublic = (task: TaskPublicity): boolean =>
  isPublicUpdate({ ...task, visibility: "public", safeguardingReferral: false });
