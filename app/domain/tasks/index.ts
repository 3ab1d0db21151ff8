// Tasks, as a partner agency works them:
//
// - ./moves: the agency's moves (accept, decline, action plan, updates,
//   outcome, reopen, reassign), each one transaction;
// - ./record: the steps every move shares (load and lock, who may, the version
//   seen, write with version + 1, audit);
// - ./task-page: the task page's view model;
// - ./figures: what an update counts (suggestions, checks, the one loader);
// - ./updates: updates on priorities as partners read them (meeting pack, report).
//
// The task's statuses, moves and date rules are in ../task-lifecycle; the
// chair's side in ../chair-tasks; a person's mail preference in ../accounts.
export * from "../core/figures";
export * from "./moves";
export type { TaskOptions, TaskSnapshot, Visibility } from "./record";
export * from "./task-page";
export * from "./updates";
