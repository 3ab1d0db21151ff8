// What a partners' printout (meeting pack, draft monthly report) shows: chairs
// often print these for public meetings, so partners-only words stay out unless
// the chair asks for them. Safeguarding details never reach paper at all (the
// pack and report replace them before this point).

export const PARTNERS_ONLY_BANNER = "Partners only — not for public display";
export const PARTNERS_ONLY_TASK_LEFT_OUT = "Partners-only task (details left out of this printout)";

type Flagged = { partnersOnly: boolean };
type FlaggedTask = Flagged & { title: string };

function maskTask<T extends FlaggedTask>(task: T): T {
  if (!task.partnersOnly) return task;
  // The agency, status and dates stay: the meeting can still ask about progress.
  const masked: Record<string, unknown> = { ...task, title: PARTNERS_ONLY_TASK_LEFT_OUT };
  if ("ask" in task) masked.ask = "";
  if ("outcomeSummary" in task) masked.outcomeSummary = null;
  return masked as T;
}

/** One priority's tasks and updates without partners-only words; counts what was left out. */
export function withoutPartnersOnly<
  T extends FlaggedTask,
  U extends Flagged,
  P extends { tasks: T[]; updates: U[] },
>(priority: P): P & { partnersOnlyLeftOut: number } {
  const updates = priority.updates.filter((u) => !u.partnersOnly);
  const leftOut =
    priority.updates.length - updates.length + priority.tasks.filter((t) => t.partnersOnly).length;
  return { ...priority, tasks: priority.tasks.map(maskTask), updates, partnersOnlyLeftOut: leftOut };
}

/** The partners' meeting pack as printed: partners-only words only when asked for. */
export function printablePack<
  P extends { sections: Array<{ priorities: Array<{ tasks: FlaggedTask[]; updates: Flagged[] }> }> },
>(pack: P, includePartnersOnly: boolean): P {
  if (includePartnersOnly) return pack;
  return {
    ...pack,
    sections: pack.sections.map((section) => ({
      ...section,
      priorities: section.priorities.map((priority) => withoutPartnersOnly(priority)),
    })),
  };
}

/** The partners' draft report as printed: partners-only words (and decline reasons) only when asked for. */
export function printableReport<
  R extends {
    priorities: Array<{ tasks: FlaggedTask[]; updates: Flagged[] }>;
    concerns: { declined: Array<{ reason: string }> };
  },
>(report: R, includePartnersOnly: boolean): R {
  if (includePartnersOnly) return report;
  return {
    ...report,
    priorities: report.priorities.map((priority) => withoutPartnersOnly(priority)),
    concerns: {
      ...report.concerns,
      declined: report.concerns.declined.map((d) => ({ ...d, reason: "" })),
    },
  };
}
