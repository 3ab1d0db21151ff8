// The database's change counter: triggers bump public_changes.counter on every
// change to the tables public pages and inboxes are built from (migrations
// 0002, 0003). Anything kept in memory and tagged with the counter it was read
// under is current exactly while the counter has not moved — in every process.
import { sql } from "drizzle-orm";
import { db, type Executor, rowsOf } from "~db/client.server";

export async function readChangeCounter(database: Executor = db()): Promise<number> {
  const result = await database.execute<{ counter: number | string }>(
    sql`select counter from public_changes where id = 1`,
  );
  return Number(rowsOf<{ counter: number | string }>(result)[0]?.counter ?? 0);
}

/**
 * A small in-memory memo whose entries hold while the change counter stays
 * where it was when they were computed. One counter read per lookup.
 */
export class CounterMemo<T> {
  private entries = new Map<string, { counter: number; value: Promise<T> }>();
  constructor(private readonly maxEntries = 500) {}

  async get(key: string, compute: () => Promise<T>, database: Executor = db()): Promise<T> {
    const counter = await readChangeCounter(database);
    const hit = this.entries.get(key);
    if (hit && hit.counter === counter) return hit.value;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { counter, value });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    // A failed computation is not kept.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}

/** For a change no trigger sees as public (only part of a table is published): empties every process's page cache. */
export async function bumpPublicChanges(database: Executor): Promise<void> {
  await database.execute(
    sql`update public_changes set counter = counter + 1, changed_at = now() where id = 1`,
  );
}
