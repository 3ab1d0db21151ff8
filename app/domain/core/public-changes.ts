// What changed in the data public pages are built from (migration 0011).
//
// Triggers on every table public pages read record, in the writing
// transaction, the keys a change affects — `neighbourhood:<id>`,
// `priority:<id>`, `meeting:<id>`, `assembly:<id>`, or `all` — as rows of the
// insert-only public_change_log under the transaction's id. A change to a task,
// or to a priority with tasks, also names each agency whose work it touches
// (`agency:<id>`, migration 0013): no page reads those, the partner inbox does.
// No row is shared by two writers, so writes in different neighbourhoods never
// wait for each other (there used to be one counter row every writer updated).
//
// Readers find what they have not seen yet by transaction id: each read also
// returns the oldest transaction still running at its snapshot (xmin). Any
// change the read could not see was made by a transaction at or after that
// xmin, so the next read asks for rows from it on — and skips rows it already
// returned, since a long transaction holds xmin back.
import { sql } from "drizzle-orm";
import { BOROUGH, pageTag } from "~/lib/page-tags";
import { db, type Executor, rowsOf } from "~db/client.server";

/** Rows older than this are pruned: a process that has not read for longer forgets everything it keeps. */
export const CHANGE_LOG_KEEP_MS = 60 * 60 * 1000;

export type ChangeKey =
  | `${"neighbourhood" | "priority" | "meeting" | "assembly" | "agency"}:${number}`
  | "all";

/** The key naming an agency's work: its tasks, and the priorities they are on. */
export const agencyWork = (agencyId: number): ChangeKey => `agency:${agencyId}`;

/** For a change no trigger sees (only part of a row is published): records `keys` in the transaction `database` is in. */
export async function markPublicChanges(database: Executor, keys: readonly ChangeKey[]): Promise<void> {
  if (!keys.length) return;
  await database.execute(
    sql`select mark_public_changes(array[${sql.join(
      keys.map((key) => sql`${key}`),
      sql`, `,
    )}]::text[])`,
  );
}

export type ChangeRead = {
  /** Pass as `since` next time. */
  xmin: number;
  /** The changes committed at or after `since` (all of them, seen before or not). */
  rows: Array<{ xid: number; key: string }>;
};

/** The changes made by transactions from `since` on (none on a first read, `since` null), in one snapshot. */
export async function readChangesSince(since: number | null, database: Executor = db()): Promise<ChangeRead> {
  const result = await database.execute(sql`
    select s.xmin, l.xid, l.key
    from (select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin) s
    left join public_change_log l on ${since ?? null}::bigint is not null and l.xid >= ${since ?? 0}::bigint`);
  const rows = rowsOf<{ xmin: number | string; xid: number | string | null; key: string | null }>(result);
  return {
    xmin: Number(rows[0]?.xmin ?? 0),
    rows: rows.flatMap((r) => (r.key === null ? [] : [{ xid: Number(r.xid), key: r.key }])),
  };
}

/** Forgets changes older than CHANGE_LOG_KEEP_MS. */
export async function pruneChangeLog(database: Executor = db()): Promise<void> {
  await database.execute(
    sql`delete from public_change_log where changed_at < now() - ${CHANGE_LOG_KEEP_MS / 1000} * interval '1 second'`,
  );
}

/** The keys among `keys` that reach pages: all but agencies' (the change that logs one names its priority too). */
export const pageKeys = (keys: Iterable<string>): Set<string> =>
  new Set([...keys].filter((key) => !key.startsWith("agency:")));

/**
 * The page-cache tags (app/lib/page-tags.ts) the changed `keys` reach, or
 * "all". Every change reaches the borough-wide pages; an agency's key reaches
 * none (the change that logs it names its priority and neighbourhood too).
 */
