// Who may do what (DESIGN.md §6), as pure predicates over a Viewer. The
// domain checks these on every read and write; guards in app/auth use them
// too, so a rule lives here once.
import { forbidden } from "./errors";

export type MembershipRole = "member" | "coordinator";

/** The signed-in person as the rules see them. `null` is the public. */
export type Viewer = {
  userId: number;
  name: string;
  email: string;
  isAdmin: boolean;
  /** agencyId → role */
  agencies: ReadonlyMap<number, MembershipRole>;
  /** assemblyIds this person chairs */
  chairOf: ReadonlySet<number>;
};

export type MaybeViewer = Viewer | null;

export const isAdmin = (viewer: MaybeViewer) => viewer?.isAdmin === true;

export const isMemberOf = (viewer: MaybeViewer, agencyId: number) =>
  isAdmin(viewer) || (viewer?.agencies.has(agencyId) ?? false);

export const isCoordinatorOf = (viewer: MaybeViewer, agencyId: number) =>
  isAdmin(viewer) || viewer?.agencies.get(agencyId) === "coordinator";

export const isChairOf = (viewer: MaybeViewer, assemblyId: number) =>
  isAdmin(viewer) || (viewer?.chairOf.has(assemblyId) ?? false);

/** Accept, decline, update, complete: the task's own agency (or an admin). */
export const canWorkTask = (viewer: MaybeViewer, task: { agencyId: number }) =>
  isMemberOf(viewer, task.agencyId);

/** Reassign inside the agency: its coordinators (or an admin). */
export const canReassignTask = (viewer: MaybeViewer, task: { agencyId: number }) =>
  isCoordinatorOf(viewer, task.agencyId);

/** Withdraw a task, create tasks, agree/review/close priorities, run meetings. */
export const canRunAssembly = (viewer: MaybeViewer, assemblyId: number) => isChairOf(viewer, assemblyId);

/**
 * Partners-only updates and tasks of a priority: the chair of its assembly, an
 * admin, or a member of an agency involved in it now — one with a task there
 * that is not declined or withdrawn (INVOLVED_TASK_STATUSES). Involvement that
 * ended ends the access, to what was written before and after.
 */
export const canReadPartnersOnly = (
  viewer: MaybeViewer,
  priority: { assemblyId: number; involvedAgencyIds: readonly number[] },
) =>
  isChairOf(viewer, priority.assemblyId) ||
  priority.involvedAgencyIds.some((agencyId) => viewer?.agencies.has(agencyId) ?? false);

export const canModerate = (viewer: MaybeViewer, assemblyId: number) => isChairOf(viewer, assemblyId);

export const canManageAgencyMembers = (viewer: MaybeViewer, agencyId: number) =>
  isCoordinatorOf(viewer, agencyId);

/** Audit log: admins all; chairs their assembly's; coordinators their agency's. */
export const canReadAudit = (
  viewer: MaybeViewer,
  scope: { assemblyId?: number | null; agencyId?: number | null },
) =>
  isAdmin(viewer) ||
  (scope.assemblyId != null && (viewer?.chairOf.has(scope.assemblyId) ?? false)) ||
  (scope.agencyId != null && viewer?.agencies.get(scope.agencyId) === "coordinator");

/** Throws the domain's refusal unless `allowed`. */
export function ensure(allowed: boolean, message?: string): asserts allowed {
  if (!allowed) throw forbidden(message);
}
