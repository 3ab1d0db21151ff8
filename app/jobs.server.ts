// Background jobs run inside each app process; they share work through the
// database (FOR UPDATE SKIP LOCKED), so any number of processes may run them.
import { env } from "./config/env.server";
// Modules the app imports anyway are imported here as usual; the rest only when their job first runs.
import { purgeEndedSubscriptions, sendDailyDigests } from "./domain/concerns/subscriptions";
import { importCrimeFigures } from "./domain/measures/crime-figures";
import { remindUnrecordedMeetings } from "./domain/meetings/meetings";

type Job = { name: string; everyMs: number; run: () => Promise<unknown> };

const jobs: Job[] = [];

/** Later modules register their jobs (outbox, reminders) here. */
export function registerJob(job: Job) {
  jobs.push(job);
}

export function startJobs(): () => Promise<void> {
  if (env().JOBS === "off") return async () => {};
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of jobs) {
    const tick = () => {
      if (stopped) return;
      const run = job
        .run()
        .catch((error) => console.error(`Job ${job.name} failed:`, error))
        .finally(() => running.delete(run));
      running.add(run);
    };
    timers.push(setInterval(tick, job.everyMs));
  }
  return async () => {
    stopped = true;
    for (const timer of timers) clearInterval(timer);
    await Promise.allSettled([...running]);
  };
}

// Daily-ish: remove residents' contact details past the retention period, and
// expired sessions, old counters and links finished with a month ago. Safe to
// run in every process (idempotent).
registerJob({
  name: "retention",
  everyMs: 6 * 60 * 60 * 1000,
  run: async () => {
    const { applyRetention } = await import("./domain/accounts/retention");
    return applyRetention({ years: env().RETENTION_YEARS });
  },
});

// Subscribers' daily digest of new public updates, from 7am UK time, and
// forgetting addresses no longer used. Runs every quarter hour; each
// subscription gets at most one a day (claimed with SKIP LOCKED, and the
// message carries a per-day dedupe key).
registerJob({
  name: "subscription-digest",
  everyMs: 15 * 60 * 1000,
  run: async () => {
    await purgeEndedSubscriptions();
    return sendDailyDigests({ baseUrl: env().PUBLIC_URL });
  },
});

// E-mail: deliver the outbox every few seconds (every process; rows are claimed with SKIP LOCKED).
registerJob({
  name: "outbox",
  everyMs: 5_000,
  run: async () => {
    const { drainOutbox } = await import("./integrations/mailer.server");
    return drainOutbox();
  },
});

// One reminder to the chairs of a meeting still not recorded two days after it
// ended (claimed with SKIP LOCKED; each message has a dedupe key).
registerJob({
  name: "meeting-unrecorded-reminder",
  everyMs: 60 * 60 * 1000,
  run: async () => {
    return remindUnrecordedMeetings({ publicUrl: env().PUBLIC_URL });
  },
});

// Crime figures from data.police.uk (issue 7): once a day, fetch the latest
// available months not yet stored. Safe in every process: a month already
// stored is skipped, and storing a month replaces it in one transaction.
registerJob({
  name: "police-crime-figures",
  everyMs: 24 * 60 * 60 * 1000,
  run: async () => {
    const { PoliceUkCrimeClient } = await import("./integrations/police-uk-crime.server");
    return importCrimeFigures({ client: new PoliceUkCrimeClient(), months: 3 });
  },
});

// Partner reminders (issue 5): tasks not accepted in time, due in two working
// days, overdue, and each agency's weekly digest. Every message has a dedupe
// key, so any number of processes can run this at the same moment.
registerJob({
  name: "task-reminders",
  everyMs: 15 * 60 * 1000,
  run: async () => {
    const { sendTaskReminders } = await import("./domain/tasks/task-reminders");
    return sendTaskReminders({ publicUrl: env().PUBLIC_URL });
  },
});