export async function pageTagsOf(
  keys: Iterable<string>,
  database: Executor = db(),
): Promise<Set<string> | "all"> {
  const tags = new Set<string>([BOROUGH]);
  const ids = { neighbourhood: new Set<number>(), assembly: new Set<number>(), priority: new Set<number>() };
  for (const key of pageKeys(keys)) {
    const [kind, id] = key.split(":");
    if (kind === "meeting") tags.add(pageTag.meeting(id));
    else if (kind === "neighbourhood" || kind === "assembly" || kind === "priority") {
      ids[kind].add(Number(id));
      if (kind === "priority") tags.add(pageTag.priority(id));
    } else return "all";
  }
  if (!ids.neighbourhood.size && !ids.assembly.size && !ids.priority.size) return tags;
  const idArray = (values: Set<number>) =>
    sql`array[${sql.join(
      [...values, 0].map((v) => sql`${v}`),
      sql`, `,
    )}]::int[]`;
  // A neighbourhood reaches its own pages, its assembly's, its police.uk listing and the
  // pages of every meeting it takes part in; a priority the meeting it was agreed at.
  const result = await database.execute(sql`
    select 'neighbourhood' as kind, n.slug, a.slug as assembly, n.police_force_id as force,
      n.police_neighbourhood_id as police,
      array(select mn.meeting_id from meeting_neighbourhoods mn where mn.neighbourhood_id = n.id) as meetings
    from neighbourhoods n join assemblies a on a.id = n.assembly_id where n.id = any(${idArray(ids.neighbourhood)})
    union all
    select 'assembly', null, a.slug, null, null, null from assemblies a where a.id = any(${idArray(ids.assembly)})
    union all
    select 'priority', null, null, null, null, array[p.agreed_at_meeting_id]
    from priorities p where p.id = any(${idArray(ids.priority)}) and p.agreed_at_meeting_id is not null`);
  type Row = {
    kind: string;
    slug: string | null;
    assembly: string | null;
    force: string | null;
    police: string | null;
    meetings: Array<number | string | null> | string | null;
  };
  const rows = rowsOf<Row>(result);
  // A place that no longer exists cannot be named: drop everything (places are deleted rarely).
  const places = rows.filter((row) => row.kind !== "priority").length;
  if (places < ids.neighbourhood.size + ids.assembly.size) return "all";
  for (const row of rows) {
    if (row.assembly) tags.add(pageTag.assembly(row.assembly));
    if (row.slug) tags.add(pageTag.neighbourhood(row.slug));
    if (row.force && row.police) tags.add(pageTag.police(row.force, row.police));
    const meetings =
      typeof row.meetings === "string" ? row.meetings.replace(/[{}]/g, "").split(",") : row.meetings;
    for (const id of meetings ?? []) if (id !== null && String(id) !== "") tags.add(pageTag.meeting(id));
  }
  return tags;
}

/**
 * The database's snapshot now, and whether any logged change is invisible to
 * `snapshot` (null: there is none to compare); given `keys`, only changes with
 * one of those keys count. The log is read through its
 * index from the snapshot's xmin on, fenced (`order by xid offset 0`) so that a
 * generic plan of this prepared statement cannot turn it into a scan of the
 * whole log: with a year's bulk loads behind it, that scan took 100–130 ms per
 * request at 1,000,000 tasks, where the index reads it in a fraction of a
 * millisecond.
 */
export function changedSinceQuery(snapshot: string | null, keys?: readonly ChangeKey[]) {
  // The keys as one comma-separated value (none holds a comma): one statement whatever their number.
  const only = keys ? keys.join(",") : null;
  return sql`
    select pg_current_snapshot()::text as snapshot,
      ${snapshot}::text is not null and not exists (
        select 1 from (
          select xid, key from public_change_log
          where xid >= pg_snapshot_xmin(${snapshot ?? "1:1:"}::pg_snapshot)::text::bigint
          order by xid offset 0
        ) recent
        where not pg_visible_in_snapshot(recent.xid::text::xid8, ${snapshot ?? "1:1:"}::pg_snapshot)
          and (${only}::text is null or recent.key = any(string_to_array(${only}::text, ',')))
      ) as unchanged`;
}

/** How a lookup may answer while something has changed since its entry was computed. */
export type MemoLookup = {
  /**
   * The changes an entry depends on: it holds until one of these keys (or `all`) is logged.
   * Unset, any change makes it out of date.
   */
  dependsOn?: readonly ChangeKey[];
  /**
   * When the entry took at least this long to compute, a change does not make
   * the caller wait: the entry is served as it is while one recount runs in the
   * background, and the recount replaces it when done (like a materialised
   * view refreshed on change). Quicker computations are always redone first.
   */
  recountInBackgroundAfterMs?: number;
};

/** An entry served while it is recounted is never older than this: past it, callers wait for the recount. */
export const MEMO_STALE_LIMIT_MS = 15 * 60 * 1000;

type MemoEntry<T> = {
  /** The database snapshot the computation started after, moved on by each lookup that finds it up to date. */
  snapshot: string;
  /** When the computation started (what the value describes). */
  at: number;
  value: Promise<T>;
  /** How long the computation took, once it has finished. */
  tookMs?: number;
  /** While it is computed: the finished entry it replaces (what a slow lookup may serve meanwhile). */
  previous?: MemoEntry<T>;
};

/**
 * A small in-memory memo whose entries hold while nothing public has changed
 * since they were computed (or, given `dependsOn`, nothing with those keys):
 * each entry keeps the database snapshot it was last found up to date at, and
 * one query per lookup asks whether any such change is invisible to it.
 * Entries older than a few minutes are recomputed (the log is pruned).
 */
export class ChangeMemo<T> {
  private entries = new Map<string, MemoEntry<T>>();
  private recounts = new Map<string, Promise<unknown>>();
  constructor(private readonly maxEntries = 500) {}

  async get(
    key: string,
    compute: () => Promise<T>,
    database: Executor = db(),
    lookup: MemoLookup = {},
  ): Promise<T> {
    return (await this.lookup(key, compute, database, lookup)).value;
  }

  /**
   * As `get`, with the instant the value was computed at, and whether it was
   * served while a newer one is being counted (then it is out of date).
   */
  async lookup(
    key: string,
    compute: () => Promise<T>,
    database: Executor = db(),
    lookup: MemoLookup = {},
  ): Promise<{ value: T; computedAt: Date; recounting: boolean }> {
    const hit = this.entries.get(key);
    const fresh = hit && Date.now() - hit.at < MEMO_MS ? hit : undefined;
    const keys = lookup.dependsOn ? [...lookup.dependsOn, "all" as const] : undefined;
    const result = await database.execute(changedSinceQuery(fresh?.snapshot ?? null, keys));
    const [row] = rowsOf<{ snapshot: string; unchanged: boolean }>(result);
    const slow = lookup.recountInBackgroundAfterMs;
    const servable = (entry: MemoEntry<T> | undefined): entry is MemoEntry<T> =>
      entry?.tookMs !== undefined &&
      slow !== undefined &&
      entry.tookMs >= slow &&
      Date.now() - entry.at < MEMO_STALE_LIMIT_MS;
    // Up to date but still being counted (by a caller that waits for it): a slow lookup takes the last count.
    const counting = (entry: MemoEntry<T>) =>
      entry.tookMs === undefined && servable(entry.previous)
        ? this.answer(entry.previous, true)
        : this.answer(entry);
    if (hit && row?.unchanged) {
      // Nothing it depends on changed up to now either: the next lookup reads the log from here,
      // not from when it was computed (other keys' changes would pile up in between).
      hit.snapshot = row.snapshot;
      return counting(hit);
    }
    // Computed meanwhile by a request that saw exactly what this one sees: share it.
    const meanwhile = this.entries.get(key);
    if (meanwhile && meanwhile.snapshot === row.snapshot) return counting(meanwhile);
    if (servable(hit)) {
      if (!this.recounts.has(key)) {
        const recount = this.start(key, row.snapshot, compute, true).value.then(
          () => undefined,
          () => undefined,
        );
        this.recounts.set(key, recount);
        void recount.finally(() => this.recounts.delete(key));
      }
      return this.answer(hit, true);
    }
    return this.answer(this.start(key, row.snapshot, compute));
  }

  /** How long the last finished computation of `key` took (undefined before the first). */
  tookMs(key: string): number | undefined {
    const entry = this.entries.get(key);
    return entry?.tookMs ?? entry?.previous?.tookMs;
  }

  /** Settles once the background recount of `key` (if any) has finished. */
  async recounted(key: string): Promise<void> {
    await this.recounts.get(key);
  }

  private async answer(entry: MemoEntry<T>, recounting = false) {
    return { value: await entry.value, computedAt: new Date(entry.at), recounting };
  }

  /** Computes afresh; the entry replaces the old one when it succeeds (a failed computation is not kept). */
  private start(key: string, snapshot: string, compute: () => Promise<T>, background = false): MemoEntry<T> {
    const started = performance.now();
    const current = this.entries.get(key);
    const previous = current?.tookMs !== undefined ? current : current?.previous;
    const entry: MemoEntry<T> = { snapshot, at: Date.now(), value: compute(), previous };
    const finished = entry.value.then(
      () => {
        entry.tookMs = performance.now() - started;
        entry.previous = undefined;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    // A background recount keeps the old entry in place until it is done (and does not bring
    // back a key evicted meanwhile: it would evict a newer one in its turn).
    if (background) {
      void finished.then(() => {
        const now = this.entries.get(key);
        if (entry.tookMs !== undefined && now && now.at <= entry.at) this.set(key, entry);
      });
    } else {
      this.set(key, entry);
    }
    return entry;
  }

  private set(key: string, entry: MemoEntry<T>) {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

/** An entry is computed again once this old, whatever the log says. */
export const MEMO_MS = 10 * 60 * 1000;
